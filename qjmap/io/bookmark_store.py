"""Where the user's bookmarks live: QSettings (QtCore only), as the JSON of qjmap.bookmarks.

Shared by the window (menus, manager, presentation) and `qjmap export --bookmark`, so a
view saved in the app can be exported from the command line. Falls back to the default
tour when nothing is saved or the saved text cannot be read.
"""
from __future__ import annotations

from PySide6.QtCore import QSettings

from qjmap.model.bookmarks import Bookmark, BookmarkError, from_json, load_defaults, to_json

SETTINGS_KEY = "bookmarks/json"
ORG = APP = "qjmap"  # as set by qjmap.app.make_app; explicit so the CLI can read them before Qt starts


def settings() -> QSettings:
    # QSettings(ORG, APP) would always use the native format; this honours setDefaultFormat,
    # so tests that point the (ini) default at a temporary folder never touch the real settings
    return QSettings(QSettings.defaultFormat(), QSettings.Scope.UserScope, ORG, APP)


def load_bookmarks(s: QSettings | None = None) -> list[Bookmark]:
    text = (s or settings()).value(SETTINGS_KEY, "")
    if text:
        try:
            return from_json(str(text))
        except BookmarkError:
            pass
    return load_defaults()


def save_bookmarks(bookmarks: list[Bookmark], s: QSettings | None = None) -> None:
    s = s or settings()
    s.setValue(SETTINGS_KEY, to_json(bookmarks))
    s.sync()
