"""The explorer window with the real QtWebEngine, offscreen: layers, clicks, search, offline."""
from __future__ import annotations

import json
import pytest

pytestmark = pytest.mark.timeout(120)

from conftest import WAIT  # noqa: E402


def js(qtbot, view, script):
    """Evaluate `script` in the page and return its value (via JSON: PySide drops arrays)."""
    box = []
    view.evaluate(f"JSON.stringify({script})", box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=WAIT)
    return json.loads(box[0]) if box[0] not in (None, "") else None




def test_layers_appear(qtbot, window, catalogue):
    ids = js(qtbot, window.map, "QJ.visibleFeatureIds()")
    assert set(ids) == {f.id for f in catalogue.features}
    for layer in catalogue.layers:
        item = window.layer_panel.items[layer.id]
        assert item.text(1) == str(len(catalogue.in_layer(layer.id)))


def test_unchecking_a_layer_removes_its_features(qtbot, window, catalogue):
    ports = {f.id for f in catalogue.in_layer("ports")}
    window.layer_panel.set_checked("ports", False)
    qtbot.waitUntil(lambda: not ports & set(js(qtbot, window.map, "QJ.visibleFeatureIds()")), timeout=WAIT)
    others = set(js(qtbot, window.map, "QJ.visibleFeatureIds()"))
    assert others == {f.id for f in catalogue.features} - ports
    window.layer_panel.set_checked("ports", True)
    qtbot.waitUntil(lambda: ports <= set(js(qtbot, window.map, "QJ.visibleFeatureIds()")), timeout=WAIT)


def test_click_on_the_map_fills_the_panel(qtbot, window, catalogue):
    f = catalogue.feature("port-daluzhang")
    with qtbot.waitSignal(window.map.bridge.feature_clicked, timeout=WAIT) as sig:
        js(qtbot, window.map, """(function(){var el=document.querySelector('.qj-f[data-fid="port-daluzhang"]');
            el.dispatchEvent(new MouseEvent('click',{bubbles:true,cancelable:true,view:window})); return true;})()""")
    assert sig.args == ["port-daluzhang"]
    qtbot.waitUntil(lambda: window.current_id == "port-daluzhang", timeout=WAIT)
    text = window.panel.toPlainText()
    assert f.name_zh in text
    for fig in f.figures:
        assert fig.text in text and fig.label_zh in text
    assert f.sources[0].quote in text
    assert "<mark>" in window.panel.toHtml() or "background-color" in window.panel.toHtml()
    assert js(qtbot, window.map, "QJ.selected()") == "port-daluzhang"


def test_search_finds_by_chinese_english_and_pinyin(qtbot, window):
    assert "port-daluzhang" in window.update_search("大路章")
    assert "port-daluzhang" in window.update_search("Daluzhang")
    assert "port-daluzhang" in window.update_search("dlz")
    window.update_search("大路章")
    window._on_return()
    assert window.current_id == window._results[0]


def test_full_use_makes_no_network_request(qtbot, window, catalogue, artifacts):
    """Start, toggle every layer, click, search: the guard must count zero remote requests."""
    for lid in list(window.layer_panel.items):
        window.layer_panel.set_checked(lid, False)
        window.layer_panel.sliders[lid].setValue(50)
        window.layer_panel.set_checked(lid, True)
    for f in catalogue.features[::7]:
        window.open_feature(f.id, fly=True)
    window.update_search("Daluzhang")
    window._on_return()
    js(qtbot, window.map, "QJ.fitAll()")
    qtbot.wait(1500)
    window.map.grab().save(str(artifacts / "explorer.png"))
    assert window.map.guard.blocked == 0, window.map.guard.blocked_urls
    assert window.map.guard.remote == 0
    assert js(qtbot, window.map, "typeof L.version") == "string"


def test_screenshot_shows_a_map_not_a_blank(qtbot, window, artifacts):
    from PySide6.QtGui import QImage
    window.open_feature("port-daluzhang")
    qtbot.wait(800)
    path = artifacts / "window.png"
    window.grab().save(str(path))
    img = QImage(str(path))
    colours = {img.pixel(x, y) for x in range(0, img.width(), 17) for y in range(0, img.height(), 17)}
    assert len(colours) > 50


def test_html_in_a_feature_name_is_shown_as_text(qtbot, tmp_path, monkeypatch):
    """A hostile name must not become markup, in the page or in the panel."""
    from qjmap.model.catalogue import load_catalogue
    from qjmap.gui.window import MainWindow
    layers = tmp_path / "layers"
    layers.mkdir()
    data = json.loads((__import__("qjmap.paths").paths.resource_path("layers", "ports.json")).read_text("utf-8"))
    evil = '<img id="pwned" src=x onerror="document.title=\'pwned\'">${document.title=`x`}'
    data["features"][0]["name_zh"] = evil
    data["features"][0]["name_en"] = "</script><script>document.title='pwned2'</script>"
    (layers / "ports.json").write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    cat = load_catalogue(layers)
    w = MainWindow(cat)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.map.map_ready, timeout=WAIT):
        w.show()
    fid = data["features"][0]["id"]
    w.open_feature(fid)
    js(qtbot, w.map, f"(function(){{var l=document.querySelector('.qj-f[data-fid=\"{fid}\"]');"
                     "l.dispatchEvent(new MouseEvent('mouseover',{bubbles:true})); return true;})()")
    qtbot.wait(300)
    assert js(qtbot, w.map, "document.getElementById('pwned') === null")
    assert js(qtbot, w.map, "document.title") not in ("pwned", "pwned2", "x")
    assert evil in w.panel.toPlainText()
    w.close()


def test_english_can_be_chosen(qtbot, window):
    from PySide6.QtWidgets import QDialogButtonBox
    from qjmap.gui import i18n
    assert window.layer_panel.items["ports"].text(0) == "港口"
    assert window.file_menu.title().startswith("文件")
    def cancel() -> str:
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        return box.button(QDialogButtonBox.StandardButton.Cancel).text()
    assert cancel() == "取消"  # Qt's own strings too (the import and close dialogs' buttons)
    window.set_language("en")
    try:
        assert window.file_menu.title() == "&File"
        assert window.layer_panel.items["ports"].text(0) == "Ports"
        assert cancel() == "Cancel"
    finally:
        window.set_language("zh")
    assert i18n.current() == "zh"


def test_guard_blocks_and_counts_a_remote_request(qtbot, window):
    """The zero count above means something only if the guard does catch a remote request.

    Offline, Chromium's LocalContentCanAccessRemoteUrls=off already stops remote loads
    before the guard; an online tile provider lifts that, so the guard must hold alone.
    """
    assert js(qtbot, window.map, "(function(){var i=new Image(); i.src='https://a.example.invalid/x.png';"
                                 " return true;})()")
    window.layer_panel.set_checked("ports", False)
    with qtbot.waitSignal(window.map.map_ready, timeout=WAIT):  # the page reloads with remote access
        window.map.allow_remote({"allowed.example.invalid"})
    assert not set(js(qtbot, window.map, "QJ.visibleFeatureIds()")) & {"port-daluzhang"}  # state replayed
    js(qtbot, window.map, "(function(){var i=new Image(); i.src='https://tile.example.invalid/1.png'; return true;})()")
    qtbot.waitUntil(lambda: window.map.guard.blocked >= 1, timeout=WAIT)
    assert "example.invalid" in window.map.guard.blocked_urls[0]


def _tiny_mbtiles(path):
    import sqlite3
    from PySide6.QtCore import QBuffer, QIODevice
    from PySide6.QtGui import QColor, QImage
    img = QImage(256, 256, QImage.Format.Format_RGB32)
    img.fill(QColor("#3366cc"))
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    img.save(buf, "PNG")
    png = bytes(buf.data())
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE metadata (name TEXT, value TEXT)")
        db.execute("CREATE TABLE tiles (zoom_level INT, tile_column INT, tile_row INT, tile_data BLOB)")
        db.executemany("INSERT INTO metadata VALUES (?,?)", [("name", "test"), ("attribution", "test tiles"),
                                                             ("maxzoom", "7")])
        for x in range(100, 112):
            for y in range(48, 60):
                db.execute("INSERT INTO tiles VALUES (7,?,?,?)", (x, (1 << 7) - 1 - y, png))


def test_mbtiles_basemap_is_served_without_network(qtbot, window, tmp_path):
    from qjmap.gui.tiles import MBTilesError, mbtiles_info
    path = tmp_path / "t.mbtiles"
    _tiny_mbtiles(str(path))
    assert mbtiles_info(str(path))["tiles"] == 144
    window.tile_menu.use_mbtiles(str(path))
    js(qtbot, window.map, "QJ.setView(28.9, 118.9, 7)")
    qtbot.waitUntil(lambda: js(qtbot, window.map, "document.querySelectorAll('.leaflet-tile-loaded').length") > 0,
                    timeout=WAIT)
    assert window.map.scheme.served > 0
    assert window.map.guard.blocked == 0
    bad = tmp_path / "bad.mbtiles"
    bad.write_bytes(b"not a database at all" * 100)
    with pytest.raises(MBTilesError):
        mbtiles_info(str(bad))


def test_a_users_gbk_shapefile_becomes_an_overlay_with_names_as_text(qtbot, window, tmp_path):
    """Real GDAL write and read: GBK without .cpg, HTML in a name, then a corrupt file."""
    import geopandas as gpd
    from shapely.geometry import Point
    from qjmap.gui.overlays import add_overlay
    names = ["樟潭街道", '<img id="pwn" src=x onerror="document.title=1">']
    gdf = gpd.GeoDataFrame({"name": names}, geometry=[Point(118.95, 28.97), Point(119.0, 29.0)], crs="EPSG:4326")
    shp = tmp_path / "mine.shp"
    gdf.to_file(shp, engine="pyogrio", encoding="GBK")
    (tmp_path / "mine.cpg").unlink()
    with qtbot.waitSignal(window.importer.done, timeout=WAIT) as done:
        add_overlay(window, str(shp))  # read in a child process (`qjmap import`)
    oid = done.args[1]
    assert done.args[0] == str(shp) and oid.startswith("ov-")
    state = lambda: js(qtbot, window.map, f"QJ.overlayState('{oid}')") or {}  # noqa: E731
    qtbot.waitUntil(lambda: state().get("features") == 2 and state().get("props"), timeout=WAIT)
    assert "GB18030" in window.statusBar().currentMessage()
    assert window.layer_panel.items[oid].text(1) == "2"
    # a real click on the hostile point (canvas: the map finds the feature under the mouse)
    x, y = js(qtbot, window.map, f"QJ.overlayPoint('{oid}', 1)")
    js(qtbot, window.map, f"(function(){{var c=document.querySelector('.leaflet-container'),r=c.getBoundingClientRect();"
                          f"c.dispatchEvent(new MouseEvent('click',{{bubbles:true,clientX:r.left+{x},clientY:r.top+{y}}}));"
                          "return true;})()")
    qtbot.waitUntil(lambda: bool(js(qtbot, window.map, "!!document.querySelector('.qj-ov-attrs')")), timeout=WAIT)
    assert js(qtbot, window.map, "document.getElementById('pwn') === null")
    popup = js(qtbot, window.map, "(document.querySelector('.leaflet-popup-content')||{}).innerText || ''")
    assert names[1] in popup  # the hostile name is shown as its literal text
    window.layer_panel.set_checked(oid, False)
    qtbot.waitUntil(lambda: state().get("shown") is False, timeout=WAIT)
    bad = tmp_path / "broken.geojson"
    bad.write_bytes(b"\x00\xffnot json" * 50)
    with qtbot.waitSignal(window.importer.done, timeout=WAIT) as done:
        add_overlay(window, str(bad))
    assert done.args == [str(bad), ""]
    assert "broken.geojson" in window.statusBar().currentMessage()
    assert window.map.guard.blocked == 0


def _count_near(img, rgb, tol=40) -> int:
    import numpy as np
    from PySide6.QtGui import QImage
    img = img.convertToFormat(QImage.Format.Format_RGB888)
    a = np.frombuffer(img.constBits(), np.uint8).reshape(img.height(), img.bytesPerLine())[:, :img.width() * 3]
    a = a.reshape(img.height(), img.width(), 3).astype(int)
    return int((np.abs(a - np.array(rgb)).sum(axis=2) < tol).sum())


@pytest.mark.parametrize("lid, rgb", [("rivers", (106, 166, 214)), ("neighbours", (239, 108, 0))])
def test_opacity_slider_fades_a_layer_drawn_on_the_shared_canvas(qtbot, window, lid, rgb):
    """Rivers (basemap) and the neighbours' outlines share one canvas: the slider still fades each."""
    from qjmap.web.capture import grab_drawn
    before = _count_near(grab_drawn(window.map), rgb)
    assert before > 500, before
    window.layer_panel.sliders[lid].setValue(0)
    try:
        after = _count_near(grab_drawn(window.map), rgb)
    finally:
        window.layer_panel.sliders[lid].setValue(100)
    assert after < before * 0.3, (before, after)  # what stays: the layer's names, in its colour
    assert _count_near(grab_drawn(window.map), rgb) > before * 0.9


def test_the_window_draws_the_basemap_as_svg_and_culls_what_is_out_of_view(qtbot, window):
    """fastbase.js: SVG in the window (a canvas holds back its first frame), one transform per view,
    and shapes wholly outside the view are not drawn."""
    count = "[document.querySelectorAll('.leaflet-bm-base-pane canvas').length, " \
            "Array.prototype.filter.call(document.querySelectorAll('.qj-fastbase path'), " \
            "function (p) { return p.style.display !== 'none'; }).length]"
    canvases, shown_wide = js(qtbot, window.map, count)
    assert canvases == 0 and shown_wide > 300
    window.map.call("setView", 28.985, 118.96, 11)
    qtbot.waitUntil(lambda: js(qtbot, window.map, count)[1] < shown_wide / 5, timeout=WAIT)
    window.map.call("fitAll")
    qtbot.waitUntil(lambda: js(qtbot, window.map, count)[1] == shown_wide, timeout=WAIT)
