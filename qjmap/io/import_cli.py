"""`python -m qjmap import FILE … --out OUT.geojson`: one user file to one cleaned WGS84 GeoJSON.

The window runs this same command in a child process (qjmap.gui.import_runner), so the
command line, the tests and the app share one path, GDAL never blocks the window, and
Cancel is a kill. Exit 0 with the file written whole (qjmap.io.atomic), or exit 2 with the
bilingual message on stderr and nothing written. Notes (guesses, repairs, rows left out)
go to stderr too; `--progress` prints `progress F` lines (F from 0 to 1) on stdout, and on a
problem one `problem KIND {hints as JSON}` line there (the window's CRS picker reads it).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from qjmap.io.crs import CrsError, parse_crs
from qjmap.io.layer_file import write_layer
from qjmap.io.problems import ImportProblem


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="qjmap import",
        description="Read a Shapefile/.zip, GeoJSON, GeoPackage, KML, CSV or .xlsx into WGS84 GeoJSON.")
    p.add_argument("file", type=Path)
    p.add_argument("--out", type=Path, required=True, help="the GeoJSON file to write")
    p.add_argument("--crs", help="wgs84 | gcj02 (AMap/Tencent) | bd09 (Baidu) | EPSG:n (CGCS2000 4490, "
                                 "Gauss-Krüger 4491-4554 …); default: the file's own, else a guess")
    p.add_argument("--lon", metavar="COL", help="longitude / X column of a table")
    p.add_argument("--lat", metavar="COL", help="latitude / Y column of a table")
    p.add_argument("--wkt", metavar="COL", help="WKT geometry column of a table")
    p.add_argument("--layer", help="only this layer (GeoPackage/KML) or sheet (.xlsx)")
    p.add_argument("--progress", action="store_true", help="print 'progress F' lines on stdout")
    return p


def _fail(text: str) -> int:
    print(text, file=sys.stderr, flush=True)
    return 2


def main(argv: list[str]) -> int:
    args = build_parser().parse_args(argv)
    if (args.lon is None) != (args.lat is None):
        return _fail("--lon 与 --lat 须同时给出。\n--lon and --lat go together: give both.")
    try:
        crs = parse_crs(args.crs) if args.crs else None
    except CrsError as exc:
        return _fail(str(exc))

    def progress(f: float) -> None:
        if args.progress:
            print(f"progress {f:.2f}", flush=True)

    from qjmap.io.reader import read_user_layer
    progress(0.0)
    try:
        layer = read_user_layer(args.file, crs=crs, lon=args.lon, lat=args.lat, wkt=args.wkt,
                                layer=args.layer, progress=progress)
    except ImportProblem as exc:
        if args.progress:
            print(f"problem {exc.kind} {json.dumps(exc.hints)}", flush=True)
        return _fail(exc.message)
    except ImportError as exc:  # a build without GDAL/PROJ: say so rather than a traceback
        return _fail(f"无法导入“{args.file.name}”：本程序缺少读取组件（{exc.name}）。\n"
                     f"Cannot import “{args.file.name}”: this build lacks a reader component ({exc.name}).")
    try:
        write_layer(layer, args.out)
    except OSError as exc:
        return _fail(f"无法写入“{args.out}”：{exc.strerror or exc}\nCannot write “{args.out}”: {exc.strerror or exc}")
    for note in layer.warnings:
        print(note, file=sys.stderr)
    progress(1.0)
    print(f"{layer.n_features} features, {layer.crs_in} -> WGS84: {args.out}", file=sys.stderr, flush=True)
    return 0
