"""The coordinate systems of a table of coordinates: the user's choices, a guess, and WGS84.

Staff copy coordinates from AMap/Tencent (GCJ-02), Baidu (BD-09), GPS (WGS84) or survey
drawings (CGCS2000, geographic or Gauss-Krüger metres, with or without the zone number in
front of the easting). A table says nothing about which, so the numbers (and words such as
"百度" in a column or file name) give a guess that the user sees and can change. Every
choice converts to WGS84 here, once; pyproj is imported only for EPSG codes.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from qjmap.model.gcj02 import bd09_to_wgs84, gcj02_to_wgs84

# Zhejiang, Fujian, Jiangxi, Anhui, and China's rough box: where a guess should land.
REGION = (113.0, 23.5, 123.5, 34.7)
CHINA = (73.0, 3.0, 136.0, 54.0)
# CGCS2000 Gauss-Krüger (EPSG's own numbering): 6° zones 13-23 with the zone prefix,
# 6° central meridians 75-135E without, then the same for 3° zones 25-45.
GK6_ZONE, GK6_CM, GK3_ZONE, GK3_CM = 4491, 4502, 4513, 4534
QUZHOU_CM = 120  # 3° zone 40: Quzhou city and most of the region


@dataclass(frozen=True)
class Crs:
    """One choice: 'wgs84', 'gcj02', 'bd09' or 'EPSG:n'."""
    key: str

    @property
    def epsg(self) -> int | None:
        return int(self.key[5:]) if self.key.startswith("EPSG:") else None

    def label(self) -> str:
        if self.key in NAMED:
            return NAMED[self.key]
        return f"{self.key} ({epsg_name(self.epsg)})"


NAMED = {"wgs84": "WGS84 (GPS, 经纬度)", "gcj02": "GCJ-02 (高德/腾讯 AMap/Tencent)",
         "bd09": "BD-09 (百度 Baidu)", "EPSG:4490": "CGCS2000 经纬度 geographic (EPSG:4490)"}


class CrsError(ValueError):
    """A coordinate system the user typed that does not exist; message in both languages."""


def parse_crs(text: str) -> Crs:
    """'wgs84' | 'gcj02' | 'bd09' | 'EPSG:n' | 'n' (any case, AMap/Baidu aliases) -> Crs."""
    t = text.strip().lower().replace("-", "").replace("_", "")
    aliases = {"wgs84": "wgs84", "4326": "wgs84", "epsg:4326": "wgs84", "gps": "wgs84",
               "gcj02": "gcj02", "amap": "gcj02", "gaode": "gcj02", "tencent": "gcj02",
               "bd09": "bd09", "bd09ll": "bd09", "baidu": "bd09", "cgcs2000": "EPSG:4490"}
    if t in aliases:
        return Crs(aliases[t])
    m = re.fullmatch(r"(?:epsg:?)?(\d{4,6})", t)
    if not m:
        raise CrsError(f"无法识别坐标系“{text}”，请用 wgs84、gcj02、bd09 或 EPSG:编号。\n"
                       f"Unknown coordinate system “{text}”: use wgs84, gcj02, bd09 or EPSG:<number>.")
    code = int(m.group(1))
    epsg_name(code)  # raises CrsError when pyproj does not know it
    return Crs(f"EPSG:{code}")


def epsg_name(code: int) -> str:
    from pyproj import CRS
    from pyproj.exceptions import CRSError
    try:
        return CRS.from_epsg(code).name
    except CRSError:
        raise CrsError(f"没有编号为 EPSG:{code} 的坐标系。\nThere is no coordinate system EPSG:{code}.") from None


def gauss_kruger(width: int, cm: int, prefix: bool) -> Crs:
    """The CGCS2000 Gauss-Krüger CRS of a 3° or 6° zone given by its central meridian."""
    if width == 3:
        return Crs(f"EPSG:{(GK3_ZONE + cm // 3 - 25) if prefix else (GK3_CM + (cm - 75) // 3)}")
    return Crs(f"EPSG:{(GK6_ZONE + (cm + 3) // 6 - 13) if prefix else (GK6_CM + (cm - 75) // 6)}")


def gauss_kruger_choices() -> list[Crs]:
    """All 64 CGCS2000 Gauss-Krüger systems, EPSG:4491-4554, in EPSG order."""
    return [Crs(f"EPSG:{c}") for c in range(GK6_ZONE, GK3_CM + 21)]


# --- conversion -----------------------------------------------------------------------
def to_wgs84(crs: Crs, x, y):
    """(lon, lat, ok) numpy arrays. `ok` is False where the CRS cannot hold a coordinate:
    outside its area it may give inf, or finite nonsense that only the way back exposes."""
    import numpy as np
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    finite = np.isfinite(x) & np.isfinite(y)
    if crs.epsg is None:
        ok = finite & (np.abs(x) <= 180) & (np.abs(y) < 90)
        lon, lat = x.copy(), y.copy()
        if crs.key != "wgs84":
            fn = gcj02_to_wgs84 if crs.key == "gcj02" else bd09_to_wgs84
            for i in np.flatnonzero(ok):
                lon[i], lat[i] = fn(x[i], y[i])
        return lon, lat, ok
    from pyproj import Transformer
    fwd = Transformer.from_crs(crs.epsg, 4326, always_xy=True)
    with np.errstate(invalid="ignore", over="ignore"):
        lon, lat = fwd.transform(np.where(finite, x, 0.0), np.where(finite, y, 0.0))
        lon, lat = np.asarray(lon, dtype=float), np.asarray(lat, dtype=float)
        ok = finite & np.isfinite(lon) & np.isfinite(lat) & (np.abs(lon) <= 180) & (np.abs(lat) < 90)
        bx, by = Transformer.from_crs(4326, crs.epsg, always_xy=True).transform(
            np.where(ok, lon, 0.0), np.where(ok, lat, 0.0))
        ok &= (np.abs(np.asarray(bx) - x) <= 1.0 + 1e-9 * np.abs(x)) & \
              (np.abs(np.asarray(by) - y) <= 1.0 + 1e-9 * np.abs(y))
    return lon, lat, ok


def geoms_to_wgs84(crs: Crs, geoms):
    """(2-D shapely geometries moved to WGS84, ok mask: False where any vertex fails)."""
    import numpy as np
    import shapely
    geoms = shapely.force_2d(geoms)
    coords, owner = shapely.get_coordinates(geoms, return_index=True)
    lon, lat, ok = to_wgs84(crs, coords[:, 0], coords[:, 1])
    bad = np.zeros(len(geoms), dtype=bool)
    np.logical_or.at(bad, owner[~ok], True)
    return shapely.set_coordinates(geoms.copy(), np.column_stack([lon, lat])), ~bad

# --- the guess --------------------------------------------------------------------------
@dataclass(frozen=True)
class Guess:
    crs: Crs | None  # None: the numbers fit nothing we know
    zh: str          # why, for the user
    en: str


_BAIDU = re.compile(r"百度|baidu|bd-?09", re.I)
_AMAP = re.compile(r"高德|腾讯|火星|gaode|amap|tencent|gcj", re.I)
_GPS = re.compile(r"gps|wgs", re.I)


def _inside(box, lon: float, lat: float) -> bool:
    return box[0] <= lon <= box[2] and box[1] <= lat <= box[3]


def guess_crs(x, y, hints: str = "") -> Guess:
    """A likely CRS from the coordinates (median point) and words in names (`hints`)."""
    import numpy as np
    x, y = np.asarray(x, dtype=float), np.asarray(y, dtype=float)
    good = np.isfinite(x) & np.isfinite(y)
    if not good.any():
        return Guess(None, "没有可用的坐标数值。", "there are no usable coordinate numbers.")
    mx, my = float(np.median(x[good])), float(np.median(y[good]))
    if abs(mx) <= 180 and abs(my) <= 90:
        return _guess_lonlat(hints)
    candidates = []
    zone = int(mx // 1_000_000)
    if 25 <= zone <= 45:
        candidates.append((gauss_kruger(3, zone * 3, True),
                           f"东坐标 {mx:.0f} 前两位是 3 度带带号 {zone}",
                           f"the easting {mx:.0f} starts with the 3-degree zone number {zone}"))
    if 13 <= zone <= 23:
        candidates.append((gauss_kruger(6, zone * 6 - 3, True),
                           f"东坐标 {mx:.0f} 前两位是 6 度带带号 {zone}",
                           f"the easting {mx:.0f} starts with the 6-degree zone number {zone}"))
    if abs(mx) <= 20037509 and abs(my) <= 20048967:
        candidates.append((Crs("EPSG:3857"), "数值像网络墨卡托（米）", "the numbers look like Web Mercator metres"))
    if 0 < mx < 1_000_000:
        candidates.append((gauss_kruger(3, QUZHOU_CM, False),
                           "东坐标不带带号，按衢州所在的中央经线 120°E 推测（带号不能从数值判断，请核对）",
                           "the easting has no zone number; central meridian 120°E (Quzhou's) assumed — "
                           "the zone cannot be told from the numbers, check it"))
    for box in (REGION, CHINA):
        for crs, zh, en in candidates:
            lon, lat, ok = to_wgs84(crs, [mx], [my])
            if ok[0] and _inside(box, lon[0], lat[0]):
                return Guess(crs, f"推测为 {crs.label()}：{zh}。", f"guessed {crs.label()}: {en}.")
    return Guess(None, f"坐标数值（如 {mx:.0f}, {my:.0f}）不像经纬度，也不像中国的投影坐标，无法推测坐标系。",
                 f"the numbers (e.g. {mx:.0f}, {my:.0f}) are neither longitude/latitude nor projected "
                 "coordinates in China, so no coordinate system can be guessed.")


def _guess_lonlat(hints: str) -> Guess:
    if _BAIDU.search(hints):
        return Guess(Crs("bd09"), "推测为 BD-09：名称中提到百度。", "guessed BD-09: the names mention Baidu.")
    if _AMAP.search(hints):
        return Guess(Crs("gcj02"), "推测为 GCJ-02：名称中提到高德/腾讯。", "guessed GCJ-02: the names mention AMap/Tencent.")
    said = _GPS.search(hints)
    return Guess(Crs("wgs84"),
                 "数值是经纬度" + ("，名称中提到 GPS/WGS" if said else
                                 "；WGS84、GCJ-02（高德）和 BD-09（百度）无法从数值区分，按 WGS84，请确认") + "。",
                 "the numbers are longitude/latitude" + (" and the names mention GPS/WGS" if said else
                 "; WGS84, GCJ-02 (AMap) and BD-09 (Baidu) cannot be told apart from numbers: WGS84 assumed, "
                 "please confirm") + ".")

