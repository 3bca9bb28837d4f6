"""Time `python -m qjmap export` (whole process) at 1920×1080 and 3840×2160 against QGIS's
own map renderer drawing the same layers and extent, in one run, and print the ratio.

    .venv/bin/python bench/bench_export.py [--runs 5] [--out bench/results]

Each size is exported --runs times from a fresh process (cold Python, Qt and Chromium start
included, as a user or a script would see it); the median is reported, and also the time
qjmap itself reports for the render (after start-up). The peer is PyQGIS headless from
Debian's python3-qgis (bench/qgis_render.py: QgsMapRendererParallelJob, the catalogue's
layers as GeoJSON plus the offline basemap, simple styles, labels on the thematic layers,
EPSG:3857, the extent of the qjmap overview), also a fresh process per run. Without
python3-qgis that half is skipped and says so (`apt-get install python3-qgis`).
"""
from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = ((1920, 1080), (3840, 2160))
QGIS_PYTHON = "/usr/bin/python3"  # Debian's python3-qgis lives in the system Python
EARTH = 6378137.0
BASEMAP = (("provinces", "#8d8d8d", "#fbfaf6"), ("counties", "#d9d4cc", None), ("cities", "#b3aca2", None),
           ("rivers", "#6aa6d6", None))


def _timed(cmd: list[str], env=None) -> tuple[float, str]:
    """Wall time and stdout of one process (which must succeed)."""
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    dt = time.perf_counter() - t
    if r.returncode != 0:
        raise SystemExit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr[-2000:]}")
    return dt, r.stdout


def bench_qjmap(out_dir: Path, runs: int) -> dict:
    res = {}
    for w, h in SIZES:
        out = out_dir / f"qjmap-{w}x{h}.png"
        times, inner = [], []
        for _ in range(runs):
            dt, stdout = _timed([sys.executable, "-m", "qjmap", "export", str(out), "--size", f"{w}x{h}"])
            times.append(dt)
            inner.append(float(stdout.rsplit(" in ", 1)[1].split()[0]))  # "wrote … in 0.9 s"
        res[f"{w}x{h}"] = {"median_s": round(statistics.median(times), 3), "runs_s": [round(t, 3) for t in times],
                           "render_median_s": round(statistics.median(inner), 3)}
        runs_text = ", ".join(f"{t:.2f}" for t in times)
        print(f"qjmap export {w}x{h}: median {statistics.median(times):.2f} s  runs {runs_text}")
    return res


# --- QGIS ---------------------------------------------------------------------------------
def _merc(lat: float, lon: float) -> tuple[float, float]:
    return EARTH * math.radians(lon), EARTH * math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))


def overview_extent(css_w: int = 1920, css_h: int = 1080) -> tuple[float, float, float, float]:
    """EPSG:3857 extent of the qjmap overview (page.CENTER, zoom 7) in a css_w×css_h view."""
    from qjmap.page.map_page import CENTER
    res = 2 * math.pi * EARTH / 256 / 2 ** 7
    x, y = _merc(*CENTER)
    return x - css_w / 2 * res, y - css_h / 2 * res, x + css_w / 2 * res, y + css_h / 2 * res


def write_qgis_spec(folder: Path) -> Path:
    """The layers (bottom first) and extent QGIS draws, as bench/qgis_render.py reads them."""
    from qjmap.model.catalogue import load_catalogue
    from qjmap.paths import resource_path
    cat = load_catalogue()
    layers, labelled = [], []  # (id, name, path, geometry kind, stroke, fill), drawn bottom-up
    for name, stroke, fill in BASEMAP:
        kind = "line" if name == "rivers" else "fill"
        layers.append((name, name, resource_path("geodata", f"{name}.geojson"), kind, stroke, fill))
    for layer in cat.layers:
        feats = [{"type": "Feature", "geometry": f.geometry,
                  "properties": {"id": f.id, "name": getattr(f, "short_zh", "") or f.name_zh}}
                 for f in cat.in_layer(layer.id) if f.geometry]
        by_kind: dict[str, list] = {}
        for f in feats:
            t = f["geometry"]["type"]
            kind = "marker" if "Point" in t else "line" if "Line" in t else "fill"
            by_kind.setdefault(kind, []).append(f)
        for kind, fs in by_kind.items():
            path = folder / f"{layer.id}-{kind}.geojson"
            path.write_text(json.dumps({"type": "FeatureCollection", "features": fs}, ensure_ascii=False), "utf-8")
            layers.append((f"{layer.id}_{kind}", layer.name_zh, path, kind, layer.color, None))
            if kind != "fill":
                labelled.append(f"{layer.id}_{kind}")
    spec = folder / "qgis-spec.json"
    spec.write_text(json.dumps({"layers": [[lid, n, str(p), k, st, fi] for lid, n, p, k, st, fi in layers],
                                "extent": list(overview_extent()), "label_layers": labelled},
                               ensure_ascii=False), "utf-8")
    return spec


def bench_qgis(out_dir: Path, runs: int) -> dict | None:
    probe = subprocess.run([QGIS_PYTHON, "-c", "from qgis.core import Qgis; print(Qgis.QGIS_VERSION)"],
                           capture_output=True, text=True) if Path(QGIS_PYTHON).exists() else None
    if probe is None or probe.returncode != 0:
        print("QGIS: skipped (PyQGIS not importable by /usr/bin/python3: apt-get install python3-qgis)")
        return None
    spec = write_qgis_spec(out_dir)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    res = {"version": probe.stdout.strip()}
    for w, h in SIZES:
        out = out_dir / f"qgis-{w}x{h}.png"
        times, inner = [], []
        for _ in range(runs):
            dt, stdout = _timed([QGIS_PYTHON, str(ROOT / "bench" / "qgis_render.py"), str(spec), str(out), str(w), str(h)],
                                env=env)
            times.append(dt)
            inner.append(json.loads(stdout.strip().splitlines()[-1])["render_s"])
        res[f"{w}x{h}"] = {"median_s": round(statistics.median(times), 3), "runs_s": [round(t, 3) for t in times],
                           "render_median_s": round(statistics.median(inner), 3)}
        print(f"QGIS renderer {w}x{h}: median {statistics.median(times):.2f} s whole process, "
              f"{statistics.median(inner):.2f} s QgsMapRendererParallelJob")
    return res


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--out", type=Path, help="folder for images and results (default: a temporary folder)")
    args = ap.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="qjmap-bench-"))
    out.mkdir(parents=True, exist_ok=True)
    env_note = {"cpus": os.cpu_count(), "platform": sys.platform, "python": sys.version.split()[0]}
    results = {"machine": env_note, "runs": args.runs, "qjmap": bench_qjmap(out, args.runs)}
    results["qgis"] = bench_qgis(out, args.runs)
    if results["qgis"]:
        for size in results["qjmap"]:
            q, g = results["qjmap"][size]["median_s"], results["qgis"][size]["median_s"]
            results["qjmap"][size]["ratio_to_qgis"] = round(q / g, 2)
            print(f"{size}: qjmap / QGIS renderer, whole process = {q / g:.2f}")
    (out / "results.json").write_text(json.dumps(results, indent=1), "utf-8")
    print(f"results in {out / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
