"""Command line: catalog, validate, coverage (model only); GUI and export load Qt lazily."""
from __future__ import annotations

import argparse
import json
import sys


def _cmd_catalog(args) -> int:
    from qjmap.model.catalogue import load_catalogue
    cat = load_catalogue()
    if args.format == "geojson":
        from qjmap.model.conflicts import geojson_with_conflicts
        json.dump(geojson_with_conflicts(cat), sys.stdout, ensure_ascii=False, indent=None if args.compact else 1)
        sys.stdout.write("\n")
        return 0
    from qjmap.export.table import write_csv, write_csv_stream, write_xlsx
    from qjmap.model.figure_table import figure_rows
    rows = figure_rows(cat)
    if args.format == "xlsx" and not args.out:
        print("catalog --format xlsx 需要 -o 文件名（xlsx 是二进制文件）/ needs -o FILE (xlsx is binary)",
              file=sys.stderr)
        return 2
    if not args.out:
        write_csv_stream(rows, sys.stdout)
        return 0
    try:
        (write_xlsx if args.format == "xlsx" else write_csv)(rows, args.out)
    except OSError as exc:
        print(f"无法写入 cannot write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    return 0


def _cmd_validate(args) -> int:
    from qjmap.model.catalogue import CatalogueError, load_catalogue
    from qjmap.model.validate import problems
    try:
        cat = load_catalogue()
    except CatalogueError as exc:
        print(f"catalogue cannot be read: {exc}")
        return 1
    found = problems(cat)
    for p in found:
        print(p)
    n_fig = sum(len(f.figures) for f in cat.features)
    print(f"{len(cat.features)} features, {n_fig} figures, {len(found)} problems")
    return 1 if found else 0


def _cmd_coverage(args) -> int:
    from qjmap.model.catalogue import load_catalogue
    from qjmap.model.coverage import coverage
    rep = coverage(load_catalogue())
    for e in rep["uncovered"]:
        print(f"uncovered {e['doc']} ¶{e['paragraph']}: {e['number']:>8}  …{e['context']}…")
    if args.verbose:
        for e in rep["left_out"]:
            print(f"left out  {e['doc']} ¶{e['paragraph']}: {e['number']:>8}  …{e['context']}…  ({e['reason']})")
    print(f"numbers: {rep['used']} used by figures, {len(rep['left_out'])} left out with a reason, "
          f"{rep['dates']} dates, {len(rep['uncovered'])} uncovered")
    return 0


def _cmd_conflicts(args) -> int:
    from qjmap.model.catalogue import load_catalogue
    from qjmap.model.conflicts import report
    print("\n".join(report(load_catalogue())))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="qjmap", description="Quzhou four-province hub map explorer")
    p.add_argument("--selftest", action="store_true", help="open offscreen, check, export, exit")
    p.add_argument("--software-gl", action="store_true", help="render without the GPU (black map on a bad driver)")
    sub = p.add_subparsers(dest="cmd")
    c = sub.add_parser("catalog", help="print the catalogue")
    c.add_argument("--format", choices=["geojson", "csv", "xlsx"], default="geojson",
                   help="geojson: the whole catalogue; csv/xlsx: one row per figure with its citation")
    c.add_argument("-o", "--out", metavar="FILE", help="write csv/xlsx to FILE (required for xlsx)")
    c.add_argument("--compact", action="store_true")
    c.set_defaults(func=_cmd_catalog)
    v = sub.add_parser("validate", help="check every quote, figure and geometry")
    v.set_defaults(func=_cmd_validate)
    cv = sub.add_parser("coverage", help="numbers in the articles that no figure uses")
    cv.add_argument("-v", "--verbose", action="store_true")
    cv.set_defaults(func=_cmd_coverage)
    cf = sub.add_parser("conflicts", help="series whose values cannot all be true")
    cf.set_defaults(func=_cmd_conflicts)
    return p


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "export":
        from qjmap.export.cli import main as export_main
        return export_main(argv[1:])
    if argv and argv[0] == "export-tour":
        from qjmap.export.tour_cli import main as tour_main
        return tour_main(argv[1:])
    if argv and argv[0] == "import":
        from qjmap.io.import_cli import main as import_main
        return import_main(argv[1:])
    if argv and argv[0] == "project":
        from qjmap.io.project_cli import main as project_main
        return project_main(argv[1:])
    args = build_parser().parse_args(argv)
    if getattr(args, "func", None):
        return args.func(args)
    from qjmap.app import run
    return run(selftest=args.selftest)
