"""Date rules for figures: an as_of only where the text supports it, and what supports it.

Every figure with an as_of says where the date comes from (`as_of_source`):
- "printed": the year is printed before the figure in its paragraph (2020年的234.2亿元),
  or after it in the same clause; a range's first year is printed too;
- "article_year": no year is printed, but the sentence states the figure as current
  (现有, 目前, 已, 累计, 以来 … before it): the article's year;
- "relative": 去年/今年/全年 before it in the sentence, resolved from the article's year
  (全年 in an article from early in a year is the year before; otherwise it cannot be dated);
- "target": a target carries its target year (到2022年, 今年建成后).
Anything else has no as_of. Pure Python.
"""
from __future__ import annotations

import re

from qjmap.model.sentences import clause_span, sentence_span

AS_OF_SOURCES = ("printed", "article_year", "relative", "target")
CURRENT = re.compile(r"现有|目前|当前|现在|如今|眼下|至今|已|以来|累计")
RELATIVE = re.compile(r"去年|上年|今年|本年|全年|明年")
_OFFSET = {"去年": -1, "上年": -1, "今年": 0, "本年": 0, "明年": 1}
_YEAR = re.compile(r"(?<!\d)(\d{4})\s*年")
_AS_OF = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
# Parts of a year printed as words: the months they begin and end with.
_PERIODS = {"前三季度": (1, 9), "上半年": (1, 6), "一季度": (1, 3), "下半年": (7, 12), "年底": (12, 12)}


def _parts(as_of: str) -> list[re.Match] | None:
    parts = [_AS_OF.fullmatch(p) for p in as_of.split("/")]
    return parts if 1 <= len(parts) <= 2 and all(parts) else None


def _printed_year(text: str, pos: int) -> int | None:
    """The year printed nearest before `pos` in the paragraph, else the first after it in its clause."""
    before = [int(m[1]) for m in _YEAR.finditer(text, 0, pos)]
    if before:
        return before[-1]
    a, b = clause_span(text, pos)
    after = _YEAR.search(text, pos, b)
    return int(after[1]) if after else None


def _relative_year(lead: str, src) -> tuple[int | None, str]:
    words = RELATIVE.findall(lead)
    if not words:
        return None, "no 去年/今年/全年 before it in its sentence"
    w = words[-1]
    if w == "全年":
        if src.early_in_year:
            return src.year - 1, ""
        return None, "全年 in an article not known to be from early in its year cannot be dated"
    return src.year + _OFFSET[w], ""


def date_problems(src, where: str, fig) -> list[str]:
    """Problems with a figure's as_of and as_of_source, read in its paragraph (citation checked first)."""
    if not fig.as_of:
        return [f"{where}: as_of_source {fig.as_of_source!r} without an as_of"] if fig.as_of_source else []
    parts = _parts(fig.as_of)
    if not parts:
        return [f"{where}: as_of {fig.as_of!r} is not YYYY[-MM[-DD]][/YYYY…]"]
    if fig.as_of_source not in AS_OF_SOURCES:
        return [f"{where}: as_of {fig.as_of!r} needs as_of_source, one of {AS_OF_SOURCES}"]
    text = src.paragraph(fig.paragraph).text
    q = text.find(fig.quote)
    pos = q + max(fig.quote.find(fig.text), 0)
    s0, _ = sentence_span(text, pos, pos + 1)
    lead = text[s0:clause_span(text, pos)[1]]  # its sentence up to the end of its clause
    end, start = int(parts[-1][1]), int(parts[0][1])
    out = []
    if len(parts) == 2 and not re.search(rf"{start}\s*年", text):
        out.append(f"{where}: the range's first year {start} is not printed in {src.doc} ¶{fig.paragraph}")
    months = {int(x) for x in re.findall(r"(\d{1,2})月", text)}
    months |= {mo for w, span in _PERIODS.items() if w in text for mo in span}
    for m in parts:
        if m[2] and int(m[2]) not in months or m[3] and f"{int(m[3])}日" not in text:
            out.append(f"{where}: as_of {fig.as_of!r} gives a month or day the paragraph does not print")
    kind, y = fig.as_of_source, src.year
    if fig.kind == "target" and kind != "target":
        out.append(f"{where}: a target carries its target year (as_of_source 'target'), not {kind!r}")
    if kind == "printed":
        found = _printed_year(text, pos)
        if found != end:
            out.append(f"{where}: as_of {end} is not the year printed for it ({found or 'none'})")
        elif end > y:
            out.append(f"{where}: printed year {end} is after the article ({y}): a target?")
    elif kind == "article_year":
        if end != y:
            out.append(f"{where}: as_of {end} is not the article's year {y}")
        if not CURRENT.search(lead):
            out.append(f"{where}: no printed year and the text does not state it as current "
                       f"(现有, 目前, 已 …): it gets no as_of")
    elif kind == "relative":
        found, why = _relative_year(lead, src)
        if found is None:
            out.append(f"{where}: relative date, but {why}")
        elif found != end:
            out.append(f"{where}: as_of {end}, but the relative year resolves to {found}")
    elif kind == "target":
        if fig.kind not in ("target", "plan"):
            out.append(f"{where}: as_of_source 'target' on a {fig.kind!r} figure")
        printed = [int(m[1]) for m in _YEAR.finditer(lead)]
        relative = _relative_year(lead, src)[0] if RELATIVE.search(lead) else None
        if end not in printed and end != relative:
            out.append(f"{where}: target year {end} is not printed (or said as 今年/明年) before it in its sentence")
        elif end < y:
            out.append(f"{where}: target year {end} is before the article ({y})")
    return out
