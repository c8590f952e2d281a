"""Migrate the SQLite test database once, then copy it.

Applying every app's migrations to an empty database takes a minute or more on a small machine
(Django renders the model states of 120-odd migrations, 17 of them data migrations), and each
pytest-xdist worker of each run did it again: six times per CI run on SQLite. The first worker to
need a test database now migrates it as before and keeps a copy, `var/test-template-<key>.sqlite3`;
every other worker, and every later run, copies that file and lets `migrate` find nothing to do.

The key is a digest of every migration file, Django's version and the dependency pins, so a new or
changed migration (or a new app) makes a new template; older templates are removed. PostgreSQL
runs are untouched: they migrate as before.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import shutil
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent


def _key() -> str:
    import django
    from django.apps import apps

    digest = hashlib.sha256(django.get_version().encode())
    digest.update((ROOT / "pyproject.toml").read_bytes())
    for config in sorted(apps.get_app_configs(), key=lambda c: c.label):
        folder = Path(config.path) / "migrations"
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.py")):
            digest.update(f"{config.label}/{path.name}".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def install() -> None:
    """Make the SQLite backend build test databases from the template (call once, at start-up)."""
    from django.db.backends.sqlite3.creation import DatabaseCreation

    original = DatabaseCreation.create_test_db
    if getattr(original, "from_template", False):
        return

    def create_test_db(
        self: Any,
        verbosity: int = 1,
        autoclobber: bool = False,
        serialize: bool = True,
        keepdb: bool = False,
    ) -> str:
        name = self._get_test_db_name()
        if keepdb or self.is_in_memory_db(name):
            return original(self, verbosity, autoclobber, serialize, keepdb)
        folder = Path(name).parent
        template = folder / f"test-template-{_key()}.sqlite3"
        with _locked(folder / "test-template.lock"):
            if not template.exists():
                made = original(self, verbosity, autoclobber, serialize, keepdb)
                self.connection.ensure_connection()
                partial = template.with_name(f"{template.name}.{os.getpid()}")
                copy = sqlite3.connect(partial)
                try:
                    self.connection.connection.backup(copy)
                finally:
                    copy.close()
                os.replace(partial, template)
                for stale in folder.glob("test-template-*.sqlite3"):
                    if stale != template:
                        stale.unlink(missing_ok=True)
                return made
        for suffix in ("", "-wal", "-shm"):
            Path(name + suffix).unlink(missing_ok=True)
        shutil.copyfile(template, name)
        # keepdb: keep the copy; `migrate` then finds every migration applied. Teardown still
        # removes the database, as pytest-django asked setup_databases without keepdb.
        return original(self, verbosity, autoclobber, serialize, True)

    create_test_db.from_template = True  # type: ignore[attr-defined]
    DatabaseCreation.create_test_db = create_test_db  # type: ignore[assignment]
