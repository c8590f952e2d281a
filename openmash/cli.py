"""The `openmash` console script: the same commands as `manage.py`."""

import os
import sys


def _writes_files_only(argv: list[str]) -> bool:
    """`openmash generate` without `--into-db` writes CSV files and touches no database."""
    return len(argv) > 1 and argv[1] == "generate" and "--into-db" not in argv


def main() -> None:
    if _writes_files_only(sys.argv):
        # Django's bare defaults: no SECRET_KEY or database is needed to write synthetic files.
        import django
        from django.conf import settings

        from openmash.synthetic.management.commands.generate import Command

        settings.configure()
        django.setup()
        Command().run_from_argv(sys.argv)
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
