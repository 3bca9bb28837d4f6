"""Take a picture of a MapView that is really the current map (QTWEB-NOTES pitfall 3).

grab() can return a white, a stale or a garbage frame. So: ask the page to report two
animation frames after the last command, wait a little for the compositor, then grab
until the image is neither uniform nor changing between two grabs. Synchronous (runs a
local event loop) so the exporter and the CLI read top to bottom.
"""
from __future__ import annotations

import itertools
import json
import time

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtGui import QImage

SETTLE_MS = 200     # after the page painted: compositor catch-up, longer after a resize
RETRY_MS = 150
TRIES = 10
MIN_COLOURS = 8     # a drawn map has many colours; a blank view one or two
_tokens = itertools.count(1)


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


def wait_painted(view, timeout_s: float = 10) -> None:
    """Block until the page has drawn two frames after every command sent so far."""
    token = next(_tokens)
    view.call("markPainted", token)
    if not wait_until(lambda: evaluate(view, "QJ.painted === %d" % token), timeout_s, step_ms=30):
        raise CaptureError("the page did not paint")


def grab_drawn(view, settle_ms: int = SETTLE_MS) -> QImage:
    """The view's current frame, once it is drawn and stable (two equal grabs)."""
    wait_painted(view)
    spin(settle_ms)
    prev = None
    for _ in range(TRIES):
        img = view.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
        if is_drawn(img) and img == prev:
            return img
        prev = img
        spin(RETRY_MS)
    if prev is not None and is_drawn(prev):
        return prev
    raise CaptureError(f"the map stayed blank after {TRIES} grabs")
