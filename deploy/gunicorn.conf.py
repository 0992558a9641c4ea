"""gunicorn for Xuefa: `gunicorn -c deploy/gunicorn.conf.py xuefa.wsgi`.

Worker class and counts, chosen by measurement (``bench/rush/run.py --sweep``, results in
``bench/results/rush-sweep.json``, summary in docs/performance.md): one gthread worker per core,
8 threads each. On the 2-core machine, a saturation sweep of the save endpoint (32 clients in
closed loops, PostgreSQL, Redis and the client on the same machine) gave, in saves per second:
gthread 2 × 8 188, 3 × 4 175, 2 × 4 173, sync 4 180, sync 6 158, gthread 4 × 4 144, 4 × 8 143.
The reasoning, which the figures bear out as far as a shared machine lets them:

- Python runs one thread at a time per process, so more processes than cores only compete for
  the cores with PostgreSQL, Redis and each other (4 workers were the slowest, by ~20%);
- a request spends part of its time waiting on PostgreSQL and Redis: threads fill that wait
  (8 threads per worker were at least as good as 4; sync workers, one request per process at
  a time, need more processes to fill it, which brings back the competition above);
- gevent would need every library on the request path to cooperate, for no measured gain.

The top four were within 10% of each other on a machine that other work shared (the load
average rose from 3 to 8 during the sweep): first runs, a choice, not a proof. Override with
GUNICORN_WORKERS, GUNICORN_THREADS and GUNICORN_WORKER_CLASS (gthread or sync).
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
workers = int(os.environ.get("GUNICORN_WORKERS", str(multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", "8"))
# A slow client is nginx's problem (it buffers); a request that runs 30 s is a bug, and long
# work belongs in the worker queue (jobs).
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 20
keepalive = 5
# Recycle workers now and then so a slow leak never reaches the exam week; jitter so they do
# not all restart together. Not often: a recycled worker stops taking requests while it drains
# and closes its keep-alive connections (a request sent on one that instant is reset). At 5,000
# the rush's two workers (about 125 requests/s each) restarted ten times in eight minutes, one
# of the two draining or booting much of the time, and 26 saves were reset — the likely cause
# (docs/performance.md); 100,000 is over ten minutes of the rush's peak per worker and days of
# an ordinary week.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "100000"))
max_requests_jitter = 10000
# Load the app before forking: workers share its memory, and a broken deploy fails at start.
preload_app = True
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None  # "" turns it off
errorlog = "-"
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
proxy_allow_ips = forwarded_allow_ips


# How long a thread may hold Python's interpreter lock while another waits for it (Python's
# default 0.005 s). In a gthread worker a save that has its answer back from PostgreSQL or Redis
# waits up to this long for the lock whenever another thread is rendering a page; a save makes
# four or five such round trips, a start a dozen. Empty keeps Python's default.
switch_interval = os.environ.get("GUNICORN_SWITCH_INTERVAL", "")


def post_fork(server, worker):
    if switch_interval:
        import sys

        sys.setswitchinterval(float(switch_interval))
    # Connections opened while preloading must not be shared across processes.
    from django.db import connections

    for connection in connections.all(initialized_only=True):
        connection.close()


def pre_fork(server, worker):
    # Everything the master loaded (Django, Wagtail, the apps' modules: about 240,000 objects
    # the cyclic garbage collector tracks) lives as long as the worker: freeze it, so the
    # worker's collections walk only what requests create, and its pages are not written
    # to by the collector (copy-on-write memory stays shared). On the year-end bench, the
    # whole office's oversight page (5,000 officials) took 1.15 s with the collector walking
    # those objects and 0.95 s with them frozen (docs/performance.md).
    import gc

    gc.freeze()
