"""CSV and .xlsx tables of coordinates, every coordinate system choice, through `qjmap import`.

Files are real (written in tmp_path by csv/openpyxl/pyogrio); positions are checked against
published WGS84/GCJ-02/BD-09 triples (tests/data/gcoord_four_provinces.json) and pyproj.
"""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pyproj import Geod, Transformer

from qjmap.io.crs import gauss_kruger, guess_crs, parse_crs
from qjmap.io.problems import ImportProblem
from qjmap.io.reader import read_user_layer
from qjmap.io.table import parse_coordinate

ROOT = Path(__file__).resolve().parent.parent
CITIES = {c["city"]: c for c in json.loads((ROOT / "tests" / "data" / "gcoord_four_provinces.json")
                                              .read_text(encoding="utf-8"))["cities"]}
QZ, JH = CITIES["衢州市"], CITIES["金华市"]
GEOD = Geod(ellps="WGS84")


def metres(a, b) -> float:
    return GEOD.inv(a[0], a[1], b[0], b[1])[2]


def run_import(*args, cwd=None):
    return subprocess.run([sys.executable, "-m", "qjmap", "import", *map(str, args)], cwd=cwd or ROOT,
                          capture_output=True, text=True, timeout=120)


def write_csv(path: Path, header, rows, encoding="utf-8", delimiter=","):
    lines = [delimiter.join(header)] + [delimiter.join(str(v) for v in r) for r in rows]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def write_xlsx(path: Path, header, rows, sheet="项目"):
    import openpyxl
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    ws.append(list(header))
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


def snapshot(folder: Path) -> dict:
    return {p.name: p.read_bytes() for p in folder.iterdir()}


def points(out: Path) -> list:
    return [f["geometry"]["coordinates"] for f in json.loads(out.read_text(encoding="utf-8"))["features"]]


# --- the command line end to end ------------------------------------------------------------
def test_gbk_csv_from_excel_with_amap_coordinates(tmp_path):
    """The common case: Excel on Chinese Windows saves GBK; coordinates copied from AMap."""
    src = write_csv(tmp_path / "项目.csv", ["项目名称", "经度", "纬度"],
                    [["衢州市", *QZ["GCJ02"]], ["金华市", *JH["GCJ02"]]], encoding="gbk")
    out = tmp_path / "out.geojson"
    r = run_import(src, "--crs", "gcj02", "--out", out)
    assert r.returncode == 0, r.stderr
    assert "GB18030" in r.stderr and "check the names" in r.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [f["properties"]["name"] for f in doc["features"]] == ["衢州市", "金华市"]
    assert metres(points(out)[0], QZ["WGS84"]) < 1.0 and metres(points(out)[1], JH["WGS84"]) < 1.0
    assert doc["qjmap"]["encoding"] == "GB18030" and doc["qjmap"]["crs_in"].startswith("GCJ-02")


def test_utf8_bom_csv_with_baidu_coordinates(tmp_path):
    src = write_csv(tmp_path / "baidu.csv", ["name", "lng", "lat"], [["Quzhou", *QZ["BD09"]]], encoding="utf-8-sig")
    out = tmp_path / "out.geojson"
    r = run_import(src, "--crs", "bd09", "--out", out)
    assert r.returncode == 0, r.stderr
    assert metres(points(out)[0], QZ["WGS84"]) < 1.0
    assert json.loads(out.read_text(encoding="utf-8"))["qjmap"]["encoding"] == "UTF-8 (BOM)"


def test_named_columns_and_sheet_of_an_xlsx(tmp_path):
    src = write_xlsx(tmp_path / "sites.xlsx", ["编号", "东", "北", "名称"], [["0570", *QZ["WGS84"], "衢州"]])
    out = tmp_path / "out.geojson"
    r = run_import(src, "--lon", "东", "--lat", "北", "--crs", "wgs84", "--layer", "项目", "--out", out)
    assert r.returncode == 0, r.stderr
    props = json.loads(out.read_text(encoding="utf-8"))["features"][0]["properties"]
    assert props["编号"] == "0570" and props["name"] == "衢州"  # text codes keep their zeros
    assert metres(points(out)[0], QZ["WGS84"]) < 1.0


@pytest.mark.parametrize("args, needle", [
    (["--crs", "EPSG:99999"], "EPSG:99999"),
    (["--crs", "mars"], "wgs84, gcj02, bd09"),
    (["--lon", "经度"], "--lon and --lat go together"),
    (["--lon", "东经", "--lat", "纬度"], "no column named “东经”"),
])
def test_bad_arguments_exit_2_with_both_languages(tmp_path, args, needle):
    src = write_csv(tmp_path / "t.csv", ["经度", "纬度"], [QZ["WGS84"]])
    before = snapshot(tmp_path)
    r = run_import(src, *args, "--out", tmp_path / "out.geojson")
    assert r.returncode == 2 and needle in r.stderr, r.stderr
    zh, en = r.stderr.strip().splitlines()[-2:]
    assert re.search(r"[\u4e00-\u9fff]{4}", zh) and re.search(r"[A-Za-z]{3,} [a-z]{2,} [a-z]{2,}", en), r.stderr
    assert snapshot(tmp_path) == before  # no output, nothing else touched


def test_cli_is_run_from_anywhere_and_writes_nothing_on_failure(tmp_path):
    src = write_csv(tmp_path / "nothing.csv", ["名称", "备注"], [["a", "b"]])
    before = snapshot(tmp_path)
    r = run_import(src, "--out", tmp_path / "out.geojson", cwd="/")
    assert r.returncode == 2
    assert "无法导入“nothing.csv”" in r.stderr and "Cannot import “nothing.csv”: no coordinate columns" in r.stderr
    assert snapshot(tmp_path) == before


# --- every coordinate system choice lands within 1 m ---------------------------------------
def _from_wgs84(epsg: int, lonlat):
    return Transformer.from_crs(4326, epsg, always_xy=True).transform(*lonlat)


@pytest.mark.parametrize("crs", ["wgs84", "gcj02", "bd09", "EPSG:4490", "EPSG:4528", "EPSG:4549", "EPSG:4498",
                                 "EPSG:4509", "EPSG:3857", "EPSG:32650"])
def test_each_choice_converts_to_wgs84_within_1_m(tmp_path, crs):
    c = parse_crs(crs)
    xy = {"wgs84": QZ["WGS84"], "gcj02": QZ["GCJ02"], "bd09": QZ["BD09"]}.get(c.key) or _from_wgs84(c.epsg, QZ["WGS84"])
    src = write_csv(tmp_path / "t.csv", ["X", "Y"], [[f"{xy[0]:.7f}", f"{xy[1]:.7f}"]])
    layer = read_user_layer(src, crs=crs)
    assert metres(layer.features["features"][0]["geometry"]["coordinates"], QZ["WGS84"]) < 1.0


# --- guesses, shown to the user ------------------------------------------------------------
@pytest.mark.parametrize("epsg", [4528, 4549, 4498, 3857])
def test_metres_without_a_crs_are_guessed_and_said(tmp_path, epsg):
    xy = [_from_wgs84(epsg, CITIES[c]["WGS84"]) for c in ("衢州市", "金华市", "上饶市")]
    src = write_xlsx(tmp_path / "survey.xlsx", ["名称", "X坐标", "Y坐标"], [[n, x, y] for n, (x, y) in zip("abc", xy)])
    layer = read_user_layer(src)
    assert layer.crs_in.startswith(f"EPSG:{epsg}") or (epsg == 4498 and layer.crs_in.startswith("EPSG:4498"))
    assert any("no coordinate system given: guessed" in w and "Check the positions" in w for w in layer.warnings)
    assert metres(layer.features["features"][0]["geometry"]["coordinates"], QZ["WGS84"]) < 1.0


def test_surveyors_x_north_y_east_is_swapped_and_said(tmp_path):
    """Chinese survey tables label the northing X and the easting Y."""
    e, n = _from_wgs84(4528, QZ["WGS84"])
    layer = read_user_layer(write_csv(tmp_path / "gk.csv", ["点名", "X", "Y"], [["p1", n, e]]))
    assert any("swapped" in w for w in layer.warnings)
    assert metres(layer.features["features"][0]["geometry"]["coordinates"], QZ["WGS84"]) < 1.0


def test_lonlat_guess_asks_to_confirm_and_names_hint_baidu(tmp_path):
    g = guess_crs([118.86], [28.97])
    assert g.crs.key == "wgs84" and "cannot be told apart" in g.en
    assert guess_crs([118.86], [28.97], "百度坐标.csv 经度 纬度").crs.key == "bd09"
    assert guess_crs([118.86], [28.97], "gaode_lng").crs.key == "gcj02"
    assert guess_crs([5e9], [5e9]).crs is None


def test_nothing_to_guess_from_is_no_crs(tmp_path):
    src = write_csv(tmp_path / "odd.csv", ["x", "y"], [[9e12, 9e12]])
    with pytest.raises(ImportProblem) as info:
        read_user_layer(src)
    assert info.value.kind == "no_crs" and "--crs" in info.value.message


def test_gauss_kruger_numbering_matches_epsg():
    from pyproj import CRS
    for width, cm, prefix, name in [(3, 120, True, "3-degree Gauss-Kruger zone 40"), (3, 120, False, "CM 120E"),
                                    (6, 117, True, "Gauss-Kruger zone 20"), (6, 117, False, "CM 117E")]:
        assert CRS.from_epsg(gauss_kruger(width, cm, prefix).epsg).name.endswith(name)


# --- WKT, DMS, odd cells -------------------------------------------------------------------
def test_wkt_column_with_srid_is_reprojected_and_repaired(tmp_path):
    x0, y0 = _from_wgs84(4549, QZ["WGS84"])
    bow = f"SRID=4549;POLYGON(({x0} {y0},{x0 + 1000} {y0 + 1000},{x0 + 1000} {y0},{x0} {y0 + 1000},{x0} {y0}))"
    pt = f"SRID=4549;POINT({x0} {y0})"
    src = write_csv(tmp_path / "shapes.csv", ["name", "wkt"], [["bow", f'"{bow}"'], ["pt", pt], ["bad", "POINT(("]])
    layer = read_user_layer(src)
    assert layer.n_features == 2 and layer.crs_in.startswith("EPSG:4549")
    assert any("SRID=4549" in w for w in layer.warnings) and any("repaired" in w for w in layer.warnings)
    assert any("1 row(s) left out" in w and "data row 3" in w for w in layer.warnings)
    assert metres(layer.features["features"][1]["geometry"]["coordinates"], QZ["WGS84"]) < 1.0


@pytest.mark.parametrize("cell, value", [("118.87", 118.87), ("１１８．８７", 118.87), ("118°52′12″E", 118.87),
                                         ("东经118度52分12秒", 118.87), ("28°58'N", 28 + 58 / 60), ("W1°30'", -1.5),
                                         (118.87, 118.87), ("", None), ("n/a", None), (True, None)])
def test_coordinate_cells(cell, value):
    got = parse_coordinate(cell)
    assert (got != got) if value is None else got == pytest.approx(value, abs=1e-9)


def test_rows_without_coordinates_are_counted_by_row(tmp_path):
    rows = [["a", *QZ["WGS84"]], ["b", "", ""], ["c", "东经", "x"], ["d", *JH["WGS84"]]]
    layer = read_user_layer(write_csv(tmp_path / "gaps.csv", ["name", "lon", "lat"], rows, delimiter=";"), crs="wgs84")
    assert layer.n_features == 2
    assert any("2 row(s) left out" in w and "data row 2, 3" in w for w in layer.warnings)


# --- bad tables ----------------------------------------------------------------------------
@pytest.mark.parametrize("name, data, kind", [
    ("noise.csv", bytes(range(256)) * 20, "corrupt"),
    ("latin.csv", "name,lon,lat\nCaf\xe9,118.8,28.9\n".encode("latin-1") + b"\xff\xfe\xff", "encoding"),
    ("blank.csv", b"\r\n\r\n", "empty"),
    ("fake.xlsx", b"PK\x03\x04 not really a workbook", "corrupt"),
    ("old.xls", b"\xd0\xcf\x11\xe0" + b"\0" * 100, "unsupported"),
])
def test_bad_tables_are_refused_in_both_languages(tmp_path, name, data, kind):
    path = tmp_path / name
    path.write_bytes(data)
    before = snapshot(tmp_path)
    with pytest.raises(ImportProblem) as info:
        read_user_layer(path, crs="wgs84")
    err = info.value
    assert err.kind == kind, err.message
    zh, en = err.message.split("\n")
    assert name in zh and name in en and "Traceback" not in err.message
    assert snapshot(tmp_path) == before


def test_coordinates_the_chosen_crs_cannot_hold_are_bad_crs(tmp_path):
    src = write_csv(tmp_path / "wrong.csv", ["经度", "纬度"], [[40_500_000, 3_200_000]])
    with pytest.raises(ImportProblem) as info:
        read_user_layer(src, crs="wgs84")
    assert info.value.kind == "bad_crs" and "Pick another coordinate system" in info.value.message


def test_gis_file_digitised_on_amap_can_be_shifted(tmp_path):
    """A shapefile traced over AMap declares WGS84 but carries the GCJ-02 offset: --crs gcj02 removes it."""
    gpd = pytest.importorskip("geopandas")
    from shapely.geometry import Point
    shp = tmp_path / "traced.shp"
    gpd.GeoDataFrame({"name": ["衢州"]}, geometry=[Point(QZ["GCJ02"])], crs=4326).to_file(shp, encoding="UTF-8")
    plain = read_user_layer(shp)
    shifted = read_user_layer(shp, crs="gcj02")
    assert metres(plain.features["features"][0]["geometry"]["coordinates"], QZ["WGS84"]) > 400
    assert metres(shifted.features["features"][0]["geometry"]["coordinates"], QZ["WGS84"]) < 1.0
    assert "GCJ-02" in shifted.crs_in
    os.remove(shp)


def test_gis_file_without_prj_takes_the_crs_given(tmp_path):
    gpd = pytest.importorskip("geopandas")
    from shapely.geometry import Point
    shp = tmp_path / "noprj.shp"
    gpd.GeoDataFrame({"name": ["衢州"]}, geometry=[Point(_from_wgs84(4528, QZ["WGS84"]))], crs=4528).to_file(shp)
    shp.with_suffix(".prj").unlink()
    with pytest.raises(ImportProblem) as info:
        read_user_layer(shp)
    assert info.value.kind == "no_crs" and "EPSG:4528" in info.value.message  # the hint names it
    bare = run_import(shp, "--progress", "--out", tmp_path / "no.geojson")  # what the window reads
    problem = [l for l in bare.stdout.splitlines() if l.startswith("problem ")]
    assert bare.returncode == 2 and len(problem) == 1 and problem[0].startswith("problem no_crs ")
    hints = json.loads(problem[0].split(" ", 2)[2])
    assert hints["x"] == pytest.approx([_from_wgs84(4528, QZ["WGS84"])[0]]) and len(hints["y"]) == 1
    assert not (tmp_path / "no.geojson").exists()
    out = tmp_path / "out.geojson"
    r = run_import(shp, "--crs", "EPSG:4528", "--out", out)
    assert r.returncode == 0, r.stderr
    assert metres(points(out)[0], QZ["WGS84"]) < 1.0 and "as given" in r.stderr


def test_excel_unicode_text_is_utf16_tab_separated(tmp_path):
    """Excel's "Unicode text (*.txt)": UTF-16 with a BOM, tab-separated."""
    src = tmp_path / "导出.txt"
    src.write_bytes(("名称\t经度\t纬度\r\n衢州市\t%s\t%s\r\n" % tuple(QZ["WGS84"])).encode("utf-16"))
    layer = read_user_layer(src, crs="wgs84")
    assert layer.encoding == "UTF-16" and layer.features["features"][0]["properties"]["name"] == "衢州市"
    assert metres(layer.features["features"][0]["geometry"]["coordinates"], QZ["WGS84"]) < 1.0


@pytest.mark.parametrize("lon, lat", [("POINT_X", "POINT_Y"), ("坐标X", "坐标Y"), ("X_COORD", "Y_COORD"), ("经 度", "纬 度"),
                                      ("Lon (WGS84)", "Lat (WGS84)"), ("gcj_lng", "gcj_lat"), ("Easting", "Northing")])
def test_coordinate_columns_are_found_under_the_names_staff_export(lon, lat):
    """ArcGIS's "Add XY Coordinates" (POINT_X), survey sheets (坐标X), spaced and bracketed headers."""
    from qjmap.io.table import Table, find_columns
    found = find_columns(Table("t.csv", ["名称", lon, lat], [["a", 118.87, 28.96]], None, [], True))
    assert (found.lon, found.lat, found.swapped) == (lon, lat, False)


def test_a_the_geom_column_is_found_as_wkt():
    from qjmap.io.table import Table, find_columns
    assert find_columns(Table("t.csv", ["名称", "the_geom"], [["a", "POINT (118.87 28.96)"]], None, [], True)).wkt == "the_geom"
