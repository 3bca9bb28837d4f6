"""Make the text in Qt's PDFs extract as it was drawn (ToUnicode repair, no Qt).

Qt writes each embedded font's ToUnicode map by asking, for every glyph, the lowest
code point that the font maps to it. Noto CJK shares glyphs between ideographs and
radicals, so 示 大 目 至 文 口 高 come out of pdftotext as the Kangxi radicals ⽰ ⼤ ⽬ ⾄
⽂ ⼝ ⾼ (and – as ‒): searchable text that does not match. We know which characters
we drew, so every map entry pointing at a character we did not draw is redirected to
the drawn character that has the same glyph. The maps are uncompressed and every
entry is four hex digits, so the file is patched in place without moving any byte.
"""
from __future__ import annotations

import re

_CMAP = re.compile(rb"begincmap\n.*?endcmap", re.DOTALL)
_RANGE_ARRAY = re.compile(rb"^(<[0-9A-Fa-f]{4}> <[0-9A-Fa-f]{4}> \[)([^\]]*)(\])$")
_RANGE_ONE = re.compile(rb"^(<[0-9A-Fa-f]{4}> <[0-9A-Fa-f]{4}> )(<[0-9A-Fa-f]{4}>)$")
_CHAR = re.compile(rb"^(<[0-9A-Fa-f]{4}> )(<[0-9A-Fa-f]{4}>)$")
_HEX4 = re.compile(rb"<([0-9A-Fa-f]{4})>")


def _plain(cp: int) -> bool:
    """A BMP character that is not a control or a surrogate half."""
    return 0x20 <= cp <= 0xFFFF and not 0xD800 <= cp <= 0xDFFF


def fix_to_unicode(pdf: bytes, drawn: str, glyph_of) -> bytes:
    """Redirect ToUnicode entries to drawn characters; `glyph_of(str) -> glyph id`."""
    by_glyph: dict[int, str] = {}
    for ch in sorted(set(drawn)):
        if _plain(ord(ch)) and not ch.isspace():
            g = glyph_of(ch)
            if g:  # glyph 0 is "missing", shared by everything the font lacks
                by_glyph.setdefault(g, ch)
    drawn_set = set(drawn)

    def dest(m: re.Match) -> bytes:
        cp = int(m.group(1), 16)
        if not _plain(cp) or chr(cp) in drawn_set:
            return m.group(0)
        better = by_glyph.get(glyph_of(chr(cp)))
        return b"<%04X>" % ord(better) if better else m.group(0)

    def fix_line(line: bytes) -> bytes:
        for pat in (_RANGE_ARRAY, _RANGE_ONE, _CHAR):
            m = pat.match(line)
            if m:
                tail = m.group(3) if pat is _RANGE_ARRAY else b""
                return m.group(1) + _HEX4.sub(dest, m.group(2)) + tail
        return line

    def fix_cmap(m: re.Match) -> bytes:
        return b"\n".join(fix_line(l) for l in m.group(0).split(b"\n"))

    out = _CMAP.sub(fix_cmap, pdf)
    assert len(out) == len(pdf)  # offsets in the xref table stay valid
    return out
