"""Language switching with Qt's translation files (resources/i18n/*.qm).

Source strings are English; the app starts in Chinese by installing the zh_CN
translator, and English is chosen by removing it. Widgets re-read their texts on
QEvent.LanguageChange.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QTranslator

from qjmap.paths import resource_path

_state = {"lang": "en", "translator": None}


def current() -> str:
    return _state["lang"]


def set_language(lang: str) -> bool:
    """Install 'zh' or 'en'; returns False if the Chinese translation file is missing."""
    app = QCoreApplication.instance()
    old = _state["translator"]
    if old is not None:
        app.removeTranslator(old)
        _state["translator"] = None
    if lang == "zh":
        t = QTranslator(app)
        if not t.load(str(resource_path("resources", "i18n", "qjmap_zh_CN.qm"))):
            _state["lang"] = "en"
            return False
        app.installTranslator(t)
        _state["translator"] = t
    _state["lang"] = lang
    return True
