"""Mechanical checks that keep the catalogue honest.

`problems(cat)` lists every broken citation, unparsable figure, duplicate id, invalid
or out-of-region geometry and precision/geometry mismatch; `python -m qjmap validate`
prints them and exits 1. The coverage report is in
qjmap.model.coverage.
"""
from __future__ import annotations

import json
from functools import lru_cache

from qjmap.model.catalogue import KINDS, PRECISIONS, Catalogue
from qjmap.model.corridors import problems as corridor_problems
from qjmap.model.dates import date_problems
from qjmap.model.numbers import QuantityError, parse_quantity
from qjmap.model.left_out_features import problems as left_out_problems
from qjmap.model.series import problems as series_problems
from qjmap.model.status_rules import entry_problems, order_problems
from qjmap.model.units import unit_problems
from qjmap.paths import resource_path

_GEOM_PRECISION = {
    "Point": {"site", "town", "district"},
    "LineString": {"schematic", "town"},
    "MultiLineString": {"schematic", "town"},
    "Polygon": {"boundary"},
    "MultiPolygon": {"boundary"},
}


@lru_cache(maxsize=1)
def region():
    """The four provinces (Zhejiang, Fujian, Jiangxi, Anhui), prepared for fast tests.

    Returns (inside, near): a feature's representative point must be inside the
    provinces (2 km slack for coastline simplification) and all of it within ~30 km.
    """
    from shapely import prepare
    from shapely.geometry import shape
    from shapely.ops import unary_union
    data = json.loads(resource_path("geodata", "provinces.geojson").read_text(encoding="utf-8"))
    four = unary_union([shape(f["geometry"]) for f in data["features"]
                        if str(f["properties"].get("adcode")) in {"330000", "340000", "350000", "360000"}])
    inside, near = four.buffer(0.02), four.simplify(0.05).buffer(0.3)
    prepare(inside)
    prepare(near)
    return inside, near


def _check_ref(cat: Catalogue, where: str, doc: str, n: int, quote: str) -> list[str]:
    src = cat.sources.get(doc)
    if src is None:
        return [f"{where}: unknown doc {doc!r}"]
    try:
        text = src.paragraph(n).text
    except KeyError:
        return [f"{where}: {doc} has no paragraph {n}"]
    if not quote.strip():
        return [f"{where}: empty quote"]
    if quote not in text:
        return [f"{where}: quote not found verbatim in {doc} ¶{n}: {quote!r}"]
    return []


def _check_figure(cat: Catalogue, where: str, fig) -> list[str]:
    out = _check_ref(cat, where, fig.doc, fig.paragraph, fig.quote)
    if fig.text not in fig.quote:
        out.append(f"{where}: number text {fig.text!r} not in its quote")
    try:
        q = parse_quantity(fig.text)
        if abs(q.value - fig.value) > 1e-6 * max(1.0, abs(q.value)) or q.unit != fig.unit \
                or q.qualifier != fig.qualifier:
            out.append(f"{where}: {fig.text!r} parses as {q.value} {q.unit} {q.qualifier!r}, "
                       f"figure says {fig.value} {fig.unit} {fig.qualifier!r}")
    except QuantityError as exc:
        out.append(f"{where}: {exc}")
    if fig.kind not in KINDS:
        out.append(f"{where}: kind {fig.kind!r} not one of {KINDS}")
    if not out:
        out += date_problems(cat.sources[fig.doc], where, fig) + unit_problems(where, fig)
    if not fig.label_zh or not fig.label_en:
        out.append(f"{where}: figure needs label_zh and label_en")
    return out


def _check_geometry(f) -> list[str]:
    from shapely.geometry import shape
    where = f"{f.id}"
    if f.precision not in PRECISIONS:
        return [f"{where}: precision {f.precision!r} not one of {PRECISIONS}"]
    if not f.geometry:
        return [f"{where}: no geometry (unresolved reference {f.geometry_ref!r}?)"]
    gtype = f.geometry.get("type")
    if gtype not in _GEOM_PRECISION:
        return [f"{where}: geometry type {gtype!r} not supported"]
    out = []
    if f.precision not in _GEOM_PRECISION[gtype]:
        out.append(f"{where}: precision {f.precision!r} does not fit a {gtype}")
    g = shape(f.geometry)
    if g.is_empty or not g.is_valid:
        out.append(f"{where}: geometry is empty or invalid")
    elif not region()[0].contains(g.representative_point()) or not region()[1].contains(g):
        out.append(f"{where}: geometry lies outside the four-province region")
    if not f.geometry_source.strip():
        out.append(f"{where}: geometry_source is empty")
    return out


def problems(cat: Catalogue) -> list[str]:
    out: list[str] = []
    have_region = resource_path("geodata", "provinces.geojson").exists()
    if not have_region:
        out.append("geodata/provinces.geojson missing: geometry not checked")
    seen: set[str] = set()
    for f in cat.features:
        if f.id in seen:
            out.append(f"{f.id}: duplicate id")
        seen.add(f.id)
        if not f.sources:
            out.append(f"{f.id}: no source paragraph")
        for i, s in enumerate(f.sources):
            out += _check_ref(cat, f"{f.id} source {i + 1}", s.doc, s.paragraph, s.quote)
        for i, fig in enumerate(f.figures):
            out += _check_figure(cat, f"{f.id} figure {i + 1} ({fig.label_en})", fig)
        for i, e in enumerate(f.status_history):
            where = f"{f.id} status {i + 1} ({e.doc} ¶{e.paragraph})"
            broken = _check_ref(cat, where, e.doc, e.paragraph, e.quote)
            out += broken or entry_problems(cat.sources[e.doc], f, where, e)
        out += order_problems(f)
        if have_region:
            out += _check_geometry(f)
    if have_region:
        out += corridor_problems(cat, region()[0])
    out += series_problems(cat)
    out += left_out_problems(cat)
    return out
