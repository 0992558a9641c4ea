"""Run the background worker: the queue's own worker, plus the periodic-task clock.

    manage.py tasks_worker            # database queue (the embedded default)
    TASKS_BACKEND=rq manage.py tasks_worker   # RQ on Redis (production)

Several may run, on several servers: each periodic task is claimed by one of them.
"""

import logging
import os
import socket
import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import close_old_connections
from django.utils import timezone

from jobs.services import periodic_claim_due, worker_heartbeat

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Run the background worker and the periodic-task clock."

    def add_arguments(self, parser):
        parser.add_argument("--tick", type=float, default=5.0, help="clock interval, seconds")
        parser.add_argument(
            "--no-clock", action="store_true", help="only run queued tasks, no periodic ones"
        )

    def handle(self, *args, tick, no_clock, **options):
        worker_id = f"{socket.gethostname()}:{os.getpid()}"
        stop = threading.Event()
        if not no_clock:
            threading.Thread(
                target=self._clock, args=(worker_id, tick, stop), daemon=True, name="clock"
            ).start()
        backend = settings.TASKS["default"]["BACKEND"]
        self.stdout.write(f"tasks_worker {worker_id}: {backend}")
        try:
            if backend.startswith("django_tasks_rq"):
                call_command("rqworker", "default", verbosity=options["verbosity"])
            elif backend.startswith("django_tasks_db"):
                call_command("db_worker", interval=1, worker_id=worker_id[:64], verbosity=0)
            else:
                self.stderr.write(f"{backend} runs tasks in the request; only the clock runs")
                stop.wait()
        finally:
            stop.set()

    def _clock(self, worker_id, tick, stop):
        from jobs.tasks import periodic_execute

        while not stop.is_set():
            try:
                close_old_connections()
                now = timezone.now()
                worker_heartbeat(worker_id=worker_id, now=now)
                for name in periodic_claim_due(now=now):
                    periodic_execute.enqueue(name)
            except Exception:
                logger.exception("tasks_worker clock: tick failed; trying again")
            stop.wait(tick)
