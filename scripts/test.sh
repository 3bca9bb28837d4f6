#!/usr/bin/env bash
# Set up everything the tests need on a fresh Debian machine, then run them.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export QT_QPA_PLATFORM=offscreen
[ "$(id -u)" = 0 ] && export QTWEBENGINE_DISABLE_SANDBOX=1
.venv/bin/python -m qjmap validate
.venv/bin/lint-imports --no-cache   # package boundaries (pyproject.toml [tool.importlinter])
.venv/bin/python -m pytest -p no:cacheprovider "$@"
