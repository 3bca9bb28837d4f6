"""The shipped Chinese translation is the compiled form of the .ts source."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from qjmap.paths import resource_path


def test_qm_is_compiled_from_the_ts(tmp_path):
    lrelease = shutil.which("pyside6-lrelease") or str(Path(sys.executable).parent / "pyside6-lrelease")
    if not Path(lrelease).exists():
        pytest.skip("pyside6-lrelease not installed")
    out = tmp_path / "zh.qm"
    subprocess.run([lrelease, str(resource_path("resources", "i18n", "qjmap_zh_CN.ts")), "-qm", str(out)],
                   check=True, capture_output=True)
    assert out.read_bytes() == resource_path("resources", "i18n", "qjmap_zh_CN.qm").read_bytes()
