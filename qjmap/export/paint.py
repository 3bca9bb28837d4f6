"""Paint the map furniture with QPainter: title, legend, scale bar, north arrow, footer.

The same code paints onto the PNG image and onto the PDF page, where QPdfWriter
turns every drawText into real, selectable text with the CJK font embedded. Sizes
are given in CSS px and multiplied by `unit` (device pixels per CSS px), so furniture
is as large on a 300-dpi A4 page as on a 1920×1080 screen, relative to the map.
"""
from __future__ import annotations

import math

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF

from qjmap.export.furniture import Furniture

FONT_FAMILIES = ["Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", "PingFang SC", "sans-serif"]
BOX = QColor(255, 255, 255, 225)
INK = QColor("#222222")
GREY = QColor("#555555")
NOTE = QColor("#b71c1c")
WRAP = int(Qt.TextFlag.TextWordWrap)
SCALE_BAR_MAX_CSS = 160 + 2 * 9 + 8  # widest scale-bar box (CSS px): bar, padding, margin


def font(px: float, unit: float, bold: bool = False) -> QFont:
    """Noto CJK at a CSS px size. No shaping: shaped Latin digits get glyphs that Qt's PDF
    text map cannot name, so "2026" would not extract from the PDF."""
    f = QFont()
    f.setFamilies(FONT_FAMILIES)
    f.setStyleStrategy(QFont.StyleStrategy.PreferNoShaping)
    f.setPixelSize(max(1, round(px * unit)))
    f.setBold(bold)
    return f


def nice_length(max_m: float) -> float:
    """The largest 1, 2 or 5 × 10^n metres not longer than `max_m`."""
    if max_m <= 0:
        return 0.0
    e = 10 ** math.floor(math.log10(max_m))
    return max(m * e for m in (1, 2, 5) if m * e <= max_m)


def _fmt_len(m: float) -> str:
    return f"{m / 1000:g} km" if m >= 1000 else f"{m:g} m"


class FurniturePainter:
    def __init__(self, p: QPainter, page: QRectF, unit: float):
        self.p, self.page, self.u = p, page, unit
        self.m = 14 * unit    # margin from the page edge
        self.pad = 9 * unit   # padding inside boxes
        self.layout: dict[str, QRectF] = {}
        self.texts: list[str] = []  # everything drawn as text, for the PDF text repair

    def _text(self, r: QRectF, flags: int, text: str) -> None:
        self.p.drawText(r, flags, text)
        self.texts.append(text)

    def _box(self, r: QRectF) -> None:
        self.p.setPen(QPen(QColor(0, 0, 0, 60), max(1.0, self.u)))
        self.p.setBrush(BOX)
        self.p.drawRoundedRect(r, 4 * self.u, 4 * self.u)

    def _text_block(self, lines, width: float) -> tuple[list, float]:
        """[(font, colour, text, height)] wrapped to `width`, and the total height."""
        out, total = [], 0.0
        for f, colour, text in lines:
            if not text:
                continue
            h = QFontMetricsF(f).boundingRect(QRectF(0, 0, width, 1e6), WRAP, text).height()
            out.append((f, colour, text, h))
            total += h + 2 * self.u
        return out, total

    def _draw_block(self, block, x: float, y: float, width: float) -> None:
        for f, colour, text, h in block:
            self.p.setFont(f)
            self.p.setPen(colour)
            self._text(QRectF(x, y, width, h), WRAP, text)
            y += h + 2 * self.u

    def footer(self, fu: Furniture) -> QRectF:
        w = self.page.width() - 2 * self.m
        inner = w - 2 * self.pad
        block, h = self._text_block([(font(12, self.u), INK, fu.as_of), (font(10, self.u), GREY, fu.sources)], inner)
        r = QRectF(self.page.left() + self.m, self.page.bottom() - self.m - h - 2 * self.pad, w, h + 2 * self.pad)
        self._box(r)
        self._draw_block(block, r.left() + self.pad, r.top() + self.pad, inner)
        self.layout["footer"] = r
        return r

    def title(self, fu: Furniture) -> QRectF:
        maxw = self.page.width() * 0.5
        lines = [(font(26, self.u, True), INK, fu.title), (font(15, self.u), GREY, fu.subtitle),
                 (font(11.5, self.u), NOTE, fu.note)]
        widest = max((QFontMetricsF(f).horizontalAdvance(t) for f, _, t in lines[:2] if t), default=0)
        inner = min(maxw, max(widest + 2 * self.u, 240 * self.u))
        block, h = self._text_block(lines, inner)
        r = QRectF(self.page.left() + self.m, self.page.top() + self.m, inner + 2 * self.pad, h + 2 * self.pad)
        self._box(r)
        self._draw_block(block, r.left() + self.pad, r.top() + self.pad, inner)
        self.layout["title"] = r
        return r

    def north_arrow(self) -> QRectF:
        u = self.u
        r = QRectF(self.page.right() - self.m - 40 * u, self.page.top() + self.m, 40 * u, 58 * u)
        self._box(r)
        cx, top, bottom = r.center().x(), r.top() + 20 * u, r.bottom() - 7 * u
        self.p.setFont(font(13, u, True))
        self.p.setPen(INK)
        self._text(QRectF(r.left(), r.top() + 3 * u, r.width(), 16 * u), int(Qt.AlignmentFlag.AlignCenter), "N 北")
        left = QPolygonF([QPointF(cx, top), QPointF(cx - 9 * u, bottom), QPointF(cx, bottom - 8 * u)])
        right = QPolygonF([QPointF(cx, top), QPointF(cx + 9 * u, bottom), QPointF(cx, bottom - 8 * u)])
        self.p.setPen(QPen(INK, max(1.0, u)))
        self.p.setBrush(INK)
        self.p.drawPolygon(left)
        self.p.setBrush(Qt.GlobalColor.white)
        self.p.drawPolygon(right)
        self.layout["north"] = r
        return r

    def scale_bar(self, metres_per_px: float, above: QRectF) -> QRectF | None:
        u = self.u
        length_m = nice_length(160 * u * metres_per_px)
        if not length_m:
            return None
        bar = length_m / metres_per_px
        f = font(11, u)
        label = _fmt_len(length_m)
        r = QRectF(self.page.left() + self.m, above.top() - self.m * 0.6 - 34 * u, bar + 2 * self.pad + 8 * u, 34 * u)
        self._box(r)
        x0, y = r.left() + self.pad, r.bottom() - 9 * u
        self.p.setPen(QPen(INK, 1.5 * u))
        self.p.setBrush(Qt.BrushStyle.NoBrush)
        self.p.drawLine(QPointF(x0, y), QPointF(x0 + bar, y))
        for x in (x0, x0 + bar / 2, x0 + bar):
            self.p.drawLine(QPointF(x, y), QPointF(x, y - (6 if x != x0 + bar / 2 else 4) * u))
        self.p.setFont(f)
        self._text(QRectF(x0, r.top() + 3 * u, bar, 14 * u), int(Qt.AlignmentFlag.AlignCenter), label)
        self.layout["scale"] = r
        return r

    def legend(self, fu: Furniture, above: QRectF) -> QRectF | None:
        if not fu.legend:
            return None
        u = self.u
        head, body = font(13, u, True), font(11.5, u)
        fm = QFontMetricsF(body)
        row_h = max(fm.height(), 16 * u) + 4 * u
        sw = 28 * u
        texts = [f"{row.label_zh}  {row.label_en}" for row in fu.legend]
        inner = min(self.page.width() * 0.4, max(fm.horizontalAdvance(t) for t in texts) + sw + 8 * u)
        inner = max(inner, QFontMetricsF(head).horizontalAdvance("图例 Legend"))
        h = QFontMetricsF(head).height() + 4 * u + row_h * len(texts)
        r = QRectF(self.page.right() - self.m - inner - 2 * self.pad, above.top() - self.m * 0.6 - h - 2 * self.pad,
                   inner + 2 * self.pad, h + 2 * self.pad)
        self._box(r)
        x, y = r.left() + self.pad, r.top() + self.pad
        self.p.setFont(head)
        self.p.setPen(INK)
        hh = QFontMetricsF(head).height()
        self._text(QRectF(x, y, inner, hh), int(Qt.AlignmentFlag.AlignLeft), "图例 Legend")
        y += hh + 4 * u
        for row, text in zip(fu.legend, texts):
            self._swatch(row.kind, QColor(row.color), QRectF(x, y + (row_h - 14 * u) / 2, sw - 6 * u, 14 * u))
            self.p.setFont(body)
            self.p.setPen(INK)
            self._text(QRectF(x + sw, y, inner - sw, row_h), int(Qt.AlignmentFlag.AlignVCenter),
                       fm.elidedText(text, Qt.TextElideMode.ElideRight, inner - sw))
            y += row_h
        self.layout["legend"] = r
        return r

    def _swatch(self, kind: str, c: QColor, r: QRectF) -> None:
        u, p = self.u, self.p
        fill = QColor(c)
        if kind in ("group", "outline", "circle", "dash", "faint"):
            self._symbol_swatch(kind, c, r)
        elif kind == "line":
            p.setPen(QPen(c, 3.5 * u))
            p.drawLine(QPointF(r.left(), r.center().y()), QPointF(r.right(), r.center().y()))
        elif kind == "area":
            fill.setAlphaF(0.15)
            p.setPen(QPen(c, 2 * u))
            p.setBrush(fill)
            p.drawRect(r)
        else:
            d = 13 * u
            p.setPen(QPen(c, 2 * u))
            p.setBrush(fill)
            p.drawEllipse(QRectF(r.center().x() - d / 2, r.center().y() - d / 2, d, d))


    def _symbol_swatch(self, kind: str, c: QColor, r: QRectF) -> None:
        """The grouped marker, the district outline, the ±3 km circle and the schematic dash."""
        u, p = self.u, self.p
        cx, cy = r.center().x(), r.center().y()
        if kind == "group":
            d = 15 * u
            p.setPen(QPen(c, 3 * u))
            p.setBrush(Qt.GlobalColor.white)
            p.drawEllipse(QRectF(cx - d / 2, cy - d / 2, d, d))
            p.setFont(font(8, u, True))
            p.setPen(INK)
            p.drawText(QRectF(cx - d / 2, cy - d / 2, d, d), int(Qt.AlignmentFlag.AlignCenter), "5")
            self.texts.append("5")
        elif kind == "outline":
            p.setPen(QPen(QColor("#ffb300"), 2.5 * u))
            fill = QColor("#ffd600")
            fill.setAlphaF(0.2)
            p.setBrush(fill)
            p.drawRect(r.adjusted(u, u, -u, -u))
        elif kind == "circle":
            pen = QPen(c, u)
            pen.setStyle(Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.setBrush(Qt.BrushStyle.NoBrush)
            p.drawEllipse(r)
            p.setBrush(c)
            p.drawEllipse(QRectF(cx - 3 * u, cy - 3 * u, 6 * u, 6 * u))
        else:  # the schematic dash; "faint" as qjmap.js draws regional lines at district zoom
            faint = QColor("#6a1b9a")
            faint.setAlphaF(0.3)
            pen = QPen(faint, 1.5 * u) if kind == "faint" else QPen(c, 3 * u)
            pen.setStyle(Qt.PenStyle.DashLine)
            p.setPen(pen)
            p.drawLine(QPointF(r.left(), cy), QPointF(r.right(), cy))


def paint_furniture(p: QPainter, page: QRectF, fu: Furniture, unit: float, metres_per_px: float) -> FurniturePainter:
    """Paint everything; the result says where each piece went (`layout`) and what text it drew."""
    p.save()
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    fp = FurniturePainter(p, page, unit)
    foot = fp.footer(fu)
    fp.title(fu)
    fp.north_arrow()
    fp.scale_bar(metres_per_px, foot)
    fp.legend(fu, foot)
    p.restore()
    return fp
