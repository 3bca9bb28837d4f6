"""Take a picture of a MapView that is really the current map (QTWEB-NOTES pitfall 3).

grab() can return a white, a stale or a garbage frame, and after a resize or a zoom
change the old frame for a while (longer at 4K in software rendering). Waiting a fixed
time is not enough, so the page marks its frames (see QJ.mark) and we grab until the
frame we need arrives, and is not uniform. Synchronous (runs a local event loop) so
the exporter and the CLI read top to bottom.
"""
from __future__ import annotations

import json
import time

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QImage

RETRY_MS = 40
MIN_COLOURS = 8     # a drawn map has many colours; a blank view one or two


class CaptureError(RuntimeError):
    """The map did not load, or every grab was blank."""


def spin(ms: int) -> None:
    """Let Qt run for `ms` milliseconds."""
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(pred, timeout_s: float, step_ms: int = 20) -> bool:
    end = time.monotonic() + timeout_s
    while not pred():
        if time.monotonic() > end:
            return False
        spin(step_ms)
    return True


def evaluate(view, js: str, timeout_s: float = 15):
    """Value of a JS expression, via JSON (PySide drops arrays returned by the page)."""
    box: list = []
    view.evaluate(f"JSON.stringify({js})", box.append)
    if not wait_until(lambda: bool(box), timeout_s):
        raise CaptureError(f"the page did not answer {js!r}")
    return json.loads(box[0]) if box[0] not in (None, "") else None


def is_drawn(img: QImage, samples: int = 3000) -> bool:
    """Not blank: enough distinct colours on a sample grid, none covering 98 %."""
    w, h = img.width(), img.height()
    if w < 2 or h < 2:
        return False
    step = max(1, int((w * h / samples) ** 0.5))
    counts: dict[int, int] = {}
    for y in range(step // 2, h, step):
        for x in range(step // 2, w, step):
            c = img.pixel(x, y)
            counts[c] = counts.get(c, 0) + 1
    n = sum(counts.values())
    return len(counts) >= MIN_COLOURS and max(counts.values()) / n < 0.98


MARK = 0xFFFF00FF  # the page's QJ.mark() dot, as QImage.pixel() reports it


def _grab(view) -> QImage:
    return view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)


def _grab_until(view, pred, timeout_s: float) -> QImage | None:
    end = time.monotonic() + timeout_s
    while time.monotonic() < end:
        img = _grab(view)
        if pred(img):
            return img
        spin(RETRY_MS)
    return None


def grab_drawn(view, timeout_s: float = 20) -> QImage:
    """The view's frame once it shows every command sent so far, and is not blank.

    Show the page's corner mark and grab until a frame has it, then hide it and grab
    until a frame has not: that frame is newer than all earlier commands.
    """
    corner = lambda img: img.width() > 1 and img.height() > 1 and img.pixel(1, 1) == MARK  # noqa: E731
    view.call("mark", True)
    if _grab_until(view, corner, timeout_s) is None:
        raise CaptureError("the map view never showed a new frame")
    view.call("mark", False)
    img = _grab_until(view, lambda i: not corner(i) and is_drawn(i), timeout_s)
    if img is None:
        raise CaptureError(f"the map stayed blank for {timeout_s:g} s")
    return img
