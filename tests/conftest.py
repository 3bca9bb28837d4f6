"""Shared fixtures: a real QApplication with the qjmap:// scheme, offscreen."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QJMAP_LANG", "zh")

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


_exit_status = {"code": 0}


def pytest_sessionfinish(session, exitstatus):
    _exit_status["code"] = int(exitstatus)


def pytest_unconfigure(config):
    """Leave without running QtWebEngine's C++ teardown at interpreter exit.

    Chromium's shutdown, run from Python's atexit after GDAL and Qt objects were
    collected in arbitrary order, can segfault (QTWEB-NOTES pitfall 8) after every
    test has passed and been reported. The report is complete here, so exit with
    pytest's own status instead.
    """
    from PySide6.QtWidgets import QApplication
    if QApplication.instance() is None:
        return
    import sys
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(_exit_status["code"])


@pytest.fixture(scope="session")
def qapp():
    """Override pytest-qt's qapp: the scheme must be registered before the app exists."""
    from qjmap.app import make_app
    app = make_app(["qjmap-tests"])
    yield app


@pytest.fixture(scope="session")
def catalogue():
    from qjmap.model.catalogue import load_catalogue
    return load_catalogue()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


WAIT = 30_000  # ms: every WebEngine wait has a bound


@pytest.fixture
def window(qtbot, catalogue, tmp_path):
    """The main window with the map ready; user settings isolated in tmp_path."""
    from PySide6.QtCore import QSettings
    from qjmap.gui.window import MainWindow
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    w = MainWindow(catalogue)
    qtbot.addWidget(w)
    w.resize(1400, 900)
    with qtbot.waitSignal(w.map.map_ready, timeout=WAIT):
        w.show()
    yield w
    w.projects.discard_changes()  # no "unsaved changes" question at teardown
    w.close()
    from PySide6.QtCore import QCoreApplication, QEvent
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # page, then profile
