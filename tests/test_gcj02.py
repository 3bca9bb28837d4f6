"""Unit tests for qjmap.model.gcj02 (GCJ-02 <-> WGS84)."""

import json
import math
from pathlib import Path

import pytest

from qjmap.model.gcj02 import (
    bd09_to_gcj02,
    bd09_to_wgs84,
    convert_geometry_gcj02_to_wgs84,
    gcj02_to_bd09,
    gcj02_to_wgs84,
    out_of_china,
    wgs84_to_bd09,
    wgs84_to_gcj02,
)

# Published reference vectors, (wgsLat, wgsLng, gcjLat, gcjLng), from the
# eviltransform library's own test file: github.com/googollee/eviltransform,
# python/test.py (commit 3416646abc64972e899118271bd98030224d9d6c), "TESTS".
# That test asserts wgs2gcj to 6 decimal places.
EVILTRANSFORM_TESTS = [
    (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),  # shanghai
    (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),  # shenzhen
    (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),  # beijing
]

QUZHOU = (118.87, 28.96)


def metres(lon1, lat1, lon2, lat2):
    """Haversine distance in metres (sphere, R = 6371 km)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371000.0 * math.asin(math.sqrt(h))


@pytest.mark.parametrize("wlat, wlon, glat, glon", EVILTRANSFORM_TESTS)
def test_forward_matches_published_vector(wlat, wlon, glat, glon):
    lon, lat = wgs84_to_gcj02(wlon, wlat)
    assert lon == pytest.approx(glon, abs=1e-9)
    assert lat == pytest.approx(glat, abs=1e-9)


@pytest.mark.parametrize("wlat, wlon, glat, glon", EVILTRANSFORM_TESTS)
def test_inverse_recovers_published_wgs84(wlat, wlon, glat, glon):
    lon, lat = gcj02_to_wgs84(glon, glat)
    assert metres(lon, lat, wlon, wlat) < 0.01


@pytest.mark.parametrize(
    "lon, lat",
    [QUZHOU, (119.00806, 29.07294), (118.1, 28.2), (121.47, 31.23), (113.6, 23.6),
     (123.4, 34.6), (87.6, 43.8), (126.6, 45.75), (110.3, 20.0)],
)
def test_round_trip_residual_below_1cm(lon, lat):
    glon, glat = wgs84_to_gcj02(lon, lat)
    assert (glon, glat) != (lon, lat)
    wlon, wlat = gcj02_to_wgs84(glon, glat)
    assert metres(wlon, wlat, lon, lat) < 0.01


def test_offset_at_quzhou_is_500_to_600_m():
    # DATA-SOURCES.md: raw GCJ-02 data sits ~580 m off the truth at Quzhou.
    glon, glat = wgs84_to_gcj02(*QUZHOU)
    d = metres(glon, glat, *QUZHOU)
    assert 500 < d < 600
    # Measured direction: GCJ-02 is east (and a little south) of WGS84 here.
    assert glon > QUZHOU[0]
    # The inverse moves a GCJ-02 point back by the same amount.
    wlon, wlat = gcj02_to_wgs84(*QUZHOU)
    assert 500 < metres(wlon, wlat, *QUZHOU) < 600
    assert wlon < QUZHOU[0]


@pytest.mark.parametrize("lon, lat", [(0.0, 0.0), (-0.1278, 51.5074), (139.69, 35.69), (151.2, -33.9), (70.0, 30.0)])
def test_outside_china_is_identity(lon, lat):
    assert out_of_china(lon, lat)
    assert wgs84_to_gcj02(lon, lat) == (lon, lat)
    assert gcj02_to_wgs84(lon, lat) == (lon, lat)


def test_convert_geometry_all_types():
    g = wgs84_to_gcj02(*QUZHOU)
    ring = [list(g), [g[0] + 0.1, g[1]], [g[0] + 0.1, g[1] + 0.1], list(g)]
    geoms = {
        "Point": list(g),
        "MultiPoint": [list(g), list(g)],
        "LineString": ring[:3],
        "MultiLineString": [ring[:3], ring[:2]],
        "Polygon": [ring],
        "MultiPolygon": [[ring], [ring, ring]],
    }
    for gtype, coords in geoms.items():
        out = convert_geometry_gcj02_to_wgs84({"type": gtype, "coordinates": coords})
        assert out["type"] == gtype

        def first(c):
            return c if isinstance(c[0], float) else first(c[0])

        lon, lat = first(out["coordinates"])
        assert metres(lon, lat, *QUZHOU) < 0.01, gtype

    # nested collection; z values are kept; input is not mutated
    src = {"type": "GeometryCollection", "geometries": [{"type": "Point", "coordinates": [g[0], g[1], 42.0]}]}
    out = convert_geometry_gcj02_to_wgs84(src)
    pt = out["geometries"][0]["coordinates"]
    assert pt[2] == 42.0 and metres(pt[0], pt[1], *QUZHOU) < 0.01
    assert src["geometries"][0]["coordinates"][0] == g[0]


# Published triples (the same place in WGS84, GCJ-02, BD-09) for the 46 cities of the four
# provinces, from the gcoord library's test fixture (see the file's "source").
CITIES = json.loads((Path(__file__).parent / "data" / "gcoord_four_provinces.json").read_text(encoding="utf-8"))["cities"]


@pytest.mark.parametrize("city", CITIES, ids=[c["city"] for c in CITIES])
def test_published_pairs_convert_to_wgs84_within_1_m(city):
    w, g, b = city["WGS84"], city["GCJ02"], city["BD09"]
    assert metres(*gcj02_to_wgs84(*g), *w) < 1.0
    assert metres(*bd09_to_wgs84(*b), *w) < 1.0
    assert metres(*bd09_to_gcj02(*b), *g) < 0.1
    assert metres(*gcj02_to_bd09(*g), *b) < 0.1
    assert metres(*wgs84_to_bd09(*w), *b) < 1.0


def test_quzhou_is_in_the_published_pairs_and_bd09_is_about_1_3_km_off():
    qz = next(c for c in CITIES if c["city"] == "衢州市")
    assert 1000 < metres(*qz["BD09"], *qz["WGS84"]) < 1500
    assert metres(*bd09_to_wgs84(*qz["BD09"]), *qz["WGS84"]) < 1.0


def test_bd09_inverse_round_trip_below_1_mm():
    for lon, lat in [QUZHOU, (121.47, 31.23), (87.6, 43.8)]:
        blon, blat = wgs84_to_bd09(lon, lat)
        assert metres(*bd09_to_wgs84(blon, blat), lon, lat) < 0.001
