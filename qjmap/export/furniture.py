"""The words around an exported map and on a presentation card, taken only from the catalogue.

Legend rows for the visible layers, the "data as of" line (latest date among the
visible features' figures, and the years of the articles they cite), the sources line
and the caption card of a feature (key figures + the quote they come from). Nothing
here is typed in by hand, so an export can never claim more than the articles say.
No Qt: the PNG/PDF painter, the HTML export and the presentation all read these.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from qjmap.model.catalogue import Catalogue, Feature, feature_quotes
from qjmap.page.feature_html import figure_value

SCHEMATIC_NOTE = ("示意图：多数要素按乡镇或区县级近似位置绘制，同一处的多个要素合为数字圆，不作测量与界线依据 · "
                  "Schematic map: most positions are approximate (town or district level); features at one place "
                  "share a numbered circle; not for measurement")
_DATE = re.compile(r"\d{4}(?:-\d{2}){0,2}")
_KIND = {"Point": "point", "MultiPoint": "point", "LineString": "line", "MultiLineString": "line",
         "Polygon": "area", "MultiPolygon": "area"}


@dataclass(frozen=True)
class LegendRow:
    layer: str
    color: str
    kind: str  # point, line or area: how the layer's features are drawn; group, outline, circle, dash: a symbol row
    label_zh: str
    label_en: str


@dataclass(frozen=True)
class Furniture:
    title: str
    subtitle: str
    legend: tuple[LegendRow, ...]
    as_of: str
    sources: str
    note: str  # the 示意图 note, or ""


@dataclass(frozen=True)
class Caption:
    name_zh: str
    name_en: str
    figures: tuple[tuple[str, str, str], ...]  # (label, value as printed, as of)
    quote: str
    citation: str
    figure_en: tuple[str, ...] = ()     # English label of each figure
    figure_cites: tuple[str, ...] = ()  # where each figure is printed: "《…》…，第N段"
    docs: tuple[str, ...] = ()          # the articles cited: the quote's, then the figures'


def _features(cat: Catalogue, layers) -> list[Feature]:
    want = set(layers)
    return [f for f in cat.features if f.layer in want]


def legend_rows(cat: Catalogue, layers) -> tuple[LegendRow, ...]:
    """One row per visible catalogue layer, in drawing order; unknown ids are ignored."""
    rows = []
    for layer in cat.layers:
        if layer.id not in layers:
            continue
        kinds = Counter(_KIND.get(f.geometry_type, "point") for f in cat.in_layer(layer.id))
        kind = kinds.most_common(1)[0][0] if kinds else "point"
        rows.append(LegendRow(layer.id, layer.color, kind, layer.name_zh, layer.name_en))
    return tuple(rows)


SYMBOL_GREY = "#555555"  # symbol rows are not a layer: no layer colour


DISTRICT_ZOOM = 10  # qjmap.js draws long-distance corridors faint from this zoom on


def symbol_rows(cat: Catalogue, layers, zoom: float | None = None) -> tuple[LegendRow, ...]:
    """Rows explaining the symbols the visible features are drawn with (groups.js, qjmap.js)."""
    feats = _features(cat, layers)
    points = [f for f in feats if f.geometry_type == "Point"]
    rows = []
    if points:
        rows.append(LegendRow("", SYMBOL_GREY, "group", "数字圆：同一处的要素数", "number: features at one place"))
    if any(f.precision == "district" for f in points):
        rows.append(LegendRow("", SYMBOL_GREY, "outline", "区县级：选中时高亮所在区县", "district level: its district outlined when selected"))
    if any(f.precision == "town" for f in points):
        rows.append(LegendRow("", SYMBOL_GREY, "circle", "虚线圆：乡镇级 ±3 km", "dashed circle: town level ±3 km"))
    if any(f.precision == "schematic" for f in feats):
        rows.append(LegendRow("", SYMBOL_GREY, "dash", "虚线：示意走向", "dashed line: schematic"))
    if (zoom is None or zoom >= DISTRICT_ZOOM) and any(f.reach == "regional" for f in feats):
        rows.append(LegendRow("", SYMBOL_GREY, "faint", "淡线：跨区域通道", "faint line: long-distance corridor"))
    return tuple(rows)


def _cited_docs(features) -> set[str]:
    docs = set()
    for f in features:
        docs.update(s.doc for s in f.sources)
        docs.update(fig.doc for fig in f.figures)
        docs.update(e.doc for e in f.status_history)
    return docs


def data_as_of(cat: Catalogue, layers) -> str:
    """'数据截至 2026（文章 2020–2026） · Data as of 2026 …', or '' if nothing is visible.

    The date is the latest as_of of a reported (not target/plan) figure among the visible
    features; the span is the years of the articles those features cite.
    """
    feats = _features(cat, layers)
    # targets and plans name a future year, not the date the data describes
    dates = [d for f in feats for fig in f.figures if fig.kind not in ("target", "plan")
             for d in _DATE.findall(fig.as_of)]
    years = sorted(cat.sources[d].year for d in _cited_docs(feats) if d in cat.sources)
    if not dates and not years:
        return ""
    latest = max(dates) if dates else str(years[-1])
    span = f"{years[0]}–{years[-1]}" if years and years[0] != years[-1] else (str(years[0]) if years else "")
    tail = f"（文章 {span}）" if span else ""
    eng = f" (articles {span})" if span else ""
    return f"数据截至 {latest}{tail} · Data as of {latest}{eng}"


def sources_line(cat: Catalogue, layers, basemap: str) -> str:
    """The articles the visible features cite (short form), then the basemap attribution."""
    parts = []
    for doc in sorted(_cited_docs(_features(cat, layers))):
        s = cat.sources.get(doc)
        if s is None:
            continue
        outlet = "" if s.outlet.startswith("（") else s.outlet
        parts.append(" ".join(p for p in (f"《{s.title}》", outlet, f"{s.year}") if p))
    head = "来源 Sources: " + "；".join(parts) if parts else ""
    return " · ".join(p for p in (head, "底图 Basemap: " + basemap) if p)


def build_furniture(cat: Catalogue, layers, *, title: str, subtitle: str = "", schematic: bool = True,
                    overlays=(), zoom: float | None = None) -> Furniture:
    """`overlays`: users' overlays drawn (qjmap.model.overlay): a legend row each, and named as a source.
    `zoom`: a still picture's zoom, for the symbols that depend on it (faint long-distance lines);
    None for an interactive page, which can be zoomed to any of them."""
    from qjmap.page.map_page import ATTRIBUTION  # plain constant; page.py imports folium lazily
    rows = tuple(LegendRow(ov.id, ov.style.color, ov.kind(), ov.name, "(叠加图层 overlay)") for ov in overlays)
    sources = sources_line(cat, layers, ATTRIBUTION)
    if overlays:
        sources += " · 叠加图层 Overlays: " + "、".join(ov.name for ov in overlays) + "（用户数据 user data）"
    return Furniture(title=title, subtitle=subtitle, legend=legend_rows(cat, layers) + symbol_rows(cat, layers, zoom) + rows,
                     as_of=data_as_of(cat, layers), sources=sources,
                     note=SCHEMATIC_NOTE if schematic else "")


def caption(cat: Catalogue, fid: str, figure_labels=(), quote: str = "", max_figures: int = 4) -> Caption:
    """Key figures (the named ones, else the first few) and one quote with its citation."""
    f = cat.feature(fid)
    figs = [fig for fig in f.figures if fig.label_zh in figure_labels] if figure_labels else []
    figs = (figs or f.figures)[:max_figures]
    quotes = feature_quotes(f)
    q = quote if quote in quotes else (quotes[0] if quotes else "")
    ref = next((s for s in [*f.sources, *f.figures] if s.quote == q), None)
    def cite(r) -> str:
        return f"{cat.sources[r.doc].citation()}，第{r.paragraph}段" if r is not None and r.doc in cat.sources else ""
    docs = ([ref.doc] if ref is not None else []) + [g.doc for g in figs]
    return Caption(f.name_zh, f.name_en, tuple((g.label_zh, figure_value(g), g.as_of) for g in figs), q, cite(ref),
                   tuple(g.label_en for g in figs), tuple(cite(g) for g in figs), tuple(dict.fromkeys(docs)))
