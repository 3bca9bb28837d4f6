"""The package boundaries of pyproject.toml's import-linter contracts hold, and the check bites.

`lint-imports` also runs in scripts/test.sh; this test proves the contracts are not vacuous:
a copy of the package with one forbidden import added must fail them.
"""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LINT = Path(sys.executable).with_name("lint-imports")
TOP_LEVEL = {"__init__.py", "__main__.py", "app.py", "cli.py", "paths.py", "selftest.py"}
PACKAGES = {"model", "io", "page", "web", "export", "gui"}


def _lint(root: Path) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(root), "LANG": "C.UTF-8"}
    return subprocess.run([str(LINT), "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
                          cwd=root, env=env, capture_output=True, text=True, timeout=120)


def test_contracts_hold():
    r = _lint(ROOT)
    assert r.returncode == 0, r.stdout[-3000:]
    assert "0 broken" in r.stdout


@pytest.mark.parametrize("module, line, contract", [
    ("model/numbers.py", "import PySide6.QtCore", "model imports without Qt"),
    ("model/catalogue.py", "from qjmap.gui import legend", "Layers"),
    ("page/feature_html.py", "from qjmap.web import view", "Layers"),
    ("export/options.py", "import qjmap.gui.window", "Layers"),
    ("io/atomic.py", "from PySide6.QtWidgets import QWidget", "Readers and the project file"),
])
def test_a_broken_boundary_fails(tmp_path, module, line, contract):
    shutil.copytree(ROOT / "qjmap", tmp_path / "qjmap", ignore=shutil.ignore_patterns("__pycache__"))
    target = tmp_path / "qjmap" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}  # injected\n", encoding="utf-8")
    r = _lint(tmp_path)
    assert r.returncode != 0
    broken = r.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken, r.stdout[-2000:]


def test_top_level_keeps_only_the_entry_points():
    here = ROOT / "qjmap"
    assert {p.name for p in here.glob("*.py")} == TOP_LEVEL
    assert {p.name for p in here.iterdir() if p.is_dir() and p.name != "__pycache__"} == PACKAGES


def test_modules_stay_small():
    big = {str(p.relative_to(ROOT)): n for p in (ROOT / "qjmap").rglob("*.py")
           if (n := len(p.read_text(encoding="utf-8").splitlines())) > 420}
    assert not big, big
