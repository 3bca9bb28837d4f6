"""The export dialog: format, size, title; the export itself runs `qjmap export` in a child process.

A child process keeps the window responsive during a big render, starts QtWebEngine
with the flags a 300-dpi A3 page needs, and makes the dialog and the command line one
code path. The dialog passes the window's view (centre, zoom, layers, selection)
explicitly, so the file shows what the user is looking at.
"""
from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QProcess, QProcessEnvironment, Signal
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFileDialog, QFormLayout,
                               QHBoxLayout, QLabel, QLineEdit, QPushButton, QSpinBox, QWidget)

from qjmap.gui import i18n
from qjmap.model.bookmarks import Bookmark
from qjmap.export.options import DEFAULT_SUBTITLE, DEFAULT_TITLE, FORMATS, OptionError, parse_size

SIZES = (("1920×1080", "1920x1080"), ("3840×2160", "3840x2160"), ("A4 300 dpi", "A4"), ("A3 300 dpi", "A3"))


def tr(text: str) -> str:
    return QCoreApplication.translate("ExportDialog", text)


def export_command(out: str, size: str, dpi: float | None, state: Bookmark, title: str, subtitle: str,
                   schematic: bool, lang: str = "zh") -> list[str]:
    """argv of the `qjmap export` child process (a frozen build is its own interpreter)."""
    exe = [sys.executable] if getattr(sys, "frozen", False) else [sys.executable, "-m", "qjmap"]
    argv = exe + ["export", out, "--size", size, "--title", title, "--subtitle", subtitle,
                  "--center", f"{state.lat},{state.lon}", "--zoom", f"{state.zoom:g}"]
    argv += ["--layers", ",".join(state.layers)] if state.layers else []
    argv += ["--dpi", f"{dpi:g}"] if dpi else []
    argv += ["--select", state.feature] if state.feature else []
    argv += [] if schematic else ["--no-schematic-note"]
    argv += ["--lang", lang]
    return argv


class ExportDialog(QDialog):
    finished_export = Signal(int, str)  # exit code, message

    def __init__(self, state: Bookmark, parent=None, folder: str = "", project=None):
        super().__init__(parent)
        self.state = state
        self.project = project  # a .qjmap with the window's overlays (its autosave), or None
        self.setWindowTitle(tr("Export map"))
        self.fmt = QComboBox()
        self.fmt.addItems(["PNG", "PDF", tr("HTML (offline, one file)")])
        self.size = QComboBox()
        for label, _ in SIZES:
            self.size.addItem(label)
        self.size.addItem(tr("Custom"))
        self.width, self.height = QSpinBox(), QSpinBox()
        for spin, v in ((self.width, 2400), (self.height, 1600)):
            spin.setRange(64, 10000)
            spin.setValue(v)
        self.dpi = QSpinBox()
        self.dpi.setRange(0, 480)
        self.dpi.setSpecialValueText(tr("auto"))
        custom = QWidget()
        row = QHBoxLayout(custom)
        row.setContentsMargins(0, 0, 0, 0)
        for w in (self.width, QLabel("×"), self.height, QLabel("dpi"), self.dpi):
            row.addWidget(w)
        self.title = QLineEdit(DEFAULT_TITLE)
        self.subtitle = QLineEdit(DEFAULT_SUBTITLE)
        self.schematic = QCheckBox(tr("Add the 示意图 (schematic map) note"))
        self.schematic.setChecked(True)
        self.path = QLineEdit(str(Path(folder or Path.home()) / "qjmap.png"))
        browse = QPushButton(tr("Browse…"))
        browse.clicked.connect(self.browse)
        where = QWidget()
        prow = QHBoxLayout(where)
        prow.setContentsMargins(0, 0, 0, 0)
        prow.addWidget(self.path, 1)
        prow.addWidget(browse)
        self.status = QLabel()
        self.status.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(tr("Format"), self.fmt)
        form.addRow(tr("Size"), self.size)
        form.addRow(tr("Custom size"), custom)
        form.addRow(tr("Title"), self.title)
        form.addRow(tr("Subtitle"), self.subtitle)
        form.addRow("", self.schematic)
        form.addRow(tr("File"), where)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Export"))
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)
        form.addRow(self.status)
        form.addRow(self.buttons)
        self.fmt.currentIndexChanged.connect(self._sync)
        self.size.currentIndexChanged.connect(self._sync)
        self.process: QProcess | None = None
        self._sync()

    def _sync(self) -> None:
        ext = FORMATS[self.fmt.currentIndex()]
        p = Path(self.path.text())
        self.path.setText(str(p.with_suffix("." + ext)))
        custom = self.size.currentIndex() == len(SIZES)
        for w in (self.width, self.height, self.dpi):
            w.setEnabled(custom and ext != "html")
        self.size.setEnabled(ext != "html")

    def browse(self) -> None:
        ext = FORMATS[self.fmt.currentIndex()]
        path, _ = QFileDialog.getSaveFileName(self, tr("Export map"), self.path.text(), f"{ext.upper()} (*.{ext})")
        if path:
            self.path.setText(path)
            self._sync()

    def size_text(self) -> tuple[str, float | None]:
        i = self.size.currentIndex()
        if i < len(SIZES):
            return SIZES[i][1], None
        return f"{self.width.value()}x{self.height.value()}", (self.dpi.value() or None)

    def command(self) -> list[str]:
        size, dpi = self.size_text()
        argv = export_command(self.path.text(), size, dpi, self.state, self.title.text(),
                              self.subtitle.text(), self.schematic.isChecked(), i18n.current())
        return argv + (["--project", str(self.project)] if self.project else [])  # the window's overlays

    def start(self) -> None:
        """Check the size here (fast feedback), then run the child process."""
        size, dpi = self.size_text()
        try:
            parse_size(size, dpi)
        except OptionError as exc:
            self.status.setText(str(exc))
            return
        argv = self.command()
        self.process = QProcess(self)
        env = QProcessEnvironment.systemEnvironment()
        env.insert("QT_QPA_PLATFORM", "offscreen")  # the renderer never needs a window
        self.process.setProcessEnvironment(env)
        self.process.setProcessChannelMode(QProcess.ProcessChannelMode.MergedChannels)
        self.process.finished.connect(self._done)
        self.process.errorOccurred.connect(self._failed_to_start)
        self.buttons.setEnabled(False)
        self.status.setText(tr("Exporting…"))
        self.process.start(argv[0], argv[1:])

    def _failed_to_start(self, error) -> None:
        if error == QProcess.ProcessError.FailedToStart:
            self.buttons.setEnabled(True)
            self.status.setText(self.process.errorString())
            self.finished_export.emit(1, self.process.errorString())

    def _done(self, code: int, _status) -> None:
        out = bytes(self.process.readAll()).decode("utf-8", "replace")
        lines = [l for l in out.splitlines() if l.startswith(("wrote ", "qjmap export"))]
        msg = lines[-1] if lines else out.strip()[-400:]
        self.buttons.setEnabled(True)
        self.status.setText(msg)
        self.finished_export.emit(code, msg)
        if code == 0:
            self.accept()
