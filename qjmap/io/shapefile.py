"""Shapefile checks (missing or cut-short parts) and its text encoding (.cpg, DBF language byte, trial).
"""
from __future__ import annotations

import codecs
import struct

from qjmap.io.datasets import Dataset, Part
from qjmap.io.gdal_read import read_gdal
from qjmap.io.problems import ImportProblem

# DBF language driver IDs (header byte 29) that name an East Asian code page. GDAL honours
# these too; we pass `encoding=` ourselves, which bypasses GDAL's recoding, so we must
# honour them here. 0x57 ("ANSI") and the Latin IDs are not trusted: ArcGIS on Chinese
# Windows writes 0x57 over GBK text and GDAL then decodes it as CP1252 (mojibake).
LDID_CODECS = {0x4D: "GB18030", 0x7A: "GB18030", 0x4F: "cp950", 0x78: "cp950",
               0x4E: "cp949", 0x79: "cp949", 0x13: "cp932", 0x7B: "cp932"}
GBK_FAMILY = {"GBK", "GB2312", "CP936", "936", "GB18030", "EUC-CN", "EUCCN", "MS936"}


def check_shapefile(ds: Dataset) -> None:
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
    def cut_short(part: Part, declared: int) -> ImportProblem:
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


def codec_from_cpg(text: str) -> str | None:
    """A Python codec for what .cpg files say: 'UTF-8', '65001', 'GBK', 'ANSI 936', '1252'..."""
    t = text.strip().upper().removeprefix("ANSI").strip()
    if t in GBK_FAMILY:
        return "GB18030"  # superset of GBK: decodes the same bytes, plus rare names outside GBK
    if t.isdigit():
        t = {"65001": "UTF-8", "950": "cp950"}.get(t, f"cp{t}")
    try:
        codec = codecs.lookup(t).name
    except LookupError:
        return None
    return "UTF-8" if codec == "utf-8" else codec


def dbf_is_ascii(dbf: Part) -> bool:
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


def read_shapefile(ds: Dataset) -> tuple[object, str, list[str]]:
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
        codec = codec_from_cpg(said)
        if codec is None:
            raise ImportProblem("encoding", ds.label,
                                f"{cpg.label} 写的编码“{said}”无法识别。请把它改为 UTF-8 或 GBK，或删除该 .cpg 文件后重试。",
                                f"{cpg.label} names an encoding we do not know (“{said}”). Change it to "
                                "UTF-8 or GBK, or delete the .cpg, and try again.")
        try:
            frame, notes = read_gdal(ds, None, codec)
        except UnicodeDecodeError:
            raise ImportProblem(
                "encoding", ds.label,
                f"{cpg.label} 声明文字编码为 {said}，但属性表中的文字不是 {said}（常见为 GBK）。"
                "请删除该 .cpg 文件（本程序会自动识别 GBK/UTF-8），或把其内容改为正确的编码后重试。",
                f"{cpg.label} says the text is {said}, but the attribute text is not valid {said} (often "
                "it is GBK). Delete the .cpg (qjmap then detects GBK/UTF-8 itself) or correct it, and try again.",
            ) from None
        return frame, codec, notes
    if dbf_is_ascii(dbf):
        frame, notes = read_gdal(ds, None, "UTF-8")
        return frame, "UTF-8", notes
    ldid = dbf.head(30)[29]
    candidates = [LDID_CODECS[ldid], "UTF-8"] if ldid in LDID_CODECS else ["UTF-8", "GB18030"]
    for codec in candidates:
        try:
            frame, notes = read_gdal(ds, None, codec)
        except UnicodeDecodeError:
            continue
        if ldid in LDID_CODECS and codec == candidates[0]:
            why_zh, why_en = f"按 .dbf 的语言标记（0x{ldid:02X}）", f"the .dbf language byte (0x{ldid:02X}) says so: "
        else:
            why_zh, why_en = "", ""
        notes.insert(0, f"没有 .cpg 编码文件：{why_zh}按 {codec} 读取，请检查名称显示是否正确 / "
                        f"no .cpg: {why_en}read as {codec} — check the names look right")
        return frame, codec, notes
    raise ImportProblem("encoding", ds.label,
                        "没有 .cpg 编码文件，属性文字既不是 UTF-8 也不是 GBK/GB18030。请用 GIS 软件另存为 UTF-8 后重试。",
                        "there is no .cpg and the attribute text is neither UTF-8 nor GBK/GB18030. "
                        "Re-save it as UTF-8 from your GIS software and try again.")
