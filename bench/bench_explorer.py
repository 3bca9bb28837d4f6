"""Explorer benchmarks (issue 3): median of N cold process starts.

Prints: process start -> map ready (the page's scripts have drawn every layer and the bridge
is up), process start -> the first frame showing the drawn map, click -> panel filled,
search keystroke -> results, peak RSS of all processes. Run:
    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_explorer.py [N]
"""
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main(n: int = 5) -> int:
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    if os.geteuid() == 0:
        env["QTWEBENGINE_DISABLE_SANDBOX"] = "1"
    # one warm-up run builds the cached page (a first start after install imports folium once)
    runs = []
    for i in range(n + 1):
        t0 = time.time()
        r = subprocess.run([sys.executable, str(HERE / "explorer_child.py"), repr(t0)], env=env,
                           capture_output=True, text=True, timeout=120)
        line = next((l for l in r.stdout.splitlines() if l.startswith("{")), None)
        if not line:
            print("run failed:", r.stderr[-800:])
            return 1
        if i:
            runs.append(json.loads(line))
    print(f"explorer benchmark, median of {n} runs (offscreen, {os.cpu_count()} cores)")
    for key in ("map_ready_s", "map_drawn_s", "click_to_panel_ms", "search_keystroke_ms", "peak_rss_mb_sum", "pss_mb_now"):
        vals = [r[key] for r in runs]
        print(f"  {key:28s} median {statistics.median(vals):8.3f}   runs {[round(v, 3) for v in vals]}")
    return 0


if __name__ == "__main__":
    sys.exit(main(int(sys.argv[1]) if len(sys.argv) > 1 else 5))
