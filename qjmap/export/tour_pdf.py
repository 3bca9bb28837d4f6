"""Paint the tour's pages (tour_deck) into a multi-page PDF with QPdfWriter: the deck's pages, on paper.

Each page is 13.333 × 7.5 in, the deck's 16:9 slide; text is real text in Noto Sans CJK
(embedded by Qt, ToUnicode repaired by pdf_text so pdftotext reads it back as drawn) and
each stop's map is its full-resolution picture. A text box too small for its paragraphs is
drawn with all of them shrunk alike, as PowerPoint's shrink-on-overflow does.
"""
from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QBuffer, QIODevice, QMarginsF, QRectF, QSizeF
from PySide6.QtGui import QColor, QFontMetricsF, QImage, QPageLayout, QPageSize, QPainter, QPdfWriter, QRawFont

from qjmap.export.paint import WRAP, font
from qjmap.export.pdf_text import fix_to_unicode
from qjmap.export.tour_deck import SLIDE_H, SLIDE_W, Slide, TextBox

DPI = 144  # device units per inch: a point is 2 units
MIN_SHRINK = 0.5


def _layout(box: TextBox, scale: float) -> list[tuple]:
    """[(font, colour, text, rect)] of the paragraphs at `scale`, top to bottom."""
    x, y, w = box.x * DPI, box.y * DPI, box.w * DPI
    out = []
    for para in box.paras:
        f = font(para.size * scale, DPI / 72, para.bold)
        h = QFontMetricsF(f).boundingRect(QRectF(0, 0, w, 1e6), WRAP, para.text).height()
        out.append((f, QColor("#" + para.colour), para.text, QRectF(x, y, w, h)))
        y += h + para.size * scale * 0.3 * DPI / 72
    return out


def _fitted(box: TextBox) -> list[tuple]:
    bottom = (box.y + box.h) * DPI
    scale = 1.0
    while True:
        rows = _layout(box, scale)
        if not rows or rows[-1][3].bottom() <= bottom or scale <= MIN_SHRINK:
            return rows
        scale -= 0.05


def pdf_bytes(slides: list[Slide], maps: list[QImage], title: str) -> bytes:
    """All pages; `maps` holds one image per stop slide, in order."""
    buf = QBuffer()
    buf.open(QIODevice.OpenModeFlag.WriteOnly)
    w = QPdfWriter(buf)
    w.setTitle(title)
    w.setCreator("qjmap")
    w.setResolution(DPI)
    page = QPageSize(QSizeF(SLIDE_W * 72, SLIDE_H * 72), QPageSize.Unit.Point, "", QPageSize.SizeMatchPolicy.ExactMatch)
    w.setPageLayout(QPageLayout(page, QPageLayout.Orientation.Portrait, QMarginsF()))
    p = QPainter(w)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
    drawn: list[str] = []
    pictures = iter(maps)
    for i, s in enumerate(slides):
        if i:
            w.newPage()
        for box in s.boxes:
            if isinstance(box, TextBox):
                for f, colour, text, rect in _fitted(box):
                    p.setFont(f)
                    p.setPen(colour)
                    p.drawText(rect, WRAP, text)
                    drawn.append(text)
            else:
                p.drawImage(QRectF(box.x * DPI, box.y * DPI, box.w * DPI, box.h * DPI), next(pictures))
    p.end()
    raw = QRawFont.fromFont(font(12, 1))
    return fix_to_unicode(bytes(buf.data()), "".join(drawn),
                          lru_cache(maxsize=None)(lambda ch: (raw.glyphIndexesForString(ch) or [0])[0]))
