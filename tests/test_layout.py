"""The map picture: names on the map without collisions and no heaps, checked on the layout report.

The default view and the five default bookmarks are exported at 1920×1080 and 3840×2160 with the
real QtWebEngine offscreen (one renderer per size, in process). The page's report says which
labels it drew (text and box), which thematic features were in view and whether they got a label,
and every marker (centre and radius), all in output pixels; each check below can fail: boxes
and circles are compared with each other, with the image bounds and the furniture, and with
the PNG's own pixels (a label box must differ from the same view drawn without labels).
"""
from __future__ import annotations

import json
import subprocess
import sys
from itertools import combinations
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from qjmap.export.options import ExportOptions, parse_size
from qjmap.model.bookmarks import Bookmark, load_defaults

pytestmark = pytest.mark.timeout(400)
ROOT = Path(__file__).resolve().parent.parent
SIZES = ("1920x1080", "3840x2160")
N_VIEWS = 6  # the overview and the five default bookmarks


def _views(cat):
    from qjmap.page.map_page import CENTER
    return [Bookmark("overview", CENTER[0], CENTER[1], 7, [l.id for l in cat.layers])] + load_defaults()


def _image(path) -> np.ndarray:
    return np.asarray(Image.open(path).convert("RGB")).astype(int)


@pytest.fixture(scope="module")
def renders(qapp, catalogue, tmp_path_factory):
    """{(size, view index): (png path, report, view, the same view's map drawn without labels)}."""
    from qjmap.export.render import MapRenderer
    from qjmap.export.run import run_export
    from qjmap.web.capture import evaluate, grab_drawn
    tmp = tmp_path_factory.mktemp("layout")
    hide = "document.querySelectorAll('.qj-lab-layer').forEach(function(e){e.style.display=%s;}) || true"
    out = {}
    for name in SIZES:
        size = parse_size(name)
        renderer = MapRenderer(catalogue, size)
        try:
            for i, view in enumerate(_views(catalogue)):
                png = tmp / f"view{i}-{name}.png"
                res = run_export(catalogue, ExportOptions(png, size), view, renderer=renderer)
                bare = None
                if name == SIZES[0]:  # the same frame without the labels, for the ink check
                    evaluate(renderer.view, hide % "'none'")
                    img = grab_drawn(renderer.view)
                    bare = tmp / f"view{i}-{name}-bare.png"
                    img.save(str(bare))
                    evaluate(renderer.view, hide % "''")
                out[(name, i)] = (png, res.report, view, bare)
        finally:
            renderer.close()
    return out


CASES = [(s, i) for s in SIZES for i in range(N_VIEWS)]


def _overlap(a, b) -> bool:
    return a[0] < b[0] + b[2] and b[0] < a[0] + a[2] and a[1] < b[1] + b[3] and b[1] < a[1] + a[3]


@pytest.mark.parametrize("case", CASES, ids=[f"{s}-view{i}" for s, i in CASES])
def test_labels_and_markers_never_overlap(renders, case):
    png, rep, view, _ = renders[case]
    labels = rep["labels"]
    assert len([l for l in labels if not l["basemap"]]) >= 8, "too few names on the map"
    bad = [(a["text"], b["text"]) for a, b in combinations(labels, 2) if _overlap(a["box"], b["box"])]
    assert bad == [], bad[:5]
    markers = rep["markers"]
    assert markers
    touching = [(a["ids"][0], b["ids"][0]) for a, b in combinations(markers, 2)
                if np.hypot(a["centre"][0] - b["centre"][0], a["centre"][1] - b["centre"][1]) < a["radius"] + b["radius"]]
    assert touching == [], touching[:5]


@pytest.mark.parametrize("case", CASES, ids=[f"{s}-view{i}" for s, i in CASES])
def test_labels_lie_in_the_image_clear_of_the_furniture(renders, case):
    png, rep, view, _ = renders[case]
    w, h = Image.open(png).size
    assert rep["size"] == [w, h]
    assert len(rep["reserved"]) >= 5  # title, legend, scale, north arrow, footer
    for lab in rep["labels"]:
        x, y, bw, bh = lab["box"]
        assert 0 <= x and 0 <= y and x + bw <= w and y + bh <= h, lab
        assert bw > 0 and bh > 0
        hits = [r for r in rep["reserved"] if _overlap(lab["box"], r)]
        assert not hits, (lab["text"], hits)


@pytest.mark.parametrize("case", CASES, ids=[f"{s}-view{i}" for s, i in CASES])
def test_features_in_view_are_named_and_none_is_heaped(renders, case, catalogue):
    png, rep, view, _ = renders[case]
    feats = {f["id"]: f for f in rep["features"]}
    assert len(feats) >= 20
    assert {catalogue.feature(i).layer for i in feats} <= set(view.layers)
    seen = [f for f in feats.values() if not f["covered"]]  # not under the furniture
    labelled = [f for f in seen if f["labelled"]]
    assert len(labelled) >= 0.8 * len(seen), [f["id"] for f in seen if not f["labelled"]]
    if view.feature:
        assert feats[view.feature]["via"] == "own"  # the selected feature is always named
        assert any(view.feature in l["ids"] and l["kind"] == "selected" for l in rep["labels"])
    # every point feature in view is in exactly one marker; shared placements are one marker
    in_markers = [i for m in rep["markers"] for i in m["ids"]]
    assert len(in_markers) == len(set(in_markers))
    points = [i for i in feats if catalogue.feature(i).geometry.get("type") == "Point"]
    assert set(points) <= set(in_markers)
    centres = [tuple(m["centre"]) for m in rep["markers"]]
    assert len(centres) == len(set(centres))
    assert any(m["count"] > 1 for m in rep["markers"])
    if rep["lang"] == "zh":
        assert all(any("\u4e00" <= ch <= "\u9fff" for ch in l["text"]) for l in rep["labels"] if not l["basemap"])


@pytest.mark.parametrize("i", range(N_VIEWS))
def test_at_district_zoom_long_distance_corridors_are_lighter_than_local_ones(renders, i, catalogue):
    """From zoom 10 every regional line is fainter than every local line in view; farther out
    they keep their status style (a planned line 0.55, a built one 0.9)."""
    _, rep, view, _ = renders[(SIZES[0], i)]
    lines = [f for f in rep["features"] if f.get("reach")
             and catalogue.feature(f["id"]).geometry_type in ("LineString", "MultiLineString")]
    regional = [f["stroke"]["opacity"] for f in lines if f["reach"] == "regional"]
    local = [f["stroke"]["opacity"] for f in lines if f["reach"] == "local"]
    if "corridors" not in view.layers:
        assert lines == []
        return
    assert regional, "no long-distance corridor in view"
    if rep["zoom"] >= 10:
        assert local, "no local line in a district view"
        assert max(regional) < min(local), (max(regional), min(local))
        assert max(f["stroke"]["weight"] for f in lines if f["reach"] == "regional") <= 2
    else:
        assert min(regional) >= 0.55


@pytest.mark.parametrize("i", range(N_VIEWS))
def test_every_label_box_shows_its_text(renders, i, artifacts):
    """Against the same frame drawn without labels: each label box must have changed pixels."""
    png, rep, view, bare = renders[(SIZES[0], i)]
    a, b = _image(png), _image(bare)
    (artifacts / "layout").mkdir(exist_ok=True)
    Image.open(png).save(artifacts / "layout" / png.name)
    blank = []
    for lab in rep["labels"]:
        x, y, w, h = (int(round(v)) for v in lab["box"])
        changed = (np.abs(a[y:y + h, x:x + w] - b[y:y + h, x:x + w]).max(axis=-1) > 60).mean()
        if changed < 0.04:
            blank.append((lab["text"], round(float(changed), 3)))
    assert blank == []


@pytest.mark.parametrize("i", range(N_VIEWS))
def test_4k_is_the_1080p_layout_at_twice_the_size(renders, i):
    """Labels scale with the output. Not every one stays put: the furniture's text wraps a little
    differently at 2× (the title box can gain a line), and labels near it move."""
    small, big = renders[(SIZES[0], i)][1], renders[(SIZES[1], i)][1]
    boxes = {}
    for lab in big["labels"]:
        boxes.setdefault((lab["text"], lab["kind"]), []).append(np.array(lab["box"]))
    same = [s for s in small["labels"] if any(np.allclose(b, 2 * np.array(s["box"]), atol=1.0)
                                              for b in boxes.get((s["text"], s["kind"]), []))]
    assert len(same) >= 0.9 * len(small["labels"]), len(same)
    for s in small["labels"]:
        for b in boxes.get((s["text"], s["kind"]), []):
            assert abs(b[3] - 2 * s["box"][3]) <= 1.0  # every label is twice as tall at 4K


def test_cli_writes_the_layout_report(tmp_path):
    out, rep = tmp_path / "m.png", tmp_path / "r.json"
    env = {"XDG_CONFIG_HOME": str(tmp_path / "config"), **{k: v for k, v in __import__("os").environ.items()
                                                              if k not in ("DISPLAY", "WAYLAND_DISPLAY")}}
    r = subprocess.run([sys.executable, "-m", "qjmap", "export", str(out), "--size", "1280x720", "--bookmark", "2",
                        "--lang", "en", "--layout-report", str(rep)], capture_output=True, text=True, cwd=ROOT, env=env,
                       timeout=120)
    assert r.returncode == 0, r.stderr[-2000:]
    assert "WebEnginePage still not deleted" not in r.stderr  # the page goes before its profile
    data = json.loads(rep.read_text("utf-8"))
    assert data["size"] == [1280, 720] and data["labels"] and data["markers"] and data["features"]
    assert data["lang"] == "en" and not [l for l in data["labels"] if any("\u4e00" <= ch <= "\u9fff" for ch in l["text"])]
    assert {"title", "legend", "footer"} <= set(data["furniture"])
    bad = subprocess.run([sys.executable, "-m", "qjmap", "export", str(tmp_path / "m.html"), "--layout-report",
                          str(rep)], capture_output=True, text=True, cwd=ROOT, env=env, timeout=60)
    assert bad.returncode == 2 and "--layout-report needs a PNG or PDF" in bad.stderr


# --- the window: a grouped marker lists its features; a district feature outlines its district ----
def _js(qtbot, view, script):
    box = []
    view.evaluate(f"JSON.stringify({script})", box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=30_000)
    return json.loads(box[0]) if box[0] not in (None, "") else None


def test_a_grouped_marker_lists_its_features_one_click_from_their_figures(qtbot, window, catalogue):
    from PySide6.QtCore import QUrl
    _js(qtbot, window.map, "QJ.setView(28.93, 119.02, 12)")
    qtbot.waitUntil(lambda: _js(qtbot, window.map, "document.querySelectorAll('.qj-group').length") > 0, timeout=30_000)
    ids = _js(qtbot, window.map, """(function(){var best=null;document.querySelectorAll('.qj-group').forEach(function(el){
        var ids=el.getAttribute('data-fids').split(' '); if(!best||ids.length>best.length){best=ids;}}); return best;})()""")
    assert len(ids) >= 10  # the Qujiang district point carries dozens of features
    with qtbot.waitSignal(window.map.bridge.group_clicked, timeout=30_000) as sig:
        _js(qtbot, window.map, """(function(){var els=[].slice.call(document.querySelectorAll('.qj-group'));
            els.sort(function(a,b){return b.getAttribute('data-fids').length-a.getAttribute('data-fids').length;});
            els[0].dispatchEvent(new MouseEvent('click',{bubbles:true,cancelable:true,view:window})); return true;})()""")
    assert sorted(sig.args[0]) == sorted(ids)
    html = window.panel.toHtml()
    for fid in ids:
        assert f'href="feature:{fid}"' in html and catalogue.feature(fid).name_zh in window.panel.toPlainText()
    assert "衢江区" in window.panel.toPlainText()
    with_figures = next(i for i in ids if catalogue.feature(i).figures)
    window._on_anchor(QUrl(f"feature:{with_figures}"))  # the one click
    f = catalogue.feature(with_figures)
    assert window.current_id == f.id and f.figures[0].text in window.panel.toPlainText()


def test_a_district_feature_outlines_its_district_and_no_12_km_circle_is_drawn(qtbot, window, catalogue):
    town = [f for f in catalogue.features if f.precision == "town" and f.geometry.get("type") == "Point"]
    assert _js(qtbot, window.map, "document.querySelectorAll('path.qj-unc').length") == \
        len({(f.layer, tuple(f.geometry["coordinates"])) for f in town})  # town-level ±3 km only
    fid = "port-qujiang-port-area"
    assert catalogue.feature(fid).precision == "district"
    window.open_feature(fid)
    qtbot.waitUntil(lambda: _js(qtbot, window.map, "document.querySelectorAll('path.qj-region-halo').length") > 0,
                    timeout=30_000)
    box = _js(qtbot, window.map, """(function(){var r=document.querySelector('path.qj-region-halo').getBoundingClientRect();
        return [r.width, r.height];})()""")
    assert min(box) > 20  # an area, not a ring around a point
    window.open_feature("port-daluzhang")  # a town-level point keeps a ring halo, no outline
    qtbot.waitUntil(lambda: _js(qtbot, window.map, "document.querySelectorAll('path.qj-region-halo').length") == 0,
                    timeout=30_000)


def test_standalone_html_groups_list_their_features_in_a_popup(qapp, catalogue, tmp_path):
    """No app, no panel: the grouped marker's popup links each feature to its own popup."""
    from PySide6.QtCore import QUrl
    from PySide6.QtWebEngineWidgets import QWebEngineView
    from qjmap.export.run import run_export
    from qjmap.web.capture import evaluate, wait_until
    out = tmp_path / "map.html"
    run_export(catalogue, ExportOptions(out), load_defaults()[1])
    view = QWebEngineView()
    view.resize(1400, 900)
    view.evaluate = lambda js, cb: view.page().runJavaScript(js, 0, cb)  # what capture.evaluate calls
    view.load(QUrl.fromLocalFile(str(out)))
    view.show()
    try:
        assert wait_until(lambda: evaluate(view, "!!(window.QJ && QJ.ready && document.querySelector('.qj-group'))"), 30)
        ids = evaluate(view, """(function(){var els=[].slice.call(document.querySelectorAll('.qj-group'));
            els.sort(function(a,b){return b.getAttribute('data-fids').length-a.getAttribute('data-fids').length;});
            els[0].dispatchEvent(new MouseEvent('click',{bubbles:true,cancelable:true,view:window}));
            return els[0].getAttribute('data-fids').split(' ');})()""")
        links = evaluate(view, "[].map.call(document.querySelectorAll('.leaflet-popup-content li a'), a => a.textContent)")
        assert len(links) == len(ids) > 1
        fid = next(i for i in ids if catalogue.feature(i).figures)
        f = catalogue.feature(fid)
        evaluate(view, f"""(function(){{var a=[].slice.call(document.querySelectorAll('.leaflet-popup-content li a'))
            .filter(function(a){{return a.getAttribute('href')==='#feature={fid}';}})[0];
            a.dispatchEvent(new MouseEvent('click',{{bubbles:true,cancelable:true,view:window}})); return true;}})()""")
        popups = "[].map.call(document.querySelectorAll('.leaflet-popup-content'), e => e.textContent)"
        assert wait_until(lambda: len(evaluate(view, popups)) == 1, 10)  # the list fades out
        text = evaluate(view, popups)[0]
        assert f.name_zh in text and f.figures[0].text in text
    finally:
        view.close()
        view.deleteLater()


def test_place_names_switch_off_and_give_way(qtbot, window):
    def basemap_labels():
        return [l for l in _js(qtbot, window.map, "QJ.layoutReport()")["labels"] if l["basemap"]]
    assert basemap_labels()
    window.layer_panel.set_checked("labels", False)
    qtbot.waitUntil(lambda: not basemap_labels(), timeout=30_000)
    window.layer_panel.set_checked("labels", True)
    qtbot.waitUntil(lambda: bool(basemap_labels()), timeout=30_000)
