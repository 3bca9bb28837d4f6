"""Read a GIS file an office user drops on the map into a plain WGS84 overlay, or say why not.

Staff bring whatever they have: Shapefiles (loose or zipped, often GBK text with no .cpg,
often CGCS2000 Gauss-Kruger metres), GeoJSON, GeoPackage, KML. Everything that stops an
import is an `ImportProblem` with a `kind` for code and a bilingual `message` naming the
file; everything guessed or repaired is a line in `UserLayer.warnings`, so nothing is
lost or changed silently. Reprojection and cleaning happen here, once; the page only
draws. Attribute text is untrusted and is NOT escaped here: the page must insert it as
text. geopandas/pyogrio/shapely are imported inside functions: this module is cheap to
import.
"""
from __future__ import annotations

import codecs
import glob
import json
import math
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time as dtime
from pathlib import Path
from typing import Callable

KINDS = ("missing", "too_large", "corrupt", "encoding", "no_crs", "bad_crs", "empty", "unsupported")
MAX_BYTES = 100 * 1024 * 1024
SHAPEFILE_PARTS = (".shp", ".shx", ".dbf", ".prj", ".cpg")
OTHER_SUFFIXES = (".geojson", ".json", ".gpkg", ".kml", ".kmz")
SUPPORTED = (".shp", ".zip") + OTHER_SUFFIXES
# Zhejiang, Fujian, Jiangxi, Anhui: an overlay whose bbox misses this box is suspicious.
REGION = (113.0, 23.5, 123.5, 34.7)
NAME_COLUMNS = ("name", "名称", "title")  # matched case-insensitively, in this order
ROUND = 6  # decimals of a degree kept: ~0.1 m
# DBF language driver IDs (header byte 29) that name an East Asian code page. GDAL honours
# these too; we pass `encoding=` ourselves, which bypasses GDAL's recoding, so we must
# honour them here. 0x57 ("ANSI") and the Latin IDs are not trusted: ArcGIS on Chinese
# Windows writes 0x57 over GBK text and GDAL then decodes it as CP1252 (mojibake).
LDID_CODECS = {0x4D: "GB18030", 0x7A: "GB18030", 0x4F: "cp950", 0x78: "cp950",
               0x4E: "cp949", 0x79: "cp949", 0x13: "cp932", 0x7B: "cp932"}
_GBK_FAMILY = {"GBK", "GB2312", "CP936", "936", "GB18030", "EUC-CN", "EUCCN", "MS936"}


class ImportProblem(ValueError):
    """A file that cannot become an overlay. `message` is for the user, `kind` for code."""

    def __init__(self, kind: str, filename: str, zh: str, en: str, detail: str = ""):
        assert kind in KINDS, kind
        self.kind, self.filename, self.detail = kind, filename, detail
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


# --- the files of a dataset, on disk or in a zip --------------------------------------------
@dataclass
class _Part:
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
class _Dataset:
    gdal_path: str
    label: str  # file name shown in messages
    parts: dict[str, _Part | None] | None = None  # shapefiles only: suffix -> part


def _disk_part(p: Path) -> _Part:
    return _Part(p.name, p.stat().st_size, lambda: open(p, "rb"))


def _zip_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, zip_name: str) -> _Part:
    return _Part(f"{zip_name}/{_zip_display_name(info)}", info.file_size, lambda: zf.open(info))


def _zip_display_name(info: zipfile.ZipInfo) -> str:
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


def _siblings(shp: Path) -> dict[str, _Part | None]:
    """The shapefile's parts beside it, matching the suffix in any case (ROADS.DBF)."""
    found = {p.suffix.lower(): p for p in shp.parent.glob(f"{glob.escape(shp.stem)}.*")
             if p.is_file() and p.stem == shp.stem}
    return {s: (_disk_part(found[s]) if s in found else None) for s in SHAPEFILE_PARTS}


# --- helpers for messages ---------------------------------------------------------------------
def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def _too_large(label: str, size: int, limit: int, unpacked: bool = False) -> ImportProblem:
    zh, en = ("解压后共", "unpacked, it is") if unpacked else ("文件共", "it is")
    return ImportProblem(
        "too_large", label,
        f"{zh} {_mb(size)}，超过 {_mb(limit)} 的上限。请先在 GIS 软件中裁剪到衢州及周边区域（或只导出需要的要素）再导入。",
        f"{en} {_mb(size)}, over the {_mb(limit)} limit. Clip it to the Quzhou region "
        "(or export only the features you need) in your GIS software first, then import that.")


# GDAL's reasons, said plainly; the raw text is kept in the English line and in .detail.
_GDAL_REASONS = (
    ("not recognized as being in a supported file format", "内容不是可识别的地图数据（文件已损坏，或扩展名不对）",
     "the contents are not map data GDAL recognises (the file is damaged or has the wrong extension)"),
    ("Failed to read GeoJSON", "GeoJSON 文本格式有误（可能不完整）", "the GeoJSON text is malformed (perhaps cut short)"),
    ("unreadable, or corrupt", "几何文件 .shp 已损坏", "the .shp geometry file is damaged"),
    ("DBF", "属性表 .dbf 已损坏或不完整", "the .dbf attribute table is damaged or incomplete"),
    ("not a database", "数据库文件已损坏", "the database file is damaged"),
    ("malformed", "数据库文件已损坏", "the database file is damaged"),
    ("does not exist in the file system", "压缩包已损坏或无法打开", "the archive is damaged or cannot be opened"),
)


def _corrupt(label: str, exc: BaseException, gdal_path: str = "") -> ImportProblem:
    raw = str(exc).split("; It might help", 1)[0].strip()
    if gdal_path:
        raw = raw.replace(gdal_path, label)
    zh, en = "文件已损坏或无法读取", "the file is damaged or cannot be read"
    for needle, z, e in _GDAL_REASONS:
        if needle.lower() in raw.lower():
            zh, en = z, e
            break
    return ImportProblem("corrupt", label, zh + "。", f"{en}. GDAL says: {raw or type(exc).__name__}", raw)


# --- finding what to read (size limits are checked here, from file sizes only) ----------------
def _resolve(path: Path, max_bytes: int) -> tuple[list[_Dataset], str, Callable[[], None]]:
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
        shp = _siblings(path.with_suffix(".shp")).get(".shp")
        if shp is None:
            raise ImportProblem("missing", label, f"这是 Shapefile 的配套文件，但找不到同名的 {path.stem}.shp。",
                                f"this is one part of a Shapefile, but {path.stem}.shp is not beside it.")
        path, suffix = path.with_name(shp.label), ".shp"
        label = path.name
    if suffix not in SUPPORTED:
        raise ImportProblem("unsupported", label,
                            "不支持此文件类型。可导入 Shapefile（.shp 或 .zip）、GeoJSON、GeoPackage（.gpkg）、KML。",
                            "this file type is not supported. Use a Shapefile (.shp or .zip), "
                            "GeoJSON, GeoPackage (.gpkg) or KML.")
    parts = _siblings(path) if suffix == ".shp" else None
    size = (sum(p.size for s, p in parts.items() if p and s in (".shp", ".shx", ".dbf")) if parts
            else path.stat().st_size)
    if size > max_bytes:
        raise _too_large(label, size, max_bytes)
    if size == 0:
        raise ImportProblem("empty", label, "文件是空的（0 字节）。", "the file is empty (0 bytes).")
    name = path.name[:-len(".shp.zip")] if path.name.lower().endswith(".shp.zip") else path.stem
    if suffix == ".zip":
        datasets, close = _zip_datasets(path, max_bytes)
        return datasets, name, close
    _check_driver(label, suffix)
    return [_Dataset(str(path), label, parts)], name, lambda: None


def _zip_datasets(path: Path, max_bytes: int) -> tuple[list[_Dataset], Callable[[], None]]:
    """Every shapefile, GeoJSON, GeoPackage or KML inside a zip, at any folder depth.

    GDAL itself only looks at the zip's root, and a zipped folder is the usual case.
    """
    label = path.name
    try:
        zf = zipfile.ZipFile(path)
        infos = [i for i in zf.infolist() if not i.is_dir() and not i.filename.startswith("__MACOSX/")]
    except (zipfile.BadZipFile, OSError) as exc:
        raise ImportProblem("corrupt", label, "压缩包已损坏或不是 zip 文件。",
                            f"the archive is damaged or is not a zip file ({exc}).", str(exc)) from None
    try:
        by_name = {i.filename.lower(): i for i in infos}
        vsi = f"/vsizip/{path.resolve().as_posix()}"
        datasets, total = [], 0
        for i in infos:
            low = i.filename.lower()
            member_label = f"{label}/{_zip_display_name(i)}"
            if low.endswith(".shp"):
                stem = i.filename[:-4].lower()
                parts = {s: (_zip_part(zf, by_name[stem + s], label) if stem + s in by_name else None)
                         for s in SHAPEFILE_PARTS}
                total += sum(p.size for s, p in parts.items() if p and s in (".shp", ".shx", ".dbf"))
                datasets.append(_Dataset(f"{vsi}/{i.filename}", member_label, parts))
            elif low.endswith((".geojson", ".gpkg", ".kml")):
                _check_driver(member_label, low[low.rindex("."):])
                total += i.file_size
                datasets.append(_Dataset(f"{vsi}/{i.filename}", member_label))
        if total > max_bytes:
            raise _too_large(label, total, max_bytes, unpacked=True)
        if not datasets:
            raise ImportProblem("unsupported", label, "压缩包里没有 Shapefile、GeoJSON、GeoPackage 或 KML 文件。",
                                "the zip holds no Shapefile, GeoJSON, GeoPackage or KML file.")
    except BaseException:
        zf.close()
        raise
    return datasets, zf.close


def _check_driver(label: str, suffix: str) -> None:
    if suffix not in (".kml", ".kmz"):
        return
    import pyogrio
    drivers = pyogrio.list_drivers(read=True)
    if "LIBKML" not in drivers and not (suffix == ".kml" and "KML" in drivers):
        raise ImportProblem("unsupported", label, "本机的 GDAL 不能读取此 KML，请另存为 GeoJSON 或 Shapefile。",
                            "this installation's GDAL cannot read this KML; save it as GeoJSON or Shapefile.")


def _layers(ds: _Dataset, wanted: str | None) -> tuple[list[str | None], list[str]]:
    """Every layer with geometry (KML folders, GeoPackage tables), and the tables without.

    A shapefile is one layer."""
    if ds.parts is not None:
        return [None], []
    import pyogrio
    try:
        listed = pyogrio.list_layers(ds.gdal_path)
    except Exception as exc:  # any GDAL failure to open is a damaged file to the user
        raise _corrupt(ds.label, exc, ds.gdal_path) from None
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


# --- shapefile checks and text encoding -------------------------------------------------------
def _check_shapefile(ds: _Dataset) -> None:
    """Missing or cut-short parts, found from headers: GDAL reads a truncated .shp as features
    with no geometry and a .shp without .dbf as geometry only, both without an error."""
    parts, label = ds.parts, ds.label
    missing = [s for s in (".shx", ".dbf") if parts.get(s) is None]
    if missing:
        names = "、".join(missing)
        raise ImportProblem(
            "corrupt", label,
            f"缺少配套文件 {names}。Shapefile 由同名的 .shp、.shx、.dbf（及 .prj、.cpg）共同组成，请一起复制，或压缩成一个 .zip 再导入。",
            f"its companion file(s) {', '.join(missing)} are missing. A Shapefile is the .shp, .shx and "
            ".dbf (and .prj, .cpg) of the same name: copy them together, or zip them and import the zip.")
    import struct

    def cut_short(part: _Part, declared: int) -> ImportProblem:
        return ImportProblem(
            "corrupt", label, f"{part.label} 不完整（应为 {declared} 字节，实际 {part.size} 字节），可能复制或下载中断，请重新获取原文件。",
            f"{part.label} is cut short ({part.size} of {declared} bytes): the copy or download "
            "was interrupted. Get the original file again.")

    n_shapes = None
    for suffix in (".shp", ".shx"):
        part = parts[suffix]
        head = part.head(100)
        if len(head) < 100 or struct.unpack(">i", head[:4])[0] != 9994:
            raise ImportProblem("corrupt", label, f"{part.label} 不是有效的 Shapefile 文件（文件头已损坏）。",
                                f"{part.label} is not a valid Shapefile part (its header is damaged).")
        declared = struct.unpack(">i", head[24:28])[0] * 2
        if part.size < declared:
            raise cut_short(part, declared)
        if suffix == ".shx":
            n_shapes = (declared - 100) // 8
    dbf = parts[".dbf"]
    head = dbf.head(32)
    if len(head) < 32:
        raise cut_short(dbf, 32)
    n_rows, header_len, record_len = struct.unpack("<IHH", head[4:12])
    declared = header_len + n_rows * record_len
    if dbf.size < declared:
        raise cut_short(dbf, declared)
    if n_shapes is not None and n_shapes != n_rows:
        raise ImportProblem(
            "corrupt", label, f"几何文件有 {n_shapes} 个要素，而属性表 .dbf 有 {n_rows} 行，两者不配套。",
            f"the geometry has {n_shapes} shapes but the .dbf has {n_rows} rows: the parts do not belong together.")


def _codec_from_cpg(text: str) -> str | None:
    """A Python codec for what .cpg files say: 'UTF-8', '65001', 'GBK', 'ANSI 936', '1252'..."""
    t = text.strip().upper().removeprefix("ANSI").strip()
    if t in _GBK_FAMILY:
        return "GB18030"  # superset of GBK: decodes the same bytes, plus rare names outside GBK
    if t.isdigit():
        t = {"65001": "UTF-8", "950": "cp950"}.get(t, f"cp{t}")
    try:
        codec = codecs.lookup(t).name
    except LookupError:
        return None
    return "UTF-8" if codec == "utf-8" else codec


def _dbf_is_ascii(dbf: _Part) -> bool:
    """True when field names and records hold no byte >= 0x80, so the encoding cannot matter."""
    head = dbf.head(32)
    header_len = int.from_bytes(head[8:10], "little")
    header = dbf.head(header_len)
    for i in range(32, header_len - 31, 32):
        if header[i] == 0x0D:
            break
        if not header[i:i + 11].isascii():
            return False
    return dbf.ascii_from(header_len)


def _read_shapefile(ds: _Dataset) -> tuple[object, str, list[str]]:
    """Read with an explicit encoding, chosen from the .cpg, the DBF language byte or by trial.

    Why explicit: given `encoding=`, pyogrio sets SHAPE_ENCODING="" so GDAL hands over the raw
    bytes, and pyogrio decodes them in Python strictly. A wrong guess then raises
    UnicodeDecodeError (tested) instead of becoming mojibake: without it GDAL decodes a GBK
    file with no .cpg as ISO-8859-1, and with LDID 0x57 as CP1252, silently. So "UTF-8 first"
    is a real test: GBK text is almost never valid UTF-8. GB18030 accepts nearly any byte
    pairs, so it is only ever the last resort, and we say so in a warning.
    """
    cpg, dbf = ds.parts[".cpg"], ds.parts[".dbf"]
    if cpg is not None:
        said = cpg.text()[:40]
        codec = _codec_from_cpg(said)
        if codec is None:
            raise ImportProblem("encoding", ds.label,
                                f"{cpg.label} 写的编码“{said}”无法识别。请把它改为 UTF-8 或 GBK，或删除该 .cpg 文件后重试。",
                                f"{cpg.label} names an encoding we do not know (“{said}”). Change it to "
                                "UTF-8 or GBK, or delete the .cpg, and try again.")
        try:
            gdf, notes = _read(ds, None, codec)
        except UnicodeDecodeError:
            raise ImportProblem(
                "encoding", ds.label,
                f"{cpg.label} 声明文字编码为 {said}，但属性表中的文字不是 {said}（常见为 GBK）。"
                "请删除该 .cpg 文件（本程序会自动识别 GBK/UTF-8），或把其内容改为正确的编码后重试。",
                f"{cpg.label} says the text is {said}, but the attribute text is not valid {said} (often "
                "it is GBK). Delete the .cpg (qjmap then detects GBK/UTF-8 itself) or correct it, and try again.",
            ) from None
        return gdf, codec, notes
    if _dbf_is_ascii(dbf):
        gdf, notes = _read(ds, None, "UTF-8")
        return gdf, "UTF-8", notes
    ldid = dbf.head(30)[29]
    candidates = [LDID_CODECS[ldid], "UTF-8"] if ldid in LDID_CODECS else ["UTF-8", "GB18030"]
    for codec in candidates:
        try:
            gdf, notes = _read(ds, None, codec)
        except UnicodeDecodeError:
            continue
        if ldid in LDID_CODECS and codec == candidates[0]:
            why_zh, why_en = f"按 .dbf 的语言标记（0x{ldid:02X}）", f"the .dbf language byte (0x{ldid:02X}) says so: "
        else:
            why_zh, why_en = "", ""
        notes.insert(0, f"没有 .cpg 编码文件：{why_zh}按 {codec} 读取，请检查名称显示是否正确 / "
                        f"no .cpg: {why_en}read as {codec} — check the names look right")
        return gdf, codec, notes
    raise ImportProblem("encoding", ds.label,
                        f"没有 .cpg 编码文件，属性文字既不是 UTF-8 也不是 GBK/GB18030。请用 GIS 软件另存为 UTF-8 后重试。",
                        f"there is no .cpg and the attribute text is neither UTF-8 nor GBK/GB18030. "
                        "Re-save it as UTF-8 from your GIS software and try again.")


def _read(ds: _Dataset, layer: str | None, encoding: str | None):
    """One pyogrio read; GDAL failures become 'corrupt', GDAL warnings become notes."""
    import pyogrio
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            # use_arrow=False: the strict Python decode above depends on pyogrio's own path.
            gdf = pyogrio.read_dataframe(ds.gdal_path, layer=layer, encoding=encoding, use_arrow=False,
                                         datetime_as_string=True, on_invalid="warn")
        except UnicodeDecodeError:
            if encoding is not None:
                raise
            raise ImportProblem("encoding", ds.label, "文件中的文字不是 UTF-8 编码。GeoJSON/KML 须为 UTF-8，请另存为 UTF-8 后重试。",
                                "its text is not valid UTF-8. GeoJSON and KML must be UTF-8: re-save it "
                                "as UTF-8 and try again.") from None
        except Exception as exc:  # pyogrio raises several error types; all mean "cannot read"
            raise _corrupt(ds.label, exc, ds.gdal_path) from None
    return gdf, [f"GDAL: {w.message}" for w in caught]


# --- coordinates and geometry ---------------------------------------------------------------
def _crs_label(crs) -> str:
    auth = crs.to_authority()
    return f"{auth[0]}:{auth[1]} ({crs.name})" if auth else crs.name


def _metre_hint(x: float) -> tuple[str, str]:
    """Name the likely Gauss-Kruger CRS from an easting, for the no-CRS message only."""
    zone = int(x // 1_000_000)
    if 1e7 <= x < 1e8 and 25 <= zone <= 45:
        return (f"数值像 CGCS2000 3 度带高斯-克吕格第 {zone} 带（EPSG:{4488 + zone}）。",
                f"The numbers look like CGCS2000 3-degree Gauss-Kruger zone {zone} (EPSG:{4488 + zone}).")
    if 1e5 <= x < 1e6:
        return ("数值像不带带号的高斯-克吕格坐标（衢州一般为 CGCS2000 中央经线 120°E，EPSG:4549）。",
                "The numbers look like Gauss-Kruger without a zone prefix (for Quzhou usually "
                "CGCS2000 CM 120°E, EPSG:4549).")
    return "", ""


def _clean(gdf, label: str, has_prj: bool) -> tuple[object, object, str, list[str], int]:
    """Drop features without geometry, reproject to WGS84, repair, round. Says what it did."""
    import numpy as np
    import shapely

    notes = []
    geoms = np.asarray(gdf.geometry.array, dtype=object)
    props = gdf.drop(columns=gdf.geometry.name)
    gone = shapely.is_missing(geoms) | shapely.is_empty(geoms)
    n_gone = int(gone.sum())
    if n_gone:
        notes.append(f"{n_gone} 个要素没有几何（空），未显示 / {n_gone} feature(s) with no geometry were left out")
        geoms, props = geoms[~gone], props[~gone]
    if not len(geoms):
        return geoms, props, "", notes, n_gone

    crs = gdf.crs
    xmin, ymin, xmax, ymax = shapely.total_bounds(geoms)
    lonlat = -180 <= xmin and xmax <= 180 and -90 <= ymin and ymax <= 90
    if crs is None:
        prj_zh, prj_en = ("（.prj 文件无法识别）", " (its .prj could not be understood)") if has_prj else ("", "")
        if not lonlat:
            hint_zh, hint_en = _metre_hint(xmin)
            raise ImportProblem(
                "no_crs", label,
                f"没有坐标系信息{prj_zh}，坐标数值（如 {xmin:.0f}, {ymin:.0f}）也不是经纬度，无法确定位置。{hint_zh}"
                "请附上原始的 .prj 文件，或在 GIS 软件中另存为 WGS84/CGCS2000 经纬度后重试。",
                f"it has no coordinate system{prj_en} and its coordinates (e.g. {xmin:.0f}, {ymin:.0f}) are not "
                f"longitude/latitude, so its position is unknown. {hint_en} Include the original .prj file, or "
                "re-save it as WGS84/CGCS2000 longitude-latitude, and try again.".replace("  ", " "))
        crs_in = "none (assumed EPSG:4326)"
        notes.append(f"没有坐标系信息{prj_zh}：坐标像经纬度，按 WGS84 显示，请核对位置 / "
                     f"no coordinate system{prj_en}: the coordinates look like lon/lat, shown as WGS84 — check the position")
    else:
        crs_in = _crs_label(crs)
        if crs.is_geographic and not lonlat:
            raise _bad_crs(label, crs_in, (xmin, ymin, xmax, ymax), geographic=True)
        if not crs.equals("EPSG:4326", ignore_axis_order=True):
            geoms = _reproject(geoms, crs, label, crs_in, (xmin, ymin, xmax, ymax))

    invalid = ~shapely.is_valid(geoms)
    n_bad = int(invalid.sum())
    if n_bad:
        geoms[invalid] = shapely.make_valid(geoms[invalid])
        notes.append(f"{n_bad} 个要素的几何无效（如自相交），已自动修复 / "
                     f"{n_bad} invalid geometr{'y was' if n_bad == 1 else 'ies were'} (e.g. self-intersecting) repaired")
    # Rounding after repair can in rare cases re-pinch a sliver; harmless for drawing.
    geoms = shapely.transform(geoms, lambda a: np.round(a, ROUND), include_z=None)
    return geoms, props, crs_in, notes, n_gone


def _reproject(geoms, crs, label: str, crs_in: str, bounds):
    """To EPSG:4326 with pyproj (via geopandas), refusing coordinates the CRS cannot hold.

    Out-of-domain input does not always give inf: EPSG:3857 with y = 1e9 lands exactly on
    the pole. So every coordinate must also survive the way back to within a metre.
    """
    import geopandas as gpd
    import numpy as np
    import shapely
    from pyproj import Transformer

    src = shapely.get_coordinates(geoms)
    out = np.asarray(gpd.GeoSeries(geoms, crs=crs).to_crs(4326).array, dtype=object)
    lonlat = shapely.get_coordinates(out)
    with np.errstate(invalid="ignore"):
        ok = (np.isfinite(lonlat).all() and (np.abs(lonlat[:, 0]) <= 180).all()
              and (np.abs(lonlat[:, 1]) < 90).all())
        if ok:
            back = np.column_stack(Transformer.from_crs(4326, crs, always_xy=True).transform(lonlat[:, 0], lonlat[:, 1]))
            ok = bool(np.all(np.abs(back - src) <= 1.0 + 1e-9 * np.abs(src)))
    if not ok:
        raise _bad_crs(label, crs_in, bounds, geographic=False)
    return out


def _bad_crs(label: str, crs_in: str, bounds, geographic: bool) -> ImportProblem:
    xmin, ymin, xmax, ymax = bounds
    nums = f"{xmin:.6g}, {ymin:.6g} – {xmax:.6g}, {ymax:.6g}"
    if geographic:
        zh, en = "它声明为经纬度，但数值超出经纬度范围", "it declares longitude/latitude, but the numbers are out of range"
    else:
        zh, en = "按此坐标系换算后不在地球上", "converted with it, they are not a place on Earth"
    hint_zh, hint_en = _metre_hint(xmin) if geographic or 1e7 <= xmin < 1e8 else ("", "")
    return ImportProblem(
        "bad_crs", label,
        f"文件声明的坐标系（{crs_in}）与坐标数值（{nums}）不符：{zh}。坐标系（如 .prj 文件）可能是错的，请核对后重试。{hint_zh}",
        f"its coordinate system ({crs_in}) does not fit its coordinates ({nums}): {en}. "
        f"The declared coordinate system (e.g. the .prj file) is probably wrong. {hint_en}".rstrip())


# --- attributes -----------------------------------------------------------------------------
def _json_value(v):
    """A JSON-safe copy of one attribute value; text stays verbatim (escaping is the page's job)."""
    if v is None or isinstance(v, (str, bool, int)):
        return v
    if isinstance(v, float):
        return v if math.isfinite(v) else None
    if isinstance(v, (bytes, bytearray, memoryview)):
        b = bytes(v)
        try:
            return b.decode("utf-8")
        except UnicodeDecodeError:
            return b.hex()
    if isinstance(v, (datetime, date, dtime)):
        try:
            return v.isoformat()
        except ValueError:  # NaT
            return None
    if isinstance(v, (list, tuple)) or type(v).__name__ == "ndarray":
        return [_json_value(x) for x in list(v)]
    if isinstance(v, dict):
        return {str(k): _json_value(x) for k, x in v.items()}
    if hasattr(v, "item"):  # numpy scalar
        return _json_value(v.item())
    if type(v).__name__ in ("NAType", "NaTType"):
        return None
    return str(v)


def _json_column(s) -> list:
    kind = s.dtype.kind
    values = s.tolist()
    if kind in "iub":
        return values
    if kind == "f":
        return [v if math.isfinite(v) else None for v in values]
    return [_json_value(v) for v in values]


def _name_column(columns: list[str], values: list[list]) -> str | None:
    """The column shown as the feature's name: name/名称/title, else the first text column."""
    if "name" in columns:
        return "name"
    lower = [c.lower() for c in columns]
    for want in NAME_COLUMNS:
        if want in lower:
            return columns[lower.index(want)]
    for c, vals in zip(columns, values):
        if any(isinstance(v, str) for v in vals):
            return c
    return None


# --- the one public function ------------------------------------------------------------------
def read_user_layer(path, *, max_bytes: int = MAX_BYTES, layer: str | None = None) -> UserLayer:
    """Read a user's file into a WGS84 FeatureCollection, or raise ImportProblem.

    Multi-layer files (KML folders, GeoPackages, zips of several shapefiles) become one
    overlay; each feature's `_layer` property then says where it came from. `layer`
    reads just that one.
    """
    import shapely

    path = Path(path)
    datasets, name, close = _resolve(path, max_bytes)
    pieces, encodings, skipped = [], [], []
    try:
        for ds in datasets:
            lyrs, tables = _layers(ds, layer)
            skipped += tables
            for lyr in lyrs:
                if ds.parts is not None:
                    _check_shapefile(ds)
                    gdf, encoding, notes = _read_shapefile(ds)
                    encodings.append(encoding)
                else:
                    gdf, notes = _read(ds, lyr, None)
                where = lyr or Path(ds.label).stem
                has_prj = ds.parts is not None and ds.parts[".prj"] is not None
                geoms, props, crs_in, more, n_gone = _clean(gdf, ds.label, has_prj)
                pieces.append((where, geoms, props, crs_in, notes + more, n_gone))
    finally:
        close()

    label = path.name
    if not any(len(p[1]) for p in pieces):
        gone = sum(p[5] for p in pieces)
        if gone:
            raise ImportProblem("empty", label, f"共有 {gone} 个要素，但都没有几何，无法显示。",
                                f"it has {gone} feature(s) but none has a geometry to draw.")
        raise ImportProblem("empty", label, "文件中没有任何要素。", "it contains no features.")

    many = len(pieces) > 1
    features, notes_all, crs_list, name_fields = [], [], [], []
    if skipped:
        notes_all.append(f"没有几何的表格未导入：{'、'.join(skipped)} / tables without geometry were not "
                         f"imported: {', '.join(skipped)}")
    for where, geoms, props, crs_in, notes, _ in pieces:
        notes_all += [f"[{where}] {n}" if many else n for n in notes]
        if not len(geoms):
            continue
        crs_list.append(crs_in)
        columns = [str(c) for c in props.columns]
        values = [_json_column(props[c]) for c in props.columns]
        name_col = _name_column(columns, values)
        name_fields.append(name_col)
        rows = zip(*values) if values else ([()] * len(geoms))
        # One json.loads over all geometries: per-geometry calls cost half the total at 50k.
        geometries = json.loads("[" + ",".join(shapely.to_geojson(geoms).tolist()) + "]")
        for g, row in zip(geometries, rows):
            p = dict(zip(columns, row))
            if "name" not in p:
                p["name"] = p.get(name_col) if name_col else None
            if many and "_layer" not in p:
                p["_layer"] = where
            features.append({"type": "Feature", "id": len(features), "geometry": g, "properties": p})

    import numpy as np
    bbox = tuple(float(v) for v in shapely.total_bounds(np.concatenate([p[1] for p in pieces])))
    if bbox[2] < REGION[0] or bbox[0] > REGION[2] or bbox[3] < REGION[1] or bbox[1] > REGION[3]:
        notes_all.append(
            f"数据位于经度 {bbox[0]:.2f}–{bbox[2]:.2f}、纬度 {bbox[1]:.2f}–{bbox[3]:.2f}，不在浙闽赣皖四省附近，"
            f"请确认坐标系是否正确 / the data lies at lon {bbox[0]:.2f}–{bbox[2]:.2f}, lat {bbox[1]:.2f}–{bbox[3]:.2f}, "
            "nowhere near the four-province region — check its coordinate system")
    return UserLayer(
        name=name, source_path=str(path), features={"type": "FeatureCollection", "features": features},
        crs_in="; ".join(dict.fromkeys(crs_list)), encoding="; ".join(dict.fromkeys(encodings)) or None,
        warnings=notes_all, n_features=len(features), bbox=bbox,
        name_field=next((f for f in name_fields if f), None))
