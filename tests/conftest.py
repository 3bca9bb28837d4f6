"""Shared fixtures: a real QApplication with the qjmap:// scheme, offscreen."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("QJMAP_LANG", "zh")

ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"


@pytest.fixture(scope="session")
def qapp():
    """Override pytest-qt's qapp: the scheme must be registered before the app exists."""
    from qjmap.app import make_app
    app = make_app(["qjmap-tests"])
    yield app


@pytest.fixture(scope="session")
def catalogue():
    from qjmap.catalogue import load_catalogue
    return load_catalogue()


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
