"""Set up Django against a throwaway benchmark database (SQLite file or PostgreSQL)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def setup(database: str, name: str = "openmash_bench") -> None:
    """`database` is "sqlite" or "postgres"; the schema is created fresh each run, in a database
    called `name` (var/<name>.sqlite3 on SQLite), so a benchmark with a name of its own can run
    while another runs."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault(
        "SECRET_KEY", "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
    )
    os.environ.setdefault("OPENMASH_HTTPS", "false")
    os.environ.setdefault("OPENMASH_STATIC_MANIFEST", "false")
    os.environ["OPENMASH_AXES_ENABLED"] = "false"
    os.environ["ALLOWED_HOSTS"] = "testserver,127.0.0.1,localhost"
    if database == "sqlite":
        path = ROOT / "var" / ("bench.sqlite3" if name == "openmash_bench" else f"{name}.sqlite3")
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    else:
        import psycopg

        url = os.environ.get("BENCH_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
        with psycopg.connect(url, autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name}")
            conn.execute(f"CREATE DATABASE {name}")
        os.environ["DATABASE_URL"] = url.rsplit("/", 1)[0] + f"/{name}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)
