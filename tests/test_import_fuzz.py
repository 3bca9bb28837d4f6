"""Fuzz the readers: cut files and flipped bytes of real Shapefile, GeoPackage, GeoJSON, KML,
CSV and .xlsx files must give a UserLayer or an ImportProblem — never another exception —
and must leave the folder as it was (no GDAL side files, nothing rewritten).

The reads run in a child process, so a crash inside GDAL would be reported as a failure
naming the file instead of killing the test run. The work is bounded by a fixed number of
seeded mutations per file (no timing is asserted).
"""
from __future__ import annotations

import json
import random
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

gpd = pytest.importorskip("geopandas")
from shapely.geometry import Point, Polygon  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
CUTS = (0.02, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99)
FLIPS = 20  # mutated copies per file, 1-16 random bytes changed each
CHILD = r"""
import json, os, sys, traceback
from qjmap.io.problems import ImportProblem
from qjmap.io.reader import read_user_layer
for path in sys.argv[1:]:
    folder = os.path.dirname(path)
    before = {n: os.stat(os.path.join(folder, n)).st_mtime_ns for n in os.listdir(folder)}
    print(json.dumps({"start": path}), flush=True)
    try:
        layer = read_user_layer(path)
        json.dumps(layer.to_geojson(), allow_nan=False)
        result = {"ok": layer.n_features}
    except ImportProblem as exc:
        result = {"problem": exc.kind, "bilingual": exc.message.count("\n") >= 1}
    except Exception:
        result = {"uncaught": traceback.format_exc()[-1500:]}
    after = {n: os.stat(os.path.join(folder, n)).st_mtime_ns for n in os.listdir(folder)}
    result.update(path=path, changed=sorted(set(after.items()) ^ set(before.items())))
    print(json.dumps(result), flush=True)
"""


def seeds(folder: Path) -> list[Path]:
    names = ["衢江港区大路章作业区", "樟潭街道", "<b>x</b>"]
    pts = [Point(118.87, 28.96), Point(118.9, 28.95), Point(118.95, 29.0)]
    polys = [Polygon([(118 + i / 100, 28.9), (118.005 + i / 100, 28.9), (118 + i / 100, 28.905)]) for i in range(3)]
    gdf = gpd.GeoDataFrame({"name": names, "n": [1, 2, 3]}, geometry=polys, crs=4326).to_crs(4549)
    out = []
    shp = folder / "shp" / "面.shp"
    shp.parent.mkdir()
    gdf.to_file(shp, engine="pyogrio", encoding="GBK")
    (shp.with_suffix(".cpg")).unlink()
    out += [shp.with_suffix(s) for s in (".shp", ".shx", ".dbf")]  # each part is mutated in turn
    z = folder / "zip.zip"
    with zipfile.ZipFile(z, "w", zipfile.ZIP_DEFLATED) as zf:
        for s in (".shp", ".shx", ".dbf", ".prj"):
            zf.write(shp.with_suffix(s), f"导出/面{s}")
    pgdf = gpd.GeoDataFrame({"name": names}, geometry=pts, crs=4326)
    pgdf.to_file(folder / "p.gpkg", engine="pyogrio")
    pgdf.to_file(folder / "p.geojson", engine="pyogrio")
    (folder / "p.kml").write_text(
        '<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>'
        '<Placemark><name>大路章</name><Point><coordinates>118.87,28.96,0</coordinates></Point></Placemark>'
        '</Document></kml>', encoding="utf-8")
    (folder / "t.csv").write_bytes("名称,经度,纬度\r\n大路章,118.87,28.96\r\n樟潭,118.9,28.95\r\n".encode("gbk"))
    import openpyxl
    wb = openpyxl.Workbook()
    wb.active.append(["名称", "X", "Y"])
    wb.active.append(["大路章", 40_500_000.0 + 1234.5, 3_205_000.0])
    wb.save(folder / "t.xlsx")
    return out + [z, folder / "p.gpkg", folder / "p.geojson", folder / "p.kml", folder / "t.csv", folder / "t.xlsx"]


def mutants(src: Path, folder: Path) -> list[Path]:
    """Copies of src, each alone in its folder with the untouched companions of a shapefile."""
    data = src.read_bytes()
    rng = random.Random(src.name)
    variants = [data[:int(len(data) * f)] for f in CUTS]
    for _ in range(FLIPS):
        b = bytearray(data)
        for _ in range(rng.randint(1, 16)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        variants.append(bytes(b))
    out = []
    for i, v in enumerate(variants):
        d = folder / f"{src.parent.name}-{src.name}-{i}"
        d.mkdir()
        if src.suffix in (".shp", ".shx", ".dbf"):
            for part in src.parent.iterdir():
                (d / part.name).write_bytes(part.read_bytes())
        target = d / src.name
        target.write_bytes(v)
        out.append(target.with_suffix(".shp") if src.suffix in (".shx", ".dbf") else target)
    return out


@pytest.mark.timeout(600)
def test_cut_and_flipped_files_never_raise_anything_but_import_problem(tmp_path):
    (tmp_path / "seeds").mkdir()
    files = [m for s in seeds(tmp_path / "seeds") for m in mutants(s, tmp_path)]
    proc = subprocess.run([sys.executable, "-c", CHILD, *map(str, files)], cwd=ROOT, capture_output=True,
                          text=True, timeout=540)
    lines = [json.loads(x) for x in proc.stdout.splitlines() if x.startswith("{")]
    results = [x for x in lines if "path" in x]
    started = [x["start"] for x in lines if "start" in x]
    assert proc.returncode == 0, f"reader process died (code {proc.returncode}) on {started[-1:]}: {proc.stderr[-2000:]}"
    assert len(results) == len(files)
    uncaught = [(r["path"], r["uncaught"]) for r in results if "uncaught" in r]
    assert not uncaught, "\n\n".join(f"{p}\n{t}" for p, t in uncaught[:6])
    assert all(r["bilingual"] for r in results if "problem" in r)
    assert not [r for r in results if r["changed"]], "a read changed the folder"
    kinds = sorted({r.get("problem", "ok") for r in results})
    print(f"fuzz: {len(results)} mutated files: " + ", ".join(
        f"{k} {sum(r.get('problem', 'ok') == k for r in results)}" for k in kinds))
    assert {"ok", "corrupt"} <= set(kinds)  # the mutations both survive and break files
