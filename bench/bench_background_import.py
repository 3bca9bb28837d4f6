"""Does the window stay responsive while a big file is imported? Longest event-loop stall.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_background_import.py [--points 100000]

Writes a GeoPackage of N points, then imports it into the real window twice: through the
background path (window.importer: `qjmap import` child + sliced parsing) and, for comparison,
by calling the reader in the GUI thread as the app did before. A 10 ms timer runs meanwhile;
the longest gap between its ticks is how long the window could not react. Prints numbers only.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def write_points(path: Path, n: int) -> None:
    import numpy as np
    import pyogrio.raw
    import shapely
    rng = np.random.default_rng(1)
    xy = np.column_stack([118.0 + 2 * rng.random(n), 28.0 + 2 * rng.random(n)])
    names = np.array([f"点{i}" for i in range(n)], dtype=object)
    pyogrio.raw.write(str(path), shapely.to_wkb(shapely.points(xy)), [names, np.arange(n)], ["name", "n"],
                      driver="GPKG", geometry_type="Point", crs="EPSG:4326")


class Ticker:
    """A 10 ms timer recording the longest gap between its ticks."""

    def __init__(self):
        from PySide6.QtCore import QTimer
        self.last, self.worst = time.monotonic(), 0.0
        self.timer = QTimer(interval=10, timeout=self.tick)
        self.timer.start()

    def tick(self) -> None:
        now = time.monotonic()
        self.worst = max(self.worst, now - self.last)
        self.last = now


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--points", type=int, default=100_000)
    args = ap.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from qjmap.app import make_app
    from qjmap.gui.overlays import show_layer
    from qjmap.gui.window import MainWindow
    from qjmap.io.reader import read_user_layer
    from qjmap.model.catalogue import load_catalogue
    from qjmap.web.capture import spin, wait_until
    make_app(["bench-background-import"])
    win = MainWindow(load_catalogue())
    win.resize(1400, 900)
    win.show()
    wait_until(lambda: win.map.is_ready, 60)
    path = Path(tempfile.mkdtemp(prefix="qjmap-bench-import-")) / "points.gpkg"
    write_points(path, args.points)
    print(f"{args.points} points, {path.stat().st_size / 1e6:.1f} MB GeoPackage")

    # Reading only: drawing (show_layer) is timed on its own below, it is not the reader's.
    import qjmap.gui.import_runner as runner_module
    layers = []
    runner_module.show_layer = lambda window, layer: layers.append(layer) or "bench"
    done = []
    win.importer.done.connect(lambda p, oid: done.append(time.monotonic()))
    spin(500)
    ticker, t0 = Ticker(), time.monotonic()
    win.importer.add_files([str(path)])
    wait_until(lambda: done, 300)
    print(f"background import: {done[0] - t0:.2f} s until the layer is in the window, "
          f"longest stall {ticker.worst * 1000:.0f} ms")
    ticker.timer.stop()
    ticker, t0 = Ticker(), time.monotonic()
    spin(20)
    show_layer(win, layers[0])
    t1 = time.monotonic()
    spin(50)
    print(f"then drawing it (show_layer, GUI thread): {t1 - t0:.2f} s, longest stall {ticker.worst * 1000:.0f} ms")

    spin(500)
    ticker, t0 = Ticker(), time.monotonic()
    spin(20)
    show_layer(win, read_user_layer(path))  # the old way: the reader in the GUI thread
    t1 = time.monotonic()
    spin(50)
    print(f"reader in the GUI thread: {t1 - t0:.2f} s, longest stall {ticker.worst * 1000:.0f} ms")
    os._exit(0)  # skip QtWebEngine's teardown (see tests/conftest.py)


if __name__ == "__main__":
    sys.exit(main())
