"""Corridor checks (issue 8 part 3) on the real catalogue, provinces and OSM station file."""
import copy
import csv

import pytest

from qjmap.model.catalogue import load_catalogue
from qjmap.model.corridors import MAX_SEGMENT_KM, km, longest_inside, problems, segments
from qjmap.model.validate import region
from qjmap.paths import resource_path


@pytest.fixture(scope="module")
def cat():
    return load_catalogue()


@pytest.fixture(scope="module")
def inside():
    return region()[0]


def _one(cat, fid):
    """A catalogue holding a deep copy of one feature, to break on purpose."""
    f = copy.deepcopy(cat.feature(fid))
    return type(cat)(cat.layers, [f], cat.sources), f


def test_real_corridors_pass(cat, inside):
    assert problems(cat, inside) == []


def test_km_matches_a_known_distance():
    # 衢州站 to 衢州西站 (OSM nodes) is about 8.3 km
    assert km((118.87612, 28.92702), (118.79898, 28.95789)) == pytest.approx(8.3, abs=0.2)


def test_every_long_segment_inside_has_a_reason(cat, inside):
    seen = 0
    for f in cat.features:
        if f.precision != "schematic" or not f.waypoints:
            continue
        for a, b, d, j in segments(f, inside):
            seen += 1
            assert d <= MAX_SEGMENT_KM or f.waypoints[j].get("no_waypoint_reason"), (f.id, a, b, d)
    assert seen > 150


def test_a_long_segment_without_reason_is_caught(cat, inside):
    one, f = _one(cat, "cor-hangjinqu-expwy")
    # drop the intermediate exits between 萧山 and 金华: a straight 萧山 → 金华 segment of ~95 km
    keep = [0] + list(range(7, len(f.waypoints)))
    f.waypoints = [f.waypoints[i] for i in keep]
    f.geometry = {"type": "LineString", "coordinates": [[w["lon"], w["lat"]] for w in f.waypoints]}
    out = problems(one, inside)
    assert any("straight segment of" in p and "萧山" in p for p in out), out
    f.waypoints[1] = {**f.waypoints[1], "no_waypoint_reason": "test: none known"}
    assert not any("straight segment of" in p for p in problems(one, inside))


def test_a_long_segment_outside_the_four_provinces_is_allowed(cat, inside):
    one, f = _one(cat, "cor-gas-changshan-kaihua")
    f.waypoints = [{"name": "Shanghai", "lon": 121.47, "lat": 31.23, "source": "test"},
                   {"name": "Suzhou", "lon": 120.62, "lat": 31.32, "source": "test"}]  # ~81 km, all in Jiangsu/Shanghai
    f.geometry = {"type": "LineString", "coordinates": [[w["lon"], w["lat"]] for w in f.waypoints]}
    assert not any("straight segment" in p for p in problems(one, inside))


def test_osm_waypoints_must_be_real_stations(cat, inside):
    one, f = _one(cat, "cor-hangqu-hsr")
    osm = [i for i, w in enumerate(f.waypoints) if "OpenStreetMap" in w["source"]]
    assert len(osm) >= 8
    rows = [(float(r["lon"]), float(r["lat"])) for r in
            csv.DictReader(resource_path("geodata", "osm_railway_stations.csv").open(encoding="utf-8"))]
    for i in osm:
        w = f.waypoints[i]
        assert min(km((w["lon"], w["lat"]), r) for r in rows) < 0.05
    # move one OSM station 300 m east, geometry with it: only the OSM check fails
    i = osm[2]
    f.waypoints[i] = {**f.waypoints[i], "lon": f.waypoints[i]["lon"] + 0.003}
    f.geometry = {"type": "LineString", "coordinates": [[w["lon"], w["lat"]] for w in f.waypoints]}
    out = problems(one, inside)
    assert len(out) == 1 and "cites OpenStreetMap" in out[0], out


def test_waypoints_must_be_the_vertices(cat, inside):
    one, f = _one(cat, "cor-quli-railway")
    f.geometry = copy.deepcopy(f.geometry)
    f.geometry["coordinates"][1] = [119.0, 28.9]
    assert any("not the geometry's vertices" in p for p in problems(one, inside))


def test_unnamed_osm_stations_are_not_given_invented_names(cat):
    named = {(float(r["lon"]), float(r["lat"])): r["name"] for r in
             csv.DictReader(resource_path("geodata", "osm_railway_stations.csv").open(encoding="utf-8"))}
    for f in cat.features:
        for w in f.waypoints:
            if "OpenStreetMap" in w["source"] and not named.get((w["lon"], w["lat"])):
                # an unnamed node is described by where it is, or named with the source that identifies it
                assert w["name"].startswith("OSM station (unnamed)") or "identified" in w["source"] \
                    or "inference" in w["source"], (f.id, w)


def test_every_corridor_line_has_a_reach(cat, inside):
    lines = [f for f in cat.in_layer("corridors") if f.geometry.get("type", "").endswith("LineString")]
    assert {f.reach for f in lines} == {"regional", "local"}
    one, f = _one(cat, "cor-g351")
    f.reach = ""
    assert any("without reach" in p for p in problems(one, inside))


def test_reach_follows_the_ground(cat, inside):
    # local = the line stays inside Quzhou prefecture; the rule, not a list of ids
    one, f = _one(cat, "cor-g351")
    assert f.reach == "local"
    f.reach = "regional"
    assert any("stays inside" in p for p in problems(one, inside))
    one, f = _one(cat, "cor-hangqu-hsr")
    assert f.reach == "regional"
    f.reach = "local"
    assert any("leaves" in p for p in problems(one, inside))


def test_longest_segment_report(cat, inside):
    best, fid, over50 = longest_inside(cat, inside)
    assert fid and best > MAX_SEGMENT_KM  # the long ones left all carry a reason (test above)
    assert 0 < over50 < 23


def test_short_names_are_shorter_and_loaded(cat):
    short = [f for f in cat.features if f.short_zh or f.short_en]
    assert len(short) > 100
    for f in short:
        assert not f.short_zh or len(f.short_zh) < len(f.name_zh), f.id
        assert not f.short_en or len(f.short_en) < len(f.name_en), f.id
    assert cat.feature("port-daluzhang").short_zh == "大路章作业区"
