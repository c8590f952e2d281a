#!/usr/bin/env bash
# Benchmarks print medians/p95 and ratios to a floor measured in the same run (never timed tests).
# BENCH_QUICK=1 uses smaller sizes (a few minutes instead of about an hour).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
if [ "${BENCH_QUICK:-0}" = "1" ]; then
  PEOPLE=20000,100000; IMPORT_ROWS=2000; QUEUE_CONTACTS=20000
else
  PEOPLE=200000,1000000; IMPORT_ROWS=${BENCH_IMPORT_ROWS:-100000}; QUEUE_CONTACTS=100000
fi
echo "== Synthetic data generation =="
$PY benchmarks/bench_synthetic.py
for db in sqlite postgres; do
  echo "== Audit overhead ($db) =="
  $PY benchmarks/bench_audit.py "$db"
  echo "== Person search ($db) =="
  $PY benchmarks/bench_person_search.py "$db" --people "$PEOPLE"
  echo "== Bulk import ($db) =="
  $PY benchmarks/bench_import.py "$db" --rows "$IMPORT_ROWS"
  echo "== MASH queue ($db) =="
  $PY benchmarks/bench_queue.py "$db" --contacts "$QUEUE_CONTACTS"
  echo "== Chronology of a family with 500 events, and its PDF ($db) =="
  $PY benchmarks/bench_chronology.py "$db"
  echo "== Child protection: My work for a team with 5,000 open children ($db) =="
  $PY benchmarks/bench_protection.py "$db"
  echo "== Matching quality, ours beside Splink ($db) =="
  $PY benchmarks/bench_matching.py "$db"
done
