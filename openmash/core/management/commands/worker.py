import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS
from django_tasks_db.management.commands.db_worker import Worker

from openmash.core.request_context import request_context
from openmash.core.scheduler import run_forever


class Command(BaseCommand):
    help = "Run background tasks and, unless --no-scheduler, the periodic-job scheduler."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--no-scheduler",
            action="store_true",
            help="Only run tasks (when another process runs the scheduler)",
        )
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds between polls when the queue is empty",
        )
        parser.add_argument(
            "--batch",
            action="store_true",
            help="Run the waiting tasks and due jobs once, then exit",
        )

    def handle(
        self, *args: Any, no_scheduler: bool, interval: float, batch: bool, **options: Any
    ) -> None:
        with request_context(via="task"):
            self._run(no_scheduler=no_scheduler, interval=interval, batch=batch)

    def _run(self, *, no_scheduler: bool, interval: float, batch: bool) -> None:
        stop = threading.Event()
        if batch:
            from openmash.core.scheduler import run_due_jobs

            if not no_scheduler:
                self.stdout.write(f"Ran jobs: {', '.join(run_due_jobs()) or 'none due'}")
        elif not no_scheduler:
            threading.Thread(
                target=run_forever, args=(stop,), daemon=True, name="scheduler"
            ).start()
        worker = Worker(
            queue_names=["*"],
            interval=interval,
            batch=batch,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        if not batch:
            worker.configure_signals()
        self.stdout.write("OpenMASH worker started." if not batch else "Running waiting tasks.")
        try:
            worker.run()
        finally:
            stop.set()
        if batch:
            # What the jobs and tasks wrote joins the chain before a one-off run exits (a long
            # running worker seals it at its next tick).
            from openmash.core.audit import audit_seal

            audit_seal()
