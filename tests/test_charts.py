"""Charts of a feature's series: the SVG parsed, the panel widget's pixels and hover text, the HTML export."""
from __future__ import annotations

import dataclasses
import json
import re
import xml.etree.ElementTree as ET

import numpy as np
from PIL import Image
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QToolTip

from qjmap.model.catalogue import Catalogue
from qjmap.page.chart_svg import chart_layouts, chart_svg, charts_html, date_value

SVG = "{http://www.w3.org/2000/svg}"


def _points(root) -> list:
    return [g for g in root.iter(f"{SVG}g") if "qj-pt" in g.get("class", "").split()]


def _charted(cat) -> list:
    """(feature, layouts) for every feature of the real catalogue that has a chart."""
    out = [(f, chart_layouts(cat, f)) for f in cat.features]
    out = [(f, lays) for f, lays in out if lays]
    assert out, "no feature has a series over two dates"
    return out


def _series(cat, *dated: tuple[str, str], **changes):
    """(catalogue, feature): one real feature whose figures are a real one (real doc, paragraph,
    quote) re-dated as one series, in a catalogue of that feature and the real articles."""
    f = next(f for f in cat.features if f.figures)
    figs = [dataclasses.replace(f.figures[0], as_of=as_of, kind=kind, series="test-series",
                                value=f.figures[0].value * (1 + i), **changes) for i, (as_of, kind) in enumerate(dated)]
    g = dataclasses.replace(f, figures=figs)
    return Catalogue(cat.layers, [g], cat.sources), g


def test_a_series_over_two_dates_is_one_chart_with_a_point_per_figure(catalogue):
    for f, lays in _charted(catalogue):
        for lay in lays:
            figs = [g for g in f.figures if g.series == lay.key and date_value(g.as_of) is not None]
            root = ET.fromstring(chart_svg(lay))
            pts = _points(root)
            assert len(pts) == len(figs) == len(lay.points) >= 2
            titles = [g.find(f"{SVG}title").text for g in pts]
            for fig in figs:  # each point names its value, paragraph, quote and article
                assert any(fig.text in t and f"{fig.doc} ¶{fig.paragraph}" in t and fig.quote in t
                           and catalogue.sources[fig.doc].title in t for t in titles)
            texts = [t.text or "" for t in root.iter(f"{SVG}text")]
            assert all(fig.text in texts for fig in figs)  # values labelled as printed, with their unit
            assert any(f"unit: {lay.unit}" in t for t in texts)
            xs = [float(g.find(f"{SVG}circle").get("cx")) for g in pts]
            assert xs == sorted(xs) and xs[0] < xs[-1]  # later dates to the right
            has_target = any(p.kind == "target" for p in lay.points)
            assert bool(root.findall(f".//{SVG}path[@class='qj-target']")) == has_target


def test_a_target_is_a_hollow_point_on_a_dashed_segment(catalogue):
    (lay,) = chart_layouts(*_series(catalogue, ("2020", "actual"), ("2022", "actual"), ("2025", "target")))
    root = ET.fromstring(chart_svg(lay))
    dashed = root.findall(f".//{SVG}path[@class='qj-target']")
    solid = root.findall(f".//{SVG}path[@class='qj-actual']")
    assert len(dashed) == 1 and dashed[0].get("stroke-dasharray") and len(solid) == 1
    assert not solid[0].get("stroke-dasharray")
    for g in _points(root):
        dot = g.find(f"{SVG}circle")
        assert (dot.get("fill") == "#ffffff") == ("qj-target" in g.get("class"))
    assert "目标 target" in [t.text for t in root.iter(f"{SVG}text")]  # the legend says so


def test_only_series_with_two_dates_get_a_chart(catalogue):
    assert chart_layouts(*_series(catalogue, ("2022", "actual"), ("2022", "target"))) == []
    assert chart_layouts(*_series(catalogue, ("2022", "actual"), ("", "target"))) == []
    assert charts_html(*_series(catalogue, ("2022", "actual"))) == ""
    assert len(chart_layouts(*_series(catalogue, ("2021", "actual"), ("2022-09-29", "actual")))) == 1
    for f, lays in _charted(catalogue):
        assert all(len({p.date for p in lay.points}) >= 2 for lay in lays)
    assert date_value("2022") < date_value("2022-09-29") < date_value("2023")
    assert date_value("2012/2022") == date_value("2022") and date_value("") is None


def test_untrusted_text_is_escaped(catalogue):
    bad = "<script>alert(1)</script>&\"`${x}"
    svg = chart_svg(chart_layouts(*_series(catalogue, ("2020", "actual"), ("2024", "target"),
                                           label_zh=bad, text=bad, quote=bad))[0])
    root = ET.fromstring(svg)  # still well-formed XML
    assert "<script" not in svg and not list(root.iter(f"{SVG}script"))
    assert bad in [t.text for t in root.iter(f"{SVG}text")]
    assert all(bad in g.find(f"{SVG}title").text for g in _points(root))


def test_the_html_export_draws_the_chart_inline(catalogue):
    from qjmap.page.map_page import data_js
    text = data_js(catalogue, popups=True)
    data = json.loads(re.search(r"window\.QJ_DATA=(\{.*?\});\n", text).group(1).replace("<\\/", "</"))
    popups = {f["id"]: f["properties"]["popup"] for f in data["features"]}
    charted = {f.id: lays for f, lays in _charted(catalogue)}
    for f in catalogue.features:
        svgs = re.findall(r"<svg .*?</svg>", popups[f.id], re.S)
        assert len(svgs) == len(charted.get(f.id, [])), f.id
        for s, lay in zip(svgs, charted.get(f.id, [])):
            assert len(_points(ET.fromstring(s))) == len(lay.points)
            assert "href=" not in s and "http" not in s.replace("http://www.w3.org/2000/svg", "")


def _move(widget, pos: QPointF) -> None:
    ev = QMouseEvent(QEvent.Type.MouseMove, pos, widget.mapToGlobal(pos), Qt.MouseButton.NoButton,
                     Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, ev)


def _hover_each_point(qtbot, w) -> None:
    t = w._target()
    s = t.width() / 360
    for pt in w.layout_data.points:  # hovering a point shows its source
        _move(w, QPointF(t.x() + pt.x * s + 2, t.y() + pt.y * s - 1))
        assert QToolTip.isVisible() and QToolTip.text() == pt.title
    away = QPointF(t.x() + 4, t.bottom() - 4)
    _move(w, away)
    assert w.point_at(away) is None
    qtbot.waitUntil(lambda: not QToolTip.isVisible(), timeout=5000)  # Qt hides a tooltip after a short delay


def test_the_panel_shows_the_charts_with_hover_sources(window, qtbot, catalogue, artifacts):
    plain = next(f for f in catalogue.features if f.figures and not chart_layouts(catalogue, f))
    window.open_feature(plain.id)
    assert not window.charts.isVisible()
    f, lays = _charted(catalogue)[0]
    window.open_feature(f.id)
    charts = window.charts
    assert charts.isVisible() and [c.layout_data.key for c in charts.charts] == [l.key for l in lays]
    w = charts.charts[0]
    qtbot.waitUntil(lambda: w.visibleRegion().boundingRect().height() == w.height(), timeout=5000)
    assert w.height() == w.width() * 200 // 360  # the chart keeps its shape at the panel's width
    _hover_each_point(qtbot, w)
    (artifacts / "h11a").mkdir(exist_ok=True)
    window.grab().save(str(artifacts / "h11a" / "window-chart.png"))
    window.show_welcome()  # the panel shows something that is not this feature: no charts
    assert not charts.isVisible()


def test_a_target_is_drawn_dashed_in_the_panel(qtbot, qapp, catalogue, artifacts):
    from qjmap.gui.chart import ChartWidget
    (lay,) = chart_layouts(*_series(catalogue, ("2020", "actual"), ("2025", "target")), "#ef6c00")
    w = ChartWidget(lay)
    qtbot.addWidget(w)
    w.resize(720, 400)
    w.show()
    qtbot.waitExposed(w)
    _hover_each_point(qtbot, w)
    img = w.grab()
    (artifacts / "h11a").mkdir(exist_ok=True)
    img.save(str(artifacts / "h11a" / "panel-chart-target.png"))
    a = np.asarray(Image.open(artifacts / "h11a" / "panel-chart-target.png").convert("RGB")).astype(int)
    t, dpr = w._target(), img.devicePixelRatio()
    s = t.width() / 360
    p0, p1 = lay.points
    samples = []  # along the dashed segment, between the two points: line colour and gaps alternate
    for k in range(10, 91):
        x = (t.x() + (p0.x + (p1.x - p0.x) * k / 100) * s) * dpr
        y = (t.y() + (p0.y + (p1.y - p0.y) * k / 100) * s) * dpr
        near = a[int(y) - 1:int(y) + 2, int(x) - 1:int(x) + 2].reshape(-1, 3)
        samples.append(bool((np.abs(near - np.array([0xef, 0x6c, 0x00])).sum(axis=1) < 90).any()))
    changes = sum(1 for u, v in zip(samples, samples[1:]) if u != v)
    assert any(samples) and not all(samples) and changes >= 6, samples


def test_units_of_one_family_share_the_axis(catalogue):
    cat, f = _series(catalogue, ("2020", "actual"), ("2024", "actual"))
    a, b = f.figures
    f.figures[:] = [dataclasses.replace(a, unit="mu", value=3.0), dataclasses.replace(b, unit="m2", value=4000.0)]
    (lay,) = chart_layouts(Catalogue(cat.layers, [f], cat.sources), f)
    assert lay.unit == "m2" and [round(p.value) for p in lay.points] == [2000, 4000]  # 3 亩 = 2000 m²
