"""User file import: real files written in tmp_path by pyogrio, read back, good and bad."""
from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

gpd = pytest.importorskip("geopandas")
pyogrio = pytest.importorskip("pyogrio")
from pyproj import Geod  # noqa: E402
from shapely.geometry import Point, Polygon, shape  # noqa: E402

from qjmap.io.reader import ImportProblem, read_user_layer  # noqa: E402

QUZHOU = (118.87, 28.96)
NAMES = ["衢江港区大路章作业区", "樟潭街道"]
GEOD = Geod(ellps="WGS84")


def frame(names=NAMES, crs=4326, **extra):
    pts = [Point(QUZHOU), Point(118.9, 28.95)][:len(names)]
    return gpd.GeoDataFrame({"name": names, **extra}, geometry=pts, crs=crs)


def write_shp(gdf, path: Path, encoding="UTF-8", cpg=True, prj=True, ldid=None) -> Path:
    pyogrio.write_dataframe(gdf, path, encoding=encoding)
    if not cpg:
        path.with_suffix(".cpg").unlink()
    if not prj:
        path.with_suffix(".prj").unlink(missing_ok=True)
    if ldid is not None:
        with open(path.with_suffix(".dbf"), "r+b") as f:
            f.seek(29)
            f.write(bytes([ldid]))
    return path


def names_of(layer) -> list:
    return [f["properties"]["name"] for f in layer.features["features"]]


def metres(a, b) -> float:
    return GEOD.inv(a[0], a[1], b[0], b[1])[2]


def problem(path, kind, **kw) -> ImportProblem:
    """Read, expect ImportProblem(kind), and check the message is fit for a user."""
    with pytest.raises(ImportProblem) as info:
        read_user_layer(path, **kw)
    err = info.value
    assert err.kind == kind, err.message
    zh, en = err.message.split("\n")
    name = Path(path).name
    assert name in zh and name in en
    assert re.search(r"[\u4e00-\u9fff]", zh), zh
    assert re.search(r"[A-Za-z]{3,} [a-z]{2,} [a-z]{2,}", en), en
    assert "Traceback" not in err.message and str(err) == err.message
    return err


# --- encodings ------------------------------------------------------------------------------
def test_utf8_shapefile_with_cpg(tmp_path):
    shp = write_shp(frame(), tmp_path / "utf8.shp")
    layer = read_user_layer(shp)
    assert names_of(layer) == NAMES
    assert layer.encoding == "UTF-8" and layer.warnings == []
    assert layer.n_features == 2 and layer.name == "utf8" and layer.crs_in.startswith("EPSG:4326")


def test_gdal_alone_turns_gbk_without_cpg_into_mojibake(tmp_path):
    """Why the importer picks the encoding itself (QTWEB-NOTES pitfall 7): no error, wrong text."""
    shp = write_shp(frame(), tmp_path / "gbk.shp", encoding="GBK", cpg=False)
    assert pyogrio.read_dataframe(shp)["name"].tolist() != NAMES
    with pytest.raises(UnicodeDecodeError):  # the strict decode the importer relies on
        pyogrio.read_dataframe(shp, encoding="UTF-8")


def test_gbk_shapefile_without_cpg_is_detected_and_said(tmp_path):
    shp = write_shp(frame(), tmp_path / "gbk.shp", encoding="GBK", cpg=False)
    layer = read_user_layer(shp)
    assert names_of(layer) == NAMES
    assert layer.encoding == "GB18030"
    assert any("no .cpg: read as GB18030" in w and "check the names" in w for w in layer.warnings)
    assert "\ufffd" not in json.dumps(layer.features, ensure_ascii=False)


def test_gbk_field_names_without_cpg(tmp_path):
    gdf = gpd.GeoDataFrame({"名称": NAMES, "所属区县": ["衢江区", "衢江区"]},
                           geometry=[Point(QUZHOU), Point(118.9, 28.95)], crs=4326)
    layer = read_user_layer(write_shp(gdf, tmp_path / "fields.shp", encoding="GBK", cpg=False))
    props = layer.features["features"][0]["properties"]
    assert props["名称"] == NAMES[0] and props["所属区县"] == "衢江区"
    assert props["name"] == NAMES[0] and layer.name_field == "名称"


@pytest.mark.parametrize("ldid", [0x4D, 0x57])
def test_dbf_language_byte(tmp_path, ldid):
    """GDAL decodes LDID 0x4D as CP936 (right) and 0x57 "ANSI" as CP1252 (mojibake); we get both right."""
    shp = write_shp(frame(), tmp_path / "ldid.shp", encoding="GBK", cpg=False, ldid=ldid)
    gdal_names = pyogrio.read_dataframe(shp)["name"].tolist()
    assert (gdal_names == NAMES) == (ldid == 0x4D)
    layer = read_user_layer(shp)
    assert names_of(layer) == NAMES and layer.encoding == "GB18030"
    assert any(("0x4D" in w) == (ldid == 0x4D) for w in layer.warnings if ".cpg" in w)


def test_wrong_cpg_is_an_encoding_problem_naming_the_cpg(tmp_path):
    """Decision: a .cpg is a declaration; when it lies we stop rather than guess (a guess can
    be silent mojibake) and tell the user to delete or fix it."""
    shp = write_shp(frame(), tmp_path / "liar.shp", encoding="GBK")
    shp.with_suffix(".cpg").write_text("UTF-8")
    err = problem(shp, "encoding")
    assert "liar.cpg" in err.message and "GBK" in err.message
    shp.with_suffix(".cpg").unlink()  # following the advice works
    assert names_of(read_user_layer(shp)) == NAMES


def test_ascii_shapefile_without_cpg_needs_no_warning(tmp_path):
    layer = read_user_layer(write_shp(frame(["Quzhou", "Zhangtan"]), tmp_path / "ascii.shp", cpg=False))
    assert names_of(layer) == ["Quzhou", "Zhangtan"] and layer.warnings == []


def test_geojson_that_is_not_utf8(tmp_path):
    fc = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": NAMES[1]}, "geometry": {"type": "Point", "coordinates": QUZHOU}}]}
    path = tmp_path / "gbk.geojson"
    path.write_bytes(json.dumps(fc, ensure_ascii=False).encode("gbk"))
    problem(path, "encoding")


# --- damaged and missing files --------------------------------------------------------------
def test_missing_file(tmp_path):
    problem(tmp_path / "nowhere.shp", "missing")


def test_truncated_shp(tmp_path):
    """GDAL reads a cut .shp as features with no geometry, without error; we check the header."""
    polys = [Polygon([(118 + i * 1e-3, 28.9), (118.0005 + i * 1e-3, 28.9), (118 + i * 1e-3, 28.901)])
             for i in range(200)]
    shp = tmp_path / "cut.shp"
    pyogrio.write_dataframe(gpd.GeoDataFrame({"n": range(200)}, geometry=polys, crs=4326), shp)
    data = shp.read_bytes()
    shp.write_bytes(data[:int(len(data) * 0.7)])
    assert pyogrio.read_dataframe(shp).geometry.isna().sum() > 0  # GDAL: silent loss
    err = problem(shp, "corrupt")
    assert "cut short" in err.message


def test_truncated_shp_header(tmp_path):
    shp = write_shp(frame(), tmp_path / "stub.shp")
    shp.write_bytes(shp.read_bytes()[:60])
    problem(shp, "corrupt")


def test_random_bytes_named_geojson(tmp_path):
    path = tmp_path / "noise.geojson"
    path.write_bytes(os.urandom(4096))
    err = problem(path, "corrupt")
    assert "GDAL says:" in err.message and err.detail


def test_broken_geojson_text(tmp_path):
    path = tmp_path / "half.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"coordinates": [1,')
    problem(path, "corrupt")


@pytest.mark.parametrize("gone", [".dbf", ".shx"])
def test_missing_companion_file(tmp_path, gone):
    """Decision: a missing .dbf is an error, not a geometry-only read (GDAL's default), because
    all names and attributes would be lost; the message says to copy the parts together."""
    shp = write_shp(frame(), tmp_path / "parts.shp")
    shp.with_suffix(gone).unlink()
    err = problem(shp, "corrupt")
    assert gone in err.message


def test_mismatched_parts(tmp_path):
    shp = write_shp(frame(), tmp_path / "a.shp")
    other = write_shp(frame(["x"]), tmp_path / "b.shp")
    shp.with_suffix(".dbf").write_bytes(other.with_suffix(".dbf").read_bytes())
    problem(shp, "corrupt")


def test_not_a_zip(tmp_path):
    path = tmp_path / "fake.zip"
    path.write_bytes(os.urandom(500))
    problem(path, "corrupt")


def test_unsupported_type(tmp_path):
    path = tmp_path / "notes.docx"
    path.write_bytes(b"PK\x03\x04")
    problem(path, "unsupported")


# --- size -----------------------------------------------------------------------------------
def test_sparse_200_mb_is_refused_fast(tmp_path):
    path = tmp_path / "huge.geojson"
    with open(path, "wb") as f:
        f.truncate(200 * 1024 * 1024)
    t = time.perf_counter()
    err = problem(path, "too_large")
    assert time.perf_counter() - t < 1.0
    assert "200.0 MB" in err.message and "100.0 MB" in err.message and "Clip" in err.message


def test_shapefile_size_counts_the_dbf(tmp_path):
    shp = write_shp(frame(), tmp_path / "wide.shp")
    with open(shp.with_suffix(".dbf"), "r+b") as f:
        f.truncate(120 * 1024 * 1024)
    problem(shp, "too_large")


def test_zip_limit_counts_unpacked_size(tmp_path):
    shp = write_shp(frame(), tmp_path / "z.shp")
    zpath = tmp_path / "bomb.zip"
    with zipfile.ZipFile(zpath, "w", zipfile.ZIP_DEFLATED) as z:
        for s in (".shp", ".shx", ".prj", ".cpg"):
            z.write(shp.with_suffix(s), f"z{s}")
        z.writestr("z.dbf", b"\0" * (2 * 1024 * 1024))
    assert zpath.stat().st_size < 100 * 1024
    err = problem(zpath, "too_large", max_bytes=1024 * 1024)
    assert "unpacked" in err.message


# --- coordinate systems ---------------------------------------------------------------------
def test_web_mercator_geopackage_comes_back_in_lonlat(tmp_path):
    path = tmp_path / "mercator.gpkg"
    pyogrio.write_dataframe(frame().to_crs(3857), path)
    layer = read_user_layer(path)
    assert layer.crs_in.startswith("EPSG:3857")
    got = layer.features["features"][0]["geometry"]["coordinates"]
    assert metres(got, QUZHOU) < 1.0
    assert layer.warnings == []


def test_cgcs2000_gauss_kruger_shapefile_is_reprojected(tmp_path):
    """EPSG:4549 is CGCS2000 3-degree GK CM 120E (118.5-121.5E, Quzhou city); 4527 is zone 39 (115.5-118.5E)."""
    shp = write_shp(frame().to_crs(4549), tmp_path / "gk.shp")
    assert shp.with_suffix(".prj").exists()
    layer = read_user_layer(shp)
    assert layer.crs_in.startswith("EPSG:4549")
    got = layer.features["features"][0]["geometry"]["coordinates"]
    assert metres(got, QUZHOU) < 1.0
    assert all(len(str(c).split(".")[-1]) <= 6 for c in got)


def test_no_prj_with_lonlat_is_assumed_wgs84(tmp_path):
    layer = read_user_layer(write_shp(frame(), tmp_path / "noprj.shp", prj=False))
    assert layer.crs_in.startswith("none")
    assert any("WGS84" in w and "check the position" in w for w in layer.warnings)
    assert metres(layer.features["features"][0]["geometry"]["coordinates"], QUZHOU) < 1.0


def test_no_prj_with_metres_is_refused(tmp_path):
    gdf = frame().to_crs(4528)  # zone 40 with the 40 prefix on the easting
    err = problem(write_shp(gdf, tmp_path / "metres.shp", prj=False), "no_crs")
    assert "EPSG:4528" in err.message


def test_declared_lonlat_with_metre_values_is_bad_crs(tmp_path):
    gdf = frame().to_crs(4549).set_crs(4326, allow_override=True)
    path = tmp_path / "liar.gpkg"
    pyogrio.write_dataframe(gdf, path)
    problem(path, "bad_crs")


@pytest.mark.parametrize("crs, xy", [(3857, (0, 1e9)), (4549, (40_500_000, 3_200_000))])
def test_coordinates_the_crs_cannot_hold_are_bad_crs(tmp_path, crs, xy):
    """Mercator y=1e9 lands exactly on the pole and a zone-prefixed easting in a prefix-less
    GK CRS gives finite nonsense: the round trip back catches both."""
    path = tmp_path / "absurd.gpkg"
    pyogrio.write_dataframe(gpd.GeoDataFrame({"name": ["x"]}, geometry=[Point(xy)], crs=crs), path)
    problem(path, "bad_crs")


def test_far_away_data_is_kept_with_a_warning(tmp_path):
    path = tmp_path / "beijing.geojson"
    pyogrio.write_dataframe(gpd.GeoDataFrame({"name": ["天安门"]}, geometry=[Point(116.39, 39.91)], crs=4326), path)
    layer = read_user_layer(path)
    assert layer.n_features == 1
    assert any("nowhere near the four-province region" in w for w in layer.warnings)


# --- geometry and attributes ----------------------------------------------------------------
def test_html_in_a_name_stays_literal_text(tmp_path):
    evil = "<img src=x onerror=alert(1)>"
    path = tmp_path / "evil.geojson"
    pyogrio.write_dataframe(frame([evil, "樟潭街道"]), path)
    props = read_user_layer(path).features["features"][0]["properties"]
    assert props["name"] == evil  # escaping is the page's job: it must insert text, not HTML


def test_empty_geojson(tmp_path):
    path = tmp_path / "empty.geojson"
    path.write_text('{"type": "FeatureCollection", "features": []}')
    problem(path, "empty")


def test_zero_byte_file(tmp_path):
    path = tmp_path / "zero.geojson"
    path.write_bytes(b"")
    problem(path, "empty")


def test_bow_tie_is_repaired_and_said(tmp_path):
    path = tmp_path / "bowtie.geojson"
    bow = Polygon([(118.8, 28.9), (118.9, 29.0), (118.9, 28.9), (118.8, 29.0)])
    pyogrio.write_dataframe(gpd.GeoDataFrame({"name": ["bow"]}, geometry=[bow], crs=4326), path)
    layer = read_user_layer(path)
    geom = shape(layer.features["features"][0]["geometry"])
    assert geom.is_valid and geom.geom_type == "MultiPolygon" and len(geom.geoms) == 2  # both halves kept
    assert math.isclose(geom.area, 0.005, rel_tol=1e-6)
    assert any("1 invalid geometry" in w and "repaired" in w for w in layer.warnings)


def test_features_without_geometry_are_counted(tmp_path):
    path = tmp_path / "nulls.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "有"}, "geometry": {"type": "Point", "coordinates": QUZHOU}},
        {"type": "Feature", "properties": {"name": "无"}, "geometry": None}]}, ensure_ascii=False))
    layer = read_user_layer(path)
    assert names_of(layer) == ["有"]
    assert any("1 feature(s) with no geometry" in w for w in layer.warnings)


def test_only_null_geometries_is_empty(tmp_path):
    path = tmp_path / "allnull.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": {"name": "无"}, "geometry": None}]}))
    err = problem(path, "empty")
    assert "none has a geometry" in err.message


def test_attributes_are_json_safe(tmp_path):
    path = tmp_path / "types.gpkg"
    gdf = frame(["a", None], count=[1, 2], ratio=[0.5, float("nan")],
                day=gpd.pd.to_datetime(["2024-05-01", None]), ok=[True, False])
    pyogrio.write_dataframe(gdf, path)
    layer = read_user_layer(path)
    text = json.dumps(layer.features, allow_nan=False, ensure_ascii=False)
    p0, p1 = (f["properties"] for f in json.loads(text)["features"])
    assert p0["count"] == 1 and p0["ratio"] == 0.5 and p0["day"].startswith("2024-05-01") and p0["ok"] is True
    assert p1["ratio"] is None and p1["day"] is None and p1["name"] is None
    assert layer.bbox == (118.87, 28.95, 118.9, 28.96)


def test_name_falls_back_to_first_text_column(tmp_path):
    gdf = gpd.GeoDataFrame({"code": [1, 2], "地点": NAMES}, geometry=[Point(QUZHOU), Point(118.9, 28.95)], crs=4326)
    path = tmp_path / "noname.geojson"
    pyogrio.write_dataframe(gdf, path)
    layer = read_user_layer(path)
    assert names_of(layer) == NAMES and layer.name_field == "地点"


# --- containers -----------------------------------------------------------------------------
def test_zipped_folder_of_gbk_shapefile(tmp_path):
    """GDAL only opens shapefiles at a zip's root; staff zip the folder."""
    shp = write_shp(frame(), tmp_path / "港区.shp", encoding="GBK", cpg=False)
    zpath = tmp_path / "港区.shp.zip"
    with zipfile.ZipFile(zpath, "w") as z:
        for s in (".shp", ".shx", ".dbf", ".prj"):
            z.write(shp.with_suffix(s), f"导出/港区{s}")
    layer = read_user_layer(zpath)
    assert names_of(layer) == NAMES and layer.name == "港区" and layer.encoding == "GB18030"


def test_zip_with_gbk_member_names(tmp_path):
    """Chinese Windows zips GBK names without the UTF-8 flag: the data is found, and the
    names in messages are readable (Python and GDAL both see CP437 mojibake)."""
    shp = write_shp(frame(), tmp_path / "abcd.shp", encoding="GBK", cpg=False)

    def windows_zip(name, suffixes):
        zpath = tmp_path / name
        with zipfile.ZipFile(zpath, "w") as z:
            for s in suffixes:
                z.write(shp.with_suffix(s), f"abcd{s}")
        zpath.write_bytes(zpath.read_bytes().replace(b"abcd.", "港区.".encode("gbk")))
        assert "港区.shp" not in zipfile.ZipFile(zpath).namelist()
        return zpath

    layer = read_user_layer(windows_zip("full.zip", (".shp", ".shx", ".dbf", ".prj")))
    assert names_of(layer) == NAMES
    err = problem(windows_zip("nodbf.zip", (".shp", ".shx")), "corrupt")
    assert "港区.shp" in err.message and ".dbf" in err.message


def test_dropping_a_lone_sidecar(tmp_path):
    dbf = tmp_path / "orphan.dbf"
    dbf.write_bytes(b"\x03" + b"\0" * 40)
    problem(dbf, "missing")


def test_dropping_the_dbf_reads_the_shapefile(tmp_path):
    shp = write_shp(frame(), tmp_path / "side.shp")
    assert names_of(read_user_layer(shp.with_suffix(".dbf"))) == NAMES


def test_kml_folders_become_one_overlay(tmp_path):
    if not {"KML", "LIBKML"} & set(pyogrio.list_drivers(read=True)):
        pytest.skip("GDAL has no KML driver")
    path = tmp_path / "folders.kml"
    path.write_text("""<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>
<Folder><name>港口</name><Placemark><name>大路章</name><Point><coordinates>118.87,28.96,0</coordinates></Point></Placemark></Folder>
<Folder><name>街道</name><Placemark><name>樟潭</name><Point><coordinates>118.9,28.95</coordinates></Point></Placemark></Folder>
</Document></kml>""", encoding="utf-8")
    layer = read_user_layer(path)
    assert names_of(layer) == ["大路章", "樟潭"]
    assert [f["properties"]["_layer"] for f in layer.features["features"]] == ["港口", "街道"]
    one = read_user_layer(path, layer="街道")
    assert names_of(one) == ["樟潭"] and "_layer" not in one.features["features"][0]["properties"]


def test_import_is_cheap():
    code = ("import sys, qjmap.io.reader; heavy = {'geopandas', 'pyogrio', 'shapely', 'PySide6', 'folium', 'pandas'}; "
            "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parent.parent).stdout.strip()
    assert out == "[]"
