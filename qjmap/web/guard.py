"""Block and count every request that would leave the machine.

Local schemes (qjmap, qrc, data, blob, about, file) pass. Anything else is blocked
unless the user switched on an online tile provider, whose host is then allowed
and counted separately. Tests assert that `blocked` and `remote` stay zero offline.
"""
from __future__ import annotations

from PySide6.QtWebEngineCore import QWebEngineUrlRequestInterceptor

LOCAL_SCHEMES = frozenset({"qjmap", "qrc", "data", "blob", "about", "file"})


class RequestGuard(QWebEngineUrlRequestInterceptor):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.blocked = 0
        self.remote = 0
        self.blocked_urls: list[str] = []
        self.allowed_hosts: set[str] = set()

    def interceptRequest(self, info):  # noqa: N802 (Qt override)
        url = info.requestUrl()
        if url.scheme() in LOCAL_SCHEMES:
            return
        if url.host() in self.allowed_hosts:
            self.remote += 1
            return
        self.blocked += 1
        if len(self.blocked_urls) < 50:
            self.blocked_urls.append(url.toString())
        info.block(True)
