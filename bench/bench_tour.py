"""How long `qjmap export-tour` takes for the five-stop default tour, as .pptx and as .pdf.

Times the whole command (process start, page load, five 1920×1080 maps, writing) as the
window's Export tour… runs it, and prints the median of --runs and the file sizes.
No assertion: a benchmark prints numbers.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_tour.py --runs 3
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TOUR = str(Path(__file__).resolve().parent.parent / "resources" / "bookmarks.json")  # not the user's list


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as d:
        for ext in ("pptx", "pdf"):
            out = Path(d) / f"tour.{ext}"
            times = []
            for _ in range(args.runs):
                t0 = time.monotonic()
                r = subprocess.run([sys.executable, "-m", "qjmap", "export-tour", str(out), "--bookmarks", TOUR],
                                   capture_output=True, text=True)
                times.append(time.monotonic() - t0)
                if r.returncode:
                    print(r.stderr[-800:], file=sys.stderr)
                    return 1
            print(f"5-stop tour .{ext}: median {statistics.median(times):.2f} s of {args.runs} "
                  f"(min {min(times):.2f}, max {max(times):.2f}), {out.stat().st_size / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
