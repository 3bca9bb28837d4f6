"""`python -m qjmap export-tour OUT.pptx|OUT.pdf …`: File → Export tour…, headless.

The bookmarks are the user's (QSettings), else the default tour, or a JSON file given
with --bookmarks (the window passes its list this way). Bad arguments exit 2 with a
one-line bilingual reason before Qt starts; a failed render exits 1 and leaves no file.
Progress goes to stdout as `progress DONE/TOTAL WHAT` lines, which the window's progress
bar reads.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from qjmap.export.options import DEFAULT_SUBTITLE, DEFAULT_TITLE, OptionError


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="qjmap export-tour",
                                description="Export the bookmark tour as a PowerPoint deck or a multi-page PDF.")
    p.add_argument("out", type=Path, help="output file: .pptx or .pdf")
    p.add_argument("--bookmarks", type=Path, metavar="FILE.json",
                   help="bookmarks to use (as resources/bookmarks.json); default: yours, else the default tour")
    p.add_argument("--title", default=DEFAULT_TITLE)
    p.add_argument("--subtitle", default=DEFAULT_SUBTITLE)
    return p


def _bookmarks(args, parser):
    from qjmap.model.bookmarks import BookmarkError, from_json
    if args.bookmarks is None:
        from qjmap.io.bookmark_store import load_bookmarks
        return load_bookmarks()
    try:
        return from_json(args.bookmarks.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, BookmarkError) as exc:
        parser.error(f"书签文件无法读取 · cannot read the bookmarks file {args.bookmarks}: {exc}")


def _progress(done: int, total: int, what: str) -> None:
    print(f"progress {done}/{total} {what}", flush=True)


def run(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    from qjmap.model.catalogue import CatalogueError, load_catalogue
    try:
        cat = load_catalogue()
    except CatalogueError as exc:
        print(f"qjmap export-tour: error: the catalogue cannot be read: {exc}", file=sys.stderr)
        return 1
    bookmarks = _bookmarks(args, parser)
    from qjmap.export.tour import check_tour, run_tour
    try:
        check_tour(args.out, bookmarks, cat)
    except OptionError as exc:
        parser.error(str(exc))
    t0 = time.monotonic()
    from qjmap.export.cli import prepare_qt_environment
    prepare_qt_environment()
    from qjmap.web.qt_app import make_qt_app
    make_qt_app(["qjmap-export-tour"])
    try:
        res = run_tour(cat, bookmarks, args.out, title=args.title, subtitle=args.subtitle, progress=_progress)
    except Exception as exc:  # noqa: BLE001 (one clear line, not a traceback)
        print(f"qjmap export-tour: error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return 1
    kb = args.out.stat().st_size // 1024
    print(f"wrote {args.out} ({res.stops} stops, {res.slides} pages, {kb} KB) in {time.monotonic() - t0:.1f} s")
    return 0


def main(argv: list[str] | None = None) -> int:
    from qjmap.export.cli import exit_code
    return exit_code(run, argv)
