"""`python -m qjmap export OUT.(png|pdf|html) …`: the export dialog's work, headless.

Every argument is checked before Qt starts, and a bad one exits with status 2 and a
one-line reason (argparse's convention); a failed render exits 1. Nothing is left
behind on failure: files are written whole or not at all (qjmap.io.atomic).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from qjmap.model.bookmarks import Bookmark, BookmarkError, find
from qjmap.export.options import DEFAULT_SUBTITLE, DEFAULT_TITLE, ExportOptions, OptionError, parse_size

# Chromium's default tile memory (512 MB) does not hold an A3 page at 300 dpi: parts of
# the map would silently stay undrawn. A limit, not an allocation.
TILE_MEMORY_FLAG = "--force-gpu-mem-available-mb=2048"


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="qjmap export", description="Export the map to PNG, PDF or a standalone offline HTML file.",
        epilog="Sizes: 1920x1080, 3840x2160, A4, A3 (300 dpi unless --dpi), A4-portrait, or any WxH.")
    p.add_argument("out", type=Path, help="output file: .png, .pdf or .html")
    p.add_argument("--size", default="1920x1080", help="WxH pixels, A4 or A3 (default 1920x1080)")
    p.add_argument("--dpi", type=float, help="render resolution (default: 300 for paper, screen scale for pixels)")
    p.add_argument("--bookmark", help="a saved view (yours, else the default tour): name, part of it, or number")
    p.add_argument("--layers", nargs="+", metavar="LAYER", help="thematic layers to show (default: all)")
    p.add_argument("--title", default=DEFAULT_TITLE)
    p.add_argument("--subtitle", default=DEFAULT_SUBTITLE)
    p.add_argument("--no-schematic-note", dest="schematic", action="store_false", help="omit the 示意图 note")
    p.add_argument("--center", metavar="LAT,LON", help="map centre (overrides the bookmark)")
    p.add_argument("--zoom", type=float, help="map zoom level (overrides the bookmark)")
    p.add_argument("--select", metavar="FEATURE_ID", help="feature to highlight")
    p.add_argument("--project", type=Path, metavar="P.qjmap",
                   help="draw this project's overlays; its view and bookmarks are the defaults")
    p.add_argument("--lang", choices=("zh", "en"), help="language of the names on the map (default: QJMAP_LANG, else zh)")
    p.add_argument("--layout-report", type=Path, metavar="R.json",
                   help="also write every label, feature in view and marker drawn, in output pixels (PNG/PDF)")
    return p


def _state(args, cat, parser, project=None) -> Bookmark:
    """The view to export: the bookmark (or the project's view, or the overview), then the explicit overrides."""
    from qjmap.page.map_page import CENTER
    layer_ids = [l.id for l in cat.layers]
    if args.bookmark:
        from qjmap.io.bookmark_store import load_bookmarks  # the user's list (QSettings), else the tour
        try:  # a project's own bookmarks first
            b = find(project.bookmarks if project and project.bookmarks else load_bookmarks(), args.bookmark)
        except BookmarkError as exc:
            parser.error(str(exc))
        state = Bookmark(**{**b.__dict__, "layers": [l for l in b.layers if l in layer_ids]})
    elif project is not None and project.view:
        shown = [l for l in layer_ids if project.layers.get(l) is None or project.layers[l].visible]
        state = Bookmark("project", project.view["lat"], project.view["lon"], project.view["zoom"], shown)
    else:
        state = Bookmark("overview", CENTER[0], CENTER[1], 7, layer_ids)
    if args.layers:
        wanted = [x for item in args.layers for x in item.split(",") if x]
        unknown = [x for x in wanted if x not in layer_ids]
        if unknown:
            parser.error(f"unknown layer(s) {', '.join(unknown)}; choose from {', '.join(layer_ids)}")
        state.layers = wanted
    if args.center:
        try:
            lat, lon = (float(v) for v in args.center.split(","))
        except ValueError:
            parser.error(f"--center must be LAT,LON (e.g. 28.97,118.87), not {args.center!r}")
        if not (-85 <= lat <= 85 and -180 <= lon <= 180):
            parser.error(f"--center {args.center} is not on the map")
        state.lat, state.lon = lat, lon
    if args.zoom is not None:
        if not 3 <= args.zoom <= 18:
            parser.error(f"--zoom must be between 3 and 18, not {args.zoom:g}")
        state.zoom = args.zoom
    if args.select:
        try:
            cat.feature(args.select)
        except KeyError:
            parser.error(f"no feature {args.select!r} (see `python -m qjmap catalog`)")
        state.feature = args.select
    return state


def prepare_qt_environment() -> None:
    """Headless when there is no display; enough tile memory for big pages."""
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen" and "--disable-gpu" not in flags:
        flags += " --disable-gpu"
    if "--force-gpu-mem-available-mb" not in flags:
        flags += " " + TILE_MEMORY_FLAG
    os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = flags.strip()


def run(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        lang = args.lang or ("en" if os.environ.get("QJMAP_LANG") == "en" else "zh")
        opts = ExportOptions(args.out, parse_size(args.size, args.dpi), args.title, args.subtitle, args.schematic, lang)
        opts.check()
    except OptionError as exc:
        parser.error(str(exc))
    if args.layout_report and (opts.fmt == "html" or not args.layout_report.resolve().parent.is_dir()):
        parser.error("--layout-report needs a PNG or PDF export and an existing folder for the report")
    from qjmap.model.catalogue import CatalogueError, load_catalogue
    try:
        cat = load_catalogue()
    except CatalogueError as exc:
        print(f"qjmap export: error: the catalogue cannot be read: {exc}", file=sys.stderr)
        return 1
    project = None
    if args.project:
        from qjmap.export.overlays import load_for_export
        project = load_for_export(args.project, parser)
    state = _state(args, cat, parser, project)
    t0 = time.monotonic()
    if opts.fmt != "html":
        prepare_qt_environment()
        from qjmap.web.qt_app import make_qt_app
        make_qt_app(["qjmap-export"])
    from qjmap.export.run import run_export
    try:
        from qjmap.export.overlays import shown_overlays
        res = run_export(cat, opts, state, overlays=shown_overlays(project, state))
        if args.layout_report:
            from qjmap.export.layout_report import write_report
            write_report(args.layout_report, res.report, res.layout)
    except Exception as exc:  # noqa: BLE001 (one clear line, not a traceback)
        print(f"qjmap export: error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    kb = opts.out.stat().st_size // 1024
    what = "standalone HTML" if opts.fmt == "html" else f"{opts.size.label()} {opts.fmt.upper()}"
    print(f"wrote {opts.out} ({what}, {kb} KB) in {time.monotonic() - t0:.1f} s")
    return 0


def exit_code(run_, argv: list[str] | None) -> int:
    """Run a command's `run(argv)`, turning argparse's exits into return codes."""
    try:
        return run_(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:  # argparse: 2 for bad arguments, 0 for --help
        return exc.code if isinstance(exc.code, int) else 2


def main(argv: list[str] | None = None) -> int:
    return exit_code(run, argv)
