"""Find what to read in what the user dropped: a file, a sidecar, a zip (at any depth); check sizes.

Size limits are checked here from file sizes only, before GDAL opens anything.
"""
from __future__ import annotations

import glob
import struct
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from qjmap.io.problems import ImportProblem, corrupt, too_large

MAX_BYTES = 100 * 1024 * 1024
# What zipfile/zlib/struct raise on damaged bytes (a flipped flag makes a member name "UTF-8",
# a flipped version field is "not implemented"): all mean a damaged file to the user.
DAMAGED = (zipfile.BadZipFile, zlib.error, NotImplementedError, EOFError, UnicodeDecodeError, struct.error, OSError)
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
OTHER_SUFFIXES = (".geojson", ".json", ".gpkg", ".kml", ".kmz")
TABLE_SUFFIXES = (".csv", ".txt", ".tsv", ".xlsx", ".xlsm")  # read by qjmap.io.table, not GDAL
SUPPORTED = (".shp", ".zip") + OTHER_SUFFIXES + TABLE_SUFFIXES


@dataclass
class Part:
    """One file of a dataset: enough to size it, sniff its bytes and name it to the user."""
    label: str
    size: int
    open: Callable

    def head(self, n: int) -> bytes:
        with self.open() as f:
            return f.read(n)

    def text(self) -> str:
        return self.head(4096).decode("ascii", "replace").strip()

    def ascii_from(self, offset: int) -> bool:
        with self.open() as f:
            f.read(offset)
            while chunk := f.read(1 << 20):
                if not chunk.isascii():
                    return False
        return True


@dataclass
class Dataset:
    gdal_path: str
    label: str  # file name shown in messages
    parts: dict[str, Part | None] | None = None  # shapefiles only: suffix -> part


def disk_part(p: Path) -> Part:
    return Part(p.name, p.stat().st_size, lambda: open(p, "rb"))


def zip_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, zip_name: str) -> Part:
    return Part(f"{zip_name}/{zip_display_name(info)}", info.file_size, lambda: zf.open(info))


def zip_display_name(info: zipfile.ZipInfo) -> str:
    """Member name for messages. Zips made on Chinese Windows store GBK names without the
    UTF-8 flag; Python and GDAL both read them as CP437, so paths match but look garbled."""
    if info.flag_bits & 0x800:
        return info.filename
    raw = info.filename.encode("cp437")
    for codec in ("utf-8", "gb18030"):
        try:
            return raw.decode(codec)
        except UnicodeDecodeError:
            pass
    return info.filename


def siblings(shp: Path) -> dict[str, Part | None]:
    """The shapefile's parts beside it, matching the suffix in any case (ROADS.DBF)."""
    found = {p.suffix.lower(): p for p in shp.parent.glob(f"{glob.escape(shp.stem)}.*")
             if p.is_file() and p.stem == shp.stem}
    return {s: (disk_part(found[s]) if s in found else None) for s in SHAPEFILE_PARTS}


def resolve(path: Path, max_bytes: int) -> tuple[list[Dataset], str, Callable[[], None]]:
    """The datasets to read, the overlay's name and a closer for any open zip."""
    label = path.name
    if not path.exists():
        raise ImportProblem("missing", label, "找不到该文件（可能已被移动或删除）。",
                            "the file does not exist (it may have been moved or deleted).")
    if path.is_dir():
        raise ImportProblem("unsupported", label, "这是一个文件夹。请拖入其中的 .shp 文件，或将文件夹压缩为 .zip。",
                            "this is a folder. Drop the .shp file inside it, or zip the folder.")
    suffix = path.suffix.lower()
    if suffix in (".dbf", ".shx", ".prj", ".cpg"):  # a sidecar was dropped: read its shapefile
        shp = siblings(path.with_suffix(".shp")).get(".shp")
        if shp is None:
            raise ImportProblem("missing", label, f"这是 Shapefile 的配套文件，但找不到同名的 {path.stem}.shp。",
                                f"this is one part of a Shapefile, but {path.stem}.shp is not beside it.")
        path, suffix = path.with_name(shp.label), ".shp"
        label = path.name
    if suffix == ".xls":
        raise ImportProblem("unsupported", label, "这是旧版 Excel（.xls）文件。请在 Excel 中另存为 .xlsx 或 CSV 后重试。",
                            "this is an old Excel (.xls) file. Save it as .xlsx or CSV in Excel and try again.")
    if suffix not in SUPPORTED:
        raise ImportProblem("unsupported", label,
                            "不支持此文件类型。可导入 Shapefile（.shp 或 .zip）、GeoJSON、GeoPackage（.gpkg）、KML、CSV、Excel（.xlsx）。",
                            "this file type is not supported. Use a Shapefile (.shp or .zip), "
                            "GeoJSON, GeoPackage (.gpkg), KML, CSV or Excel (.xlsx).")
    parts = siblings(path) if suffix == ".shp" else None
    size = (sum(p.size for s, p in parts.items() if p and s in (".shp", ".shx", ".dbf")) if parts
            else path.stat().st_size)
    if size > max_bytes:
        raise too_large(label, size, max_bytes)
    if size == 0:
        raise ImportProblem("empty", label, "文件是空的（0 字节）。", "the file is empty (0 bytes).")
    name = path.name[:-len(".shp.zip")] if path.name.lower().endswith(".shp.zip") else path.stem
    if suffix == ".zip":
        datasets, close = zip_datasets(path, max_bytes)
        return datasets, name, close
    if suffix in TABLE_SUFFIXES:
        return [Dataset(str(path), label)], name, lambda: None
    check_driver(label, suffix)
    return [Dataset(str(path), label, parts)], name, lambda: None


def zip_datasets(path: Path, max_bytes: int) -> tuple[list[Dataset], Callable[[], None]]:
    """Every shapefile, GeoJSON, GeoPackage or KML inside a zip, at any folder depth.

    GDAL itself only looks at the zip's root, and a zipped folder is the usual case.
    """
    label = path.name
    try:
        zf = zipfile.ZipFile(path)
        infos = [i for i in zf.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX/")]
    except DAMAGED as exc:
        raise ImportProblem("corrupt", label, "压缩包已损坏或不是 zip 文件。",
                            f"the archive is damaged or is not a zip file ({exc}).", str(exc)) from None
    try:
        by_name = {i.filename.lower(): i for i in infos}
        vsi = f"/vsizip/{path.resolve().as_posix()}"
        datasets, total = [], 0
        for i in infos:
            low = i.filename.lower()
            member_label = f"{label}/{zip_display_name(i)}"
            if low.endswith(".shp"):
                stem = i.filename[:-4].lower()
                parts = {s: (zip_part(zf, by_name[stem + s], label) if stem + s in by_name else None)
                         for s in SHAPEFILE_PARTS}
                total += sum(p.size for s, p in parts.items() if p and s in (".shp", ".shx", ".dbf"))
                datasets.append(Dataset(f"{vsi}/{i.filename}", member_label, parts))
            elif low.endswith((".geojson", ".gpkg", ".kml")):
                check_driver(member_label, low[low.rindex("."):])
                total += i.file_size
                datasets.append(Dataset(f"{vsi}/{i.filename}", member_label))
        if total > max_bytes:
            raise too_large(label, total, max_bytes, unpacked=True)
        if not datasets:
            raise ImportProblem("unsupported", label, "压缩包里没有 Shapefile、GeoJSON、GeoPackage 或 KML 文件。",
                                "the zip holds no Shapefile, GeoJSON, GeoPackage or KML file.")
    except BaseException:
        zf.close()
        raise
    return datasets, zf.close


def check_driver(label: str, suffix: str) -> None:
    if suffix not in (".kml", ".kmz"):
        return
    import pyogrio
    drivers = pyogrio.list_drivers(read=True)
    if "LIBKML" not in drivers and not (suffix == ".kml" and "KML" in drivers):
        raise ImportProblem("unsupported", label, "本机的 GDAL 不能读取此 KML，请另存为 GeoJSON 或 Shapefile。",
                            "this installation's GDAL cannot read this KML; save it as GeoJSON or Shapefile.")


def layers(ds: Dataset, wanted: str | None) -> tuple[list[str | None], list[str]]:
    """Every layer with geometry (KML folders, GeoPackage tables), and the tables without.

    A shapefile is one layer."""
    if ds.parts is not None:
        return [None], []
    import pyogrio
    try:
        listed = pyogrio.list_layers(ds.gdal_path)
    except Exception as exc:  # any GDAL failure to open is a damaged file to the user
        raise corrupt(ds.label, exc, ds.gdal_path) from None
    names = [str(n) for n, geom_type in listed if geom_type is not None]
    tables = [str(n) for n, geom_type in listed if geom_type is None]
    if wanted is not None:
        if wanted not in names:
            raise ImportProblem("missing", ds.label, f"文件中没有名为“{wanted}”的图层。",
                                f"it has no layer named “{wanted}” (layers: {', '.join(names) or 'none'}).")
        return [wanted], []
    if not names:
        raise ImportProblem("empty", ds.label, "文件中只有表格，没有带几何的图层。",
                            "it holds only tables, no layer with geometry.")
    return names, tables
