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

from qjmap.page.chart_svg import chart_layouts, chart_svg, charts_html, date_value

SVG = "{http://www.w3.org/2000/svg}"


def _layout(cat, fid: str, label: str):
    return next(l for l in chart_layouts(cat, cat.feature(fid)) if l.label_zh == label)


def _points(root) -> list:
    return [g for g in root.iter(f"{SVG}g") if "qj-pt" in g.get("class", "").split()]


def test_a_series_over_two_dates_is_one_chart_with_a_point_per_figure(catalogue):
    f = catalogue.feature("nb-quzhou")
    lay = _layout(catalogue, "nb-quzhou", "城镇化率")
    figs = [g for g in f.figures if g.series and g.series == next(h.series for h in f.figures
                                                                   if h.label_zh == "城镇化率")]
    assert len(figs) == len(lay.points) >= 2
    root = ET.fromstring(chart_svg(lay))
    pts = _points(root)
    assert len(pts) == len(figs)
    titles = [g.find(f"{SVG}title").text for g in pts]
    for fig in figs:  # each point names its value, paragraph and quote
        assert any(fig.text in t and f"{fig.doc} ¶{fig.paragraph}" in t and fig.quote in t
                   and catalogue.sources[fig.doc].title in t for t in titles)
    texts = [t.text for t in root.iter(f"{SVG}text")]
    assert all(fig.text in texts for fig in figs)  # values labelled as printed, with their unit
    assert any("unit: %" in (t or "") for t in texts)
    assert not root.findall(f".//{SVG}path[@class='qj-target']")  # no target, nothing dashed
    xs = [float(c.get("cx")) for g in pts for c in g.findall(f"{SVG}circle")[:1]]
    assert xs == sorted(xs) and xs[0] < xs[-1]  # later dates to the right


def test_a_target_is_a_hollow_point_on_a_dashed_segment(catalogue):
    f = catalogue.feature("nb-quzhou")
    lay = next(l for l in chart_layouts(catalogue, f) if any(p.kind == "target" for p in l.points))
    root = ET.fromstring(chart_svg(lay))
    dashed = root.findall(f".//{SVG}path[@class='qj-target']")
    assert dashed and all(p.get("stroke-dasharray") for p in dashed)
    for g in _points(root):
        dot = g.find(f"{SVG}circle")
        assert (dot.get("fill") == "#ffffff") == ("qj-target" in g.get("class"))
    assert "目标 target" in [t.text for t in root.iter(f"{SVG}text")]  # the legend says so


def test_only_series_with_two_dates_get_a_chart(catalogue):
    # the expressway's travel time: now and after opening, both dated 2026 -> no chart
    assert chart_layouts(catalogue, catalogue.feature("cor-yongjinqushang-expwy")) == []
    assert charts_html(catalogue, catalogue.feature("cor-yongjinqushang-expwy")) == ""
    for f in catalogue.features:
        for lay in chart_layouts(catalogue, f):
            assert len({p.date for p in lay.points}) >= 2
    assert date_value("2022") < date_value("2022-09-29") < date_value("2023")
    assert date_value("2012/2022") == date_value("2022")


def test_untrusted_text_is_escaped(catalogue):
    f = catalogue.feature("nb-quzhou")
    bad = "<script>alert(1)</script>&\"`${x}"
    figs = [dataclasses.replace(g, label_zh=bad, text=bad, quote=bad, series="s") for g in f.figures[:1]]
    figs.append(dataclasses.replace(figs[0], as_of="2024"))
    g2 = dataclasses.replace(f, figures=figs, sources=[])
    svg = chart_svg(chart_layouts(catalogue, g2)[0])
    root = ET.fromstring(svg)  # still well-formed XML
    assert "<script" not in svg and not list(root.iter(f"{SVG}script"))
    assert bad in [t.text for t in root.iter(f"{SVG}text")]


def test_the_html_export_draws_the_chart_inline(catalogue):
    from qjmap.page.map_page import data_js
    text = data_js(catalogue, popups=True)
    data = json.loads(re.search(r"window\.QJ_DATA=(\{.*?\});\n", text).group(1).replace("<\\/", "</"))
    popups = {f["id"]: f["properties"]["popup"] for f in data["features"]}
    svgs = re.findall(r"<svg .*?</svg>", popups["nb-quzhou"], re.S)
    assert len(svgs) == len(chart_layouts(catalogue, catalogue.feature("nb-quzhou"))) >= 2
    for s in svgs:
        assert _points(ET.fromstring(s))
        assert "href=" not in s and "http" not in s.replace("http://www.w3.org/2000/svg", "")
    assert "<svg" not in popups["cor-yongjinqushang-expwy"]


def _move(widget, pos: QPointF) -> None:
    ev = QMouseEvent(QEvent.Type.MouseMove, pos, widget.mapToGlobal(pos), Qt.MouseButton.NoButton,
                     Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, ev)


def test_the_panel_shows_the_chart_with_hover_sources(window, qtbot, catalogue, artifacts):
    window.open_feature("cor-yongjinqushang-expwy")
    assert not window.charts.isVisible()
    window.open_feature("nb-quzhou")
    charts = window.charts
    assert charts.isVisible() and len(charts.charts) == len(chart_layouts(catalogue, catalogue.feature("nb-quzhou")))
    w = next(c for c in charts.charts if any(p.kind == "target" for p in c.layout_data.points))
    charts.ensureWidgetVisible(w)
    qtbot.waitUntil(lambda: w.visibleRegion().boundingRect().height() == w.height(), timeout=5000)
    t = w._target()
    s = t.width() / 360
    for pt in w.layout_data.points:  # hovering a point shows its source
        pos = QPointF(t.x() + pt.x * s + 2, t.y() + pt.y * s - 1)
        _move(w, pos)
        assert QToolTip.isVisible() and QToolTip.text() == pt.title
    _move(w, QPointF(t.x() + 4, t.bottom() - 4))
    assert w.point_at(QPointF(t.x() + 4, t.bottom() - 4)) is None and not QToolTip.isVisible()
    img = w.grab()
    (artifacts / "h11a").mkdir(exist_ok=True)
    img.save(str(artifacts / "h11a" / "panel-chart.png"))
    window.grab().save(str(artifacts / "h11a" / "window-chart.png"))
    a = np.asarray(Image.open(artifacts / "h11a" / "panel-chart.png").convert("RGB")).astype(int)
    colour = np.array([int(catalogue.layer("neighbours").color[i:i + 2], 16) for i in (1, 3, 5)])
    dpr = img.devicePixelRatio()
    (a0, a1) = [p for p in w.layout_data.points][:2]
    samples = []  # along the dashed segment: line colour and gaps alternate
    for k in range(10, 91):
        x = (t.x() + (a0.x + (a1.x - a0.x) * k / 100) * s) * dpr
        y = (t.y() + (a0.y + (a1.y - a0.y) * k / 100) * s) * dpr
        near = a[int(y) - 1:int(y) + 2, int(x) - 1:int(x) + 2].reshape(-1, 3)
        samples.append(bool((np.abs(near - colour).sum(axis=1) < 90).any()))
    runs = sum(1 for u, v in zip(samples, samples[1:]) if u != v)
    assert any(samples) and not all(samples) and runs >= 6, samples
