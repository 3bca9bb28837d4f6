"""The charts under the feature panel: the same SVG as the HTML export, drawn by QtSvg.

The panel itself is a QTextBrowser, which can neither draw SVG inline nor show a
tooltip per point, so the charts sit below it in the same dock. Each ChartWidget draws
`chart_svg(layout)` and shows the layout's hover text (value, paragraph, quote, article)
for the point under the mouse, like the <title> does in a browser.
"""
from __future__ import annotations

from PySide6.QtCore import QByteArray, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QPainter
from PySide6.QtSvg import QSvgRenderer
from PySide6.QtWidgets import QScrollArea, QSizePolicy, QSplitter, QToolTip, QVBoxLayout, QWidget

from qjmap.page.chart_svg import H, W, ChartLayout, chart_layouts, chart_svg

HIT_RADIUS = 10  # widget px around a point that still count as on it


class ChartWidget(QWidget):
    def __init__(self, layout: ChartLayout, parent=None):
        super().__init__(parent)
        self.layout_data = layout
        self.svg = chart_svg(layout)
        self.renderer = QSvgRenderer(QByteArray(self.svg.encode("utf-8")), self)
        self.setMouseTracking(True)
        self.setMinimumSize(W * 2 // 3, H * 2 // 3)
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        policy.setHeightForWidth(True)
        self.setSizePolicy(policy)

    def sizeHint(self) -> QSize:  # noqa: N802
        return QSize(W, H)

    def hasHeightForWidth(self) -> bool:  # noqa: N802
        return True

    def heightForWidth(self, width: int) -> int:  # noqa: N802
        return width * H // W

    def _target(self) -> QRectF:
        """Where the chart is drawn: as large as fits, aspect kept, centred."""
        s = min(self.width() / W, self.height() / H)
        return QRectF((self.width() - W * s) / 2, (self.height() - H * s) / 2, W * s, H * s)

    def paintEvent(self, event):  # noqa: N802
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.renderer.render(p, self._target())
        p.end()

    def point_at(self, pos: QPointF) -> str | None:
        """Hover text of the point nearest to `pos` (widget coordinates), if one is close enough."""
        t = self._target()
        s = t.width() / W
        best, text = HIT_RADIUS ** 2, None
        for pt in self.layout_data.points:
            dx, dy = t.x() + pt.x * s - pos.x(), t.y() + pt.y * s - pos.y()
            if dx * dx + dy * dy <= best:
                best, text = dx * dx + dy * dy, pt.title
        return text

    def mouseMoveEvent(self, event):  # noqa: N802
        text = self.point_at(event.position())
        if text:
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)


class ChartsPanel(QScrollArea):
    """The charts of the open feature (hidden when it has none)."""

    def __init__(self, cat, parent=None):
        super().__init__(parent)
        self.cat = cat
        self.charts: list[ChartWidget] = []
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.hide()

    def show_feature(self, fid: str) -> None:
        f = self.cat.feature(fid)
        body = QWidget()
        box = QVBoxLayout(body)
        box.setContentsMargins(4, 4, 4, 4)
        self.charts = [ChartWidget(lay) for lay in chart_layouts(self.cat, f, self.cat.layer(f.layer).color)]
        for c in self.charts:
            box.addWidget(c)
        box.addStretch(1)
        self.setWidget(body)
        self.setVisible(bool(self.charts))


def install_charts(window) -> ChartsPanel:
    """Put a ChartsPanel under the window's feature panel and follow the opened feature."""
    charts = ChartsPanel(window.cat)
    split = QSplitter(Qt.Orientation.Vertical)
    split.setChildrenCollapsible(False)
    split.addWidget(window.panel)
    split.addWidget(charts)
    split.setStretchFactor(0, 3)
    split.setStretchFactor(1, 2)
    window.right_dock.setWidget(split)
    # whatever else the panel shows (a group, the welcome text) has no charts: hide them first
    window.panel.textChanged.connect(charts.hide)
    window.feature_opened.connect(charts.show_feature)
    return charts
