"""Start the desktop app (and the offscreen self-test used by the frozen build)."""
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


def make_app(argv=None):
    """QApplication with the qjmap:// scheme registered and Chinese installed."""
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
    from PySide6.QtGui import QIcon
    from qjmap.paths import resource_path
    app.setWindowIcon(QIcon(str(resource_path("resources", "icons", "qjmap.png"))))
    from qjmap.gui import i18n
    i18n.set_language(os.environ.get("QJMAP_LANG", "zh"))
    return app


def run(selftest: bool = False) -> int:
    if selftest:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = make_app()
    from qjmap.catalogue import CatalogueError, load_catalogue
    from qjmap.gui.window import MainWindow
    try:
        cat = load_catalogue()
    except CatalogueError as exc:
        from PySide6.QtWidgets import QMessageBox
        QMessageBox.critical(None, "qjmap", f"The catalogue cannot be read:\n{exc}")
        return 1
    win = MainWindow(cat)
    win.resize(1600, 950)
    win.show()
    if selftest:
        from qjmap.selftest import SelfTest
        return SelfTest(win).run(app)
    return app.exec()
