"""Draw the map at an exact pixel size in a view of its own, never shown on screen.

The export must not disturb the window the user is looking at, and must not be an
up-scaled screenshot: a separate MapView is sized to the output (divided by the screen's
device pixel ratio), its page zoom set to the render scale (see export_options), and the
saved view applied. Leaflet's own controls are hidden; the painter adds the furniture.
"""
from __future__ import annotations

import os
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from qjmap.model.bookmarks import Bookmark
from qjmap.model.catalogue import Catalogue
from qjmap.export.layout_report import in_output_px
from qjmap.export.options import PageSize
from qjmap.web.capture import CaptureError, evaluate, grab_drawn, wait_until
from qjmap.web.view import MapView

READY_TIMEOUT_S = 60
LOAD_SIZE = (320, 200)  # the page loads small; see MapRenderer.render
# Largest output drawn completely with Chromium's default 512 MB tile memory in our tests
# (A4 at 300 dpi already logged "tile memory limits exceeded"; A3 lost whole layers).
MAX_PIXELS_DEFAULT_MEMORY = 3840 * 2160


def _close(got, want) -> bool:
    """Chromium rounds the CSS viewport of a zoomed page; a pixel either way is the same size."""
    return bool(got) and all(abs(g - w) <= 1 for g, w in zip(got, want))


@dataclass
class MapImage:
    image: QImage
    metres_per_px: float  # ground metres per output pixel at the map centre
    report: dict | None = None  # labels, features and markers drawn, in output px (layout_report)


class MapRenderer:
    """One offscreen view at the output size; `close` it when done."""

    def __init__(self, cat: Catalogue, size: PageSize):
        flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
        if size.width * size.height > MAX_PIXELS_DEFAULT_MEMORY and "--force-gpu-mem-available-mb" not in flags:
            raise CaptureError(f"{size.label()} needs more tile memory than Chromium's default, or parts of the "
                               "map stay undrawn: use `qjmap export` (it raises the limit), or start Qt with "
                               "QTWEBENGINE_CHROMIUM_FLAGS=--force-gpu-mem-available-mb=2048")
        self.cat, self.size = cat, size
        self.view = MapView()
        self.view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        self.view.resize(*LOAD_SIZE)
        self.view.show_catalogue(cat, still=True)
        self.view.show()
        self.dpr = self.view.devicePixelRatioF() or 1.0
        if not wait_until(lambda: self.view.is_ready, READY_TIMEOUT_S):
            self.close()
            raise CaptureError(f"the map page did not load within {READY_TIMEOUT_S} s")

    def render(self, state: Bookmark, reserve=(), lang: str = "zh") -> MapImage:
        """Apply the view while the page is small, then grow it to the output size and grab.

        Growing last means Chromium rasterises only the final picture: switching a 4K or
        A4/300-dpi page from the overview to a zoom-11 view in place needed the old and
        the new tiles at once, overflowed the tile memory and left parts undrawn.
        `reserve`: rectangles (output px) the caller paints over; labels keep out of them;
        `lang`: the language of the names on the map.
        """
        v, size = self.view, self.size
        for layer in self.cat.layers:
            v.call("setLayerVisible", layer.id, layer.id in state.layers)
        v.call("exportMode", True)
        v.call("select", state.feature)
        v.resize(round(size.width / self.dpr), round(size.height / self.dpr))
        v.setZoomFactor(size.scale / self.dpr)
        css_w, css_h = size.css_size
        if not wait_until(lambda: _close(evaluate(v, "[innerWidth, innerHeight]"), (css_w, css_h)), 20, 30):
            raise CaptureError(f"the page never took the export size {css_w}×{css_h} CSS px")
        v.call("labels.reserve", [[c / size.scale for c in r] for r in reserve])
        v.call("setLanguage", lang)
        v.call("setView", state.lat, state.lon, state.zoom)
        img = grab_drawn(v)
        if (img.width(), img.height()) != (size.width, size.height):
            # fractional device pixel ratio: off by a pixel; never used to up-scale a small grab
            img = img.scaled(size.width, size.height, Qt.AspectRatioMode.IgnoreAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
        mpp_css = float(evaluate(v, "QJ.metresPerPixel()") or 0.0)
        report = in_output_px(evaluate(v, "QJ.layoutReport()"), size.scale)
        return MapImage(img, mpp_css / size.scale, report)

    def close(self) -> None:
        self.view.close()
        self.view.dispose()
        self.view.deleteLater()
