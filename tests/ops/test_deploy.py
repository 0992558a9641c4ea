"""The deploy configuration, as far as a test can: gunicorn boots the WSGI app with production
settings and the deploy/gunicorn.conf.py, and answers /healthz over plain HTTP."""

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.mark.skipif(not GUNICORN.exists(), reason="gunicorn is not installed")
def test_gunicorn_boots_with_production_settings_and_answers_healthz(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "xuefa.settings.production",
        "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-0123456789",
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
        "GUNICORN_THREADS": "2",
        "GUNICORN_ACCESS_LOG": "",
        "PYTHONPATH": f"{ROOT / 'site'}{os.pathsep}{ROOT}",
    }
    env.pop("REDIS_URL", None)
    env.pop("TASKS_BACKEND", None)
    server = subprocess.Popen(  # noqa: S603 — our own gunicorn, fixed arguments
        [str(GUNICORN), "-c", "deploy/gunicorn.conf.py", "xuefa.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        body, status = None, None
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=5) as r:
                    status, body = r.status, json.loads(r.read())
                break
            except OSError:
                time.sleep(0.5)
        assert server.poll() is None, server.stdout.read().decode()
        # No HTTPS redirect for the probe, and the database answers. (The queue is "no worker"
        # and the tables are not migrated in this throwaway database: reported, not fatal.)
        assert status == 200
        assert body["database"] == "ok"
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz/live", timeout=5) as r:
            assert json.loads(r.read()) == {"status": "ok"}
    finally:
        server.terminate()
        server.wait(timeout=30)
