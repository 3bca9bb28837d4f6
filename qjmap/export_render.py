"""Draw the map at an exact pixel size in a view of its own, never shown on screen.

The export must not disturb the window the user is looking at, and must not be an
up-scaled screenshot: a separate MapView is sized to the output (divided by the screen's
device pixel ratio), its page zoom set to the render scale (see export_options), and the
saved view applied. Leaflet's own controls are hidden; the painter adds the furniture.
"""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage

from qjmap.bookmarks import Bookmark
from qjmap.catalogue import Catalogue
from qjmap.export_options import PageSize
from qjmap.web.capture import CaptureError, evaluate, grab_drawn, wait_until
from qjmap.web.view import MapView

READY_TIMEOUT_S = 60


@dataclass
class MapImage:
    image: QImage
    metres_per_px: float  # ground metres per output pixel at the map centre


class MapRenderer:
    """One offscreen view; `render` may be called several times (e.g. a benchmark)."""

    def __init__(self, cat: Catalogue, size: PageSize):
        self.cat, self.size = cat, size
        self.view = MapView()
        self.view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
        self.view.show_catalogue(cat)
        self.view.show()
        self.dpr = self.view.devicePixelRatioF() or 1.0
        self.view.resize(round(size.width / self.dpr), round(size.height / self.dpr))
        if not wait_until(lambda: self.view.is_ready, READY_TIMEOUT_S):
            self.close()
            raise CaptureError(f"the map page did not load within {READY_TIMEOUT_S} s")
        self.view.setZoomFactor(size.scale / self.dpr)

    def render(self, state: Bookmark) -> MapImage:
        v = self.view
        for layer in self.cat.layers:
            v.call("setLayerVisible", layer.id, layer.id in state.layers)
        v.call("exportMode", True)
        v.call("setView", state.lat, state.lon, state.zoom)
        v.call("select", state.feature)
        img = grab_drawn(v)
        if (img.width(), img.height()) != (self.size.width, self.size.height):
            # fractional device pixel ratio: off by a pixel; never used to up-scale a small grab
            img = img.scaled(self.size.width, self.size.height, Qt.AspectRatioMode.IgnoreAspectRatio,
                             Qt.TransformationMode.SmoothTransformation)
        mpp_css = float(evaluate(v, "QJ.metresPerPixel()") or 0.0)
        return MapImage(img, mpp_css / self.size.scale)

    def close(self) -> None:
        self.view.close()
        self.view.dispose()
        self.view.deleteLater()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
