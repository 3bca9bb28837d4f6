"""Series: the same quantity of the same thing, across articles and years.

Every figure carries a `series` id ("port-daluzhang/berths-1000t-phase1"); figures that
share it are one quantity measured (or targeted) at different dates or by different
articles. Grouping them lets the panel show one row per quantity and lets
`qjmap.model.conflicts` ask whether the values can all be true. Pure Python.
"""
from __future__ import annotations

from dataclasses import dataclass

from qjmap.model.catalogue import Catalogue, Feature, Figure

# Unit -> (family, factor to the family's base unit). Units of one family are convertible;
# a unit not listed is its own family. Counter words (个, 家, 项 …) all count things.
_FAMILIES = {
    "m2": ("area", 1.0), "mu": ("area", 10000 / 15), "km2": ("area", 1e6),
    "min": ("duration", 1.0), "h": ("duration", 60.0), "days": ("duration", 1440.0),
    "months": ("calendar", 1.0), "years": ("calendar", 12.0),
    "Gbps": ("bandwidth", 1.0), "Tbps": ("bandwidth", 1000.0),
}
_OWN_UNITS = {"t", "TEU", "CNY", "km", "persons", "person-times", "%", "pp", "times"}
# Kinds that say what the value is now or was; targets and plans say what it should become.
MEASURED = ("actual", "cumulative", "annual")


def unit_family(unit: str) -> tuple[str, float]:
    """('area', 666.67) for 亩; counters share the family 'count'; other units are their own."""
    if unit in _FAMILIES:
        return _FAMILIES[unit]
    return (unit, 1.0) if unit in _OWN_UNITS else ("count", 1.0)


def as_of_end(as_of: str) -> str:
    """The date a figure stands for, as a sortable string: '2019/2023' -> '2023'."""
    return as_of.split("/")[-1]


@dataclass(frozen=True)
class Member:
    feature: Feature
    figure: Figure
    when: str  # the figure's as-of end date, or its article's year when the text gives none
    dated: bool  # False: `when` is the article's year, not a date the text supports


@dataclass
class Series:
    id: str
    members: list[Member]  # sorted by date (article year when undated), then article

    @property
    def label_zh(self) -> str:
        return self._label().label_zh

    @property
    def label_en(self) -> str:
        return self._label().label_en

    def _label(self) -> Figure:
        """The latest measured figure names the series (its label has no '(target)'/'(start)')."""
        measured = [m.figure for m in self.members if m.figure.kind in MEASURED]
        return (measured or [m.figure for m in self.members])[-1]

    @property
    def family(self) -> str:
        return unit_family(self.members[0].figure.unit)[0]


def all_series(cat: Catalogue) -> dict[str, Series]:
    """Every series in the catalogue by id, members in date order."""
    out: dict[str, Series] = {}
    for f in cat.features:
        for fig in f.figures:
            when = as_of_end(fig.as_of) or str(cat.sources[fig.doc].year)
            out.setdefault(fig.series, Series(fig.series, [])).members.append(Member(f, fig, when, bool(fig.as_of)))
    for s in out.values():
        s.members.sort(key=lambda m: (m.when, m.figure.doc, m.figure.paragraph))
    return out


def feature_series(cat: Catalogue, f: Feature) -> list[Series]:
    """The series a feature's figures belong to, in the order its figures are listed."""
    every = all_series(cat)
    ids = list(dict.fromkeys(fig.series for fig in f.figures))
    return [every[i] for i in ids if i in every]


def problems(cat: Catalogue) -> list[str]:
    """Every figure has a series; within one, units are of one family and measured kinds agree."""
    out = []
    for f in cat.features:
        for i, fig in enumerate(f.figures):
            if not fig.series.strip():
                out.append(f"{f.id} figure {i + 1} ({fig.label_en}): no series id")
    for s in all_series(cat).values():
        if not s.id.strip():
            continue
        families = {unit_family(m.figure.unit)[0] for m in s.members}
        if len(families) > 1:
            units = sorted({m.figure.unit for m in s.members})
            out.append(f"series {s.id}: units {units} are not one family (cannot be the same quantity)")
        kinds = {m.figure.kind for m in s.members if m.figure.kind in MEASURED}
        if len(kinds) > 1:
            out.append(f"series {s.id}: mixes measured kinds {sorted(kinds)} (an annual value and a running "
                       f"total are different quantities)")
    return out
