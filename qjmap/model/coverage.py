"""The coverage report: numbers printed in the articles that no figure uses and no layer file's
`left_out` list explains (`python -m qjmap coverage`). Numbers in Chinese characters (十大,
超万人, 三分之二) are found and counted like Arabic ones."""
from __future__ import annotations

import json
import re

from qjmap.model.catalogue import Catalogue
from qjmap.model.numbers import CN_NUMBER_IN_TEXT, NUMBER_IN_TEXT
from qjmap.paths import resource_path

# Printed dates are not figures: 2025年, 2月14日, 9月29日.
_DATE = re.compile(r"\d{4}年|\d{1,2}月\d{1,2}日|\d{1,2}月|\d{4}衢通")
# Fixed names written with a numeral, wherever they stand: not quantities.
NAMED = {
    "四省边际": "name of the four-province border region",
    "四省通衢": "motto: 'thoroughfare of four provinces'",
    "四位一体": "slogan: 'four in one' (road, rail, water, air)",
    "三位一体": "slogan: 'three in one'",
    "十八大": "the 18th Party Congress (an ordinal in a name)",
    "三元正极": "ternary cathode (a battery chemistry)",
    "三年行动": "name of a programme ('three-year action')",
    "助老三件事": "name of a programme ('three things for the elderly')",
}


_NAMED = re.compile("|".join(map(re.escape, NAMED)))


def _left_out() -> list[dict]:
    """Each layer file may list numbers it deliberately leaves out, with a reason."""
    out = []
    for path in sorted(resource_path("layers").glob("*.json")):
        out += json.loads(path.read_text(encoding="utf-8")).get("left_out", [])
    return out


def coverage(cat: Catalogue) -> dict:
    """Numbers in body paragraphs: used by a figure, explained as left out, dates, or uncovered."""
    used: dict[tuple[str, int], list[str]] = {}
    for f in cat.features:
        for fig in f.figures:
            used.setdefault((fig.doc, fig.paragraph), []).append(fig.text)
    explained: dict[tuple[str, int], list[dict]] = {}
    for item in _left_out():
        explained.setdefault((item["doc"], int(item["paragraph"])), []).append(item)
    report = {"used": 0, "dates": 0, "left_out": [], "uncovered": []}
    for doc, src in sorted(cat.sources.items()):
        for p in src.paragraphs:
            if p.kind != "body":
                continue
            spans = []
            for t in used.get((doc, p.n), []):
                spans += [(m.start(), m.end()) for m in re.finditer(re.escape(t), p.text)]
            dates = [(m.start(), m.end()) for m in _DATE.finditer(p.text)]
            named = [(m.start(), m.end(), NAMED[m.group()]) for m in _NAMED.finditer(p.text)]
            found = sorted([*NUMBER_IN_TEXT.finditer(p.text), *CN_NUMBER_IN_TEXT.finditer(p.text)],
                           key=lambda m: m.start())
            for m in found:
                a, b = m.span()
                ctx = p.text[max(0, a - 8):b + 6]
                name = next((r for s, e, r in named if s <= a and b <= e), None)
                if any(s <= a and b <= e for s, e in spans):
                    report["used"] += 1
                elif any(s <= a and b <= e for s, e in dates):
                    report["dates"] += 1
                elif name:
                    report["left_out"].append({"doc": doc, "paragraph": p.n, "number": m.group(),
                                               "context": ctx, "reason": f"a name, not a quantity: {name}"})
                else:
                    why = next((x for x in explained.get((doc, p.n), []) if x["text"] in ctx
                                or m.group() in x["text"]), None)
                    entry = {"doc": doc, "paragraph": p.n, "number": m.group(), "context": ctx}
                    if why:
                        report["left_out"].append({**entry, "reason": why["reason"]})
                    else:
                        report["uncovered"].append(entry)
    return report
