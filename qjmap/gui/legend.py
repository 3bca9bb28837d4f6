"""The legend: what status styles, uncertainty circles, grouped markers, outlines and dashed lines mean."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

ROWS = (
    ("solid", "In operation / completed (运营/建成)"),
    ("half", "Under construction (在建)"),
    ("hollow", "Planned (规划)"),
    ("grey", "Status not stated in the articles (未说明)"),
    ("circle", "Town-level place: dashed circle = ±3 km"),
    ("group", "Number: that many features at one place (district/city level, or too close at this zoom); click to list them"),
    ("district", "District/city-level feature, when selected: its district or city is outlined (the place is only known to be inside)"),
    ("dash", "Schematic line through known waypoints (示意)"),
    ("faint", "Faint line: long-distance corridor, at district zoom (the local lines stand out)"),
    ("boundary", "Administrative boundary"),
)


def tr(text: str) -> str:
    return QCoreApplication.translate("Legend", text)


def symbol(kind: str, color: str = "#1565c0") -> QPixmap:
    """The map's symbols as small pixmaps, for the legend and the layer panel."""
    pm = QPixmap(34, 18)
    pm.fill(Qt.GlobalColor.transparent)
    p = QPainter(pm)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    c = QColor(color)
    fill = QColor(c)
    pen = QPen(c, 2)
    if kind in ("solid", "half", "hollow", "grey"):
        fill.setAlphaF({"solid": 0.95, "half": 0.45, "hollow": 0.08, "grey": 0.6}[kind])
        if kind == "hollow":
            pen.setStyle(Qt.PenStyle.DashLine)
        if kind == "half":
            pen.setWidth(3)
        if kind == "grey":
            pen.setWidthF(1)
        p.setPen(pen)
        p.setBrush(fill)
        p.drawEllipse(QRectF(11, 3, 12, 12))
    elif kind == "circle":
        pen.setWidthF(1)
        pen.setStyle(Qt.PenStyle.DashLine)
        fill.setAlphaF(0.08)
        p.setPen(pen)
        p.setBrush(fill)
        p.drawEllipse(QRectF(2, 1, 30, 16))
        p.setBrush(c)
        p.drawEllipse(QRectF(14, 6, 6, 6))
    elif kind == "group":
        p.setPen(QPen(QColor("#555555"), 1))
        p.setBrush(c)
        p.drawEllipse(QRectF(9, 0, 17, 17))
        p.setBrush(QColor("#ffffff"))
        p.drawEllipse(QRectF(12, 3, 11, 11))
        f = p.font()
        f.setPixelSize(8)
        f.setBold(True)
        p.setFont(f)
        p.setPen(QColor("#222222"))
        p.drawText(QRectF(9, 0, 17, 17), int(Qt.AlignmentFlag.AlignCenter), "5")
    elif kind == "district":
        p.setPen(QPen(QColor("#ffb300"), 2.5))
        fill = QColor("#ffd600")
        fill.setAlphaF(0.2)
        p.setBrush(fill)
        p.drawPolygon(QPolygonF([QPointF(3, 4), QPointF(14, 1), QPointF(31, 5), QPointF(27, 16), QPointF(6, 15)]))
    elif kind == "faint":
        faint = QColor(c)
        faint.setAlphaF(0.3)
        p.setPen(QPen(faint, 1.5, Qt.PenStyle.DashLine))
        p.drawLine(2, 9, 32, 9)
    elif kind in ("dash", "line"):
        pen = QPen(c, 3,
                   Qt.PenStyle.SolidLine if kind == "line" else Qt.PenStyle.DashLine)
        p.setPen(pen)
        p.drawLine(2, 9, 32, 9)
    else:
        p.setPen(QPen(c, 2))
        fill = QColor(c)
        fill.setAlphaF(0.08)
        p.setBrush(fill)
        p.drawRect(QRectF(3, 2, 28, 14))
    p.end()
    return pm


class Legend(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        self.title = QLabel()
        self.title.setStyleSheet("font-weight: bold")
        grid.addWidget(self.title, 0, 0, 1, 2)
        self.labels = []
        for i, (kind, _) in enumerate(ROWS, start=1):
            icon = QLabel()
            icon.setPixmap(symbol(kind, {"dash": "#6a1b9a", "faint": "#6a1b9a", "boundary": "#ef6c00"}.get(kind, "#1565c0")))
            text = QLabel()
            text.setWordWrap(True)
            grid.addWidget(icon, i, 0)
            grid.addWidget(text, i, 1)
            self.labels.append(text)
        self.retranslate()

    def set_overlays(self, rows) -> None:
        """One row per overlay, under the fixed rows: (kind, colour, name); names shown as plain text."""
        grid = self.layout()
        for w in getattr(self, "_overlay_widgets", []):
            grid.removeWidget(w)
            w.deleteLater()
        self._overlay_widgets = []
        for i, (kind, colour, name) in enumerate(rows, start=len(ROWS) + 1):
            icon, text = QLabel(), QLabel()
            icon.setPixmap(symbol(kind, colour))
            text.setTextFormat(Qt.TextFormat.PlainText)
            text.setText(name)
            grid.addWidget(icon, i, 0)
            grid.addWidget(text, i, 1)
            self._overlay_widgets += [icon, text]

    def retranslate(self) -> None:
        self.title.setText(tr("Legend"))
        for label, (_, text) in zip(self.labels, ROWS):
            label.setText(tr(text))
