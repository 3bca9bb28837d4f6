"""The QApplication every Qt entry point needs (window, export child, self-test, benchmarks).

QtWebEngine must be configured before Qt starts: sandbox, GL flags, the qjmap:// scheme and
shared GL contexts are set here, once, for the app and the headless export alike.
"""
from __future__ import annotations

import os
import sys


def prepare_environment() -> None:
    """Set what QtWebEngine needs before Qt starts (CI/root sandbox, offscreen GL)."""
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        os.environ.setdefault("QTWEBENGINE_DISABLE_SANDBOX", "1")
    if os.environ.get("QT_QPA_PLATFORM") == "offscreen":
        os.environ.setdefault("QTWEBENGINE_CHROMIUM_FLAGS", "--disable-gpu")
    if "--software-gl" in sys.argv[1:] or os.environ.get("QJMAP_SOFTWARE_GL") == "1":
        # Black map on a bad GPU driver: Chromium composites in software (QT_OPENGL=software
        # disables its GL, like --disable-gpu); Qt Quick (inside the web view) uses D3D WARP on Windows.
        os.environ["QT_OPENGL"] = "software"
        os.environ["QSG_RHI_PREFER_SOFTWARE_RENDERER"] = "1"
        flags = os.environ.get("QTWEBENGINE_CHROMIUM_FLAGS", "")
        if "--disable-gpu" not in flags.split():
            os.environ["QTWEBENGINE_CHROMIUM_FLAGS"] = (flags + " --disable-gpu").strip()


def make_qt_app(argv=None):
    """QApplication with the qjmap:// scheme registered (no translations, no window)."""
    prepare_environment()
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication
    import PySide6.QtWebEngineWidgets  # noqa: F401  (must load before the QApplication)
    from qjmap.web.scheme import register_scheme
    register_scheme()
    QCoreApplication.setAttribute(Qt.ApplicationAttribute.AA_ShareOpenGLContexts)
    app = QApplication.instance() or QApplication(argv or sys.argv[:1])
    app.setApplicationName("qjmap")
    app.setOrganizationName("qjmap")
    return app
