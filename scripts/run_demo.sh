#!/usr/bin/env bash
# Migrate the embedded SQLite database, load the demo data, then serve the site with the
# background worker beside it. Ctrl+C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
export OPENMASH_DEMO=1
BIN=.venv/bin
PORT="${PORT:-8000}"
mkdir -p var
$BIN/openmash migrate --noinput
$BIN/openmash createcachetable
$BIN/openmash load_demo
$BIN/openmash worker &
WORKER=$!
trap 'kill $WORKER 2>/dev/null || true' EXIT INT TERM
echo
echo "OpenMASH is running at http://127.0.0.1:${PORT}/ (demo password: openmash-demo-2026)"
echo
$BIN/gunicorn config.wsgi --bind "127.0.0.1:${PORT}" --workers 2 --threads 4 \
  --access-logfile - --graceful-timeout 5
