"""The PyInstaller build (dist/qjmap) runs offline and passes its own self-test.

Skipped unless QJMAP_FROZEN_TEST=1 (it builds for ~1 minute). With QJMAP_FROZEN_TEST=1
it runs scripts/build_frozen.sh (build + frozen self-test + frozen catalog); set also
QJMAP_FROZEN_NO_BUILD=1 to only self-test an existing dist/qjmap.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = [
    pytest.mark.skipif(os.environ.get("QJMAP_FROZEN_TEST") != "1", reason="set QJMAP_FROZEN_TEST=1 to build and test the frozen app"),
    pytest.mark.timeout(1200),
]


def test_frozen_build_runs_offline_and_exports_a_png(tmp_path):
    args = ["bash", str(ROOT / "scripts" / "build_frozen.sh")]
    if os.environ.get("QJMAP_FROZEN_NO_BUILD") == "1" and (ROOT / "dist" / "qjmap" / "qjmap").exists():
        args.append("--no-build")
    env = {**os.environ, "QJMAP_SELFTEST_OUT": str(tmp_path)}
    proc = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=1150)
    out = proc.stdout + proc.stderr
    print(out[-6000:])
    assert proc.returncode == 0, out[-3000:]
    assert "selftest: PASS" in out
    assert "no network requests: 0 blocked, 0 remote" in out
    png = tmp_path / "qjmap-selftest.png"
    assert png.is_file() and png.stat().st_size > 20_000
    assert png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
