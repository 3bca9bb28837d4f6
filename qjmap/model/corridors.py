"""Checks that schematic corridors follow the ground (issue 8 part 3).

A schematic corridor is drawn as straight segments between named, sourced waypoints
(stations, county seats, towns, interchanges). The checks keep that honest:
  * the `waypoints` list is exactly the geometry's vertices, each with a name and source;
  * a waypoint that cites OpenStreetMap is a real row of geodata/osm_railway_stations.csv
    (within ~50 m), so an OSM station cannot be typed in by hand;
  * inside the four provinces no straight segment is longer than 40 km, unless no
    intermediate waypoint is known, and then the waypoint ending the segment says why
    (`no_waypoint_reason`);
  * every line in the corridors layer says whether it is `regional` or `local`, and local
    means it lies inside Quzhou prefecture (so the page can draw long-distance lines lighter).
Plain Python + shapely (already used by validate); no Qt.
"""
from __future__ import annotations

import csv
import math
import re
from functools import lru_cache

from qjmap.paths import resource_path

MAX_SEGMENT_KM = 40.0
OSM_MATCH_KM = 0.05
REACHES = ("regional", "local")
_CITES_OSM = re.compile(r"\bOSM\b|OpenStreetMap")
_LINES = ("LineString", "MultiLineString")


def km(a, b) -> float:
    """Great-circle distance in km between two (lon, lat) points."""
    la1, la2 = math.radians(a[1]), math.radians(b[1])
    h = (math.sin((la2 - la1) / 2) ** 2
         + math.cos(la1) * math.cos(la2) * math.sin(math.radians(b[0] - a[0]) / 2) ** 2)
    return 2 * 6371.0088 * math.asin(math.sqrt(h))


@lru_cache(maxsize=1)
def osm_stations() -> tuple[tuple[float, float, str], ...] | None:
    """The OpenStreetMap railway stations shipped in geodata (None if the file is missing)."""
    path = resource_path("geodata", "osm_railway_stations.csv")
    if not path.exists():
        return None
    with path.open(encoding="utf-8", newline="") as fh:
        return tuple((float(r["lon"]), float(r["lat"]), r["name"]) for r in csv.DictReader(fh))


def parts(geometry: dict) -> list[list]:
    """The vertex lists of a LineString / MultiLineString ([] for anything else)."""
    if geometry.get("type") == "LineString":
        return [geometry["coordinates"]]
    if geometry.get("type") == "MultiLineString":
        return list(geometry["coordinates"])
    return []


def segments(f, inside=None):
    """(start, end, km, index of the end vertex in the flat vertex list) of each straight segment.

    With `inside` (a prepared shapely geometry) only segments touching it are given.
    """
    from shapely.geometry import LineString
    n = 0
    for part in parts(f.geometry):
        for i, (a, b) in enumerate(zip(part, part[1:])):
            if inside is None or inside.intersects(LineString([a, b])):
                yield a, b, km(a, b), n + i + 1
        n += len(part)


@lru_cache(maxsize=1)
def _quzhou():
    """Quzhou prefecture (cities:330800), 2 km slack for simplified borders, prepared."""
    from shapely import prepare
    from shapely.geometry import shape
    from qjmap.model.catalogue import resolve_ref
    q = shape(resolve_ref("cities:330800")).buffer(0.02)
    prepare(q)
    return q


def expected_reach(f) -> str:
    """'local' for a line that stays inside Quzhou prefecture, else 'regional'."""
    from shapely.geometry import shape
    return "local" if _quzhou().contains(shape(f.geometry)) else "regional"


def _check_waypoints(f) -> list[str]:
    out = []
    verts = [tuple(p) for part in parts(f.geometry) for p in part]
    wps = f.waypoints
    pts = [(w.get("lon"), w.get("lat")) for w in wps]
    if pts != verts:
        out.append(f"{f.id}: waypoints ({len(wps)}) are not the geometry's vertices ({len(verts)})")
    for i, w in enumerate(wps):
        for key in ("name", "source"):
            if not str(w.get(key, "")).strip():
                out.append(f"{f.id} waypoint {i + 1}: no {key}")
    stations = osm_stations()
    for i, w in enumerate(wps):
        if not _CITES_OSM.search(str(w.get("source", ""))) or not isinstance(w.get("lon"), (int, float)):
            continue
        if stations is None:
            return out + ["geodata/osm_railway_stations.csv missing: OSM waypoints not checked"]
        d = min(km((w["lon"], w["lat"]), s[:2]) for s in stations)
        if d > OSM_MATCH_KM:
            out.append(f"{f.id} waypoint {i + 1} ({w.get('name')}): cites OpenStreetMap but no station of "
                       f"osm_railway_stations.csv is within {OSM_MATCH_KM * 1000:.0f} m (nearest {d:.2f} km)")
    return out


def problems(cat, inside) -> list[str]:
    """Every corridor rule broken in the catalogue; `inside` is the four-province region (validate.region)."""
    out = []
    for f in cat.features:
        is_line = f.geometry.get("type") in _LINES
        if f.reach and f.reach not in REACHES:
            out.append(f"{f.id}: reach {f.reach!r} not one of {REACHES}")
        if f.layer == "corridors" and is_line and not f.reach:
            out.append(f"{f.id}: corridor line without reach (regional | local)")
        elif is_line and f.reach in REACHES and f.reach != expected_reach(f):
            out.append(f"{f.id}: reach {f.reach!r}, but the line {'stays inside' if f.reach == 'regional' else 'leaves'} "
                       f"Quzhou prefecture")
        if f.precision == "schematic" and is_line and not f.waypoints:
            out.append(f"{f.id}: schematic line without waypoints")
        if not f.waypoints:
            continue
        out += _check_waypoints(f)
        if f.precision != "schematic" or len(f.waypoints) != sum(len(p) for p in parts(f.geometry)):
            continue
        for a, b, d, j in segments(f, inside):
            if d > MAX_SEGMENT_KM and not str(f.waypoints[j].get("no_waypoint_reason", "")).strip():
                out.append(f"{f.id}: straight segment of {d:.0f} km inside the four provinces "
                           f"({f.waypoints[j - 1]['name']} → {f.waypoints[j]['name']}); add an intermediate "
                           f"waypoint or say why there is none (no_waypoint_reason)")
    return out


def longest_inside(cat, inside) -> tuple[float, str, int]:
    """(longest segment km, its feature id, number of schematic lines with a segment > 50 km), for reports."""
    best, fid, over50 = 0.0, "", 0
    for f in cat.features:
        if f.precision != "schematic" or f.geometry.get("type") not in _LINES:
            continue
        m = max((d for _, _, d, _ in segments(f, inside)), default=0.0)
        over50 += m > 50
        if m > best:
            best, fid = m, f.id
    return best, fid, over50
