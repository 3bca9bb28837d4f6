"""The panel's status history, series rows and conflict marks: HTML, then the real Qt panel."""
from __future__ import annotations

import json

from qjmap.model.catalogue import load_catalogue
from qjmap.page.feature_html import feature_html

QUOTE = "衢江港一期工程占地面积385.52 亩，13 个千吨级泊位全天候、全时段调拨作业"


def test_status_history_reads_as_a_sequence(catalogue):
    f = catalogue.feature("port-daluzhang")
    assert len(f.status_history) >= 2
    html = feature_html(catalogue, f)
    first, last = f.status_history[0], f.status_history[-1]
    assert f"({first.as_of}, {first.doc} ¶{first.paragraph})" in html
    assert f"({last.as_of}, {last.doc} ¶{last.paragraph})" in html
    assert html.index(f"{first.doc} ¶{first.paragraph})") < html.index(" → ") < \
        html.index(f"{last.doc} ¶{last.paragraph})")


def test_a_series_is_one_row_with_its_values_by_year_and_article(catalogue):
    html = feature_html(catalogue, catalogue.feature("nb-qujiang"))
    row = next(r for r in html.split("<tr") if "qj-series" in r and "234.2亿元" in r)
    assert "362.7亿元" in row and row.index("2020") < row.index("2024")   # GDP: one row, in date order
    assert "003 ¶5" in row and "系列 series, 2 values" in row


def test_conflicting_figures_are_marked_with_both_sources(catalogue):
    html = feature_html(catalogue, catalogue.feature("com-liangshan-bank"))
    row = next(r for r in html.split("<tr") if "qj-series" in r)
    assert row.count("⚠矛盾") == 2 and "background-color:#fdecea" in row
    tail = html[html.index("数值矛盾 Conflicting figures"):]
    assert "累计帮助当地村集体和农民实现增收超过 2.8 亿元" in tail and "000 ¶23" in tail
    assert "帮助村集体和农民实现增收超 2 亿元" in tail and "001 ¶34" in tail
    assert "⚠" not in feature_html(catalogue, catalogue.feature("port-daluzhang"))  # 13 and 13 agree


def test_untrusted_text_in_series_and_history_is_escaped(tmp_path):
    evil = '<img src=x onerror=alert(1)>`${x}`'
    fig = {"label_zh": evil, "label_en": evil, "value": 13, "unit": "个", "qualifier": "", "text": "13 个",
           "as_of": "2021", "kind": "actual", "doc": "000", "paragraph": 7, "quote": QUOTE, "series": evil}
    layer = {"layer": "ports", "name_zh": "港口", "name_en": "Ports", "color": "#1565c0", "features": [{
        "id": "port-x", "name_zh": evil, "name_en": evil, "geometry_ref": "counties:330803@point",
        "precision": "district", "geometry_source": evil,
        "status_history": [{"status": "planned", "doc": "000", "paragraph": 7, "quote": evil, "as_of": evil}],
        "figures": [fig, {**fig, "as_of": "2022", "text": "15 个", "value": 15}],
        "sources": [{"doc": "000", "paragraph": 7, "quote": QUOTE}]}]}
    (tmp_path / "ports.json").write_text(json.dumps(layer, ensure_ascii=False), encoding="utf-8")
    cat = load_catalogue(tmp_path)
    html = feature_html(cat, cat.feature("port-x"))
    assert "<img" not in html and "`" not in html and "${" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html and "系列 series, 2 values" in html


def test_the_qt_panel_shows_the_conflict(qtbot, window, catalogue):
    window.open_feature("com-liangshan-bank")
    text = window.panel.toPlainText()
    assert "⚠矛盾" in text and "数值矛盾 Conflicting figures" in text
    assert "001 ¶34" in text and "000 ¶23" in text and "状态沿革 status history" in text


def test_the_panel_lists_the_features_drawn_at_the_same_point_without_parsing_the_basemap():
    """The first click must not parse the basemap files to find the stack (it cost ~90 ms)."""
    from collections import Counter
    from qjmap.model.catalogue import load_catalogue
    from qjmap.page.feature_html import colocated, feature_html
    cat = load_catalogue()  # fresh: no geometry reference resolved yet
    refs = Counter(f.geometry_ref for f in cat.features if f.geometry_type == "Point" and f.geometry_ref)
    ref, n = refs.most_common(1)[0]
    f = next(f for f in cat.features if f.geometry_ref == ref)
    html = feature_html(cat, f, links=True)
    assert all(not g.geometry_ for g in cat.features if g.geometry_ref)  # nothing was resolved
    others = colocated(cat, f)
    assert len(others) == n - 1 > 1 and "Other features drawn at this point" in html
    truth = [g for g in cat.features if g is not f and g.geometry_type == "Point" and g.geometry == f.geometry]
    assert {g.id for g in others} == {g.id for g in truth}  # the same stack as the resolved points give
    assert all(f"feature:{g.id}" in html for g in others)
