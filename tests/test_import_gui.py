"""The table preview dialog, background import (progress, Cancel) and dropped files, in the real
window with QtWebEngine offscreen. Files are real (pyogrio, openpyxl, csv) in tmp_path."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from qjmap.gui import import_dialog, import_runner
from qjmap.gui.import_dialog import ImportPreview, preview_table

from conftest import WAIT

gpd = pytest.importorskip("geopandas")
from shapely.geometry import Point  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.timeout(240)  # a WebEngine hang fails the test instead of the run
CITIES = {c["city"]: c for c in json.loads((ROOT / "tests" / "data" / "gcoord_four_provinces.json")
                                              .read_text(encoding="utf-8"))["cities"]}
QZ = CITIES["衢州市"]


def js(qtbot, view, script):
    box = []
    view.page().runJavaScript(script, 0, box.append)
    qtbot.waitUntil(lambda: bool(box), timeout=WAIT)
    return box[0]


def baidu_csv(path: Path, rows: int = 3) -> Path:
    lines = ["项目名称,百度经度,百度纬度"] + [f"项目{i},{QZ['BD09'][0] + i * 1e-4:.7f},{QZ['BD09'][1]:.7f}" for i in range(rows)]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    return path


# --- the preview dialog --------------------------------------------------------------------
def test_preview_shows_the_guess_and_the_effect_of_the_choice(qtbot, qapp, tmp_path, artifacts):
    dlg = ImportPreview(preview_table(baidu_csv(tmp_path / "百度坐标.csv")))
    qtbot.addWidget(dlg)
    dlg.show()
    assert dlg.choice.crs.currentData() == "bd09"  # the guess (the names say Baidu) is preselected
    assert "Baidu" in dlg.guess.text() and "百度" in dlg.guess.text()
    assert "GB18030" in dlg.info.text()
    assert "118.854661" in dlg.check.text() and import_dialog.tr("inside the four-province region") in dlg.check.text()
    assert dlg.options() == {"crs": "bd09", "lon": "百度经度", "lat": "百度纬度"}
    out = artifacts / "H10a"
    out.mkdir(exist_ok=True)
    dlg.grab().save(str(out / "import-preview.png"))
    dlg.set_crs("EPSG:4528")  # metres CRS for degrees: nothing lands, Import is off
    assert dlg.choice.crs.currentData() == "gk" and dlg.choice.gk.isVisibleTo(dlg)
    assert dlg.check.text() == import_dialog.tr("With this coordinate system no preview row gives a position on Earth.")
    assert not dlg.buttons.button(dlg.buttons.StandardButton.Ok).isEnabled()
    dlg.choice.crs.setCurrentIndex(dlg.choice.crs.findData("epsg"))
    dlg.choice.epsg.setText("EPSG:99999")
    assert dlg.check.text() == import_dialog.tr("Unknown EPSG code.")
    dlg.choice.epsg.setText("4490")
    assert dlg.options()["crs"] == "EPSG:4490"


def test_preview_of_survey_xlsx_picks_the_gauss_kruger_zone(qtbot, qapp, tmp_path):
    import openpyxl
    from pyproj import Transformer
    e, n = Transformer.from_crs(4326, 4528, always_xy=True).transform(*QZ["WGS84"])
    wb = openpyxl.Workbook()
    wb.active.append(["点号", "X", "Y"])  # surveyors' X = northing, Y = easting
    wb.active.append(["K1", n, e])
    wb.save(tmp_path / "测量.xlsx")
    dlg = ImportPreview(preview_table(tmp_path / "测量.xlsx"))
    qtbot.addWidget(dlg)
    assert dlg.choice.crs.currentData() == "gk" and dlg.choice.gk.currentData() == "EPSG:4528"
    assert dlg.options() == {"crs": "EPSG:4528", "lon": "Y", "lat": "X"}  # swapped for the user to see
    assert import_dialog.tr("inside the four-province region") in dlg.check.text()


# --- background import in the window -------------------------------------------------------
def _wait_done(qtbot, window, n=1):
    got = []
    window.importer.done.connect(lambda p, oid: got.append((p, oid)))
    qtbot.waitUntil(lambda: len(got) >= n, timeout=WAIT * 2)
    return got


def test_a_table_goes_through_the_preview_then_the_background(qtbot, window, tmp_path):
    src = baidu_csv(tmp_path / "百度坐标.csv")
    window.importer.add_files([str(src)])
    dlg = window.importer.preview
    assert dlg is not None and dlg.isVisible()
    got = []
    window.importer.done.connect(lambda p, oid: got.append(oid))
    window.importer.layer_added.connect(lambda oid, layer: got.append(layer))
    dlg.accept()
    qtbot.waitUntil(lambda: len(got) == 2, timeout=WAIT * 2)
    layer, oid = got
    assert oid.startswith("ov-") and layer.n_features == 3
    from pyproj import Geod
    lon, lat = layer.features["features"][0]["geometry"]["coordinates"]
    assert Geod(ellps="WGS84").inv(lon, lat, *QZ["WGS84"])[2] < 1.0
    qtbot.waitUntil(lambda: js(qtbot, window.map, f"(QJ.overlayState('{oid}') || {{}}).features") == 3, timeout=WAIT)
    assert not window.importer.bar_box.isVisible()


def test_dropped_files_are_added_and_the_page_does_not_navigate(qtbot, window, tmp_path):
    gdf = gpd.GeoDataFrame({"name": ["樟潭", "大路章"]}, geometry=[Point(118.95, 28.97), Point(118.87, 28.96)], crs=4326)
    gpkg, shp = tmp_path / "a.gpkg", tmp_path / "b.shp"
    gdf.to_file(gpkg, engine="pyogrio")
    gdf.to_crs(4549).to_file(shp, engine="pyogrio")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(gpkg)), QUrl.fromLocalFile(str(shp))])
    target = window.map.focusProxy() or window.map  # the widget under the cursor: WebEngine's own
    args = (Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    for event in (QDragEnterEvent(QPoint(200, 200), *args), QDragMoveEvent(QPoint(210, 200), *args),
                  QDropEvent(QPointF(210, 200), *args)):  # what Qt sends during a drag from the file manager
        QApplication.sendEvent(target, event)
        assert event.isAccepted(), event.type()
    got = _wait_done(qtbot, window, 2)
    assert [Path(p).name for p, _ in got] == ["a.gpkg", "b.shp"] and all(oid for _, oid in got)
    assert js(qtbot, window.map, "typeof QJ === 'object' && location.href.startsWith('qjmap:')")
    assert window.map.guard.blocked == 0


def test_cancel_adds_nothing_and_the_map_answers_meanwhile(qtbot, window, tmp_path):
    big = tmp_path / "big.csv"
    with open(big, "w", encoding="utf-8") as f:
        f.write("name,lon,lat\n")
        for i in range(400_000):
            f.write(f"p{i},{118.5 + (i % 1000) / 1000:.6f},{28.5 + (i // 1000) / 1000:.6f}\n")
    window.importer.enqueue(str(big), {"crs": "wgs84", "lon": "lon", "lat": "lat"})
    proc = window.importer.process
    assert proc is not None and window.importer.bar_box.isVisible()
    # While the child reads, the window's event loop keeps serving the map.
    assert js(qtbot, window.map, "1 + 1") == 2
    assert window.importer.process is proc
    got, added = [], []
    window.importer.done.connect(lambda p, oid: got.append(oid))
    window.importer.layer_added.connect(lambda oid, layer: added.append(oid))
    window.importer.cancel_button.click()
    qtbot.waitUntil(lambda: bool(got), timeout=WAIT)
    assert got == [""] and added == []
    assert import_runner.tr("Import cancelled: nothing was added.") in window.statusBar().currentMessage()
    assert sorted(p.name for p in tmp_path.iterdir() if p.is_file()) == ["big.csv"]


def test_a_gis_file_without_crs_asks_for_one_and_lands_within_a_metre(qtbot, window, tmp_path, artifacts):
    """A Gauss-Krüger Shapefile without .prj: the picker opens with the zone guessed from the
    numbers, says where the first point lands, and the file is read again with the choice."""
    from pyproj import Geod, Transformer
    from qjmap.gui.crs_choice import CrsPicker
    gdf = gpd.GeoDataFrame({"name": ["衢州"]}, geometry=[Point(*Transformer.from_crs(
        4326, 4549, always_xy=True).transform(*QZ["WGS84"]))])  # no crs: no .prj is written
    shp = tmp_path / "测量成果.shp"
    gdf.to_file(shp, engine="pyogrio")
    assert not shp.with_suffix(".prj").exists()
    got, added = [], []
    window.importer.done.connect(lambda p, oid: got.append(oid))
    window.importer.layer_added.connect(lambda oid, layer: added.append(layer))
    window.importer.add_files([str(shp)])
    qtbot.waitUntil(lambda: isinstance(window.importer.preview, CrsPicker), timeout=WAIT * 2)
    dlg = window.importer.preview
    assert got == []  # the file is not finished: the question is open
    assert "测量成果.shp" in dlg.message.text() and "no coordinate system" in dlg.message.text()
    assert dlg.options() == {"crs": "EPSG:4549"}  # 3° zone, CM 120°E, from the numbers
    assert import_dialog.tr("inside the four-province region") in dlg.check.text()
    out = artifacts / "H10a"
    out.mkdir(exist_ok=True)
    dlg.grab().save(str(out / "crs-picker.png"))
    dlg.set_crs("wgs84")  # metres read as degrees land nowhere: Import is off
    assert not dlg.buttons.button(dlg.buttons.StandardButton.Ok).isEnabled()
    dlg.set_crs("EPSG:4549")
    dlg.accept()
    qtbot.waitUntil(lambda: len(got) == 1, timeout=WAIT * 2)
    assert got[0].startswith("ov-") and len(added) == 1
    lon, lat = added[0].features["features"][0]["geometry"]["coordinates"]
    assert Geod(ellps="WGS84").inv(lon, lat, *QZ["WGS84"])[2] < 1.0
    assert "EPSG:4549" in added[0].crs_in


def test_declining_the_crs_question_adds_nothing(qtbot, window, tmp_path):
    from qjmap.gui.crs_choice import CrsPicker
    shp = tmp_path / "无坐标.shp"
    gpd.GeoDataFrame({"name": ["x"]}, geometry=[Point(40_500_000.0, 3_200_000.0)]).to_file(shp, engine="pyogrio")
    got = []
    window.importer.done.connect(lambda p, oid: got.append(oid))
    n_before = len(window.project_state.overlays)
    window.importer.add_files([str(shp)])
    qtbot.waitUntil(lambda: isinstance(window.importer.preview, CrsPicker), timeout=WAIT * 2)
    assert window.importer.preview.options() == {"crs": "EPSG:4528"}  # zone 40 prefix in the easting
    window.importer.preview.reject()
    qtbot.waitUntil(lambda: got == [""], timeout=WAIT)
    assert len(window.project_state.overlays) == n_before
