"""Which text encoding a user's text file (CSV) is in, decided the way the Shapefile reader does.

Excel on Chinese Windows saves "CSV" as GBK with no marker, "CSV UTF-8" with a BOM, and
"Unicode text" as UTF-16 with a BOM. Order: a BOM says it; else strict UTF-8 (GBK text is
almost never valid UTF-8); else GB18030 (a superset of GBK that accepts nearly any byte
pairs, so only ever the last resort, and said in a warning); else refuse.
"""
from __future__ import annotations

import codecs

from qjmap.io.problems import ImportProblem

BOMS = ((codecs.BOM_UTF8, "utf-8-sig", "UTF-8 (BOM)"),
        (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"), (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"))


def decode_text(data: bytes, label: str) -> tuple[str, str, list[str]]:
    """(text, encoding name, warnings) for the bytes of a text table, or ImportProblem."""
    for bom, codec, name in BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), name, []
            except UnicodeDecodeError:
                raise _not_text(label, f"{name} BOM") from None
    if b"\0" in data[:65536]:
        raise ImportProblem("corrupt", label, "内容不是文本表格（含有二进制数据），文件可能已损坏或扩展名不对。",
                            "its contents are not a text table (they hold binary data): the file is "
                            "damaged or has the wrong extension.")
    try:
        return data.decode("utf-8"), "UTF-8", []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        raise _not_text(label, "") from None
    return text, "GB18030", ["文字不是 UTF-8，按 GBK/GB18030 读取，请检查名称显示是否正确 / "
                             "the text is not UTF-8: read as GBK/GB18030 — check the names look right"]


def _not_text(label: str, said: str) -> ImportProblem:
    zh_said, en_said = (f"（文件开头标记为 {said}）", f" (it starts with a {said})") if said else ("", "")
    return ImportProblem("encoding", label,
                         f"文字编码无法识别{zh_said}：既不是 UTF-8 也不是 GBK/GB18030。请在 Excel 中“另存为 CSV UTF-8”后重试。",
                         f"its text encoding is not recognised{en_said}: it is neither UTF-8 nor GBK/GB18030. "
                         "In Excel use Save As “CSV UTF-8”, and try again.")
