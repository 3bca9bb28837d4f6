"""Optional basemap tiles: online providers (via xyzservices) and the user's MBTiles file.

Off by default. Choosing an online provider asks first, then lets the request guard
pass that provider's hosts only. Gaode/AMap tiles are GCJ-02: they sit ~500 m off the
WGS84 data, and the menu says so before switching them on.
"""
from __future__ import annotations

import sqlite3
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QMessageBox

PROVIDERS = ("OpenStreetMap.Mapnik", "OpenTopoMap", "Esri.WorldImagery", "Gaode.Normal")
GCJ02_PROVIDERS = {"Gaode.Normal"}


class MBTilesError(ValueError):
    """The file is not a readable MBTiles tile set."""


def tr(text: str) -> str:
    return QCoreApplication.translate("TileMenu", text)


def provider(name: str):
    import xyzservices.providers as xp
    return xp.query_name(name)


def provider_hosts(url: str, subdomains) -> set[str]:
    host = urlsplit(url.replace("{s}", "a")).hostname or ""
    if "{s}" in url:
        return {urlsplit(url.replace("{s}", s)).hostname for s in (subdomains or "abc")}
    return {host}


def mbtiles_info(path: str) -> dict:
    """Read name/attribution/zoom range; raise MBTilesError with a readable reason."""
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            meta = dict(db.execute("SELECT name, value FROM metadata").fetchall())
            n = db.execute("SELECT count(*) FROM tiles").fetchone()[0]
    except sqlite3.Error as exc:
        raise MBTilesError(f"{path}: not an MBTiles file ({exc})") from None
    if not n:
        raise MBTilesError(f"{path}: contains no tiles")
    return {"name": meta.get("name", ""), "attribution": meta.get("attribution", ""),
            "maxzoom": int(meta.get("maxzoom", 18) or 18), "tiles": n}


class TileMenu(QMenu):
    def __init__(self, view, parent=None):
        super().__init__(parent)
        self.view = view
        self.group = QActionGroup(self)
        self.act_none = QAction(self, checkable=True, checked=True, triggered=self.use_offline)
        self.group.addAction(self.act_none)
        self.addAction(self.act_none)
        self.addSeparator()
        self.provider_actions = {}
        for name in PROVIDERS:
            act = QAction(name, self, checkable=True, triggered=lambda _=False, n=name: self.use_provider(n))
            self.group.addAction(act)
            self.addAction(act)
            self.provider_actions[name] = act
        self.retranslate()

    def retranslate(self) -> None:
        self.setTitle(tr("Online / MBTiles basemap"))
        self.act_none.setText(tr("Offline basemap only (default)"))
        for name, act in self.provider_actions.items():
            extra = tr(" — GCJ-02, offset ~500 m") if name in GCJ02_PROVIDERS else ""
            act.setText(name + tr(" (needs network)") + extra)

    def use_offline(self) -> None:
        self.view.allow_remote(set())
        self.view.call("setTiles", None, "", 18)
        self.act_none.setChecked(True)

    def use_provider(self, name: str) -> None:
        p = provider(name)
        url = p.build_url()
        msg = tr("Tiles from {0} are downloaded from the internet while this is on.").format(name)
        if name in GCJ02_PROVIDERS:
            msg += "\n\n" + tr("Warning: these tiles use GCJ-02 coordinates. qjmap's data is WGS84, "
                               "so the tiles will appear offset by roughly 500 m.")
        if QMessageBox.question(self.parent(), tr("Online basemap"), msg) != QMessageBox.StandardButton.Yes:
            self.act_none.setChecked(True)
            return
        self.view.allow_remote(provider_hosts(url, p.get("subdomains")))
        self.view.call("setTiles", url, p.get("attribution", name), int(p.get("max_zoom", 18)))

    def use_mbtiles(self, path: str) -> None:
        try:
            info = mbtiles_info(path)
        except MBTilesError as exc:
            QMessageBox.warning(self.parent(), tr("MBTiles"), str(exc))
            return
        self.view.scheme.mbtiles_path = path
        self.view.allow_remote(set())
        self.view.call("setTiles", "qjmap://tiles/{z}/{x}/{y}", info["attribution"] or info["name"],
                       info["maxzoom"])
