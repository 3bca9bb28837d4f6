"""The map view: a QWebEngineView with its own guarded profile, scheme and bridge.

Python talks to the page only through `call("fn", args…)`, small JS commands queued
until the page reports ready; the page is rebuilt only by `show_catalogue`. The built
folium page is cached on disk by content key so a normal start never imports folium.
"""
from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QEvent, QSaveFile, QStandardPaths, QUrl, Signal
from PySide6.QtWebChannel import QWebChannel
from PySide6.QtWebEngineCore import QWebEnginePage, QWebEngineProfile, QWebEngineSettings
from PySide6.QtWebEngineWidgets import QWebEngineView

from qjmap.model.catalogue import Catalogue
from qjmap.page.map_page import build_page_html, data_js, page_cache_key
from qjmap.web.bridge import Bridge
from qjmap.web.guard import RequestGuard
from qjmap.web.scheme import SCHEME, SchemeHandler

PAGE_URL = "qjmap://app/page.html"
STICKY = frozenset({"setLayerVisible", "setLayerOpacity", "setTiles", "addOverlay", "overlayProps", "styleOverlay",
                    "setLanguage"})
SINGLE = frozenset({"setTiles", "setLanguage"})  # one state each, whatever the arguments


def cached_page_html() -> bytes:
    cache = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation) or ".")
    path = cache / f"page-{page_cache_key()}.html"
    try:
        return path.read_bytes()
    except OSError:
        pass
    html = build_page_html().encode("utf-8")
    cache.mkdir(parents=True, exist_ok=True)
    f = QSaveFile(str(path))
    if f.open(QSaveFile.OpenModeFlag.WriteOnly):
        f.write(html)
        f.commit()
    return html


class _Page(QWebEnginePage):
    """Keeps JS console errors visible in the terminal (they are otherwise silent)."""

    def javaScriptConsoleMessage(self, level, message, line, source):  # noqa: N802
        if level == QWebEnginePage.JavaScriptConsoleMessageLevel.ErrorMessageLevel:
            print(f"[page] {source}:{line}: {message}")


class MapView(QWebEngineView):
    map_ready = Signal()

    def __init__(self, parent=None):
        super().__init__(parent)
        # Off the record (nothing persisted); no Qt parent so that dispose() can delete
        # the page strictly before its profile.
        self.profile = QWebEngineProfile()
        self.guard = RequestGuard(self)
        self.profile.setUrlRequestInterceptor(self.guard)
        self.scheme = SchemeHandler(self)
        self.profile.installUrlSchemeHandler(SCHEME, self.scheme)
        page = _Page(self.profile, self)
        s = page.settings()
        s.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls, False)
        s.setAttribute(QWebEngineSettings.WebAttribute.LocalContentCanAccessFileUrls, False)
        self.bridge = Bridge(self)
        self.channel = QWebChannel(page)
        self.channel.registerObject("bridge", self.bridge)
        page.setWebChannel(self.channel)
        self.setPage(page)
        self.is_ready = False
        self._queue: list[str] = []
        self._sticky: dict[tuple, str] = {}  # state-setting commands, replayed after a reload
        self.bridge.ready.connect(self._on_ready)

    def allow_remote(self, hosts: set[str]) -> None:
        """Let the page reach these hosts only (an online tile provider the user chose).

        Chromium applies LocalContentCanAccessRemoteUrls at navigation, so switching it
        reloads the page; the view and layer state are replayed once it is ready.
        """
        self.guard.allowed_hosts = set(hosts)
        attr = QWebEngineSettings.WebAttribute.LocalContentCanAccessRemoteUrls
        if self.page().settings().testAttribute(attr) != bool(hosts):
            self.page().settings().setAttribute(attr, bool(hosts))
            if self.is_ready:
                self.evaluate("JSON.stringify(QJ.view())", self._reload_at)

    def _reload_at(self, view_json) -> None:
        self.is_ready = False
        replay = list(self._sticky.values())
        if view_json:
            v = json.loads(view_json)
            replay.append(f"QJ.setView({v['lat']},{v['lon']},{v['zoom']});")
        self._queue = replay + self._queue
        self.reload()

    def show_catalogue(self, cat: Catalogue, still: bool = False) -> None:
        """(Re)build the page from the catalogue; commands wait until it is ready again.
        `still`: for a still export, whose basemap is then one canvas raster (fastbase.js)."""
        self.is_ready = False
        self._sticky.clear()
        self.scheme.generated["page.html"] = cached_page_html()
        self.scheme.generated["data.js"] = data_js(cat).encode("utf-8")
        self.load(QUrl(PAGE_URL + ("?still" if still else "")))

    def _on_ready(self) -> None:
        self.is_ready = True
        queued, self._queue = self._queue, []
        for js in queued:
            self.page().runJavaScript(js)
        self.map_ready.emit()

    def call(self, fn: str, *args) -> None:
        js = f"QJ.{fn}({','.join(json.dumps(a, ensure_ascii=False) for a in args)});"
        if fn in STICKY:
            self._sticky[(fn, None if fn in SINGLE else args[0])] = js
        elif fn == "removeOverlay":  # a reload must not bring it back
            self._sticky = {k: v for k, v in self._sticky.items() if k[1] != args[0]}
        if self.is_ready:
            self.page().runJavaScript(js)
        else:
            self._queue.append(js)

    def evaluate(self, js: str, callback) -> None:
        self.page().runJavaScript(js, 0, callback)

    def dispose(self) -> None:
        """Destroy the page, then its profile, now: a command-line export returns straight after
        and no event loop would run the deferred deletes (Qt warns, and may crash at exit)."""
        for obj in (self.page(), self.profile):
            obj.deleteLater()
            QCoreApplication.sendPostedEvents(obj, QEvent.Type.DeferredDelete)
