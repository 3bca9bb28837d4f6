"""File → Export tour…: the bookmark tour as .pptx or .pdf, rendered by `qjmap export-tour` in a child process.

The child renders every stop's map in its own QtWebEngine view, so the window stays
usable: the progress dialog is not modal, reads the child's `progress DONE/TOTAL WHAT`
lines, and Cancel ends the child, which leaves no file (it writes whole files only). The
user's bookmarks are handed over in a temporary JSON file, so the deck shows exactly the
list the window has.
"""
from __future__ import annotations

import re
import sys
import tempfile
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QObject, QProcess, QProcessEnvironment, Qt, Signal
from PySide6.QtWidgets import QProgressDialog

from qjmap.model.bookmarks import Bookmark, to_json

_PROGRESS = re.compile(r"^progress (\d+)/(\d+) (.*)$")
_WROTE = re.compile(r"^wrote (.+) \((\d+) stops, (\d+) pages, (\d+) KB\) in ([\d.]+) s$")  # tour_cli's last line


def tr(text: str) -> str:
    return QCoreApplication.translate("TourExport", text)


def tour_command(out: str, bookmarks_file: str) -> list[str]:
    """argv of the child process (a frozen build is its own interpreter)."""
    exe = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "qjmap"]
    return exe + ["export-tour", out, "--bookmarks", bookmarks_file]


class TourExport(QObject):
    """One export run: child process + progress dialog. `finished(code, message)` at the end:
    0 written, > 0 failed, -1 cancelled."""
    finished = Signal(int, str)

    def __init__(self, parent, out: str, bookmarks: list[Bookmark]):
        super().__init__(parent)
        self.out = out
        self._tmp = tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False)
        self._tmp.write(to_json(bookmarks))
        self._tmp.close()
        self.dialog = QProgressDialog(tr("Rendering the tour…"), tr("Cancel"), 0, len(bookmarks) + 1, parent)
        self.dialog.setWindowTitle(tr("Export tour"))
        self.dialog.setWindowModality(Qt.WindowModality.NonModal)  # the window stays usable
        self.dialog.setMinimumDuration(0)
        self.dialog.setAutoClose(False)
        self.dialog.setAutoReset(False)
        self.dialog.canceled.connect(self.cancel)
        self.process = QProcess(self)
        env = QProcessEnvironment.systemEnvironment()
        env.insert("QT_QPA_PLATFORM", "offscreen")  # the renderer never needs a window
        self.process.setProcessEnvironment(env)
        self.process.readyReadStandardOutput.connect(self._read)
        self.process.finished.connect(self._done)
        self.process.errorOccurred.connect(self._error)
        self._last = ""
        self._cancelled = False

    def start(self) -> None:
        argv = tour_command(self.out, self._tmp.name)
        self.dialog.setValue(0)
        self.dialog.show()
        self.process.start(argv[0], argv[1:])

    def _read(self) -> None:
        for line in bytes(self.process.readAllStandardOutput()).decode("utf-8", "replace").splitlines():
            m = _PROGRESS.match(line.strip())
            if m:
                done, total, what = int(m[1]), int(m[2]), m[3]
                self.dialog.setMaximum(total)
                self.dialog.setValue(done)
                self.dialog.setLabelText(tr("Map {0} of {1}: {2}").format(done + 1, total - 1, what)
                                         if done < total - 1 else tr("Writing {0}…").format(what))
            elif line.startswith("wrote "):
                self._last = line.strip()

    def cancel(self) -> None:
        if self.process.state() != QProcess.ProcessState.NotRunning:
            self._cancelled = True
            self.process.kill()

    def _error(self, error) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self._finish(1, self.process.errorString())

    def _done(self, code: int, _status) -> None:
        self._read()
        err = bytes(self.process.readAllStandardError()).decode("utf-8", "replace")
        lines = [l for l in err.splitlines() if l.startswith("qjmap export-tour")]
        if self._cancelled:
            self._finish(-1, tr("Export cancelled; no file was written."))
        elif code == 0:
            m = _WROTE.match(self._last)
            self._finish(0, tr("Tour exported to {0}: {1} stops, {2} pages, {3} KB in {4} s").format(*m.groups())
                         if m else self._last or self.out)
        else:
            self._finish(code or 1, lines[-1] if lines else err.strip()[-400:])

    def _finish(self, code: int, message: str) -> None:
        Path(self._tmp.name).unlink(missing_ok=True)
        self.dialog.reset()
        self.dialog.hide()
        self.finished.emit(code, message)
