#!/usr/bin/env bash
# Benchmarks print medians and ratios to a floor measured in the same run (never timed tests).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
for db in sqlite postgres; do
  $PY benchmarks/bench_audit.py "$db"
done
if [ -f benchmarks/bench_synthetic.py ]; then
  $PY benchmarks/bench_synthetic.py
fi
