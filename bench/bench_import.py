"""Time `qjmap.io.reader.read_user_layer` on the two files staff are likely to drop.

    .venv/bin/python bench/bench_import.py [--runs 5]

1. a GeoPackage of 50,000 points around Quzhou in EPSG:3857 (reprojection on the path);
2. a Shapefile of 5,000 small polygons in CGCS2000 GK CM 120E (EPSG:4549), GBK text, no
   .cpg (the encoding trial on the path: UTF-8 fails, GB18030 is read).
Both are generated into a temporary folder. Times are in-process (geopandas/pyogrio are
imported once, before timing); the median of --runs is reported with the spread, plus a
breakdown of one run of the shapefile (where the time goes).
"""
from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TOWNS = ["樟潭街道", "衢江港区大路章作业区", "廿里镇", "高家镇", "杜泽镇", "全旺镇", "莲花镇", "上方镇"]


def make_points(path: Path, n: int = 50_000) -> None:
    import geopandas as gpd
    import numpy as np
    import pyogrio

    rng = np.random.default_rng(1)
    lon = rng.uniform(118.0, 119.5, n)
    lat = rng.uniform(28.4, 29.5, n)
    gdf = gpd.GeoDataFrame(
        {"name": [f"{TOWNS[i % len(TOWNS)]}-{i}" for i in range(n)], "value": rng.normal(size=n),
         "count": rng.integers(0, 1000, n)},
        geometry=gpd.points_from_xy(lon, lat), crs=4326).to_crs(3857)
    pyogrio.write_dataframe(gdf, path)


def make_polygons(path: Path, n: int = 5_000) -> None:
    import geopandas as gpd
    import numpy as np
    import pyogrio
    from shapely.geometry import Point

    rng = np.random.default_rng(2)
    centres = zip(rng.uniform(118.5, 119.3, n), rng.uniform(28.6, 29.3, n))
    polys = [Point(x, y).buffer(0.004, quad_segs=4) for x, y in centres]  # 17-vertex rings
    gdf = gpd.GeoDataFrame(
        {"名称": [f"{TOWNS[i % len(TOWNS)]}{i}号地块" for i in range(n)], "面积": rng.uniform(1, 100, n),
         "区县": ["衢江区"] * n}, geometry=polys, crs=4326).to_crs(4549)
    pyogrio.write_dataframe(gdf, path, encoding="GBK")
    path.with_suffix(".cpg").unlink()


def timed(path: Path, runs: int) -> list[float]:
    from qjmap.io.reader import read_user_layer
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        layer = read_user_layer(path)
        times.append(time.perf_counter() - t)
    assert layer.n_features > 0
    return times


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    import geopandas  # noqa: F401  (import cost is not what we measure)
    import pyogrio  # noqa: F401

    with tempfile.TemporaryDirectory() as tmp:
        pts, polys = Path(tmp, "points_3857.gpkg"), Path(tmp, "parcels_gbk.shp")
        make_points(pts)
        make_polygons(polys)
        size = lambda p: sum(f.stat().st_size for f in p.parent.glob(p.stem + ".*")) / 1e6  # noqa: E731
        timed(pts, 1)  # warm the OS cache and PROJ's database
        for label, path in (("50k points, GeoPackage EPSG:3857", pts),
                            ("5k polygons, GBK shapefile EPSG:4549, no .cpg", polys)):
            t = timed(path, args.runs)
            print(f"{label} ({size(path):.1f} MB): median {statistics.median(t) * 1000:.0f} ms  "
                  f"runs {', '.join(f'{x * 1000:.0f}' for x in t)} ms")
        from qjmap.io.reader import read_user_layer
        prof = cProfile.Profile()
        prof.runcall(read_user_layer, polys)
        print("\nwhere the shapefile's time goes (top 8 by cumulative time):")
        pstats.Stats(prof).sort_stats("cumulative").print_stats(8)


if __name__ == "__main__":
    main()
