"""`qjmap --selftest`: open the real window offscreen, check it works offline, export a PNG.

Used on the frozen build (CI, and "does this installed copy work?" on a user's PC); it also
imports a Shapefile, a GeoPackage and a CSV the way a user does (qjmap.gui.import_selftest):
every check prints one line; the exit status is 0 when all pass, 1 with the failed
checks listed. The PNG is written by the export module (qjmap.export.run.run_export, its
own offscreen view) to $QJMAP_SELFTEST_OUT (a folder) or a new temporary folder, with
a copy of the report (selftest.txt: on Windows qjmap.exe has no console).
"""
from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

from PySide6.QtCore import QSaveFile
from PySide6.QtGui import QImage

from qjmap.paths import resource_path
from qjmap.web.capture import CaptureError, evaluate, grab_drawn, is_drawn, spin, wait_until

READY_TIMEOUT_S = float(os.environ.get("QJMAP_SELFTEST_TIMEOUT", "120"))
PNG_SIZE = "1280x800"


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
        self.lines: list[str] = []
        self.png: Path | None = None
        self.guards = [("window", win.map.guard, win.map.scheme)]

    def say(self, line: str) -> None:
        self.lines.append(line)
        if sys.stdout is not None:  # None in the windowed Windows build
            print(line, flush=True)

    def check(self, name: str, ok: bool, detail: str = "") -> bool:
        self.say(f"selftest: {'ok  ' if ok else 'FAIL'} {name}{': ' + detail if detail else ''}")
        if not ok:
            self.failures.append(f"{name}{': ' + detail if detail else ''}")
        return ok

    # --- the checks --------------------------------------------------------------------
    def check_resources(self) -> None:
        need = [("layers",), ("geodata", "provinces.geojson"), ("geodata", "sources", "index.json"),
                ("resources", "web", "qjmap.js"), ("resources", "web", "vendor", "leaflet", "leaflet.js"),
                ("resources", "i18n", "qjmap_zh_CN.qm")]
        missing = ["/".join(p) for p in need if not resource_path(*p).exists()]
        where = "frozen" if getattr(sys, "frozen", False) else "checkout"
        self.check("resources found", not missing,
                   f"{where}, root {resource_path()}" + (f"; missing {missing}" if missing else ""))
        from qjmap.gui import i18n
        want = os.environ.get("QJMAP_LANG", "zh")
        from PySide6.QtCore import QCoreApplication
        qt_zh = QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"  # Qt's own buttons
        self.check("translation loaded", i18n.current() == want and (want != "zh" or qt_zh),
                   f"language {i18n.current()!r}, Qt's standard buttons {'Chinese' if qt_zh else 'English'}")

    def wait_ready(self) -> bool:
        view = self.win.map
        ok = wait_until(lambda: view.is_ready, READY_TIMEOUT_S)
        return self.check("map ready", ok, f"{time.monotonic() - self.t0:.1f} s after the window"
                          if ok else f"no ready signal within {READY_TIMEOUT_S:.0f} s")

    def check_features(self) -> None:
        n_page = evaluate(self.win.map, "QJ.visibleFeatureIds().length")
        n_cat = len(self.win.cat.features)
        self.check("features drawn", n_page == n_cat and n_cat > 0, f"{n_page} on the map, {n_cat} in the catalogue")

    def check_window_image(self) -> QImage | None:
        """The visible map really shows something (a black or white map fails here)."""
        try:
            img = grab_drawn(self.win.map)
        except CaptureError as exc:
            self.check("window map drawn", False, str(exc))
            return None
        self.check("window map drawn", True, f"{img.width()}x{img.height()}")
        return img

    def export_png(self, fallback: QImage | None) -> None:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        path = self.out_dir / "qjmap-selftest.png"
        t = time.monotonic()
        try:
            from qjmap.model.bookmarks import Bookmark
            from qjmap.export.run import run_export
            from qjmap.export.options import ExportOptions, parse_size
            from qjmap.export.render import MapRenderer
        except ImportError as exc:  # no export module: save the window's own frame
            ok = fallback is not None and save_png(fallback, path)
            how = f"window grab (no export module: {exc})"
        else:
            v = evaluate(self.win.map, "QJ.view()") or {}
            state = Bookmark("selftest", v.get("lat", 0.0), v.get("lon", 0.0), v.get("zoom", 7),
                             [layer.id for layer in self.win.cat.layers])
            opts = ExportOptions(out=path, size=parse_size(PNG_SIZE))
            try:
                renderer = MapRenderer(self.win.cat, opts.size)
            except Exception as exc:  # noqa: BLE001 (report, do not crash the self-test)
                self.check("PNG exported", False, f"export view: {type(exc).__name__}: {exc}")
                return
            self.guards.append(("export", renderer.view.guard, renderer.view.scheme))
            try:
                run_export(self.win.cat, opts, state, renderer=renderer)
                ok, how = True, "qjmap.export.run.run_export"
            except Exception as exc:  # noqa: BLE001
                ok, how = False, f"run_export: {type(exc).__name__}: {exc}"
            finally:
                renderer.close()
        img = QImage(str(path)) if ok and path.is_file() else QImage()
        ok = ok and not img.isNull() and is_drawn(img.convertToFormat(QImage.Format.Format_RGB32))
        detail = (f"{path} ({img.width()}x{img.height()}, {path.stat().st_size // 1024} KB, "
                  f"{time.monotonic() - t:.1f} s, {how})" if ok else f"{path}: {how}")
        self.check("PNG exported", ok, detail)
        self.png = path if ok else None

    def check_imports(self) -> None:
        """A Shapefile, a GeoPackage and a CSV through the window's background import."""
        from qjmap.gui.import_selftest import import_checks
        for name, ok, detail in import_checks(self.win, self.out_dir / "import"):
            self.check(name, ok, detail)

    def check_offline(self) -> None:
        parts, bad, first = [], False, ""
        for name, g, s in self.guards:
            parts.append(f"{name}: {g.blocked} blocked, {g.remote} remote, {s.served} served locally")
            bad = bad or g.blocked or g.remote or not s.served
            first = first or (g.blocked_urls[0] if g.blocked_urls else "")
        self.check("no network requests", not bad, "; ".join(parts) + (f"; first blocked {first}" if first else ""))

    def check_page_builds(self) -> None:
        """The cache-miss path (folium + its templates) must work in the frozen build too."""
        t = time.monotonic()
        try:
            from qjmap.page.map_page import build_page_html
            html = build_page_html()
            ok = "leaflet" in html.lower() and "//cdn" not in html
            detail = f"{len(html)} chars in {time.monotonic() - t:.1f} s"
        except Exception as exc:  # noqa: BLE001
            ok, detail = False, f"{type(exc).__name__}: {exc}"
        self.check("folium page builds", ok, detail)

    def close_window(self) -> None:
        """Close as a user who discards the imported samples: the window must really close,
        disposing its page before its profile (a window left open crashes at exit)."""
        self.win.projects.discard_changes()
        self.win.close()
        spin(100)
        self.check("window closed", not self.win.isVisible(),
                   "page disposed" if not self.win.isVisible() else "close refused: still open")

    # --- driver ------------------------------------------------------------------------
    def run(self, app) -> int:
        try:
            self.check_resources()
            if self.wait_ready():
                self.check_features()
                self.export_png(self.check_window_image())
                self.check_imports()
            self.check_offline()
            self.check_page_builds()
        except Exception as exc:  # noqa: BLE001
            self.check("self-test ran", False, f"{type(exc).__name__}: {exc}")
        finally:
            self.close_window()
        total = time.monotonic() - self.t0
        if self.failures:
            self.say(f"selftest: FAILED ({len(self.failures)}) in {total:.1f} s: " + "; ".join(self.failures))
        else:
            self.say(f"selftest: PASS in {total:.1f} s, png {self.png}")
        try:
            self.out_dir.mkdir(parents=True, exist_ok=True)
            (self.out_dir / "selftest.txt").write_text("\n".join(self.lines) + "\n", encoding="utf-8")
        except OSError:
            pass
        return 1 if self.failures else 0
