"""gunicorn for Xuefa: `gunicorn -c deploy/gunicorn.conf.py xuefa.wsgi`.

Worker class gthread: the exam's requests are short and mostly wait on PostgreSQL, so threads
overlap that waiting without the memory of more processes; sync workers would leave the CPU
idle while a save waits on the database, and gevent would need every library to cooperate.
Counts default to 2 workers per core and 4 threads each: the exam-rush benchmark
(``make bench-rush``) ran with them, but a sweep of other counts on a quiet machine is still to
be made (docs/performance.md). Override with GUNICORN_WORKERS and GUNICORN_THREADS.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
workers = int(os.environ.get("GUNICORN_WORKERS", str(2 * multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A slow client is nginx's problem (it buffers); a request that runs 30 s is a bug, and long
# work belongs in the worker queue (jobs).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak never reaches the exam week; jitter so they do
# not all restart together.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "5000"))
max_requests_jitter = 500
# Load the app before forking: workers share its memory, and a broken deploy fails at start.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # "" turns it off
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips


def post_fork(server, worker):
    # Connections opened while preloading must not be shared across processes.
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()
