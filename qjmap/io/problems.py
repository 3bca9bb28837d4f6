"""What stops an import (a typed, bilingual ImportProblem) and what an import yields (UserLayer).

Every reader in qjmap.io raises ImportProblem with a `kind` for code and a `message` naming the
file in Chinese and English; GDAL's own error text is translated here into plain words.
"""
from __future__ import annotations

from dataclasses import dataclass, field

KINDS = ("missing", "too_large", "corrupt", "encoding", "no_crs", "bad_crs", "empty", "unsupported", "columns")


class ImportProblem(ValueError):
    """A file that cannot become an overlay. `message` is for the user, `kind` and `hints` for
    code (no_crs: {"x": [...], "y": [...]}, the first coordinates, for the window's CRS picker)."""

    def __init__(self, kind: str, filename: str, zh: str, en: str, detail: str = "", hints: dict | None = None):
        assert kind in KINDS, kind
        self.kind, self.filename, self.detail, self.hints = kind, filename, detail, hints or {}
        self.message = f"无法导入“{filename}”：{zh}\nCannot import “{filename}”: {en}"
        super().__init__(self.message)


@dataclass
class UserLayer:
    name: str
    source_path: str
    features: dict  # GeoJSON FeatureCollection, EPSG:4326, coordinates rounded to ROUND
    crs_in: str
    encoding: str | None
    warnings: list[str] = field(default_factory=list)
    n_features: int = 0
    bbox: tuple[float, float, float, float] | None = None
    name_field: str | None = None  # the column copied into properties["name"]

    META = ("name", "source_path", "crs_in", "encoding", "warnings", "n_features", "name_field")

    def to_geojson(self) -> dict:
        """The FeatureCollection with `bbox` and a "qjmap" member holding the rest: what
        `qjmap import --out` writes and what the window reads back from the child process."""
        meta = {k: getattr(self, k) for k in self.META}
        return {**self.features, "bbox": list(self.bbox) if self.bbox else None, "qjmap": meta}

    @classmethod
    def from_geojson(cls, doc: dict) -> "UserLayer":
        meta = doc.get("qjmap") or {}
        fc = {"type": "FeatureCollection", "features": doc["features"]}
        bbox = tuple(doc["bbox"]) if doc.get("bbox") else None
        return cls(features=fc, bbox=bbox, **{k: meta.get(k) for k in cls.META if k != "warnings"},
                   warnings=list(meta.get("warnings") or []))


def mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def too_large(label: str, size: int, limit: int, unpacked: bool = False) -> ImportProblem:
    zh, en = ("解压后共", "unpacked, it is") if unpacked else ("文件共", "it is")
    return ImportProblem(
        "too_large", label,
        f"{zh} {mb(size)}，超过 {mb(limit)} 的上限。请先在 GIS 软件中裁剪到衢州及周边区域（或只导出需要的要素）再导入。",
        f"{en} {mb(size)}, over the {mb(limit)} limit. Clip it to the Quzhou region "
        "(or export only the features you need) in your GIS software first, then import that.")


# GDAL's reasons, said plainly; the raw text is kept in the English line and in .detail.
GDAL_REASONS = (
    ("not recognized as being in a supported file format", "内容不是可识别的地图数据（文件已损坏，或扩展名不对）",
     "the contents are not map data GDAL recognises (the file is damaged or has the wrong extension)"),
    ("Failed to read GeoJSON", "GeoJSON 文本格式有误（可能不完整）", "the GeoJSON text is malformed (perhaps cut short)"),
    ("unreadable, or corrupt", "几何文件 .shp 已损坏", "the .shp geometry file is damaged"),
    ("DBF", "属性表 .dbf 已损坏或不完整", "the .dbf attribute table is damaged or incomplete"),
    ("not a database", "数据库文件已损坏", "the database file is damaged"),
    ("malformed", "数据库文件已损坏", "the database file is damaged"),
    ("does not exist in the file system", "压缩包已损坏或无法打开", "the archive is damaged or cannot be opened"),
)


def corrupt(label: str, exc: BaseException, gdal_path: str = "") -> ImportProblem:
    raw = str(exc).split("; It might help", 1)[0].strip()
    if gdal_path:
        raw = raw.replace(gdal_path, label)
    zh, en = "文件已损坏或无法读取", "the file is damaged or cannot be read"
    for needle, z, e in GDAL_REASONS:
        if needle.lower() in raw.lower():
            zh, en = z, e
            break
    return ImportProblem("corrupt", label, zh + "。", f"{en}. GDAL says: {raw or type(exc).__name__}", raw)
