"""The legend: what status styles, uncertainty circles and dashed lines mean."""
from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QGridLayout, QLabel, QWidget

ROWS = (
    ("solid", "In operation / completed (运营/建成)"),
    ("half", "Under construction (在建)"),
    ("hollow", "Planned (规划)"),
    ("grey", "Status not stated in the articles (未说明)"),
    ("circle", "Approximate place: circle = uncertainty (town ±3 km, district ±12 km)"),
    ("dash", "Schematic line through known waypoints (示意)"),
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
            icon.setPixmap(symbol(kind, {"dash": "#6a1b9a", "boundary": "#ef6c00"}.get(kind, "#1565c0")))
            text = QLabel()
            text.setWordWrap(True)
            grid.addWidget(icon, i, 0)
            grid.addWidget(text, i, 1)
            self.labels.append(text)
        self.retranslate()

    def retranslate(self) -> None:
        self.title.setText(tr("Legend"))
        for label, (_, text) in zip(self.labels, ROWS):
            label.setText(tr(text))
