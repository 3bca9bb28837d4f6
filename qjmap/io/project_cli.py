"""`python -m qjmap project add P.qjmap FILE…` and `python -m qjmap project info P.qjmap`.

The same readers and project file as the window. `add` is all or nothing: if any file
cannot be read (or the project cannot), nothing is written and the exit status is 2 with
the bilingual reason; a project that does not exist yet is created. `info` describes the
overlays (feature counts, style, visibility), the bookmarks and the view, or exits 2 when
the file cannot be read. No Qt.
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from qjmap.io.project import Project, ProjectError, load_project, overlay_from_layer, save_project


def describe(project: Project, name: str) -> str:
    lines = [f"项目 Project: {name}" + (f"  (saved {project.saved_at})" if project.saved_at else "")]
    v = project.view
    if v:
        lines.append(f"视图 View: lat {v['lat']:.5f}, lon {v['lon']:.5f}, zoom {v['zoom']:g}")
    n = sum(ov.n_features for ov in project.overlays)
    lines.append(f"叠加图层 Overlays: {len(project.overlays)} ({n:,} features)")
    for i, ov in enumerate(project.overlays, start=1):
        shown = "shown 显示" if ov.visible else "hidden 隐藏"
        label = f", label {ov.style.label}" if ov.style.label else ""
        lines.append(f"  {i}. {ov.name} [{ov.id}]: {ov.n_features:,} features ({ov.kind()}), {shown}, "
                     f"opacity {ov.opacity:.0%}, colour {ov.style.color}, size {ov.style.size:g}{label}")
        if ov.source_path:
            lines.append(f"     from {ov.source_path} ({ov.crs_in or 'CRS unknown'})")
    hidden = sorted(k for k, s in project.layers.items() if not s.visible)
    if hidden:
        lines.append(f"隐藏的图层 Hidden layers: {', '.join(hidden)}")
    lines.append(f"书签 Bookmarks: {len(project.bookmarks)}")
    names = {ov.id: ov.name for ov in project.overlays}
    for i, b in enumerate(project.bookmarks, start=1):
        extra = ""
        if b.overlays is not None:
            extra = f"; overlays: {', '.join(names.get(o, o) for o in b.overlays) or 'none'}"
        lines.append(f"  {i}. {b.name}: {b.lat:.4f}, {b.lon:.4f}, zoom {b.zoom:g}{extra}")
    return "\n".join(lines)


def summary(project: Project) -> dict:
    """The machine-readable form of `info --json`."""
    return {"overlays": [{"id": ov.id, "name": ov.name, "features": ov.n_features, "kind": ov.kind(),
                          "visible": ov.visible, "opacity": ov.opacity, "style": vars(ov.style)}
                         for ov in project.overlays],
            "bookmarks": [b.name for b in project.bookmarks], "view": project.view,
            "layers": {k: vars(s) for k, s in project.layers.items()}}


def _add(args) -> int:
    from qjmap.io.problems import ImportProblem
    from qjmap.io.reader import read_user_layer
    path: Path = args.project
    try:
        project = load_project(path) if path.exists() else Project()
    except ProjectError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    added, failed = [], False
    for f in args.files:
        try:
            layer = read_user_layer(f)
        except ImportProblem as exc:
            print(exc.message, file=sys.stderr)
            failed = True
            continue
        added.append(overlay_from_layer(layer, len(project.overlays) + len(added)))
        for w in layer.warnings:
            print(f"{Path(f).name}: {w}", file=sys.stderr)
    if failed:
        print(f"项目未改动 / {path.name} was not changed", file=sys.stderr)
        return 2
    project.overlays += added
    try:
        save_project(project, path)
    except ProjectError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    for ov in added:
        print(f"added {ov.name}: {ov.n_features:,} features → {path}")
    return 0


def _info(args) -> int:
    try:
        project = load_project(args.project)
    except ProjectError as exc:
        print(exc.message, file=sys.stderr)
        return 2
    if args.json:
        json.dump(summary(project), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print(describe(project, args.project.name))
    return 0


def build_parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="qjmap project", description="Make or describe a .qjmap project file.")
    sub = p.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("add", help="add GIS/CSV/Excel files to a project as overlays (created if missing)")
    a.add_argument("project", type=Path)
    a.add_argument("files", nargs="+", type=Path)
    a.set_defaults(func=_add)
    i = sub.add_parser("info", help="layers, feature counts, bookmarks and view of a project")
    i.add_argument("project", type=Path)
    i.add_argument("--json", action="store_true")
    i.set_defaults(func=_info)
    return p


def main(argv: list[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else 2
    return args.func(args)
