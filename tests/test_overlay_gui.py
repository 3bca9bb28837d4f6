"""Overlays as full layers in the window, and projects: style, legend, bookmarks, Save/Open,
Recent, the unsaved-changes question, autosave and recovery after a (real, SIGKILLed) crash.

Real window (offscreen QtWebEngine), real files read by the real readers.
"""
from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from conftest import WAIT
from test_project import NASTY, features

pytest.importorskip("pyogrio")
ROOT = Path(__file__).resolve().parent.parent


def js(qtbot, view, expr):
    from qjmap.web.capture import evaluate
    return evaluate(view, expr)


def add_file(window, tmp_path, name="sites") -> str:
    from qjmap.io.reader import read_user_layer
    gj = tmp_path / f"{name}.geojson"
    gj.write_text(json.dumps(features(), ensure_ascii=False), encoding="utf-8")
    return window.project_state.add_layer(read_user_layer(gj))


def wait_drawn(qtbot, window, oid):
    state = lambda: js(qtbot, window.map, f"QJ.overlayState('{oid}')") or {}  # noqa: E731
    qtbot.waitUntil(lambda: state().get("draws", 0) > 0 and state().get("props"), timeout=WAIT)
    return state


def test_overlay_style_legend_and_bookmarks(qtbot, window, tmp_path):
    from qjmap.gui.bookmarks_dialog import apply_bookmark, current_view
    from qjmap.model.overlay import OverlayStyle
    oid = add_file(window, tmp_path)
    state = wait_drawn(qtbot, window, oid)
    assert state()["features"] == 4
    # the legend lists it by name, as plain text
    texts = [w.text() for w in window.legend._overlay_widgets if hasattr(w, "text") and w.text()]
    assert texts == ["sites"]
    # style: colour, size, label field -> the page draws with it
    window.project_state.restyle(oid, OverlayStyle("#ff0000", 9, "name"))
    qtbot.waitUntil(lambda: state()["style"] == {"color": "#ff0000", "size": 9, "label": "name"}, timeout=WAIT)
    with pytest.raises(ValueError):
        window.project_state.restyle(oid, OverlayStyle("red; background:url(x)", 9, None))
    with pytest.raises(ValueError):
        window.project_state.restyle(oid, OverlayStyle("#00ff00", 9, "no such column"))
    # a bookmark keeps which overlays are shown
    b = current_view(window, "with overlay")
    assert b.overlays == [oid]
    window.layer_panel.set_checked(oid, False)
    qtbot.waitUntil(lambda: state()["shown"] is False, timeout=WAIT)
    assert current_view(window, "without").overlays == []
    apply_bookmark(window, b, animate=False)
    qtbot.waitUntil(lambda: state()["shown"] is True, timeout=WAIT)
    assert window.project_state.overlay(oid).visible


def test_overlay_is_drawn_in_its_colour(qtbot, window, tmp_path):
    """Pixels: the polygon's outline colour appears where the polygon is, and goes with the layer."""
    from PySide6.QtGui import QColor
    from qjmap.model.overlay import OverlayStyle
    from qjmap.web.capture import evaluate, grab_drawn
    oid = add_file(window, tmp_path)
    state = wait_drawn(qtbot, window, oid)
    window.project_state.restyle(oid, OverlayStyle("#ff00aa", 6, None))
    qtbot.waitUntil(lambda: state()["style"]["color"] == "#ff00aa", timeout=WAIT)
    window.map.call("setView", 29.0, 118.9, 10)
    qtbot.wait(500)

    def magenta_near_edge():
        """Magenta pixels around the polygon's first vertex (a corner of its outline)."""
        img = grab_drawn(window.map)
        dpr = img.devicePixelRatio() or 1
        px, py = evaluate(window.map, f"QJ.overlayPoint('{oid}', 2)")
        hits = 0
        for dy in range(-3, 4):
            for dx in range(-3, 4):
                c = QColor(img.pixel(int((px + dx) * dpr), int((py + dy) * dpr)))
                hits += c.red() > 200 and c.green() < 120 and c.blue() > 110
        return hits
    assert magenta_near_edge() > 0
    window.layer_panel.set_checked(oid, False)
    qtbot.waitUntil(lambda: state()["shown"] is False, timeout=WAIT)
    assert magenta_near_edge() == 0


def test_save_open_recent_and_unsaved_question(qtbot, window, tmp_path):
    from PySide6.QtWidgets import QMessageBox
    from qjmap.io.bookmark_store import load_bookmarks, save_bookmarks
    from qjmap.model.bookmarks import Bookmark
    from qjmap.model.overlay import OverlayStyle
    projects = window.projects
    assert not projects.dirty()
    oid = add_file(window, tmp_path)
    wait_drawn(qtbot, window, oid)
    assert projects.dirty()
    window.project_state.restyle(oid, OverlayStyle("#2e7d32", 8, "name"))
    window.layer_panel.sliders[oid].setValue(40)
    window.layer_panel.set_checked("rivers", False)
    save_bookmarks([Bookmark("港区", 28.96, 118.87, 11, ["ports"], overlays=[oid])])
    window.map.call("setView", 29.0, 118.9, 10)
    qtbot.wait(300)
    path = tmp_path / "mine.qjmap"
    assert projects.save_to(path) and not projects.dirty()
    assert projects.recent()[0] == str(path)
    assert "mine.qjmap" in window.windowTitle() and not window.isWindowModified()
    # change everything, then open the saved project: all of it comes back
    window.project_state.clear()
    window.layer_panel.set_checked("rivers", True)
    save_bookmarks([])
    projects.discard_changes()
    assert projects.open(path)
    ov = window.project_state.overlay(oid)
    assert (ov.style.color, ov.style.size, ov.style.label, ov.opacity) == ("#2e7d32", 8, "name", 0.4)
    assert ov.features["features"][0]["properties"]["name"] == NASTY
    state = wait_drawn(qtbot, window, oid)
    assert state()["style"]["label"] == "name"
    assert window.layer_panel.sliders[oid].value() == 40
    assert "rivers" not in window.layer_panel.visible_layers()
    assert [b.name for b in load_bookmarks()] == ["港区"] and load_bookmarks()[0].overlays == [oid]
    qtbot.waitUntil(lambda: abs(js(qtbot, window.map, "QJ.view().zoom") - 10) < 0.01, timeout=WAIT)
    # Recent lists it
    projects._fill_recent()
    assert any("mine.qjmap" in a.text() for a in projects.recent_menu.actions())
    # unsaved changes: closing is refused and asks; Cancel keeps the window, Discard closes it
    window.layer_panel.set_checked(oid, False)
    assert projects.dirty()
    window.close()
    box = projects.close_box
    assert box is not None and box.isVisible() and window.isVisible()
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert window.isVisible()
    window.close()
    projects.close_box.button(QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=WAIT)


CRASH = textwrap.dedent("""
    import os, signal, sys
    sys.path.insert(0, {root!r})
    from PySide6.QtCore import QLockFile
    from qjmap.io.project import Project, save_project
    from qjmap.model.overlay import Overlay
    folder = sys.argv[1]
    lock = QLockFile(os.path.join(folder, "session-0.lock"))
    assert lock.tryLock(0)
    fc = {{"type": "FeatureCollection", "features": [{{"type": "Feature", "properties": {{"name": "崩溃前"}},
           "geometry": {{"type": "Point", "coordinates": [118.87, 28.96]}}}}]}}
    save_project(Project([Overlay("ov-crashed01", "未保存的图层", fc)]), os.path.join(folder, "session-0.qjmap"))
    os.kill(os.getpid(), signal.SIGKILL)
""")


def test_recovery_after_a_crash(qtbot, catalogue, tmp_path):
    """A window process that autosaved and was SIGKILLed: the next window offers its work back."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QMessageBox
    from qjmap.gui.project_menu import autosave_dir
    from qjmap.gui.window import MainWindow
    QSettings.setDefaultFormat(QSettings.Format.IniFormat)
    QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    folder = autosave_dir()
    script = tmp_path / "crash.py"
    script.write_text(CRASH.format(root=str(ROOT)), encoding="utf-8")
    r = subprocess.run([sys.executable, str(script), str(folder)], timeout=60)
    assert r.returncode == -signal.SIGKILL and (folder / "session-0.qjmap").exists()
    w = MainWindow(catalogue)
    qtbot.addWidget(w)
    with qtbot.waitSignal(w.map.map_ready, timeout=WAIT):
        w.show()
    qtbot.waitUntil(lambda: w.projects.recovery_box is not None and w.projects.recovery_box.isVisible(), timeout=WAIT)
    w.projects.recovery_box.button(QMessageBox.StandardButton.Yes).click()
    qtbot.waitUntil(lambda: [ov.name for ov in w.project_state.overlays] == ["未保存的图层"], timeout=WAIT)
    assert w.projects.dirty()  # recovered work is not saved anywhere yet
    wait_drawn(qtbot, w, "ov-crashed01")
    # this window autosaves into the slot it took over; a clean close removes the file
    assert w.projects.autosave() == folder / "session-0.qjmap"
    w.projects.discard_changes()
    w.close()
    assert not (folder / "session-0.qjmap").exists()
    from PySide6.QtCore import QCoreApplication, QEvent
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
