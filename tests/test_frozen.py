"""The self-test passes from the checkout, and the PyInstaller build (dist/qjmap) runs
offline and passes it too.

The frozen test is skipped unless QJMAP_FROZEN_TEST=1 (about 40 s here: build, frozen
self-test, frozen catalog, via scripts/build_frozen.sh). Add QJMAP_FROZEN_NO_BUILD=1 to
test an existing dist/qjmap without rebuilding.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

frozen_only = pytest.mark.skipif(os.environ.get("QJMAP_FROZEN_TEST") != "1",
                                 reason="set QJMAP_FROZEN_TEST=1 to build and test the frozen app")


def _selftest_ok(out: str, png: Path) -> None:
    assert "selftest: PASS" in out, out[-3000:]
    assert "no network requests: window: 0 blocked, 0 remote" in out
    assert png.is_file() and png.stat().st_size > 20_000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


@pytest.mark.timeout(240)
def test_selftest_passes_from_the_checkout(tmp_path):
    """The same self-test, unfrozen (3 s): keeps it working while the app changes."""
    import sys
    env = {**os.environ, "QJMAP_SELFTEST_OUT": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    for _ in range(2):  # WebEngine segfaults at start ~1 launch in 40 (QTWEB-NOTES 8): retry a crash once
        proc = subprocess.run([sys.executable, "-m", "qjmap", "--selftest"], cwd=ROOT, env=env,
                              capture_output=True, text=True, timeout=200)
        out = proc.stdout + proc.stderr
        if proc.returncode in (0, 1) or "selftest: PASS" in out or "selftest: FAILED" in out:
            break  # a crash after the verdict is a shutdown bug, not a start-up flake
    assert proc.returncode == 0, out[-3000:]
    assert "WebEnginePage still not deleted" not in out, out[-3000:]
    assert "selftest: ok   window closed" in out
    _selftest_ok(out, tmp_path / "qjmap-selftest.png")
    assert (tmp_path / "selftest.txt").read_text(encoding="utf-8").strip().endswith(str(tmp_path / "qjmap-selftest.png"))


@frozen_only
@pytest.mark.timeout(1200)
def test_frozen_build_runs_offline_and_exports_a_png(tmp_path):
    args = ["bash", str(ROOT / "scripts" / "build_frozen.sh")]
    if os.environ.get("QJMAP_FROZEN_NO_BUILD") == "1" and (ROOT / "dist" / "qjmap" / "qjmap").exists():
        args.append("--no-build")
    env = {**os.environ, "QJMAP_SELFTEST_OUT": str(tmp_path)}
    proc = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1150)
    out = proc.stdout + proc.stderr
    print(out[-6000:])
    assert proc.returncode == 0, out[-3000:]
    _selftest_ok(out, tmp_path / "qjmap-selftest.png")
