"""Import users' files in the background: `qjmap import` in a child process, a progress bar and
Cancel in the status bar, and files dropped on the window.

A child process, not a thread: GDAL holds the GIL while it reads, so a thread would still
freeze the window, and a damaged file that crashes GDAL takes down only the child. Cancel
kills it. Its output is then parsed in slices between events (qjmap.io.layer_file). The window adds an overlay only from a file the child wrote whole and exited 0
for, so a failed or cancelled import adds nothing; files are queued and read one at a time.
Tables (CSV/.xlsx) first get the preview dialog, where the user confirms columns and CRS; a
GIS file that declares no CRS and is not in degrees gets the CRS picker, then is read again.
"""
from __future__ import annotations

import gc
import json
import sys
import time
from pathlib import Path

from PySide6.QtCore import (QCoreApplication, QEvent, QObject, QProcess, QProcessEnvironment, QTemporaryDir,
                            QTimer, Signal)
from PySide6.QtWidgets import QHBoxLayout, QLabel, QMessageBox, QProgressBar, QPushButton, QWidget

from qjmap.io.datasets import TABLE_SUFFIXES
from qjmap.gui.overlays import show_layer, tell
from qjmap.io.layer_file import LayerReader
from qjmap.io.problems import ImportProblem, UserLayer


SLICE_S = 0.015  # parsing the child's output yields to the event loop this often


def tr(text: str) -> str:
    return QCoreApplication.translate("ImportRunner", text)


def import_command(path: str, out: str, options: dict) -> list[str]:
    """argv of the `qjmap import` child (a frozen build is its own interpreter)."""
    exe = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "qjmap"]
    argv = exe + ["import", path, "--out", out, "--progress"]
    for key in ("crs", "lon", "lat", "wkt", "layer"):
        if options.get(key):
            argv += [f"--{key}", options[key]]
    return argv


class ImportRunner(QObject):
    """One per window: `add_files(paths)`; emits `done(path, overlay id or "")` per file, and
    `layer_added(overlay id, UserLayer)` for each one added (projects keep the data from it)."""
    done = Signal(str, str)
    layer_added = Signal(str, object)

    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.queue: list[tuple[str, dict]] = []
        self.process: QProcess | None = None
        self.current: tuple[str, dict] | None = None
        self.preview = None  # the open ImportPreview or CrsPicker, if any
        self.problem: tuple[str, dict] = ("", {})  # what the child said stopped it (`problem` line)
        self.cancelled = False
        self.reader: LayerReader | None = None  # the child's output, being parsed in slices
        self.tmp = QTemporaryDir()
        self._n = 0
        self.bar_box = QWidget()
        row = QHBoxLayout(self.bar_box)
        row.setContentsMargins(0, 0, 0, 0)
        self.label, self.bar, self.cancel_button = QLabel(), QProgressBar(), QPushButton()
        self.bar.setRange(0, 100)
        self.bar.setMaximumWidth(200)
        self.cancel_button.clicked.connect(self.cancel)
        for w in (self.label, self.bar, self.cancel_button):
            row.addWidget(w)
        self.bar_box.setMaximumWidth(480)  # the status bar's message keeps the rest
        window.statusBar().addPermanentWidget(self.bar_box)
        self.bar_box.hide()
        self.retranslate()

    def retranslate(self) -> None:
        self.cancel_button.setText(tr("Cancel"))

    # --- what comes in -----------------------------------------------------------------
    def add_files(self, paths) -> None:
        """Tables go through the preview first; everything else is queued at once."""
        for p in paths:
            p = str(p)
            if Path(p).suffix.lower() in TABLE_SUFFIXES:
                self._ask_table(p)
            else:
                self.enqueue(p, {})

    def _ask_table(self, path: str) -> None:
        from qjmap.gui.import_dialog import ImportPreview, preview_table
        try:
            table = preview_table(path)
        except (ImportProblem, OSError) as exc:
            tell(self.window, QMessageBox.Icon.Warning, tr("Cannot add this file"),
                       exc.message if isinstance(exc, ImportProblem) else str(exc))
            self.done.emit(path, "")
            return
        dlg = ImportPreview(table, self.window)
        self.preview = dlg
        dlg.accepted.connect(lambda: self.enqueue(path, dlg.options()))
        dlg.rejected.connect(lambda: self.done.emit(path, ""))
        dlg.finished.connect(lambda _: setattr(self, "preview", None))
        dlg.open()

    def enqueue(self, path: str, options: dict) -> None:
        self.queue.append((path, options))
        self._start_next()

    # --- the child process -------------------------------------------------------------
    def _start_next(self) -> None:
        if self.current is not None:
            return
        if not self.queue:
            self.bar_box.hide()
            return
        self.current = path, options = self.queue.pop(0)
        self.problem = ("", {})
        self._n += 1
        self.out = str(Path(self.tmp.path()) / f"import-{self._n}.geojson")
        argv = import_command(path, self.out, options)
        self.process = proc = QProcess(self)
        env = QProcessEnvironment.systemEnvironment()
        if not getattr(sys, "frozen", False):  # `-m qjmap` must find this checkout from any folder
            root = str(Path(__file__).resolve().parents[2])
            env.insert("PYTHONPATH", root + (":" + env.value("PYTHONPATH") if env.contains("PYTHONPATH") else ""))
        proc.setProcessEnvironment(env)
        proc.readyReadStandardOutput.connect(self._progress)
        proc.finished.connect(self._finished)
        proc.errorOccurred.connect(self._error)
        self.label.setText(Path(path).name)
        self.bar.setValue(0)
        self.bar_box.show()
        proc.start(argv[0], argv[1:])

    def _progress(self) -> None:
        for line in bytes(self.process.readAllStandardOutput()).decode("utf-8", "replace").splitlines():
            try:
                if line.startswith("progress "):
                    self.bar.setValue(int(float(line.split()[1]) * 100))
                elif line.startswith("problem "):
                    kind, _, hints = line[8:].partition(" ")
                    self.problem = (kind, json.loads(hints or "{}"))
            except ValueError:
                pass

    def cancel(self) -> None:
        """Stop the current import (nothing is added) and drop the queue."""
        self.queue.clear()
        if self.current is not None:
            self.cancelled = True
            if self.process is not None:
                self.process.kill()

    def _error(self, error) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._finished(-1, QProcess.ExitStatus.CrashExit)

    def _finished(self, code: int, status) -> None:
        proc, (path, options) = self.process, self.current
        if proc is None:
            return
        err = bytes(proc.readAllStandardError()).decode("utf-8", "replace").strip()
        self.process = None
        proc.deleteLater()
        if self.cancelled:
            return self._end(path, "", tr("Import cancelled: nothing was added.") + f"  {Path(path).name}")
        if code == 0 and status == QProcess.ExitStatus.NormalExit:
            self.reader = LayerReader(self.out)
            self.gc_was_on = gc.isenabled()
            gc.disable()  # the parse makes no cycles; collections of its growing heap stall the window
            self.label.setText(Path(path).name + " …")
            return QTimer.singleShot(0, self._read_slice)
        name = Path(path).name
        kind, hints = self.problem
        if code == 2 and kind == "no_crs" and hints.get("x") and not options.get("crs"):
            self._ask_crs(path, options, _message(err), hints)
            return self._end(path, "", emit=False)
        if code == 2 and status == QProcess.ExitStatus.NormalExit:
            tell(self.window, QMessageBox.Icon.Warning, tr("Cannot add this file"), _message(err))
        else:
            tell(self.window, QMessageBox.Icon.Critical, tr("Cannot add this file"),
                 f"无法导入“{name}”：读取程序意外退出（代码 {code}），文件可能已损坏。\n"
                 f"Cannot import “{name}”: the reader stopped unexpectedly (code {code}); "
                 f"the file may be damaged.\n{err[-300:]}")
        self._end(path, "")

    def _read_slice(self) -> None:
        """Parse the child's file a slice at a time, so the window answers in between."""
        reader, (path, _) = self.reader, self.current
        if self.cancelled:
            reader.close()
            return self._end(path, "", tr("Import cancelled: nothing was added.") + f"  {Path(path).name}")
        t_end = time.monotonic() + SLICE_S
        while time.monotonic() < t_end:
            if reader.step(100):
                return self._add(path, reader.layer)
        QTimer.singleShot(0, self._read_slice)

    def _add(self, path: str, layer: UserLayer) -> None:
        oid = show_layer(self.window, layer)
        self.layer_added.emit(oid, layer)
        if layer.warnings:
            tell(self.window, QMessageBox.Icon.Information, tr("Added with notes"), "\n".join(layer.warnings))
        self._end(path, oid, "" if layer.warnings else f"{layer.name}: {layer.n_features}")

    def _ask_crs(self, path: str, options: dict, message: str, hints: dict) -> None:
        """No CRS and not degrees: the user picks one (the guess preselected), and it is read again."""
        from qjmap.gui.crs_choice import CrsPicker
        dlg = CrsPicker(message, hints.get("x", []), hints.get("y", []), Path(path).name, self.window)
        self.preview = dlg
        dlg.accepted.connect(lambda: self.enqueue(path, {**options, **dlg.options()}))
        dlg.rejected.connect(lambda: self.done.emit(path, ""))
        dlg.finished.connect(lambda _: setattr(self, "preview", None))
        dlg.open()

    def _end(self, path: str, oid: str, status: str = "", emit: bool = True) -> None:
        if self.reader is not None and self.gc_was_on:
            gc.enable()
        self.current, self.reader, self.cancelled = None, None, False
        if status:
            self.window.statusBar().showMessage(status)
        Path(self.out).unlink(missing_ok=True)
        if emit:  # else a question is open, and its answer ends this file
            self.done.emit(path, oid)
        self._start_next()


def _message(stderr: str) -> str:
    """The bilingual message the child printed (after any GDAL chatter)."""
    i = stderr.rfind("无法导入")
    return stderr[i:] if i >= 0 else stderr[-600:]


# --- drag and drop ---------------------------------------------------------------------
class FileDrop(QObject):
    """Event filter on the window and the map's widgets: dropped local files are imported.

    QtWebEngine's own widget would otherwise take the drop and navigate to the file."""

    def __init__(self, runner: ImportRunner):
        super().__init__(runner)
        self.runner = runner

    def eventFilter(self, obj, event):  # noqa: N802
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove, QEvent.Type.Drop):
            files = [u.toLocalFile() for u in event.mimeData().urls() if u.isLocalFile()] if event.mimeData() else []
            if not files:
                return False
            event.acceptProposedAction()
            if kind == QEvent.Type.Drop:
                self.runner.add_files(files)
            return True
        if kind == QEvent.Type.ChildAdded and event.child().isWidgetType():
            event.child().installEventFilter(self)  # WebEngine creates its render widget late
        return False


def install_import(window) -> ImportRunner:
    """The window's one hook: a runner (window.importer) and drops on the window and the map."""
    runner = ImportRunner(window)
    drop = FileDrop(runner)
    window.setAcceptDrops(True)
    for w in [window, window.map, *window.map.findChildren(QWidget)]:
        w.installEventFilter(drop)
    runner.drop = drop
    return runner
