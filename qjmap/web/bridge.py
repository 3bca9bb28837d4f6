"""The one QWebChannel object the page talks to: clicks and readiness come back as ids."""
from __future__ import annotations

from PySide6.QtCore import QObject, Signal, Slot


class Bridge(QObject):
    feature_clicked = Signal(str)
    group_clicked = Signal(list)  # the ids behind one grouped marker (groups.js)
    map_clicked = Signal()
    ready = Signal()

    @Slot(str)
    def featureClicked(self, fid: str) -> None:  # noqa: N802 (called from JS)
        self.feature_clicked.emit(str(fid))

    @Slot(str)
    def groupClicked(self, ids: str) -> None:  # noqa: N802 (called from JS)
        self.group_clicked.emit([i for i in str(ids).split(",") if i])

    @Slot()
    def mapClicked(self) -> None:  # noqa: N802
        self.map_clicked.emit()

    @Slot()
    def mapReady(self) -> None:  # noqa: N802
        self.ready.emit()
