"""Build the CIN census on the database DATABASE_URL points at (e.g. after
`openmash generate --scale la-small --years 2 --start 2024-04-01 --into-db`), count the build's
queries, time it, and run the DfE validator (make cin-validator) on the XML:

    DATABASE_URL=... python scripts/cin_census_check.py 2025-26 [OUT.xml]

Prints the children, episodes, queries (each one listed with its time), seconds, and the
validator's errors and queries by rule. Exits 1 when the validator finds an error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def main() -> int:
    sys.path.insert(0, str(REPO))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from openmash.returns.cin_census import cin_census_build, cin_census_xml, cin_period

    period = cin_period(sys.argv[1] if len(sys.argv) > 1 else "2025-26")
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else Path(tempfile.mkdtemp()) / "cin.xml"
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        census = cin_census_build(period)
    built = time.perf_counter() - started
    out.write_bytes(cin_census_xml(census))
    total = time.perf_counter() - started
    print(
        f"CIN census {period.label}: {len(census.children)} children, "
        f"{census.episode_count} episodes, {len(queries)} queries, "
        f"build {built:.1f} s, with the XML {total:.1f} s, {out.stat().st_size:,} bytes"
    )
    for q in queries.captured_queries:
        print(f"  {q['time']} s  {q['sql'][:150]}")
    python = REPO / ".venv-cin-validator" / "bin" / "python"
    if not python.exists():
        print("No validator: run make cin-validator")
        return 1
    done = subprocess.run(  # noqa: S603 (our own script on our own file)
        [str(python), str(REPO / "scripts" / "cin_validate.py"), str(out), "cin2025_26"],
        cwd=out.parent,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout)
    print(
        f"csc-validator-be-cin cin2025_26: {result['errors']} errors, {result['queries']} queries"
    )
    by_rule = Counter(f"{i['rule_code']}: {i['rule_description']}" for i in result["issues"])
    for rule, n in by_rule.most_common():
        print(f"  {n:6d}  {rule}")
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
