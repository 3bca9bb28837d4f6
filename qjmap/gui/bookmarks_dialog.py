"""Bookmarks in the window: apply one, capture the current view, and a small manager to
rename (edit in place), reorder (drag or buttons) and delete.

The data model is qjmap.model.bookmarks and the storage qjmap.io.bookmark_store; this module
only talks to widgets.
"""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import (QAbstractItemView, QDialog, QDialogButtonBox, QHBoxLayout, QListWidget,
                               QListWidgetItem, QPushButton, QVBoxLayout)

from qjmap.model.bookmarks import Bookmark, BookmarkError, rename


def tr(text: str) -> str:
    return QCoreApplication.translate("BookmarksDialog", text)


def current_view(window, name: str) -> Bookmark:
    """The window's view now: centre and zoom from the page, layers, selected feature."""
    from qjmap.web.capture import evaluate
    v = evaluate(window.map, "QJ.view()") or {}
    shown = set(window.layer_panel.visible_layers())
    overlays = [ov.id for ov in window.project_state.overlays if ov.id in shown]
    return Bookmark(name, round(v.get("lat", 0.0), 5), round(v.get("lon", 0.0), 5), v.get("zoom", 7),
                    [l.id for l in window.cat.layers if l.id in shown], window.current_id, overlays=overlays)


def apply_bookmark(window, b: Bookmark, animate: bool = True) -> None:
    """Show the saved layers and view, and select (not fly to) the saved feature."""
    for layer in window.cat.layers:
        window.layer_panel.set_checked(layer.id, layer.id in b.layers)
    if b.overlays is not None:  # saved with overlays: show those, hide the others
        for ov in window.project_state.overlays:
            window.layer_panel.set_checked(ov.id, ov.id in b.overlays)
    window.map.call("flyView" if animate else "setView", b.lat, b.lon, b.zoom)
    if b.feature:
        window.open_feature(b.feature)
    else:
        window.map.call("select", None)


class BookmarksDialog(QDialog):
    """Edit a copy of the list; `bookmarks()` returns it in the new order with new names."""

    def __init__(self, bookmarks: list[Bookmark], parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Bookmarks"))
        self._by_id = {id(b): b for b in bookmarks}
        self.list = QListWidget()
        self.list.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        for b in bookmarks:
            item = QListWidgetItem(b.name)
            item.setData(Qt.ItemDataRole.UserRole, id(b))
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        up, down = QPushButton(tr("Move up")), QPushButton(tr("Move down"))
        rename_button, delete = QPushButton(tr("Rename")), QPushButton(tr("Delete"))
        up.clicked.connect(lambda: self.move(-1))
        down.clicked.connect(lambda: self.move(1))
        rename_button.clicked.connect(lambda: self.list.editItem(self.list.currentItem()))
        delete.clicked.connect(lambda: self.list.takeItem(self.list.currentRow()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        side = QVBoxLayout()
        for b in (up, down, rename_button, delete):
            side.addWidget(b)
        side.addStretch(1)
        row = QHBoxLayout()
        row.addWidget(self.list, 1)
        row.addLayout(side)
        box = QVBoxLayout(self)
        box.addLayout(row)
        box.addWidget(buttons)
        self.resize(520, 320)

    def move(self, step: int) -> None:
        row = self.list.currentRow()
        if 0 <= row + step < self.list.count():
            self.list.insertItem(row + step, self.list.takeItem(row))
            self.list.setCurrentRow(row + step)

    def bookmarks(self) -> list[Bookmark]:
        out = []
        for i in range(self.list.count()):
            item = self.list.item(i)
            out.append(self._by_id[item.data(Qt.ItemDataRole.UserRole)])
            try:
                rename(out, i, item.text())
            except BookmarkError:
                pass  # an emptied name keeps the old one
        return out
