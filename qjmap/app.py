"""Start the desktop app (and the offscreen self-test used by the frozen build)."""
from __future__ import annotations

import os


def make_app(argv=None):
    """The desktop QApplication: qjmap:// scheme, icon, and Chinese installed."""
    from PySide6.QtGui import QIcon
    from qjmap.gui import i18n
    from qjmap.paths import resource_path
    from qjmap.web.qt_app import make_qt_app
    app = make_qt_app(argv)
    app.setWindowIcon(QIcon(str(resource_path("resources", "icons", "qjmap.png"))))
    i18n.set_language(os.environ.get("QJMAP_LANG", "zh"))
    return app


def run(selftest: bool = False) -> int:
    if selftest:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    app = make_app()
    from qjmap.model.catalogue import CatalogueError, load_catalogue
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
