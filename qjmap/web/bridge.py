"""The one QWebChannel object the page talks to: clicks and readiness come back as ids."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot


class Bridge(QObject):
    feature_clicked = Signal(str)
    map_clicked = Signal()
    ready = Signal()

    @Slot(str)
    def featureClicked(self, fid: str) -> None:  # noqa: N802 (called from JS)
        self.feature_clicked.emit(str(fid))

    @Slot()
    def mapClicked(self) -> None:  # noqa: N802
        self.map_clicked.emit()

    @Slot()
    def mapReady(self) -> None:  # noqa: N802
        self.ready.emit()
