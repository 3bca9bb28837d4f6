"""Conflicts: series whose printed values cannot all be true (`python -m qjmap conflicts`).

Each figure is read as an interval, because the articles print rounded and qualified
numbers: an exact "40万" is 38万–42万 (rounded at its last non-zero digit, at most ±5 %),
"40多万" / "超2亿" lie between the number and the next step of that digit (40万–50万,
2亿–3亿), "…以上" has no upper end, "约29亿" is ±10 %. Two rules:

- same date: two measured values for the same printed as-of date whose intervals do not meet;
- a running total that falls: a later cumulative value below an earlier one (a total the text
  does not date is read as of its article's year, the latest it can stand for). It is
  *certain* when the later interval lies wholly below the earlier; otherwise the printed
  total still falls (e.g. "超过2.8亿" in 2021, "超2亿" in 2022), which holds only if the
  later article understates its own total -- listed too, marked as not certain.

Targets and plans are left out: they say what a value should become, not what it is.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal
from itertools import combinations

from qjmap.model.catalogue import Catalogue, Feature, Figure
from qjmap.model.series import MEASURED, Member, Series, all_series, unit_family

_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def _step(fig: Figure) -> float:
    """Value of one unit in the last non-zero printed digit: '2.8亿' -> 1e7, '600多万' -> 1e6."""
    m = _DIGITS.search(fig.text)
    if not m or float(m.group()) == 0:
        return 0.0  # written in characters (三分之二, 四年): read as exact
    d = Decimal(m.group()).normalize()
    place = Decimal(1).scaleb(d.as_tuple().exponent)
    return float(place) * fig.value / float(d)


def interval(fig: Figure) -> tuple[float, float]:
    """The values the printed figure allows, in its own unit."""
    v, step = fig.value, _step(fig)
    if fig.qualifier == "about":
        tol = max(min(step, v / 10), v / 10)
        return v - tol, v + tol
    if fig.qualifier in ("over", "more than"):
        return v, (math.inf if "以上" in fig.text or not step else v + step)
    half = min(step, v / 10) / 2
    return v - half, v + half


@dataclass(frozen=True)
class Conflict:
    series: Series
    rule: str  # "same date" | "running total falls"
    certain: bool
    first: Member  # the earlier (or first listed) figure
    second: Member

    @property
    def reason_zh(self) -> str:
        a, b = self.first, self.second
        if self.rule == "same date":
            return f"同一时间（{a.figure.as_of}）两个数值不能同时成立"
        if self.certain:
            return f"累计数不会下降：{_at_zh(a)} 已达 {a.figure.text}，{_at_zh(b)} 却只有 {b.figure.text}"
        return (f"累计数印出的数值下降：{a.figure.text}（{_at_zh(a)}）→ {b.figure.text}（{_at_zh(b)}）；"
                f"只有后者少报才能同时成立")

    @property
    def reason_en(self) -> str:
        a, b = self.first, self.second
        if self.rule == "same date":
            return f"two values for the same date ({a.figure.as_of}) that cannot both be true"
        if self.certain:
            return f"a running total cannot fall: {a.figure.text} by {_at_en(a)}, only {b.figure.text} by {_at_en(b)}"
        return (f"the printed running total falls from {a.figure.text} ({_at_en(a)}) to {b.figure.text} "
                f"({_at_en(b)}); both hold only if the later article understates it")

    def to_dict(self) -> dict:
        def side(m: Member) -> dict:
            fig = m.figure
            return {"feature": m.feature.id, "text": fig.text, "value": fig.value, "unit": fig.unit,
                    "qualifier": fig.qualifier, "as_of": fig.as_of, "read_as_of": m.when, "kind": fig.kind,
                    "doc": fig.doc, "paragraph": fig.paragraph, "quote": fig.quote}
        return {"series": self.series.id, "rule": self.rule, "certain": self.certain,
                "reason_zh": self.reason_zh, "reason_en": self.reason_en,
                "figures": [side(self.first), side(self.second)]}


def _at_zh(m: Member) -> str:
    return m.figure.as_of if m.dated else f"未注明时间，按文章年份 {m.when}"


def _at_en(m: Member) -> str:
    return m.figure.as_of if m.dated else f"undated, read as of its article, {m.when}"


def _base(fig: Figure, x: float) -> float:
    return x * unit_family(fig.unit)[1]


def _base_interval(fig: Figure) -> tuple[float, float]:
    """The interval in the unit family's base unit, so 亩 and m² compare."""
    lo, hi = interval(fig)
    return _base(fig, lo), _base(fig, hi)


def _series_conflicts(s: Series) -> list[Conflict]:
    out = []
    measured = [m for m in s.members if m.figure.kind in MEASURED]
    for a, b in combinations(measured, 2):  # members are in date order
        (lo_a, hi_a), (lo_b, hi_b) = _base_interval(a.figure), _base_interval(b.figure)
        if a.dated and b.dated and a.figure.as_of == b.figure.as_of:
            if hi_a < lo_b or hi_b < lo_a:
                out.append(Conflict(s, "same date", True, a, b))
        elif a.figure.kind == b.figure.kind == "cumulative" and a.when < b.when:
            if hi_b < lo_a:
                out.append(Conflict(s, "running total falls", True, a, b))
            elif b.figure.qualifier != "about" and _base(b.figure, b.figure.value) < _base(a.figure, a.figure.value):
                out.append(Conflict(s, "running total falls", False, a, b))
    return out


def find_conflicts(cat: Catalogue) -> list[Conflict]:
    """Every conflict in the catalogue, by series id."""
    return [c for _, s in sorted(all_series(cat).items()) for c in _series_conflicts(s)]


def feature_conflicts(cat: Catalogue, f: Feature) -> list[Conflict]:
    return [c for c in find_conflicts(cat) if f.id in (c.first.feature.id, c.second.feature.id)]


def geojson_with_conflicts(cat: Catalogue) -> dict:
    """The catalogue as GeoJSON, each feature's properties carrying its `conflicts`."""
    gj = cat.to_geojson()
    found = find_conflicts(cat)
    for feat in gj["features"]:
        feat["properties"]["conflicts"] = [c.to_dict() for c in found
                                           if feat["id"] in (c.first.feature.id, c.second.feature.id)]
    return gj


def report(cat: Catalogue) -> list[str]:
    """The lines `python -m qjmap conflicts` prints: each conflict with both sources, then a count."""
    found = find_conflicts(cat)
    lines = []
    for c in found:
        tag = "确定 certain" if c.certain else "按印出数值 as printed"
        lines.append(f"{c.series.id} [{c.rule}; {tag}]")
        lines.append(f"  {c.reason_zh}")
        lines.append(f"  {c.reason_en}")
        for m in (c.first, c.second):
            fig = m.figure
            at = fig.as_of or f"undated, article {m.when}"
            lines.append(f"  - {m.feature.id}: {fig.text} ({fig.kind}, as of {at}) "
                         f"{fig.doc} ¶{fig.paragraph} “{fig.quote}”")
    n = len(all_series(cat))
    lines.append(f"{n} series, {len(found)} conflicts "
                 f"({sum(c.certain for c in found)} certain, {sum(not c.certain for c in found)} as printed)")
    return lines
