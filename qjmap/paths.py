"""One place that finds every shipped resource, in a checkout and in a frozen build.

PyInstaller unpacks data next to the executable under sys._MEIPASS; a checkout has
the same folders at the repository root. Everything (layers/, geodata/, resources/)
is found through `resource_path` so no module guesses paths on its own.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path


def app_root() -> Path:
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    override = os.environ.get("QJMAP_ROOT")
    if override:
        return Path(override)
    return Path(__file__).resolve().parent.parent


def resource_path(*parts: str) -> Path:
    return app_root().joinpath(*parts)


def seeds_dir() -> Path:
    """The original articles live in ../shared/seeds beside the checkout (build time only)."""
    env = os.environ.get("QJMAP_SEEDS")
    return Path(env) if env else app_root().parent / "shared" / "seeds"
