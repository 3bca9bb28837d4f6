"""Presentation mode: full screen, one bookmark per stop, a caption card with figures and quote.

PageDown / → / ↓ / Space go forward, PageUp / ← / ↑ / Backspace back, Home / End to
the ends, Esc leaves and restores the window as it was. Keys are taken by an
application event filter while presenting, because the map view would otherwise eat
the arrows (Leaflet pans with them). The card's words come from qjmap.export.furniture.caption.

Keys are filtered on the window, the map and the map's focus proxy (which receives the
keys while the page has focus), not application-wide: a Python filter on the whole
application is called for every event of every object and crashed PySide in testing.
"""
from __future__ import annotations

from html import escape

from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout

from qjmap.model.bookmarks import Bookmark
from qjmap.export.furniture import caption
from qjmap.gui.bookmarks_dialog import apply_bookmark

NEXT = {Qt.Key.Key_PageDown, Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Space}
PREV = {Qt.Key.Key_PageUp, Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_Backspace}
KEYS = NEXT | PREV | {Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Escape}


def tr(text: str) -> str:
    return QCoreApplication.translate("Presentation", text)


class CaptionCard(QFrame):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.setObjectName("qjCaption")
        self.setStyleSheet("#qjCaption { background: rgba(255,255,255,235); border: 1px solid #999;"
                           " border-radius: 6px; } QLabel { color: #222; }")
        self.label = QLabel()
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        box = QVBoxLayout(self)
        box.setContentsMargins(16, 12, 16, 12)
        box.addWidget(self.label)

    def show_caption(self, cat, b: Bookmark, step: str) -> None:
        e = escape
        parts = [f'<p style="color:#777">{e(step)} · {e(b.name)}</p>']
        if b.feature:
            c = caption(cat, b.feature, b.figures, b.quote)
            parts.append(f'<h2 style="margin:0">{e(c.name_zh)}</h2><p style="color:#555">{e(c.name_en)}</p>')
            if c.figures:
                rows = "".join(f"<tr><td>{e(label)}</td><td style='padding-left:12px'><b>{e(value)}</b></td>"
                               f"<td style='padding-left:12px;color:#777'>{e(as_of)}</td></tr>"
                               for label, value, as_of in c.figures)
                parts.append(f"<table>{rows}</table>")
            else:
                parts.append(f'<p style="color:#777">{e(tr("The articles give no figures for this feature."))}</p>')
            if c.quote:
                parts.append(f'<p style="margin-top:8px">“{e(c.quote)}”</p><p style="color:#777;font-size:small">'
                             f"— {e(c.citation)}</p>")
        self.label.setText("".join(parts))


class Presentation(QObject):
    """Drives a MainWindow through a list of bookmarks; `finished` when Esc leaves."""
    finished = Signal()

    def __init__(self, window, bookmarks: list[Bookmark]):
        super().__init__(window)
        self.window, self.bookmarks = window, bookmarks
        self.index = -1
        self.card = CaptionCard(window)
        self.card.hide()
        self._saved: dict = {}
        self._watched: list = []

    @property
    def active(self) -> bool:
        return bool(self._saved)

    def start(self, index: int = 0) -> None:
        if not self.bookmarks or self.active:
            return
        w = self.window
        self._saved = {"geometry": w.saveGeometry(), "state": w.saveState(), "full": w.isFullScreen(),
                       "menu": w.menuBar().isVisible()}
        for child in (w.left_dock, w.right_dock, w.toolbar):
            child.hide()
        w.menuBar().hide()
        w.showFullScreen()
        self._watched = [o for o in (w, w.map, w.map.focusProxy()) if o is not None]
        for o in self._watched:
            o.installEventFilter(self)
        w.map.setFocus()
        self.go(index)

    def stop(self) -> None:
        if not self.active:
            return
        for o in self._watched:
            o.removeEventFilter(self)
        w, saved = self.window, self._saved
        self._saved = {}
        self.card.hide()
        w.map.call("labels.reserve", [])
        if not saved["full"]:
            w.showNormal()
        w.restoreState(saved["state"])
        w.restoreGeometry(saved["geometry"])
        w.menuBar().setVisible(saved["menu"])
        self.finished.emit()

    def go(self, index: int) -> None:
        self.index = max(0, min(index, len(self.bookmarks) - 1))
        b = self.bookmarks[self.index]
        apply_bookmark(self.window, b)
        self.card.show_caption(self.window.cat, b, f"{self.index + 1} / {len(self.bookmarks)}")
        self._place_card()

    def _place_card(self) -> None:
        w = self.window
        width = max(380, min(600, w.width() // 3))
        m = self.card.layout().contentsMargins()
        height = self.card.label.heightForWidth(width - m.left() - m.right()) + m.top() + m.bottom()
        self.card.setFixedSize(width, min(height, w.height() - 48))
        self.card.move(24, max(24, w.height() - self.card.height() - 40))
        self.card.show()
        self.card.raise_()
        at = w.map.mapFrom(w, self.card.pos())  # no map label goes under the card
        w.map.call("labels.reserve", [[at.x(), at.y(), self.card.width(), self.card.height()]])

    def eventFilter(self, obj, event):  # noqa: N802 (Qt override)
        kind = event.type()
        if kind == QEvent.Type.ShortcutOverride and event.key() in KEYS:
            event.accept()  # ours, not the window's shortcuts (Home = overview, Space …)
            return True
        if kind == QEvent.Type.KeyPress:
            key = event.key()
            if key == Qt.Key.Key_Escape:
                self.stop()
                return True
            if key in NEXT:
                self.go(self.index + 1)
                return True
            if key in PREV:
                self.go(self.index - 1)
                return True
            if key in (Qt.Key.Key_Home, Qt.Key.Key_End):
                self.go(0 if key == Qt.Key.Key_Home else len(self.bookmarks) - 1)
                return True
        elif kind == QEvent.Type.Resize and obj is self.window and self.card.isVisible():
            self._place_card()
        return False
