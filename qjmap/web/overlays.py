"""Put an overlay on a MapView: its packed data is served from the qjmap:// scheme and the page
is told where to fetch it (QJ.addOverlay), so no big string crosses runJavaScript.

Packing (and, later, the attribute table) runs in a worker thread and the result is handed
to the page from the Qt event loop: the window keeps answering while 100,000 features are
prepared, and the scheme handler (which runs on the GUI thread) can serve the geometry while
the table is still being built. `wait_overlays` blocks until the page has fetched, unpacked
and drawn every overlay (an export must not grab before).
"""
from __future__ import annotations

from concurrent.futures import Future, ThreadPoolExecutor

from PySide6.QtCore import QTimer

from qjmap.model.overlay import Overlay
from qjmap.page.overlay_data import overlay_spec, pack, table_json
from qjmap.web.capture import evaluate, wait_until

_POOL = ThreadPoolExecutor(max_workers=1, thread_name_prefix="qjmap-overlay")
POLL_MS = 15


def _when_done(view, fut: Future, then) -> None:
    """Call then(result) on the GUI thread once `fut` is done (polled: futures have no Qt signal)."""
    timer = QTimer(view)
    timer.setInterval(POLL_MS)

    def check():
        if fut.done():
            timer.stop()
            timer.deleteLater()
            then(fut.result())
    timer.timeout.connect(check)
    timer.start()


def show_overlay(view, ov: Overlay, fit: bool = False) -> None:
    """Serve and draw `ov`: geometry first, the attribute table when it is ready."""
    base = f"overlay/{ov.id}"
    view.pending_overlays = getattr(view, "pending_overlays", 0) + 1
    # The feature list is copied by reference: overlays are never edited in place.
    geometry = _POOL.submit(pack, ov.features)
    table = _POOL.submit(table_json, ov.features)

    def send_geometry(result):
        data, meta = result
        view.scheme.generated[f"{base}.bin"] = data
        view.call("addOverlay", ov.id, overlay_spec(ov, meta, url=f"qjmap://app/{base}.bin", fit=fit))
        _when_done(view, table, send_table)

    def send_table(data: bytes):
        view.scheme.generated[f"{base}.json"] = data
        view.call("overlayProps", ov.id, f"qjmap://app/{base}.json")
        view.pending_overlays -= 1
    _when_done(view, geometry, send_geometry)


def style_overlay(view, ov: Overlay) -> None:
    view.call("styleOverlay", ov.id, {"color": ov.style.color, "size": ov.style.size, "label": ov.style.label})


def remove_overlay(view, oid: str) -> None:
    view.call("removeOverlay", oid)
    for suffix in (".bin", ".json"):
        view.scheme.generated.pop(f"overlay/{oid}{suffix}", None)


def wait_overlays(view, timeout_s: float = 60) -> bool:
    """True once nothing is being prepared or loaded and each shown overlay is drawn."""
    return wait_until(lambda: not getattr(view, "pending_overlays", 0)
                      and bool(evaluate(view, "QJ.overlaysDrawn()")), timeout_s, 30)
