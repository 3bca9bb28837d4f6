"""Put an overlay on a MapView: its packed data is served from the qjmap:// scheme, then the
page is told where to fetch it (QJ.addOverlay), so no big string crosses runJavaScript.

Used by the window and by the export renderer; `wait_overlays` blocks until the page has
fetched, unpacked and drawn every overlay it was given (an export must not grab before).
"""
from __future__ import annotations

from qjmap.model.overlay import Overlay
from qjmap.page.overlay_data import attribute_table, overlay_spec, pack, script_json
from qjmap.web.capture import evaluate, wait_until


def show_overlay(view, ov: Overlay, fit: bool = False) -> dict:
    """Serve and draw `ov`; returns the packed meta (counts, bbox)."""
    data, meta = pack(ov.features)
    base = f"overlay/{ov.id}"
    view.scheme.generated[f"{base}.bin"] = data
    view.scheme.generated[f"{base}.json"] = script_json(attribute_table(ov.features)).encode("utf-8")
    view.call("addOverlay", ov.id, overlay_spec(ov, meta, url=f"qjmap://app/{base}.bin",
                                                props_url=f"qjmap://app/{base}.json", fit=fit))
    return meta


def style_overlay(view, ov: Overlay) -> None:
    view.call("styleOverlay", ov.id, {"color": ov.style.color, "size": ov.style.size, "label": ov.style.label})


def remove_overlay(view, oid: str) -> None:
    view.call("removeOverlay", oid)
    for suffix in (".bin", ".json"):
        view.scheme.generated.pop(f"overlay/{oid}{suffix}", None)


def wait_overlays(view, timeout_s: float = 30) -> bool:
    """True once the page has no overlay still loading and each shown one has been drawn."""
    return wait_until(lambda: bool(evaluate(view, "QJ.overlaysDrawn()")), timeout_s, 30)
