"""Big overlays: read time, time until the layer is visible, and frame times while panning.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_overlay.py [--points 100000] [--polygons-mb 50]

1. a GeoPackage of N points around Quzhou in EPSG:3857 (as bench_import, bigger);
2. a GeoJSON of about M MB of polygons (64-vertex rings) in WGS84.
Each is read with qjmap.io.reader.read_user_layer (in-process, imports warmed), then put
on a real MapView (1400x900, the app's page) the way the window does. "visible" is the
first animation frame after the overlay's first draw. Panning is a real Leaflet drag
driven by mouse events inside the page: a circle of 200 px radius over 120 frames, then
release (inertia, one redraw at moveend); the page records requestAnimationFrame deltas.
A run without any overlay gives the baseline frame times. Numbers are printed, not judged.
"""
from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

PAN_JS = """(function () {
  var c = document.querySelector('.leaflet-container'), r = c.getBoundingClientRect();
  var x0 = r.left + r.width / 2, y0 = r.top + r.height / 2, frames = 120, i = 0, last = null, d = [];
  window.__pan = null;
  function ev(type, x, y, target) {
    target.dispatchEvent(new MouseEvent(type, {bubbles: true, cancelable: true, clientX: x, clientY: y,
                                               button: 0, buttons: type === 'mouseup' ? 0 : 1, view: window}));
  }
  ev('mousedown', x0, y0, c);
  function tick(t) {
    if (last !== null) d.push(t - last);
    last = t;
    if (i < frames) {
      i++;
      var a = 2 * Math.PI * i / frames;
      ev('mousemove', x0 + 200 * Math.cos(a) - 200, y0 + 200 * Math.sin(a), c);
    } else if (i === frames) { i++; ev('mouseup', x0, y0, c); }
    else if (i < frames + 45) { i++; }
    else { window.__pan = d; return; }
    requestAnimationFrame(tick);
  }
  requestAnimationFrame(tick);
  return true;
})()"""


def make_points(path: Path, n: int) -> None:
    import geopandas as gpd
    import numpy as np
    import pyogrio
    rng = np.random.default_rng(1)
    towns = ["樟潭街道", "衢江港区大路章作业区", "廿里镇", "高家镇", "杜泽镇", "全旺镇", "莲花镇", "上方镇"]
    gdf = gpd.GeoDataFrame(
        {"name": [f"{towns[i % len(towns)]}-{i}" for i in range(n)], "value": rng.normal(size=n),
         "count": rng.integers(0, 1000, n)},
        geometry=gpd.points_from_xy(rng.uniform(118.0, 119.5, n), rng.uniform(28.4, 29.5, n)), crs=4326).to_crs(3857)
    pyogrio.write_dataframe(gdf, path)


def make_polygons(path: Path, mb: float) -> None:
    import numpy as np
    rng = np.random.default_rng(2)
    n = int(mb * 1024 * 1024 / 1560)  # ~1.56 kB of GeoJSON per 64-vertex polygon with its attributes
    a = np.linspace(0, 2 * np.pi, 64, endpoint=False)
    with open(path, "w", encoding="utf-8") as f:
        f.write('{"type":"FeatureCollection","features":[\n')
        for i in range(n):
            cx, cy, r = rng.uniform(118.2, 119.4), rng.uniform(28.5, 29.4), rng.uniform(0.002, 0.01)
            ring = [[round(cx + r * np.cos(t), 6), round(cy + 0.8 * r * np.sin(t), 6)] for t in a]
            ring.append(ring[0])
            feat = {"type": "Feature", "properties": {"名称": f"地块{i}", "面积": round(float(r * 1e4), 2)},
                    "geometry": {"type": "Polygon", "coordinates": [ring]}}
            f.write(("," if i else "") + json.dumps(feat, ensure_ascii=False, separators=(",", ":")) + "\n")
        f.write("]}\n")


def stats(ms: list[float]) -> str:
    if not ms:
        return "no frames"
    s = sorted(ms)
    p95 = s[min(len(s) - 1, int(0.95 * len(s)))]
    return (f"median {statistics.median(s):.1f} ms, p95 {p95:.1f} ms, max {s[-1]:.1f} ms, "
            f"frames > 50 ms: {sum(1 for v in s if v > 50)} of {len(s)}")


GAPS_JS = """(function () { window.__gaps = []; var last = null;
  function t(ts) { if (last !== null && ts - last > 40) window.__gaps.push(ts - last); last = ts; requestAnimationFrame(t); }
  requestAnimationFrame(t); return true; })()"""


def settle(view, quiet_s: float = 1.0) -> float:
    """Wait until the page has drawn frames for `quiet_s` without a gap; returns the longest gap (ms)."""
    from qjmap.web.capture import evaluate, spin
    evaluate(view, GAPS_JS)
    longest, end = 0.0, time.monotonic() + 30
    while time.monotonic() < end:
        evaluate(view, "window.__gaps = [], true")
        spin(int(quiet_s * 1000))
        gaps = evaluate(view, "window.__gaps") or []
        longest = max([longest, *gaps])
        if not gaps:
            break
    return longest


def pan(view) -> list[float]:
    from qjmap.web.capture import evaluate, wait_until
    evaluate(view, PAN_JS)
    wait_until(lambda: evaluate(view, "window.__pan") is not None, 180)
    return evaluate(view, "window.__pan")


def run_case(view, path: Path, label: str) -> None:
    from qjmap.io.project import overlay_from_layer
    from qjmap.io.reader import read_user_layer
    from qjmap.web.capture import evaluate, spin, wait_until
    from qjmap.web.overlays import remove_overlay, show_overlay
    t0 = time.perf_counter()
    layer = read_user_layer(path)
    t_read = time.perf_counter() - t0
    ov = overlay_from_layer(layer)
    x0, y0, x1, y1 = layer.bbox  # the view is set first: the page's own re-layout after a zoom is not ours
    view.call("setView", (y0 + y1) / 2, (x0 + x1) / 2, 9)
    settle(view)
    from qjmap.page.overlay_data import pack
    t = time.perf_counter()
    pack(ov.features)
    t_pack = time.perf_counter() - t
    t1 = time.perf_counter()
    show_overlay(view, ov)
    state = lambda: evaluate(view, f"QJ.overlayState({json.dumps(ov.id)})") or {}  # noqa: E731
    wait_until(lambda: state().get("times", {}).get("visible"), 60, 5)
    t_visible = time.perf_counter() - t1
    st = state()
    tm = st["times"]
    print(f"\n{label}: {path.name}, {path.stat().st_size / 1e6:.1f} MB, {layer.n_features:,} features")
    print(f"  read (read_user_layer)            {t_read:.2f} s")
    print(f"  read end -> visible               {t_visible:.2f} s  (of which: pack {t_pack:.2f} s, in the page: fetch+unpack "
          f"{(tm['loaded'] - tm['added']) / 1e3:.2f} s, first draw {(tm['drawn'] - tm['loaded']) / 1e3:.2f} s, "
          f"to frame {(tm['visible'] - tm['drawn']) / 1e3:.2f} s)")
    wait_until(lambda: state().get("props"), 30)
    for z in (7, 9, 11, 13):
        evaluate(view, f"(QJ.setView(28.95, 118.8, {z}), true)")
        settle(view, 0.3)
        print(f"  redraw at zoom {z:<2}                 {state()['times']['lastDrawMs']:.0f} ms")
    view.call("setView", (y0 + y1) / 2, (x0 + x1) / 2, 9)
    settle(view)
    print(f"  pan at zoom {evaluate(view, 'QJ.view().zoom'):g} (all features in view): " + stats(pan(view)))
    print(f"  redraw after the pan              {state()['times']['lastDrawMs']:.0f} ms")
    remove_overlay(view, ov.id)
    spin(300)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--points", type=int, default=100_000)
    ap.add_argument("--polygons-mb", type=float, default=50.0)
    ap.add_argument("--data", type=Path, help="keep generated files here (default: a temp folder)")
    args = ap.parse_args()
    import geopandas  # noqa: F401  (imports warmed: the app has them loaded when a file is dropped)
    from qjmap.app import make_app
    from qjmap.model.catalogue import load_catalogue
    from qjmap.web.capture import spin, wait_until
    from qjmap.web.view import MapView
    make_app(["bench-overlay"])
    folder = args.data or Path(tempfile.mkdtemp(prefix="qjmap-bench-overlay-"))
    folder.mkdir(parents=True, exist_ok=True)
    pts, polys = folder / f"points-{args.points}.gpkg", folder / f"polygons-{args.polygons_mb:g}mb.geojson"
    if not pts.exists():
        make_points(pts, args.points)
    if args.polygons_mb and not polys.exists():
        make_polygons(polys, args.polygons_mb)
    view = MapView()
    view.resize(1400, 900)
    view.show_catalogue(load_catalogue())
    view.show()
    wait_until(lambda: view.is_ready, 60)
    spin(500)
    spin(500)
    settle(view)
    view.call("setView", 28.95, 118.75, 9)
    print(f"page alone, zoom 7 -> 9 (no overlay): longest frame gap {settle(view):.0f} ms")
    print(f"baseline pan, no overlay (zoom 9): {stats(pan(view))}")
    run_case(view, pts, "points")
    if args.polygons_mb:
        run_case(view, polys, "polygons")
    view.close()
    view.dispose()
    return 0


if __name__ == "__main__":
    sys.exit(main())
