"""Measuring distance and area on the map (leaflet-measure, pinned from npm) in the real QtWebEngine page.

Measurements are made by real DOM clicks that the plugin handles as a user's clicks; the
readout the user sees is checked against distances and areas computed here, and the
warning against the catalogue: which features a measured point lies on is worked out in
Python with the Web Mercator pixel geometry, independently of the page's script.
"""
from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from pyproj import Geod

from qjmap.web.capture import evaluate, grab_drawn, spin

pytestmark = pytest.mark.timeout(120)
ROOT = Path(__file__).resolve().parent.parent
ZOOM = 11
APPROX = ("schematic", "district", "town")
DALUZHANG = (28.995, 118.96)   # port-daluzhang, a town-level point
AIRPORT = (28.96583, 118.89944)  # port-airport-current, a located site
# three places in open country, each > 60 px from any approximate feature at ZOOM (checked below)
TRIANGLE = [(29.05, 118.75), (29.15, 118.65), (29.15, 118.80)]


def _px(lat: float, lon: float) -> tuple[float, float]:
    s = 256 * 2 ** ZOOM
    y = s * (0.5 - math.log(math.tan(math.pi / 4 + math.radians(lat) / 2)) / (2 * math.pi))
    return s * (lon + 180) / 360, y


def _seg(p, a, b) -> float:
    dx, dy = b[0] - a[0], b[1] - a[1]
    l2 = dx * dx + dy * dy
    t = 0 if not l2 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / l2))
    return math.dist(p, (a[0] + t * dx, a[1] + t * dy))


def _gap_px(f, lat: float, lon: float) -> float:
    p, g = _px(lat, lon), f.geometry
    if g["type"] == "Point":
        return math.dist(p, _px(g["coordinates"][1], g["coordinates"][0]))
    lines = [g["coordinates"]] if g["type"] == "LineString" else g["coordinates"]
    return min(_seg(p, _px(a[1], a[0]), _px(b[1], b[0])) for line in lines for a, b in zip(line, line[1:]))


def _haversine_m(a, b) -> float:
    (la1, lo1), (la2, lo2) = (tuple(map(math.radians, x)) for x in (a, b))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371008.8 * math.asin(math.sqrt(h))  # turf's earth radius


def _measure(view, points) -> tuple[str, str]:
    """Click the points, read the live panel, finish, read the result popup."""
    assert evaluate(view, "QJ.measure.start()")
    for lat, lon in points:
        assert evaluate(view, f"QJ.measure.clickAt({lat},{lon})")
    live = evaluate(view, "QJ.measure.readout()")
    evaluate(view, "QJ.measure.finish()")
    spin(200)
    return live, evaluate(view, "QJ.measure.readout()")


def _number(text: str, unit: str) -> float:
    m = re.search(r"([\d,]+(?:\.\d+)?) " + re.escape(unit) + r"(?![²\w])", text)
    assert m, f"no value in {unit} in {text!r}"
    return float(m[1].replace(",", ""))


def test_plugin_is_pinned_vendored_and_local():
    lock = json.loads((ROOT / "package-lock.json").read_text())["packages"]
    assert json.loads((ROOT / "package.json").read_text())["dependencies"]["leaflet-measure"] == "3.1.0"
    assert lock["node_modules/leaflet-measure"]["version"] == "3.1.0"
    vendor = ROOT / "resources" / "web" / "vendor" / "leaflet-measure"
    css = (vendor / "leaflet-measure.css").read_text()
    for name in set(re.findall(r'url\("?(assets/[^")]+)"?\)', css)):
        assert (vendor / name).is_file(), f"icon {name} not vendored"
    for f in ("leaflet-measure.cn.js", "leaflet-measure.en.js", "leaflet-measure.css"):
        assert "http" not in (vendor / f).read_text(), f"{f} names a web address"
    from qjmap.page.map_page import build_page_html
    page = build_page_html()
    srcs = re.findall(r'<(?:script src|link rel="stylesheet" href)="([^"]+)"', page)
    measure = [s for s in srcs if "measure" in s]
    assert measure and all(s.startswith("qjmap://app/") for s in measure)
    order = [s.rsplit("/", 1)[-1] for s in srcs if s.endswith(".js") and "measure" in s]
    assert order == ["leaflet-measure.cn.js", "measure.js", "leaflet-measure.en.js"]  # see measure.js


def test_fixed_points_are_where_the_test_says(catalogue):
    assert catalogue.feature("port-daluzhang").precision == "town"
    assert tuple(reversed(catalogue.feature("port-daluzhang").geometry["coordinates"])) == DALUZHANG
    assert catalogue.feature("port-airport-current").precision == "site"
    approx = [f for f in catalogue.features if f.precision in APPROX]
    for lat, lon in TRIANGLE:
        assert min(_gap_px(f, lat, lon) for f in approx) > 40


def test_distance_reads_in_chinese_and_warns_about_an_approximate_point(window, catalogue, artifacts):
    v = window.map
    assert evaluate(v, "QJ.measure.language()") == "zh"
    v.call("setView", 28.98, 118.93, ZOOM)
    live, popup = _measure(v, [DALUZHANG, AIRPORT])
    grab_drawn(v).save(str(artifacts / "measure-distance-zh.png"))
    want = _haversine_m(DALUZHANG, AIRPORT)
    for text in (live, popup):
        assert abs(_number(text, "米") - want) < 150  # a click lands on a pixel (~67 m at zoom 11)
        assert abs(_number(text, "公里") * 1000 - want) < 160
        assert "注意" in text and "近似" in text
        assert "衢州港衢江港区大路章作业区（乡镇级位置，误差约 3 公里）" in text  # nearest first
    assert popup.startswith("距离测量")
    assert "路径长度" in live
    # the located airport is never named: only approximate features are
    assert catalogue.feature("port-airport-current").name_zh not in popup
    listed = popup.split("近似值：", 1)[1].split("；")
    names = {re.sub(r"（[^（]*）$", "", n) for n in listed if not n.startswith("等另外")}
    named = [f for f in catalogue.features if f.name_zh in names]
    assert len(named) == len(names) == 3
    for f in named:
        assert f.precision in APPROX
        assert min(_gap_px(f, *p) for p in (DALUZHANG, AIRPORT)) < 12 + 7 + 2


@pytest.fixture
def english(window):
    """The UI in English for one test; the translator is the application's, so put Chinese back."""
    window.set_language("en")
    yield window
    window.set_language("zh")


def test_area_reads_in_english_and_warns_only_when_touching(english, catalogue, artifacts):
    window = english
    v = window.map
    spin(100)
    assert evaluate(v, "QJ.measure.language()") == "en"
    assert "Measure distances and areas" in evaluate(
        v, "document.querySelector('.leaflet-control-measure').textContent")
    v.call("setView", 29.1, 118.72, ZOOM)
    live, popup = _measure(v, TRIANGLE)
    grab_drawn(v).save(str(artifacts / "measure-area-en.png"))
    lons, lats = [p[1] for p in TRIANGLE], [p[0] for p in TRIANGLE]
    area_m2, perimeter_m = Geod(ellps="WGS84").polygon_area_perimeter(lons, lats)
    assert popup.startswith("Area measurement")
    assert abs(_number(popup, "km²") * 1e6 - abs(area_m2)) / abs(area_m2) < 0.02
    assert abs(_number(popup, "ha") * 1e4 - abs(area_m2)) / abs(area_m2) < 0.02
    assert abs(_number(popup, "km") * 1000 - perimeter_m) / perimeter_m < 0.01
    assert "Area" in live and "Path distance" in live
    assert "Caution" not in live and "Caution" not in popup and "注意" not in popup
    # the same language, one point moved onto the town-level terminal: now it warns, in English
    v.call("setView", 28.98, 118.93, ZOOM)
    _, popup = _measure(v, [AIRPORT, DALUZHANG])
    assert "Caution: a measured point lies on a feature drawn at an approximate position" in popup
    assert "Daluzhang terminal, Qujiang port area, Port of Quzhou (town-level position, about ±3 km)" in popup


def test_language_switch_keeps_finished_measurements(window):
    v = window.map
    v.call("setView", 29.1, 118.72, ZOOM)
    _measure(v, TRIANGLE[:2])
    count = "document.querySelectorAll('.leaflet-overlay-pane path.layer-measure-resultline').length"
    before = evaluate(v, count)
    try:
        window.set_language("en")
        spin(100)
        assert evaluate(v, "QJ.measure.language()") == "en"
        assert evaluate(v, count) == before >= 1
        assert evaluate(v, "document.querySelectorAll('.leaflet-control-measure').length") == 1
    finally:
        window.set_language("zh")  # the translator is the application's: as the other tests expect it
