"""Users' overlays in exports: `--project P.qjmap` gives the export the window's overlays.

The window hands its state to the export child as its autosave project; the command line
can name any project. Which overlays are drawn: the bookmark's list when it has one, else
those the project shows. PNG/PDF draw them on the offscreen MapView like the window;
the standalone HTML inlines their data (JSON with < > & escaped, so attribute text never
becomes markup in the file) and the page shows attributes only as text.
"""
from __future__ import annotations

from qjmap.io.project import Project, ProjectError, load_project
from qjmap.model.bookmarks import Bookmark
from qjmap.model.overlay import Overlay
from qjmap.page.overlay_data import overlay_spec, pack, script_json


def load_for_export(path, parser) -> Project:
    try:
        return load_project(path)
    except ProjectError as exc:
        parser.error(exc.message.replace("\n", " / "))


def shown_overlays(project: Project | None, state: Bookmark) -> list[Overlay]:
    if project is None:
        return []
    if state.overlays is not None:
        return [ov for ov in project.overlays if ov.id in state.overlays]
    return [ov for ov in project.overlays if ov.visible]


def html_calls(overlays: list[Overlay]) -> list[str]:
    """QJ.addOverlay calls with everything inlined, for the standalone page."""
    calls = []
    for ov in overlays:
        data, meta = pack(ov.features)
        spec = overlay_spec(ov, meta, data=data)
        spec["visible"] = True
        calls.append(f"QJ.addOverlay({script_json(ov.id)},{script_json(spec)});")
    if overlays:  # file.html#overlay=<id>:<n> opens feature n's attributes (a link to it, and a test hook)
        calls.append("var mo=/[#&]overlay=([^&:]+):(\\d+)/.exec(location.hash);"
                     "if(mo){QJ.openOverlayPopup(decodeURIComponent(mo[1]),+mo[2]);}")
    return calls


def show_on(view, overlays: list[Overlay]) -> None:
    """Draw them on an export's MapView and wait until they are drawn."""
    from qjmap.web.capture import CaptureError
    from qjmap.web.overlays import show_overlay, wait_overlays
    for ov in overlays:
        show_overlay(view, ov)
    if overlays and not wait_overlays(view):
        raise CaptureError("the overlays were not drawn within 60 s")
