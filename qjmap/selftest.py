"""`qjmap --selftest`: open the real window offscreen, check it works offline, export a PNG.

Used on the frozen build (CI and "does this installed copy work?"): every check prints
one line; the exit status is 0 when all pass, 1 with the failed checks listed. The PNG
goes to $QJMAP_SELFTEST_OUT (a folder) or a new temporary folder; its path is printed.
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QEventLoop, QSaveFile, QTimer
from PySide6.QtGui import QImage

from qjmap.paths import resource_path

READY_TIMEOUT_S = float(os.environ.get("QJMAP_SELFTEST_TIMEOUT", "120"))
SETTLE_MS = 300      # grab() is blank or stale right after the page reports ready
GRAB_TRIES = 8
MIN_COLOURS = 8      # a drawn map has many colours; a blank or black view has one or two


def _spin(ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def _wait_until(pred, timeout_s: float, step_ms: int = 25) -> bool:
    end = time.monotonic() + timeout_s
    while not pred():
        if time.monotonic() > end:
            return False
        _spin(step_ms)
    return True


def image_colours(img: QImage, samples: int = 4000) -> tuple[int, float]:
    """Distinct colours on a grid of sample points, and the share of the commonest one."""
    w, h = img.width(), img.height()
    if w < 2 or h < 2:
        return 0, 1.0
    cols = max(2, int((samples * w / h) ** 0.5))
    rows = max(2, samples // cols)
    counts: dict[int, int] = {}
    for j in range(rows):
        y = (j * (h - 1)) // (rows - 1)
        for i in range(cols):
            c = img.pixel((i * (w - 1)) // (cols - 1), y)
            counts[c] = counts.get(c, 0) + 1
    return len(counts), max(counts.values()) / (rows * cols)


def save_png(img: QImage, path: Path) -> bool:
    """Write atomically (QSaveFile): a half-written PNG is never left behind."""
    f = QSaveFile(str(path))
    if not f.open(QSaveFile.OpenModeFlag.WriteOnly):
        return False
    if not img.save(f, "PNG"):
        f.cancelWriting()
        return False
    return f.commit()


class SelfTest:
    def __init__(self, win, out_dir: str | os.PathLike | None = None):
        self.win = win
        self.t0 = time.monotonic()
        out = out_dir or os.environ.get("QJMAP_SELFTEST_OUT")
        self.out_dir = Path(out) if out else Path(tempfile.mkdtemp(prefix="qjmap-selftest-"))
        self.failures: list[str] = []
        self.png: Path | None = None

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        print(f"selftest: {'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}", flush=True)
        if not ok:
            self.failures.append(f"{name}{': ' + detail if detail else ''}")
        return ok

    # --- the checks --------------------------------------------------------------------
    def check_resources(self) -> None:
        need = [("layers",), ("geodata", "provinces.geojson"), ("geodata", "sources", "index.json"),
                ("resources", "web", "qjmap.js"), ("resources", "web", "vendor", "leaflet"),
                ("resources", "i18n", "qjmap_zh_CN.qm")]
        missing = ["/".join(p) for p in need if not resource_path(*p).exists()]
        frozen = "frozen" if getattr(sys, "frozen", False) else "checkout"
        self.check("resources found", not missing,
                   f"{frozen}, root {resource_path()}" + (f"; missing {missing}" if missing else ""))
        from qjmap.gui import i18n
        want = os.environ.get("QJMAP_LANG", "zh")
        self.check("translation loaded", i18n.current() == want, f"language {i18n.current()!r}")

    def wait_ready(self) -> bool:
        view = self.win.map
        ok = _wait_until(lambda: view.is_ready, READY_TIMEOUT_S)
        return self.check("map ready", ok, f"{time.monotonic() - self.t0:.1f} s after window"
                          if ok else f"no ready signal within {READY_TIMEOUT_S:.0f} s")

    def check_features(self) -> None:
        box: list = []
        self.win.map.evaluate("JSON.stringify(QJ.visibleFeatureIds().length)", box.append)
        got = _wait_until(lambda: bool(box), 15)
        n_page = int(box[0]) if got and box[0] not in (None, "") else -1
        n_cat = len(self.win.cat.features)
        self.check("features drawn", n_page == n_cat and n_cat > 0, f"{n_page} on the map, {n_cat} in the catalogue")

    def check_offline(self) -> None:
        g, s = self.win.map.guard, self.win.map.scheme
        detail = f"{g.blocked} blocked, {g.remote} remote, {s.served} served locally"
        if g.blocked_urls:
            detail += f"; first blocked {g.blocked_urls[0]}"
        self.check("no network requests", g.blocked == 0 and g.remote == 0 and s.served > 0, detail)

    def check_page_builds(self) -> None:
        """The cache miss path (folium + its templates) must work in the frozen build too."""
        t = time.monotonic()
        try:
            from qjmap.page import build_page_html
            html = build_page_html()
            ok = "leaflet" in html.lower() and "http://" not in html and "https://cdn" not in html
            detail = f"{len(html)} chars in {time.monotonic() - t:.1f} s"
        except Exception as exc:  # noqa: BLE001 (report, do not crash the self-test)
            ok, detail = False, f"{type(exc).__name__}: {exc}"
        self.check("folium page builds", ok, detail)

    def export_png(self) -> None:
        view = self.win.map
        _spin(SETTLE_MS)
        img, colours, share = QImage(), 0, 1.0
        for _ in range(GRAB_TRIES):
            img = view.grab().toImage()
            colours, share = image_colours(img)
            if colours >= MIN_COLOURS and share < 0.98:
                break
            _spin(250)
        if not self.check("map image not blank", colours >= MIN_COLOURS and share < 0.98,
                          f"{img.width()}x{img.height()}, {colours} colours, commonest {share:.0%}"):
            return
        self.out_dir.mkdir(parents=True, exist_ok=True)
        path = self.out_dir / "qjmap-selftest.png"
        saved = save_png(img, path)
        back = QImage(str(path)) if saved else QImage()
        ok = saved and back.width() == img.width() and back.height() == img.height()
        self.check("PNG exported", ok, f"{path} ({path.stat().st_size // 1024} KB)" if ok else f"cannot write {path}")
        self.png = path if ok else None

    # --- driver ------------------------------------------------------------------------
    def run(self, app) -> int:
        try:
            self.check_resources()
            if self.wait_ready():
                self.check_features()
                self.export_png()
            self.check_offline()
            self.check_page_builds()
        except Exception as exc:  # noqa: BLE001
            self.check("self-test ran", False, f"{type(exc).__name__}: {exc}")
        finally:
            self.win.close()
            _spin(100)
        total = time.monotonic() - self.t0
        if self.failures:
            print(f"selftest: FAILED ({len(self.failures)}) in {total:.1f} s: " + "; ".join(self.failures), flush=True)
            return 1
        print(f"selftest: PASS in {total:.1f} s, png {self.png}", flush=True)
        return 0
