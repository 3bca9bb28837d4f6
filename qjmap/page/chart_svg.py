"""Small line charts of a feature's series, as offline SVG with the source of each point.

A series is the figures that share a "series" id (qjmap.model.series); only those with
values at two or more dates (as the date rules give them) get a chart. `chart_layouts`
places everything once; `chart_svg` draws that layout (inline in the HTML export, and
through QSvgRenderer in the app's panel, which reads the point positions from the layout
to show the same hover text).
Targets (kind "target") are hollow points on dashed segments. All text is escaped. No Qt.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass

from qjmap.model.catalogue import Catalogue, Feature
from qjmap.model.series import feature_series, unit_family
from qjmap.page.feature_html import KIND_ZH
from qjmap.page.feature_html import _e as esc

W, H = 360, 200
LEFT, RIGHT, TOP, BOTTOM = 54, 16, 48, 46
FONT = "Noto Sans CJK SC, Source Han Sans SC, Microsoft YaHei, sans-serif"
DASH = "5 4"
_DATE = re.compile(r"(\d{4})(?:-(\d{1,2}))?(?:-(\d{1,2}))?")


@dataclass(frozen=True)
class ChartPoint:
    x: float  # SVG user units
    y: float
    date: float  # decimal year
    as_of: str
    value: float
    text: str
    kind: str
    title: str  # the hover text: value, source paragraph, quote, article


@dataclass(frozen=True)
class ChartLayout:
    key: str
    label_zh: str
    label_en: str
    unit: str
    points: tuple[ChartPoint, ...]
    y_ticks: tuple[tuple[float, str], ...]  # (svg y, label)
    color: str


def date_value(as_of: str) -> float | None:
    """'2022' -> 2022.5, '2022-09-29' -> 2022.74, '2012/2022' -> 2022.5 (a period ends at its end)."""
    m = _DATE.search(as_of.rpartition("/")[2] or as_of)
    if not m:
        return None
    year, month, day = int(m[1]), m[2], m[3]
    if month is None:
        return year + 0.5
    frac = (int(month) - 1) / 12 + ((int(day) - 0.5) / 31 if day else 0.5) / 12
    return year + frac


def _point_title(cat: Catalogue, fig) -> str:
    src = cat.sources[fig.doc]
    return (f"{fig.as_of} {fig.label_zh}: {fig.text}（{KIND_ZH[fig.kind]} {fig.kind}）\n"
            f"{fig.doc} ¶{fig.paragraph}: “{fig.quote}”\n— {src.citation()}")


def _fit(text: str, px: float, size: float = 10) -> str:
    """Cut `text` with '…' to about `px` wide (CJK ~1 em, Latin ~0.56 em)."""
    used = 0.0
    for i, ch in enumerate(text):
        used += size if ord(ch) > 0x2E80 else size * 0.56
        if used > px:
            return text[:max(i - 1, 0)] + "…"
    return text


def _nice_step(span: float) -> float:
    raw = span / 4 or 1.0
    mag = 10 ** math.floor(math.log10(raw))
    return next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)


def compact(v: float) -> str:
    """Tick label: 2857.6亿 / 15.5万 / 58.1."""
    for div, word in ((1e8, "亿"), (1e4, "万")):
        if abs(v) >= div:
            return f"{v / div:.4g}{word}"
    return f"{v:.4g}"


def chart_layouts(cat: Catalogue, f: Feature, color: str = "#1565c0") -> list[ChartLayout]:
    """One layout per series of `f` (qjmap.model.series) with values dated by the text at two or
    more dates, in figure order; undated values are left out (their article's year is no date)."""
    out = []
    for series in feature_series(cat, f):
        figs = [m.figure for m in series.members if m.dated and date_value(m.figure.as_of) is not None]
        dates = sorted({date_value(g.as_of) for g in figs})
        if len(dates) < 2:
            continue
        figs.sort(key=lambda g: (date_value(g.as_of), g.kind == "target"))
        unit = next((g.unit for g in reversed(figs) if g.kind != "target"), figs[-1].unit)
        scale = unit_family(unit)[1]
        values = [g.value * unit_family(g.unit)[1] / scale for g in figs]  # 亩 and m² on one axis
        lo, hi = min(0.0, min(values)), max(0.0, max(values))
        step = _nice_step(hi - lo)
        lo, hi = math.floor(lo / step) * step, math.ceil(hi / step) * step or step
        pw, ph = W - LEFT - RIGHT, H - TOP - BOTTOM
        x_of = lambda d: LEFT + 12 + (d - dates[0]) / (dates[-1] - dates[0]) * (pw - 24)  # noqa: E731
        y_of = lambda v: TOP + ph - (v - lo) / (hi - lo) * ph  # noqa: E731
        ticks, t = [], lo
        while t <= hi + step / 2:
            ticks.append((y_of(t), compact(t)))
            t += step
        pts = tuple(ChartPoint(x_of(date_value(g.as_of)), y_of(v), date_value(g.as_of), g.as_of,
                               v, g.text, g.kind, _point_title(cat, g)) for g, v in zip(figs, values))
        out.append(ChartLayout(series.id, series.label_zh, series.label_en, unit, pts, tuple(ticks), color))
    return out


def _segments(points: tuple[ChartPoint, ...]) -> tuple[list[list[ChartPoint]], list[tuple]]:
    """Solid runs between reported values, and single dashed segments that touch a target."""
    solid: list[list[ChartPoint]] = []
    dashed = []
    for a, b in zip(points, points[1:]):
        if "target" in (a.kind, b.kind):
            dashed.append((a, b))
        elif solid and solid[-1][-1] is a:
            solid[-1].append(b)
        else:
            solid.append([a, b])
    return solid, dashed


def _path(pts) -> str:
    return "M" + " L".join(f"{p.x:.1f},{p.y:.1f}" for p in pts)


def chart_svg(lay: ChartLayout) -> str:
    """The chart as one <svg> element: title, axes, lines, points with <title> hover text."""
    c = esc(lay.color)
    base = TOP + (H - TOP - BOTTOM)
    # the namespace in single quotes: inside the export's JSON a double quote would be escaped
    # as \" and the backslash read as part of the address by URL scans
    out = [f'<svg xmlns=\'http://www.w3.org/2000/svg\' class="qj-chart" viewBox="0 0 {W} {H}" width="{W}" '
           f'height="{H}" font-family="{esc(FONT)}" role="img" aria-label="{esc(lay.label_zh)}">',
           f'<rect width="{W}" height="{H}" fill="#ffffff"/>',
           f'<g><title>{esc(lay.label_zh)} · {esc(lay.label_en)}</title>'
           f'<text x="8" y="16" font-size="13" font-weight="bold" fill="#222">{esc(_fit(lay.label_zh, W - 16, 13))}'
           f'</text><text x="8" y="31" font-size="10" fill="#666">单位 unit: {esc(lay.unit)} · '
           f'{esc(_fit(lay.label_en, W - 90 - 6 * len(lay.unit)))}</text></g>']
    for y, label in lay.y_ticks:
        out.append(f'<line x1="{LEFT}" y1="{y:.1f}" x2="{W - RIGHT}" y2="{y:.1f}" stroke="#e0e0e0"/>'
                   f'<text x="{LEFT - 4}" y="{y + 3.5:.1f}" font-size="10" fill="#555" '
                   f'text-anchor="end">{esc(label)}</text>')
    out.append(f'<line x1="{LEFT}" y1="{base}" x2="{W - RIGHT}" y2="{base}" stroke="#888"/>')
    last_x, row = -1e9, 0
    for p in sorted({(p.x, p.as_of) for p in lay.points}):
        row = 1 - row if p[0] - last_x < 46 else 0
        last_x = p[0]
        out.append(f'<text x="{p[0]:.1f}" y="{base + 14 + 12 * row}" font-size="10" fill="#555" '
                   f'text-anchor="middle">{esc(p[1])}</text>')
    solid, dashed = _segments(lay.points)
    out += [f'<path class="qj-actual" d="{_path(run)}" fill="none" stroke="{c}" stroke-width="2"/>' for run in solid]
    out += [f'<path class="qj-target" d="{_path(seg)}" fill="none" stroke="{c}" stroke-width="2" '
            f'stroke-dasharray="{DASH}"/>' for seg in dashed]
    for p in lay.points:
        target = p.kind == "target"
        fill = "#ffffff" if target else c
        dash = ' stroke-dasharray="2 1.5"' if target else ""
        # labels near the ends of the axis run inwards, so they stay inside the chart
        anchor, shift = (("start", -6) if p.x < LEFT + 40 else ("end", 6) if p.x > W - RIGHT - 40
                         else ("middle", 0))
        out.append(f'<g class="qj-pt qj-{esc(p.kind)}"><title>{esc(p.title)}</title>'
                   f'<circle cx="{p.x:.1f}" cy="{p.y:.1f}" r="4" fill="{fill}" stroke="{c}" '
                   f'stroke-width="1.5"{dash}/>'
                   f'<circle cx="{p.x:.1f}" cy="{p.y:.1f}" r="9" fill="#ffffff" fill-opacity="0"/>'
                   f'<text x="{p.x + shift:.1f}" y="{p.y - 8:.1f}" font-size="10" fill="#222" '
                   f'text-anchor="{anchor}">{esc(p.text)}</text></g>')
    if any(p.kind == "target" for p in lay.points):
        y = H - 8
        out.append(f'<line x1="{W - 190}" y1="{y - 3}" x2="{W - 170}" y2="{y - 3}" stroke="{c}" '
                   f'stroke-width="2"/><text x="{W - 166}" y="{y}" font-size="10" fill="#555">实际 reported</text>'
                   f'<line x1="{W - 96}" y1="{y - 3}" x2="{W - 76}" y2="{y - 3}" stroke="{c}" stroke-width="2" '
                   f'stroke-dasharray="{DASH}"/>'
                   f'<text x="{W - 72}" y="{y}" font-size="10" fill="#555">目标 target</text>')
    out.append("</svg>")
    return "".join(out)


def charts_html(cat: Catalogue, f: Feature) -> str:
    """The feature's charts for an HTML popup, or '' when it has no series over two dates."""
    lays = chart_layouts(cat, f, cat.layer(f.layer).color)
    if not lays:
        return ""
    return ('<div class="qj-charts"><h3>变化 Change over time</h3>'
            + "".join(chart_svg(l) for l in lays) + "</div>")
