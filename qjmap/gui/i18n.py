"""Language switching with Qt's translation files (resources/i18n/*.qm).

Source strings are English; the app starts in Chinese by installing the zh_CN
translator (and Qt's own, for the standard buttons: 取消, 保存 …), and English is chosen by
removing them. Widgets re-read their texts on QEvent.LanguageChange.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QTranslator

from qjmap.paths import resource_path

_state = {"lang": "en", "translator": None, "qt": None}


def current() -> str:
    return _state["lang"]


def set_language(lang: str) -> bool:
    """Install 'zh' or 'en'; returns False if the Chinese translation file is missing."""
    app = QCoreApplication.instance()
    for key in ("translator", "qt"):
        if _state[key] is not None:
            app.removeTranslator(_state[key])
            _state[key] = None
    if lang == "zh":
        t = QTranslator(app)
        if not t.load(str(resource_path("resources", "i18n", "qjmap_zh_CN.qm"))):
            _state["lang"] = "en"
            return False
        app.installTranslator(t)
        _state["translator"] = t
        qt = QTranslator(app)  # missing from a build: the standard buttons stay English
        if qt.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
            app.installTranslator(qt)
            _state["qt"] = qt
    _state["lang"] = lang
    return True
