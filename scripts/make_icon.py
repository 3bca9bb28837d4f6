"""Draw the qjmap icon and write resources/icons/qjmap.png (256 px) and qjmap.ico.

The design: a river-blue rounded square, a white river bend, four roads from the four
neighbouring provinces meeting at an orange hub. Drawn with QPainter (no font, so it
renders the same everywhere); the .ico (16-256 px) is written with Pillow.
Run once after changing the design and commit both files: .venv/bin/python scripts/make_icon.py
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "resources" / "icons"
ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]


def draw(size: int = 256):
    from PySide6.QtCore import QPointF, QRectF, Qt
    from PySide6.QtGui import QBrush, QColor, QImage, QPainter, QPainterPath, QPen
    img = QImage(size, size, QImage.Format.Format_ARGB32)
    img.fill(Qt.GlobalColor.transparent)
    s = size / 256.0
    p = QPainter(img)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.scale(s, s)
    # background
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(QColor("#1f6fb2")))
    p.drawRoundedRect(QRectF(8, 8, 240, 240), 44, 44)
    # land: a lighter lower-left half split by the river
    land = QPainterPath()
    land.moveTo(8, 150)
    land.cubicTo(70, 120, 110, 200, 170, 170)
    land.cubicTo(205, 152, 225, 120, 248, 118)
    land.lineTo(248, 204)
    land.quadTo(248, 248, 204, 248)
    land.lineTo(52, 248)
    land.quadTo(8, 248, 8, 204)
    land.closeSubpath()
    p.setBrush(QBrush(QColor("#3d8fd1")))
    p.drawPath(land)
    # the river (Qujiang) as a white bend
    river = QPainterPath()
    river.moveTo(8, 150)
    river.cubicTo(70, 120, 110, 200, 170, 170)
    river.cubicTo(205, 152, 225, 120, 248, 118)
    p.setBrush(Qt.BrushStyle.NoBrush)
    p.setPen(QPen(QColor("#ffffff"), 10, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    p.drawPath(river)
    # four roads from the four provinces to the hub
    hub = QPointF(128, 128)
    p.setPen(QPen(QColor("#ffffff"), 14, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
    for x, y in [(44, 44), (212, 44), (44, 212), (212, 212)]:
        p.drawLine(hub, QPointF(x, y))
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(QBrush(QColor("#ffffff")))
    for x, y in [(44, 44), (212, 44), (44, 212), (212, 212)]:
        p.drawEllipse(QPointF(x, y), 15, 15)
    # the hub
    p.setBrush(QBrush(QColor("#ffffff")))
    p.drawEllipse(hub, 44, 44)
    p.setBrush(QBrush(QColor("#f28c28")))
    p.drawEllipse(hub, 34, 34)
    p.setBrush(QBrush(QColor("#ffffff")))
    p.drawEllipse(hub, 12, 12)
    p.end()
    return img


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication
    app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])  # noqa: F841 (QPainter needs it)
    OUT.mkdir(parents=True, exist_ok=True)
    png = OUT / "qjmap.png"
    if not draw(256).save(str(png), "PNG"):
        print(f"cannot write {png}")
        return 1
    from PIL import Image
    frames = []
    for n in ICO_SIZES:  # draw each size (crisper than scaling the 256 px one down)
        tmp = OUT / f".icon-{n}.png"
        draw(n).save(str(tmp), "PNG")
        frames.append(Image.open(tmp).convert("RGBA"))
        frames[-1].load()
        tmp.unlink()
    frames[-1].save(OUT / "qjmap.ico", format="ICO", sizes=[(n, n) for n in ICO_SIZES],
                    append_images=frames[:-1])
    print(f"wrote {png} and {OUT / 'qjmap.ico'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
