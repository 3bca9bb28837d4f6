"""The project file (.qjmap): overlays with their data, bookmarks, the view, layer visibility/opacity.

A zip, so a user (or support) can open it with any tool: `project.json` holds everything but
the features; each overlay's GeoJSON is `overlays/<id>.geojson.gz`, gzip-compressed once and
stored, so saving again copies bytes instead of re-serialising 100,000 features (the blob is
kept from the load or the first save). Saving builds the whole file in memory and replaces
the old one atomically (qjmap.io.atomic): a crash or SIGKILL mid-save leaves the previous
file complete. Loading checks everything (zip CRCs, format, counts) and raises ProjectError
with a message in Chinese and English. No Qt.
"""
from __future__ import annotations

import gzip
import io
import json
import os
import time
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

from qjmap import __version__
from qjmap.io.atomic import write_atomic
from qjmap.io.problems import UserLayer
from qjmap.model.bookmarks import Bookmark, BookmarkError
from qjmap.model.overlay import PALETTE, Overlay, OverlayError, OverlayStyle, new_overlay_id

FORMAT = "qjmap-project"
VERSION = 1
SUFFIX = ".qjmap"
STALE_PART_S = 300  # a temp file of a save older than this was left by a crash


class ProjectError(ValueError):
    """A project file that cannot be opened or written; `message` names it in both languages."""

    def __init__(self, filename: str, zh: str, en: str, verb: tuple[str, str] = ("打开", "open")):
        self.filename = filename
        self.message = f"无法{verb[0]}项目“{filename}”：{zh}\nCannot {verb[1]} project “{filename}”: {en}"
        super().__init__(self.message)


@dataclass
class LayerState:
    visible: bool = True
    opacity: float = 1.0


@dataclass
class Project:
    overlays: list[Overlay] = field(default_factory=list)
    bookmarks: list[Bookmark] = field(default_factory=list)
    view: dict | None = None  # {"lat", "lon", "zoom"}
    layers: dict[str, LayerState] = field(default_factory=dict)  # catalogue and basemap layers
    saved_at: str = ""
    # overlay id -> its stored .geojson.gz: filled on load and on first save, never recomputed
    blobs: dict[str, bytes] = field(default_factory=dict, repr=False, compare=False)

    def overlay(self, oid: str) -> Overlay:
        for ov in self.overlays:
            if ov.id == oid:
                return ov
        raise KeyError(oid)

    def blob(self, ov: Overlay) -> bytes:
        if ov.id not in self.blobs:
            text = json.dumps(ov.features, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
            self.blobs[ov.id] = gzip.compress(text.encode("utf-8"), compresslevel=6, mtime=0)
        return self.blobs[ov.id]


def overlay_from_layer(layer: UserLayer, index: int = 0) -> Overlay:
    """A freshly read file as an overlay, coloured by its position in the project."""
    return Overlay(id=new_overlay_id(), name=layer.name, features=layer.features,
                   style=OverlayStyle(color=PALETTE[index % len(PALETTE)]),
                   source_path=layer.source_path, crs_in=layer.crs_in, encoding=layer.encoding,
                   warnings=list(layer.warnings))


# --- writing --------------------------------------------------------------------------------
def _overlay_record(project: Project, ov: Overlay) -> dict:
    return {"id": ov.id, "name": ov.name, "data": f"overlays/{ov.id}.geojson.gz", "features": ov.n_features,
            "style": asdict(ov.style), "visible": ov.visible, "opacity": ov.opacity,
            "source_path": ov.source_path, "crs_in": ov.crs_in, "encoding": ov.encoding,
            "warnings": ov.warnings}


def to_bytes(project: Project) -> bytes:
    """The whole .qjmap file."""
    meta = {"format": FORMAT, "version": VERSION, "app": __version__,
            "saved_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "view": project.view,
            "layers": {k: asdict(v) for k, v in project.layers.items()},
            "overlays": [_overlay_record(project, ov) for ov in project.overlays],
            "bookmarks": [asdict(b) for b in project.bookmarks]}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("project.json", json.dumps(meta, ensure_ascii=False, indent=1), zipfile.ZIP_DEFLATED)
        for ov in project.overlays:
            z.writestr(f"overlays/{ov.id}.geojson.gz", project.blob(ov), zipfile.ZIP_STORED)
    return buf.getvalue()


def _clear_stale_parts(path: Path) -> None:
    """Temp files of saves that a crash interrupted (the target itself is always whole)."""
    now = time.time()
    for part in path.parent.glob(f".{path.name}.*.part"):
        try:
            if now - part.stat().st_mtime > STALE_PART_S:
                part.unlink()
        except OSError:
            pass


def save_project(project: Project, path) -> Path:
    """Write atomically: readers see the old file or the new one, never a mix."""
    path = Path(path)
    data = to_bytes(project)
    try:
        _clear_stale_parts(path)
        write_atomic(path, data)
    except OSError as exc:
        raise ProjectError(path.name, f"写入失败（{exc.strerror or exc}），原文件未改动。",
                           f"writing failed ({exc.strerror or exc}); the previous file is unchanged.",
                           ("保存", "save")) from None
    return path


# --- reading --------------------------------------------------------------------------------
def _damaged(name: str, why_en: str) -> ProjectError:
    return ProjectError(name, "文件已损坏或不完整（可能保存时中断，或复制不完整）。",
                        f"the file is damaged or incomplete ({why_en}).")


def _overlay(rec: dict, z: zipfile.ZipFile, name: str) -> tuple[Overlay, bytes]:
    blob = z.read(rec["data"])
    fc = json.loads(gzip.decompress(blob).decode("utf-8"))
    if not isinstance(fc, dict) or not isinstance(fc.get("features"), list):
        raise _damaged(name, f"overlay {rec['id']} is not a FeatureCollection")
    st = rec.get("style") or {}
    style = OverlayStyle(color=str(st.get("color", PALETTE[0])), size=float(st.get("size", 5.0)),
                         label=None if st.get("label") is None else str(st["label"]))
    ov = Overlay(id=str(rec["id"]), name=str(rec["name"]), features=fc, style=style,
                 visible=bool(rec.get("visible", True)), opacity=float(rec.get("opacity", 1.0)),
                 source_path=str(rec.get("source_path", "")), crs_in=str(rec.get("crs_in", "")),
                 encoding=rec.get("encoding"), warnings=[str(w) for w in rec.get("warnings", [])])
    if ov.n_features != int(rec.get("features", ov.n_features)):
        raise _damaged(name, f"overlay {ov.id} has {ov.n_features} features, the index says {rec['features']}")
    style.check(ov.fields())
    return ov, blob


def from_bytes(data: bytes, name: str) -> Project:
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ProjectError(name, "这不是 qjmap 项目文件（.qjmap），或文件已损坏。",
                           "it is not a qjmap project file (.qjmap), or it is damaged.") from None
    try:
        with z:
            try:
                meta = json.loads(z.read("project.json").decode("utf-8"))
            except KeyError:
                raise ProjectError(name, "压缩包中没有 project.json，不是 qjmap 项目文件。",
                                   "the archive has no project.json: it is not a qjmap project.") from None
            if not isinstance(meta, dict) or meta.get("format") != FORMAT:
                raise ProjectError(name, "不是 qjmap 项目文件。", "it is not a qjmap project file.")
            if int(meta.get("version", 0)) > VERSION:
                raise ProjectError(name, f"由更新版本的 qjmap 保存（格式 {meta['version']}），请升级后再打开。",
                                   f"it was saved by a newer qjmap (format {meta['version']}); "
                                   "update qjmap to open it.")
            project = Project(view=meta.get("view"), saved_at=str(meta.get("saved_at", "")),
                              layers={str(k): LayerState(bool(v.get("visible", True)), float(v.get("opacity", 1.0)))
                                      for k, v in (meta.get("layers") or {}).items()},
                              bookmarks=[Bookmark.from_dict(b) for b in meta.get("bookmarks", [])])
            for rec in meta.get("overlays", []):
                ov, blob = _overlay(rec, z, name)
                project.overlays.append(ov)
                project.blobs[ov.id] = blob
    except ProjectError:
        raise
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, KeyError, TypeError, AttributeError,
            BookmarkError, OverlayError) as exc:  # CRC, gzip, JSON, missing or mistyped fields
        raise _damaged(name, f"{type(exc).__name__}: {exc}") from None
    return project


def load_project(path) -> Project:
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ProjectError(path.name, "找不到该文件（可能已被移动或删除）。",
                           "the file does not exist (it may have been moved or deleted).") from None
    except IsADirectoryError:
        raise ProjectError(path.name, "这是一个文件夹，不是项目文件。", "this is a folder, not a project file.") from None
    except OSError as exc:
        raise ProjectError(path.name, f"无法读取（{exc.strerror or exc}）。",
                           f"it cannot be read ({exc.strerror or exc}).") from None
    return from_bytes(data, path.name)


def is_project_path(path) -> bool:
    return os.fspath(path).lower().endswith(SUFFIX)
