"""The self-test's import checks: a Shapefile, a GeoPackage and a CSV through the window's own
background import (the `qjmap import` child process), each landing within 1 m of the truth.

This is what proves an installed build can read users' files: GDAL (pyogrio), PROJ (pyproj)
and the child process must all be in the bundle. The files are written with pyogrio's raw
writer (no geopandas in the bundle): a GBK Shapefile without .cpg in CGCS2000 Gauss-Krüger
metres, a WGS84 GeoPackage, and a GBK CSV of AMap (GCJ-02) coordinates.
"""
from __future__ import annotations

import math
from pathlib import Path

from qjmap.web.capture import wait_until

# 衢州市 in WGS84 and GCJ-02 (published pair, tests/data/gcoord_four_provinces.json).
QZ_WGS84 = (118.8546562, 28.9731547)
QZ_GCJ02 = (118.859464, 28.9700833)
NAMES = ["衢州市", "樟潭街道"]
TIMEOUT_S = 120


def write_samples(folder: Path) -> list[tuple[Path, dict]]:
    """(file, preview choices) for the three files."""
    import numpy as np
    import pyogrio.raw
    import shapely
    from pyproj import Transformer
    folder.mkdir(parents=True, exist_ok=True)
    lonlat = [QZ_WGS84, (118.95, 28.97)]
    names = np.array(NAMES, dtype=object)
    gk = Transformer.from_crs(4326, 4549, always_xy=True)
    shp = folder / "港区.shp"
    wkb = shapely.to_wkb(shapely.points([gk.transform(*p) for p in lonlat]))
    pyogrio.raw.write(str(shp), wkb, [names], ["name"], driver="ESRI Shapefile", geometry_type="Point",
                      crs="EPSG:4549", encoding="GBK")
    shp.with_suffix(".cpg").unlink(missing_ok=True)  # as ArcGIS on Chinese Windows often leaves it
    gpkg = folder / "街道.gpkg"
    pyogrio.raw.write(str(gpkg), shapely.to_wkb(shapely.points(lonlat)), [names], ["name"], driver="GPKG",
                      geometry_type="Point", crs="EPSG:4326")
    csv = folder / "项目.csv"
    csv.write_bytes(f"名称,经度,纬度\r\n{NAMES[0]},{QZ_GCJ02[0]},{QZ_GCJ02[1]}\r\n{NAMES[1]},118.955,28.967\r\n"
                    .encode("gbk"))
    return [(shp, {}), (gpkg, {}), (csv, {"crs": "gcj02"})]


def _metres(a, b) -> float:
    p1, p2 = math.radians(a[1]), math.radians(b[1])
    h = (math.sin((p2 - p1) / 2) ** 2
         + math.cos(p1) * math.cos(p2) * math.sin(math.radians(b[0] - a[0]) / 2) ** 2)
    return 2 * 6371000.0 * math.asin(math.sqrt(h))


def import_checks(window, folder: Path) -> list[tuple[str, bool, str]]:
    """(check name, ok, detail) for each file, imported as a user would (preview accepted)."""
    try:
        samples = write_samples(folder)
    except Exception as exc:  # noqa: BLE001  (no GDAL in the bundle is exactly what this reports)
        return [("sample files written", False, f"{type(exc).__name__}: {exc}")]
    runner, out = window.importer, []
    for path, choices in samples:
        got = {}
        on_layer = runner.layer_added.connect(lambda oid, layer: got.update(layer=layer))
        on_done = runner.done.connect(lambda p, oid: got.update(oid=oid))
        runner.add_files([str(path)])
        if runner.preview is not None:
            runner.preview.set_crs(choices.get("crs", "wgs84"))
            runner.preview.accept()
        finished = wait_until(lambda: "oid" in got, TIMEOUT_S)
        runner.layer_added.disconnect(on_layer)
        runner.done.disconnect(on_done)
        layer = got.get("layer")
        if layer is None:
            msg = window.statusBar().currentMessage() if finished else f"not done within {TIMEOUT_S} s"
            out.append((f"imports {path.suffix}", False, msg[:300]))
            continue
        first = layer.features["features"][0]
        d = _metres(first["geometry"]["coordinates"], QZ_WGS84)
        ok = layer.n_features == 2 and first["properties"]["name"] == NAMES[0] and d < 1.0
        out.append((f"imports {path.suffix}", ok, f"{path.name}: {layer.n_features} features, {layer.crs_in}, "
                                                 f"encoding {layer.encoding}, {d:.2f} m from the reference"))
    return out
