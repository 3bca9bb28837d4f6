"""File → Open/Save project, Recent projects, autosave with recovery after a crash, and the
"unsaved changes" question before closing.

Autosave: each window takes a numbered slot in the settings folder, held by a QLockFile,
and writes `session-N.qjmap` there (atomically, like every save) when something changed.
A clean exit deletes it; a slot file whose lock is free at start-up was left by a crash,
and the user is offered to recover it. The export dialog is given the same file (saved
just before), so the child process draws the overlays the window shows.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLockFile, QObject, QSettings, QStandardPaths, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QFileDialog, QMenu, QMessageBox

from qjmap.gui.project_state import ProjectState
from qjmap.io.bookmark_store import settings
from qjmap.io.project import ProjectError, load_project, save_project

RECENT_KEY = "projects/recent"
MAX_RECENT = 8
SLOTS = 10
AUTOSAVE_MS = 30_000
FILTER = "qjmap project (*.qjmap)"


def tr(text: str) -> str:
    return QCoreApplication.translate("Projects", text)


def autosave_dir() -> Path:
    """Beside the settings file (tests isolate both at once); AppData where settings are the registry."""
    s = settings()
    if s.format() == QSettings.Format.NativeFormat and sys.platform == "win32":
        base = Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppLocalDataLocation))
    else:
        base = Path(s.fileName()).parent
    d = base / "autosave"
    d.mkdir(parents=True, exist_ok=True)
    return d


class Projects(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.w = window
        self.state = ProjectState(window)
        window.project_state = self.state
        self.path: Path | None = None
        self._saved = self.state.fingerprint()
        self._autosaved = self._saved
        self.leftovers: list[Path] = []
        self.lock, self.autosave_path = self._take_slot()
        self.recovery_box: QMessageBox | None = None
        self.close_box: QMessageBox | None = None
        self._closing = False
        m = window.file_menu
        first = m.actions()[0] if m.actions() else None
        self.act_open = QAction(window, triggered=self.ask_open, shortcut=QKeySequence.StandardKey.Open)
        self.act_save = QAction(window, triggered=self.save, shortcut=QKeySequence.StandardKey.Save)
        self.act_save_as = QAction(window, triggered=self.save_as, shortcut=QKeySequence.StandardKey.SaveAs)
        self.recent_menu = QMenu(window)
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        m.insertActions(first, [self.act_open, self.act_save, self.act_save_as])
        m.insertMenu(first, self.recent_menu)
        m.insertSeparator(first)
        self.timer = QTimer(self, interval=1000, timeout=self._tick)
        self.timer.start()
        self._since_autosave = 0
        window.map.map_ready.connect(self._offer_recovery_once)

    # --- title, dirty state, autosave ------------------------------------------------------
    def dirty(self) -> bool:
        return self.state.fingerprint() != self._saved

    def retranslate(self) -> None:
        self.act_open.setText(tr("Open project…"))
        self.act_save.setText(tr("Save project"))
        self.act_save_as.setText(tr("Save project as…"))
        self.recent_menu.setTitle(tr("Recent projects"))
        name = self.path.name if self.path else tr("Untitled project")
        if "[*]" not in self.w.windowTitle():  # the window's own title, just (re)translated
            self._base_title = self.w.windowTitle()
        self.w.setWindowTitle(f"{name}[*] — {getattr(self, '_base_title', 'qjmap')}")
        self.w.setWindowModified(self.dirty())

    def _tick(self) -> None:
        fp = self.state.fingerprint()
        self.w.setWindowModified(fp != self._saved)
        self._since_autosave += self.timer.interval()
        if fp != self._autosaved and self._since_autosave >= AUTOSAVE_MS:
            self.autosave()

    def autosave(self) -> Path | None:
        """Write the slot file now (also used to hand the window's state to an export)."""
        if self.autosave_path is None:
            return None
        self._since_autosave = 0
        save_project(self.state.capture(), self.autosave_path)
        self.autosave_path.with_suffix(".json").write_text(
            json.dumps({"path": str(self.path) if self.path else None}), encoding="utf-8")
        self._autosaved = self.state.fingerprint()
        return self.autosave_path

    def _take_slot(self):
        d = autosave_dir()
        mine = None
        for n in range(SLOTS):
            lock = QLockFile(str(d / f"session-{n}.lock"))
            if not lock.tryLock(0):
                continue  # another running window
            f = d / f"session-{n}.qjmap"
            if f.exists():
                self.leftovers.append(f)  # left by a window that did not close cleanly
            if mine is None:
                mine = (lock, f)
            else:
                lock.unlock()
        return mine if mine else (None, None)

    def _offer_recovery_once(self) -> None:
        self.w.map.map_ready.disconnect(self._offer_recovery_once)
        if not self.leftovers:
            return
        f = max(self.leftovers, key=lambda p: p.stat().st_mtime)
        box = QMessageBox(QMessageBox.Icon.Question, tr("Recover unsaved work?"),
                          tr("qjmap was not closed properly last time. Recover the project it autosaved "
                             "at {time}?").format(time=_mtime(f)),
                          QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, self.w)
        box.finished.connect(lambda code: self._recover(f, code == QMessageBox.StandardButton.Yes))
        self.recovery_box = box
        box.open()

    def _recover(self, f: Path, yes: bool) -> None:
        if yes:
            try:
                project = load_project(f)
            except ProjectError as exc:
                from qjmap.gui.overlays import tell
                tell(self.w, QMessageBox.Icon.Warning, tr("Recover unsaved work?"), exc.message)
            else:
                origin = _origin(f)
                self.state.apply(project)
                self.path = Path(origin) if origin else None
                self._saved = ""  # recovered work is unsaved until the user saves it
                self.retranslate()
        for left in self.leftovers:
            if left != self.autosave_path:
                left.unlink(missing_ok=True)
                left.with_suffix(".json").unlink(missing_ok=True)
        self.leftovers = []

    # --- open / save -----------------------------------------------------------------------
    def save(self) -> bool:
        if self.path is None:
            return self.save_as()
        return self.save_to(self.path)

    def save_as(self) -> bool:
        path, _ = QFileDialog.getSaveFileName(self.w, tr("Save project"), str(self.path or Path.home() / "qjmap.qjmap"),
                                              FILTER)
        if not path:
            return False
        if not path.lower().endswith(".qjmap"):
            path += ".qjmap"
        return self.save_to(Path(path))

    def save_to(self, path: Path) -> bool:
        try:
            save_project(self.state.capture(), path)
        except ProjectError as exc:
            QMessageBox.warning(self.w, tr("Save project"), exc.message)
            return False
        self.path = path
        self._saved = self._autosaved = self.state.fingerprint()
        self._remember(path)
        self.retranslate()
        self.w.statusBar().showMessage(tr("Project saved: {path}").format(path=path), 5000)
        return True

    def ask_open(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self.w, tr("Open project"), str(Path.home()), FILTER)
        if path:
            self.open(Path(path))

    def open(self, path: Path) -> bool:
        """Open a project (asking first about unsaved changes); on error, nothing changes."""
        if not self.confirm_discard():
            return False
        try:
            project = load_project(path)
        except ProjectError as exc:
            QMessageBox.warning(self.w, tr("Open project"), exc.message)
            return False
        self.state.apply(project)
        self.path = path
        self._saved = self._autosaved = self.state.fingerprint()
        self._remember(path)
        self.retranslate()
        return True

    def confirm_discard(self) -> bool:
        """True when there is nothing unsaved, or the user saved it or chose to discard it."""
        if not self.dirty():
            return True
        buttons = (QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                   | QMessageBox.StandardButton.Cancel)
        answer = QMessageBox.question(self.w, tr("Unsaved changes"),
                                      tr("The project has changes that are not saved. Save them first?"),
                                      buttons, QMessageBox.StandardButton.Save)
        if answer == QMessageBox.StandardButton.Save:
            return self.save()
        return answer == QMessageBox.StandardButton.Discard

    def confirm_close(self) -> bool:
        """closeEvent asks here. With unsaved changes the close is refused for now and a
        (window-modal, non-blocking) question is shown; its answer closes the window again."""
        if self.dirty() and not self._closing:
            self.close_box = box = QMessageBox(
                QMessageBox.Icon.Question, tr("Unsaved changes"),
                tr("The project has changes that are not saved. Save them before closing?"),
                QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard
                | QMessageBox.StandardButton.Cancel, self.w)
            box.finished.connect(lambda code: self._answer_close(QMessageBox.StandardButton(code)))
            box.open()
            return False
        self.timer.stop()
        if self.autosave_path is not None:  # a clean exit leaves nothing to recover
            self.autosave_path.unlink(missing_ok=True)
            self.autosave_path.with_suffix(".json").unlink(missing_ok=True)
            self.lock.unlock()
            self.autosave_path = None
        return True

    def _answer_close(self, answer) -> None:
        if answer == QMessageBox.StandardButton.Cancel or (answer == QMessageBox.StandardButton.Save
                                                           and not self.save()):
            return
        self._closing = True
        self.w.close()

    def discard_changes(self) -> None:
        """Treat the current state as saved (closing will not ask)."""
        self._saved = self.state.fingerprint()

    # --- recent ----------------------------------------------------------------------------
    def recent(self) -> list[str]:
        v = settings().value(RECENT_KEY, [])
        return [str(x) for x in (v if isinstance(v, list) else [v]) if x]

    def _remember(self, path: Path) -> None:
        items = [str(path)] + [p for p in self.recent() if p != str(path)]
        s = settings()
        s.setValue(RECENT_KEY, items[:MAX_RECENT])
        s.sync()

    def _fill_recent(self) -> None:
        m = self.recent_menu
        m.clear()
        for i, p in enumerate(self.recent(), start=1):
            act = m.addAction(f"&{i} {Path(p).name}  ({Path(p).parent})", lambda p=p: self.open(Path(p)))
            act.setEnabled(Path(p).is_file())
        if m.isEmpty():
            m.addAction(tr("(none)")).setEnabled(False)


def _origin(autosaved: Path) -> str | None:
    """The project file the autosave belonged to (its sidecar may be missing after a crash)."""
    try:
        return json.loads(autosaved.with_suffix(".json").read_text(encoding="utf-8")).get("path")
    except (OSError, ValueError, AttributeError):
        return None


def _mtime(path: Path) -> str:
    import time
    return time.strftime("%Y-%m-%d %H:%M", time.localtime(path.stat().st_mtime))


def install_projects(window) -> Projects:
    return Projects(window)
