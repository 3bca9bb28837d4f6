"""The coverage report: numbers printed in the articles that no figure uses and no layer file's
`left_out` list explains (`python -m qjmap coverage`)."""
from __future__ import annotations

import json
import re

from qjmap.model.catalogue import Catalogue
from qjmap.model.numbers import NUMBER_IN_TEXT
from qjmap.paths import resource_path

# Printed dates are not figures: 2025年, 2月14日, 9月29日.
_DATE = re.compile(r"\d{4}年|\d{1,2}月\d{1,2}日|\d{1,2}月|\d{4}衢通")


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
            for m in NUMBER_IN_TEXT.finditer(p.text):
                a, b = m.span()
                ctx = p.text[max(0, a - 8):b + 6]
                if any(s <= a and b <= e for s, e in spans):
                    report["used"] += 1
                elif any(s <= a and b <= e for s, e in dates):
                    report["dates"] += 1
                else:
                    why = next((x for x in explained.get((doc, p.n), []) if x["text"] in ctx
                                or m.group() in x["text"]), None)
                    entry = {"doc": doc, "paragraph": p.n, "number": m.group(), "context": ctx}
                    if why:
                        report["left_out"].append({**entry, "reason": why["reason"]})
                    else:
                        report["uncovered"].append(entry)
    return report
