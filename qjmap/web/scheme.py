"""The qjmap:// URL scheme: serves the page, its data, local web assets and MBTiles.

Serving from memory avoids setHtml's 2 MB limit and any temporary files, and needs
no HTTP server. qjmap://app/<path> maps to the page, data.js or resources/web;
qjmap://tiles/<z>/<x>/<y> reads the user's MBTiles file (TMS rows flipped).
"""
from __future__ import annotations

import mimetypes
import sqlite3

from PySide6.QtCore import QBuffer, QByteArray, QIODevice
from PySide6.QtWebEngineCore import QWebEngineUrlRequestJob, QWebEngineUrlScheme, QWebEngineUrlSchemeHandler

from qjmap.page.map_page import web_file

SCHEME = b"qjmap"


def register_scheme() -> None:
    """Must run before the QApplication exists (Qt requirement)."""
    if QWebEngineUrlScheme.schemeByName(SCHEME).name() == SCHEME:
        return
    s = QWebEngineUrlScheme(SCHEME)
    s.setSyntax(QWebEngineUrlScheme.Syntax.Host)
    s.setFlags(QWebEngineUrlScheme.Flag.SecureScheme | QWebEngineUrlScheme.Flag.LocalScheme
               | QWebEngineUrlScheme.Flag.LocalAccessAllowed | QWebEngineUrlScheme.Flag.CorsEnabled
               | QWebEngineUrlScheme.Flag.FetchApiAllowed)  # overlays.js fetches packed overlay data
    QWebEngineUrlScheme.registerScheme(s)


class SchemeHandler(QWebEngineUrlSchemeHandler):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.generated: dict[str, bytes] = {}  # path -> content (page.html, data.js)
        self.mbtiles_path: str | None = None
        self.served = 0

    def _reply(self, job, data: bytes, mime: str):
        buf = QBuffer(parent=job)
        buf.setData(QByteArray(data))
        buf.open(QIODevice.OpenModeFlag.ReadOnly)
        job.reply(mime.encode(), buf)
        self.served += 1

    def _tile(self, path: str) -> bytes | None:
        if not self.mbtiles_path:
            return None
        try:
            z, x, y = (int(p.split(".")[0]) for p in path.split("/")[-3:])
        except ValueError:
            return None
        with sqlite3.connect(f"file:{self.mbtiles_path}?mode=ro", uri=True) as db:
            row = db.execute("SELECT tile_data FROM tiles WHERE zoom_level=? AND tile_column=? AND tile_row=?",
                             (z, x, (1 << z) - 1 - y)).fetchone()
        return bytes(row[0]) if row else None

    def requestStarted(self, job):  # noqa: N802 (Qt override)
        url = job.requestUrl()
        host, path = url.host(), url.path().lstrip("/")
        if host == "tiles":
            data = self._tile(path)
            if data is None:
                job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
            else:
                self._reply(job, data, "image/png" if data[:4] == b"\x89PNG" else "image/jpeg")
            return
        if host != "app" or ".." in path.split("/"):
            job.fail(QWebEngineUrlRequestJob.Error.UrlInvalid)
            return
        if path in self.generated:
            data = self.generated[path]
        else:
            f = web_file(path)
            if not f.is_file():
                job.fail(QWebEngineUrlRequestJob.Error.UrlNotFound)
                return
            data = f.read_bytes()
        mime = mimetypes.guess_type(path)[0] or "application/octet-stream"
        if mime.startswith("text/") or mime.endswith("javascript"):
            mime += ";charset=utf-8"
        self._reply(job, data, mime)
