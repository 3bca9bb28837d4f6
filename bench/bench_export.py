"""Time `python -m qjmap export` (whole process) at 1920×1080 and 3840×2160, and QGIS 3.22
doing the same snapshot if it is installed.

    .venv/bin/python bench/bench_export.py [--runs 5] [--out bench/results]

Each size is exported --runs times from a fresh process (cold Python, Qt and Chromium
start included, as a user or a script would see it); the median is reported. QGIS gets a
generated project with the same layers (the catalogue's layers as GeoJSON plus the
offline basemap, simple styles, EPSG:3857, the same extent as the qjmap overview) and
is run as `xvfb-run -a qgis --nologo --noplugins --project P --snapshot OUT --width W
--height H`. Without `qgis` on PATH that half is skipped and says so.
"""
from __future__ import annotations

import argparse
import json
import math
import os
import shutil
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


def _timed(cmd: list[str], env=None, ok_if: Path | None = None) -> float:
    """Wall time of one process. QGIS --snapshot exits 1 even when it wrote the image:
    with `ok_if`, a fresh non-empty output file counts as success."""
    if ok_if is not None and ok_if.exists():
        ok_if.unlink()
    t = time.perf_counter()
    r = subprocess.run(cmd, capture_output=True, text=True, env=env, cwd=ROOT)
    dt = time.perf_counter() - t
    if ok_if is not None and ok_if.exists() and ok_if.stat().st_size > 0:
        return dt
    if r.returncode != 0:
        raise SystemExit(f"failed ({r.returncode}): {' '.join(cmd)}\n{r.stderr[-2000:]}")
    return dt


def bench_qjmap(out_dir: Path, runs: int) -> dict:
    res = {}
    for w, h in SIZES:
        out = out_dir / f"qjmap-{w}x{h}.png"
        times = [_timed([sys.executable, "-m", "qjmap", "export", str(out), "--size", f"{w}x{h}"])
                 for _ in range(runs)]
        res[f"{w}x{h}"] = {"median_s": round(statistics.median(times), 3), "runs_s": [round(t, 3) for t in times]}
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


def write_qgis_project(folder: Path) -> Path:
    """A QGIS 3.22 project with the catalogue layers and the basemap; returns its path."""
    from qjmap.model.catalogue import load_catalogue
    from qjmap.paths import resource_path
    cat = load_catalogue()
    layers = []  # (id, name, path, geometry kind, stroke, fill), drawn bottom-up
    for name, stroke, fill in BASEMAP:
        kind = "line" if name == "rivers" else "fill"
        layers.append((name, name, resource_path("geodata", f"{name}.geojson"), kind, stroke, fill))
    for layer in cat.layers:
        feats = [{"type": "Feature", "geometry": f.geometry, "properties": {"id": f.id, "name": f.name_zh}}
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
    spec = folder / "qgis-project.json"
    spec.write_text(json.dumps({"layers": [[lid, n, str(p), k, st, fi] for lid, n, p, k, st, fi in layers],
                                "extent": list(overview_extent())}, ensure_ascii=False), "utf-8")
    path = folder / "qjmap-bench.qgs"
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    r = subprocess.run([QGIS_PYTHON, str(ROOT / "bench" / "qgis_project.py"), str(spec), str(path)],
                       capture_output=True, text=True, env=env)
    if r.returncode != 0:
        raise SystemExit(f"PyQGIS could not write the project:\n{r.stdout}{r.stderr[-1500:]}")
    return path


def bench_qgis(out_dir: Path, runs: int) -> dict | None:
    qgis, xvfb = shutil.which("qgis"), shutil.which("xvfb-run")
    if not qgis or not xvfb:
        print(f"QGIS: skipped ({'qgis' if not qgis else 'xvfb-run'} not found on PATH)")
        return None
    project = write_qgis_project(out_dir)
    version = subprocess.run([qgis, "--version"], capture_output=True, text=True).stdout.strip()
    res = {"version": version}
    for w, h in SIZES:
        out = out_dir / f"qgis-{w}x{h}.png"
        cmd = [xvfb, "-a", qgis, "--nologo", "--noplugins", "--project", str(project),
               "--snapshot", str(out), "--width", str(w), "--height", str(h)]
        times = [_timed(cmd, ok_if=out) for _ in range(runs)]
        res[f"{w}x{h}"] = {"median_s": round(statistics.median(times), 3), "runs_s": [round(t, 3) for t in times]}
        print(f"QGIS snapshot {w}x{h}: median {statistics.median(times):.2f} s")
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
            print(f"{size}: qjmap / QGIS = {q / g:.2f}")
    (out / "results.json").write_text(json.dumps(results, indent=1), "utf-8")
    print(f"results in {out / 'results.json'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
