"""One measured app run for bench_explorer.py: prints a JSON line of timings."""
import json
import os
import sys
import time

T0 = float(sys.argv[1])  # wall clock just before the parent started this process


def tree_memory_mb() -> tuple[float, float]:
    """(sum of peak RSS, sum of current PSS) over this process and its children.

    Peak RSS counts shared libraries once per process, so it overstates; PSS shares them out.
    """
    pids, total, pss = [os.getpid()], 0, 0
    for d in os.listdir("/proc"):
        if d.isdigit():
            try:
                with open(f"/proc/{d}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
                if ppid == os.getpid():
                    pids.append(int(d))
            except OSError:
                pass
    for pid in pids:
        try:
            with open(f"/proc/{pid}/status") as f:
                total += next(int(l.split()[1]) for l in f if l.startswith("VmHWM"))
            with open(f"/proc/{pid}/smaps_rollup") as f:
                pss += next(int(l.split()[1]) for l in f if l.startswith("Pss:"))
        except (OSError, StopIteration):
            pass
    return total / 1024, pss / 1024


def main():
    from qjmap.app import make_app
    app = make_app()
    from PySide6.QtCore import QTimer
    try:  # the wave-1 layout first, for an A/B run against an older checkout on PYTHONPATH
        from qjmap.catalogue import load_catalogue
    except ImportError:
        from qjmap.model.catalogue import load_catalogue
    from qjmap.gui.window import MainWindow
    from qjmap.web.capture import grab_drawn
    win = MainWindow(load_catalogue())
    win.resize(1600, 950)
    out = {}

    def ready():
        out["map_ready_s"] = time.time() - T0
        # the page said it is ready; the first frame that shows the drawn map can come later
        # (SVG is painted after the scripts run, a canvas while they run): time both
        grab_drawn(win.map)
        out["map_drawn_s"] = time.time() - T0
        fid = "port-daluzhang"
        t = {}

        def opened(_):
            out["click_to_panel_ms"] = (time.perf_counter() - t["click"]) * 1000
            win.index.warm()  # the window does this right after map ready
            t1 = time.perf_counter()
            for q in ("大", "大路", "大路章", "d", "dl", "dlz"):
                win.update_search(q)
            out["search_keystroke_ms"] = (time.perf_counter() - t1) * 1000 / 6
            peak, pss = tree_memory_mb()
            out["peak_rss_mb_sum"], out["pss_mb_now"] = round(peak, 1), round(pss, 1)
            print(json.dumps(out), flush=True)
            app.quit()

        def click():  # after the start-up work queued at ready (search index) is done
            t["click"] = time.perf_counter()
            win.map.page().runJavaScript(
                f"document.querySelector('.qj-f[data-fid=\"{fid}\"]').dispatchEvent("
                "new MouseEvent('click',{bubbles:true,cancelable:true,view:window}))")

        win.feature_opened.connect(opened)
        QTimer.singleShot(500, click)

    win.map.map_ready.connect(ready)
    win.show()
    QTimer.singleShot(60000, app.quit)
    app.exec()


if __name__ == "__main__":
    main()
