#!/usr/bin/env bash
# Set up qjmap on a fresh Debian machine (first run only) and start the app.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
[ "$(id -u)" = 0 ] && export QTWEBENGINE_DISABLE_SANDBOX=1
exec .venv/bin/python -m qjmap "$@"
