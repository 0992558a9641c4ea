"""The exam rush (issue 14): many officials start one exam within a minute, answer every
question with think time (each answer autosaved), some reload half-way, all submit in a short
window — against gunicorn with production settings, PostgreSQL and Redis on this machine.

    make bench-rush                                   # 1,000 officials, no fault
    .venv/bin/python bench/rush/run.py --officials 1000 --fault kill-worker
    .venv/bin/python bench/rush/run.py --fault restart-redis | pg-terminate

What it does, in order:
1. A fresh PostgreSQL database (``xuefa_rush``) and its own Redis (port 6391, so restarting it
   touches nothing else): migrate, ``load_demo``, the demo annual exam made a 50-question paper
   as the issue has it (``bench/rush/exam.py``: the demo's draws 25), N officials. Their
   sessions are made server-side before the window (signing in is the password hash: a sample
   of real sign-ins through the form is timed separately and reported).
2. gunicorn with ``deploy/gunicorn.conf.py`` and production settings.
3. Saturation, same server, same client: closed loops on ``/healthz/live`` (a trivial view)
   and on the answer-save endpoint for a few seconds each; the ratio of the two.
4. The rush: starts (a POST to the exam's page by id, ``/quizzes/q/<id>/``, where the
   dashboard links) spread over ``--start-window`` s; every question answered after an
   exponential think time (mean ``--think`` s) and autosaved (a failed save is retried, as the
   page's queue does); 10% reload the attempt half-way and compare the saved answers; all submit
   in a ``--submit-window`` s window at the end. ``--fault`` strikes at the middle of the run.
5. Checked against the database afterwards: every acknowledged answer stored with the value
   last acknowledged (answers lost), one submitted attempt and one live ledger record per
   official (attempts scored twice).

Results: bench/results/rush-<fault>.json; summary in docs/performance.md. Never part of
``make test``.
"""

import argparse
import asyncio
import contextlib
import json
import os
import platform
import random
import re
import resource
import secrets
import signal
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "site"), str(ROOT), str(ROOT / "bench" / "rush")]

from exam import QUESTIONS  # noqa: E402 — the paper's size (bench/rush/exam.py)

from bench.common import percentile  # noqa: E402

PY = sys.executable
DB = "xuefa_rush"
REDIS_PORT = 6391
PORT = 8765
BASE = f"http://127.0.0.1:{PORT}"


def environment(args):
    env = dict(os.environ)
    env.update(
        DJANGO_SETTINGS_MODULE="xuefa.settings.production",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DB}",
        REDIS_URL=f"redis://127.0.0.1:{REDIS_PORT}/0",
        SECRET_KEY="rush-bench-" + "x" * 50,
        ALLOWED_HOSTS="127.0.0.1,localhost",
        SECURE_SSL_REDIRECT="0",
        DEBUG="0",
        GUNICORN_BIND=f"127.0.0.1:{PORT}",
        GUNICORN_WORKERS=str(args.workers),
        GUNICORN_THREADS=str(args.threads),
        GUNICORN_WORKER_CLASS=args.worker_class,
        GUNICORN_ACCESS_LOG="",
        PYTHONPATH=f"{ROOT / 'site'}:{ROOT}",
    )
    return env


def redis_start():
    subprocess.run(
        ["redis-server", "--daemonize", "yes", "--port", str(REDIS_PORT), "--bind", "127.0.0.1",
         "--save", "", "--appendonly", "no", "--dir", "/tmp", "--logfile", "/tmp/xuefa-rush-redis.log"],
        check=True,
    )  # fmt: skip
    for _ in range(50):
        if (
            subprocess.run(
                ["redis-cli", "-p", str(REDIS_PORT), "ping"], capture_output=True
            ).returncode
            == 0
        ):
            return
        time.sleep(0.1)
    raise RuntimeError("redis did not start")


def redis_stop():
    subprocess.run(["redis-cli", "-p", str(REDIS_PORT), "shutdown", "nosave"], capture_output=True)


def psql(sql, db="postgres"):
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-d", db, "-tAc", sql],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip


def setup(args, env):
    """Database, demo content, officials and their sessions. Returns what the client needs."""
    psql(f"DROP DATABASE IF EXISTS {DB} WITH (FORCE)")
    psql(f"CREATE DATABASE {DB}")
    manage = [PY, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    subprocess.run([*manage, "load_demo"], env=env, check=True, stdout=subprocess.DEVNULL)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v", "0"], env=env, check=True)
    code = f"""
import json, sys
sys.path.insert(0, {str(ROOT / "bench" / "rush")!r})
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.hashers import make_password
from importlib import import_module
from accounts.models import Department, User
from exam import rush_exam
exam = rush_exam()
audience = list(exam.audience_departments.all())
dept = audience[0] if audience else Department.objects.create(name="考场", code="rush")
hashed = make_password("rush-password-2026")
users = [User(username=f"rush{{i:05d}}", name=f"考生{{i}}", department=dept, password=hashed)
         for i in range({args.officials + args.saturation})]
User.objects.bulk_create(users, batch_size=1000)
store = import_module(settings.SESSION_ENGINE).SessionStore
backend = [b for b in settings.AUTHENTICATION_BACKENDS if "ModelBackend" in b][0]
sessions = []
for user in User.objects.filter(username__startswith="rush").order_by("username"):
    s = store()
    s[SESSION_KEY] = str(user.pk); s[BACKEND_SESSION_KEY] = backend
    s[HASH_SESSION_KEY] = user.get_session_auth_hash()
    s.create()
    sessions.append(s.session_key)
from django.urls import reverse
print(json.dumps({{"exam": exam.pk, "exam_url": reverse("quizzes:quiz", kwargs={{"quiz_id": exam.pk}}), "questions": {QUESTIONS}, "sessions": sessions,
                  "session_cookie": settings.SESSION_COOKIE_NAME, "csrf_cookie": settings.CSRF_COOKIE_NAME}}))
"""
    out = subprocess.run(
        [*manage, "shell", "-c", code], env=env, check=True, capture_output=True, text=True
    ).stdout
    return json.loads(out.strip().splitlines()[-1])


class Stats:
    def __init__(self):
        self.latency = defaultdict(list)
        self.errors = defaultdict(int)
        self.errors_sample = []
        self.retries = 0

    def add(self, name, seconds, ok, detail=""):
        self.latency[name].append(seconds * 1000)
        if not ok:
            self.errors[name] += 1
            if len(self.errors_sample) < 20:
                self.errors_sample.append(f"{name}: {detail}"[:200])


class Official:
    def __init__(self, http, session_key, info, stats):
        self.http = http
        self.csrf = secrets.token_hex(16)
        self.cookie = f"{info['session_cookie']}={session_key}; {info['csrf_cookie']}={self.csrf}"
        self.info = info
        self.stats = stats
        self.acknowledged = {}  # paper question id -> response the server acknowledged
        self.attempt = None
        self.unsaved = 0
        self.reload_mismatch = 0

    def headers(self, extra=None):
        h = {"Cookie": self.cookie, "X-CSRFToken": self.csrf, "Referer": BASE + "/"}
        h.update(extra or {})
        return h

    async def request(self, name, method, url, *, data=None, json_body=None, tries=1):
        import aiohttp

        for attempt in range(tries):
            started = time.perf_counter()
            try:
                async with self.http.request(
                    method, BASE + url, data=data, json=json_body, headers=self.headers(),
                    allow_redirects=False, timeout=aiohttp.ClientTimeout(total=30),
                ) as response:  # fmt: skip
                    body = await response.read()
                    ok = response.status < 400
                    self.stats.add(
                        name, time.perf_counter() - started, ok, f"{response.status} {body[:80]!r}"
                    )
                    if ok:
                        return response, body
            except Exception as exc:  # noqa: BLE001 — every failure counts, then retry
                self.stats.add(name, time.perf_counter() - started, False, repr(exc))
            if attempt + 1 < tries:
                self.stats.retries += 1
                await asyncio.sleep(min(8.0, 0.5 * 2**attempt) * (0.5 + random.random()))
        return None, b""

    async def start(self):
        response, _ = await self.request(
            "start", "POST", self.info["exam_url"], data={"csrfmiddlewaretoken": self.csrf}, tries=6
        )
        if response is None or "Location" not in response.headers:
            raise RuntimeError("start failed")
        match = re.search(r"/attempts/(\d+)/", response.headers["Location"])
        self.attempt = int(match.group(1))
        return await self.page("exam_page")

    async def page(self, name):
        _response, body = await self.request(
            name, "GET", f"/quizzes/attempts/{self.attempt}/", tries=6
        )
        html = body.decode("utf-8", "replace")
        questions = []
        for m in re.finditer(
            r'<fieldset class="question card"[^>]*data-question="(\d+)" data-type="(\w+)"', html
        ):
            start = m.end()
            end = html.find("</fieldset>", start)
            blanks = html.count("data-blank=", start, end)
            questions.append((int(m.group(1)), m.group(2), blanks))
        if not questions:
            title = re.search(r"<title>(.*?)</title>", html, re.S)
            raise RuntimeError(
                f"no questions on attempt {self.attempt}: {title and title.group(1)!r} {html[:300]!r} {self.stats.errors_sample[:3]}"
            )
        return questions

    @staticmethod
    def response_for(kind, blanks, n):
        return {
            "single": "ABCD"[n % 4],
            "multiple": ["A", "C"] if n % 2 else ["B", "D"],
            "true_false": bool(n % 2),
            "fill": [f"答{n}"] * max(1, blanks),
        }.get(kind, f"答：第{n}题的回答。")

    async def save(self, question, response):
        r, body = await self.request(
            "save", "POST", f"/quizzes/api/attempts/{self.attempt}/answer/",
            json_body={"question": question, "response": response}, tries=10,
        )  # fmt: skip
        if r is not None:
            self.acknowledged[question] = response
        else:
            self.unsaved += 1

    async def reload_and_check(self):
        await self.page("exam_page_reload")
        _r, body = await self.request(
            "state", "GET", f"/quizzes/api/attempts/{self.attempt}/state/", tries=6
        )
        try:
            stored = json.loads(body)["answers"]
        except (ValueError, KeyError):
            self.reload_mismatch += len(self.acknowledged)
            return
        for q, value in self.acknowledged.items():
            if stored.get(str(q), {}).get("response") != value:
                self.reload_mismatch += 1

    async def submit(self):
        await self.request(
            "submit",
            "POST",
            f"/quizzes/api/attempts/{self.attempt}/submit/",
            json_body={},
            tries=10,
        )


def client_session():
    import aiohttp

    # Idle connections are closed by the client before gunicorn's keepalive (5 s) closes them:
    # otherwise a save sent on a connection the server is closing that instant fails with a
    # reset (a browser retries such a request on a new connection; behind nginx the upstream
    # connections are nginx's, not the browsers').
    connector = aiohttp.TCPConnector(limit=0, force_close=False, keepalive_timeout=4)
    return aiohttp.ClientSession(connector=connector, cookie_jar=aiohttp.DummyCookieJar())


def _cpu_seconds(pids) -> float:
    """User + system CPU seconds of these processes so far (Linux /proc)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def cpu_snapshot(server_pid) -> dict:
    """CPU seconds so far of gunicorn's workers, every PostgreSQL process, the bench's Redis and
    this client — where a saturated machine's two cores go."""
    workers = worker_cpu(server_pid)
    postgres = subprocess.run(["pgrep", "-x", "postgres"], capture_output=True, text=True)
    redis = subprocess.run(["pgrep", "-f", f"redis-server.*:{REDIS_PORT}"], capture_output=True,
                           text=True)  # fmt: skip
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {
        "gunicorn": _cpu_seconds([server_pid]) + sum(workers.values()),
        "postgresql": _cpu_seconds(postgres.stdout.split()),
        "redis": _cpu_seconds(redis.stdout.split()),
        "client": usage.ru_utime + usage.ru_stime,
    }


def worker_cpu(server_pid) -> dict[str, float]:
    """CPU seconds so far of each gunicorn worker, by pid."""
    workers = subprocess.run(["pgrep", "-P", str(server_pid)], capture_output=True, text=True)
    return {pid: _cpu_seconds([pid]) for pid in workers.stdout.split()}


def cpu_per_second(before, after, seconds) -> dict:
    """Cores busy on average, by process group, between two snapshots ``seconds`` apart."""
    cores = {name: round((after[name] - before[name]) / seconds, 2) for name in before}
    cores["total"] = round(sum(cores.values()), 2)
    return cores


def cpu_per_request(before, after, requests) -> dict:
    """Milliseconds of CPU per request, by process group, between two snapshots."""
    return {
        name: round((after[name] - before[name]) * 1000 / max(1, requests), 2) for name in before
    }


async def saturate(args, info, http, server_pid=None):
    """3. Saturation: closed loops of ``--saturation`` clients on the trivial view, then on the
    save endpoint, ``--saturation-seconds`` each; requests per second and their ratio."""
    saturation = {}
    sat = [Official(http, k, info, Stats()) for k in info["sessions"][: args.saturation]]
    papers = await asyncio.gather(*(o.start() for o in sat))
    for name in ("trivial", "save"):
        done = 0
        stop = time.perf_counter() + args.saturation_seconds

        async def loop(o, paper, name=name, stop=stop):
            nonlocal done
            n = 0
            while time.perf_counter() < stop:
                if name == "trivial":
                    r, _ = await o.request("trivial", "GET", "/healthz/live")
                else:
                    q, kind, blanks = paper[n % len(paper)]
                    r, _ = await o.request(
                        "save",
                        "POST",
                        f"/quizzes/api/attempts/{o.attempt}/answer/",
                        json_body={"question": q, "response": o.response_for(kind, blanks, n)},
                    )
                done += r is not None
                n += 1

        started = time.perf_counter()
        cpu_before = cpu_snapshot(server_pid) if server_pid else None
        await asyncio.gather(*(loop(o, p) for o, p in zip(sat, papers, strict=True)))
        saturation[name] = round(done / (time.perf_counter() - started), 1)
        if cpu_before is not None:
            saturation[f"cpu_ms_per_{name}"] = cpu_per_request(
                cpu_before, cpu_snapshot(server_pid), done
            )
    saturation["ratio_save_to_trivial"] = round(saturation["save"] / saturation["trivial"], 3)
    return saturation


async def rush(args, info, stats, fault_at, fault, server_pid=None):
    async with client_session() as http:
        keys = info["sessions"][args.saturation :]
        saturation = await saturate(args, info, http, server_pid)

        # 4. The rush.
        t0 = time.perf_counter()
        cpu0 = time.process_time()
        officials = [Official(http, k, info, stats) for k in keys]
        rng = random.Random(2026)
        reloaders = set(rng.sample(range(len(officials)), len(officials) // 10))
        expected_questions = info["questions"]

        async def one(i, o):
            await asyncio.sleep(rng.uniform(0, args.start_window))
            paper = await o.start()
            submit_at = (
                t0
                + args.start_window
                + len(paper) * args.think * 1.25
                + rng.uniform(0, args.submit_window)
            )
            for n, (q, kind, blanks) in enumerate(paper):
                await asyncio.sleep(rng.expovariate(1 / args.think))
                await o.save(q, o.response_for(kind, blanks, n + i))
                if i in reloaders and n == len(paper) // 2:
                    await o.reload_and_check()
            await asyncio.sleep(max(0.0, submit_at - time.perf_counter()))
            await o.submit()
            return len(paper)

        async def strike():
            await asyncio.sleep(max(0, fault_at))
            fault()

        async def cores_busy():
            """Cores each process group kept busy in the start window and over the whole rush:
            how near the machine's two cores the first minute runs."""
            first, first_workers = cpu_snapshot(server_pid), worker_cpu(server_pid)
            await asyncio.sleep(args.start_window)
            CORES_BUSY["start_window"] = cpu_per_second(first, cpu_snapshot(server_pid),
                                                        args.start_window)  # fmt: skip
            # Each worker on its own: one can use a core at most (Python's lock), and an
            # official's keep-alive connection stays with the worker that accepted it.
            now_workers = worker_cpu(server_pid)
            CORES_BUSY["start_window_per_worker"] = sorted(
                round((now_workers[pid] - first_workers[pid]) / args.start_window, 2)
                for pid in now_workers
                if pid in first_workers
            )
            await stop.wait()
            CORES_BUSY["whole_rush"] = cpu_per_second(
                first, cpu_snapshot(server_pid), time.perf_counter() - t0
            )

        tasks = [one(i, o) for i, o in enumerate(officials)]
        if fault is not None:
            tasks.append(strike())
        stop = asyncio.Event()
        sampler = asyncio.create_task(load_sampler(stop))
        busy = asyncio.create_task(cores_busy()) if server_pid else None
        counts = await asyncio.gather(*tasks)
        stop.set()
        await sampler
        if busy is not None:
            await busy
        counts = counts[: len(officials)]
        duration = time.perf_counter() - t0
        client_cpu = time.process_time() - cpu0
        return (
            officials,
            [c for c in counts if c is not None][: len(officials)] or [expected_questions],
            saturation,
            duration,
            client_cpu,
        )


def sign_in_sample(env, n=10):
    """Real sign-ins through the form: the password hash's cost, measured on its own."""
    code = f"""
import time
from django.test import Client
from accounts.models import User
times = []
for u in User.objects.filter(username__startswith="rush").order_by("-username")[:{n}]:
    c = Client(HTTP_HOST="127.0.0.1")
    t = time.process_time()
    c.post("/accounts/login/", {{"username": u.username, "password": "rush-password-2026"}})
    times.append(time.process_time() - t)
print(sum(times) / len(times))
"""
    out = subprocess.run(
        [PY, str(ROOT / "manage.py"), "shell", "-c", code], env=env, capture_output=True, text=True
    )
    try:
        return round(float(out.stdout.strip().splitlines()[-1]), 3)
    except (ValueError, IndexError):
        return None


def check_database(env, officials):
    acknowledged = {o.attempt: {str(q): v for q, v in o.acknowledged.items()} for o in officials}
    path = Path("/tmp/xuefa-rush-acknowledged.json")
    path.write_text(json.dumps(acknowledged, ensure_ascii=False))
    code = f"""
import json
from collections import Counter
from quizzes.models import Answer, Attempt
from records.models import StudyRecord
acked = json.load(open("{path}"))
stored = {{}}
for a, q, r in Answer.objects.filter(attempt_id__in=[int(k) for k in acked]).values_list("attempt_id", "attempt_question_id", "response"):
    stored[(str(a), str(q))] = r
lost = sum(1 for a, qs in acked.items() for q, v in qs.items() if stored.get((a, q)) != v)
users = list(Attempt.objects.filter(pk__in=[int(k) for k in acked]).values_list("user_id", flat=True))
attempts = Counter(Attempt.objects.filter(user_id__in=users).values_list("user_id", flat=True))
submitted = Attempt.objects.filter(pk__in=[int(k) for k in acked]).exclude(status="in_progress").count()
live = Counter(StudyRecord.objects.filter(user_id__in=users, kind="quiz").credited().values_list("user_id", flat=True))
print(json.dumps({{
  "acknowledged_answers": sum(len(qs) for qs in acked.values()),
  "answers_lost": lost,
  "attempts_per_official_max": max(attempts.values() or [0]),
  "attempts_submitted": submitted,
  "officials_with_two_live_records": sum(1 for v in live.values() if v > 1),
  "officials_with_no_live_record": sum(1 for u in users if live.get(u, 0) == 0),
}}))
"""
    out = subprocess.run(
        [PY, str(ROOT / "manage.py"), "shell", "-c", code], env=env, capture_output=True, text=True
    )
    if out.returncode:
        return {"error": out.stderr[-2000:]}
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--officials", type=int, default=1000)
    parser.add_argument(
        "--label", default="", help="results to rush-<fault>-<label>.json (runs kept side by side)"
    )
    parser.add_argument(
        "--saturation", type=int, default=32, help="officials of the saturation phase"
    )
    parser.add_argument("--saturation-seconds", type=float, default=8.0)
    parser.add_argument("--think", type=float, default=4.0)
    parser.add_argument("--start-window", type=float, default=60.0)
    parser.add_argument("--submit-window", type=float, default=30.0)
    # deploy/gunicorn.conf.py's choice on this 2-core machine (one worker per core, 8 threads)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument(
        "--fault", choices=["none", "kill-worker", "restart-redis", "pg-terminate"], default="none"
    )
    parser.add_argument("--worker-class", choices=["gthread", "sync"], default="gthread")
    parser.add_argument(
        "--sweep",
        default="",
        help="saturation only, for each gunicorn config: e.g. 2x4,4x4,2x8,4x1sync (no rush)",
    )
    args = parser.parse_args()

    env = environment(args)
    redis_stop()
    redis_start()
    server = None
    load_before = [round(x, 2) for x in os.getloadavg()]
    speed_before = speed_probe()
    try:
        print("rush: setting up the database, demo content and officials …", flush=True)
        info = setup(args, env)
        if args.sweep:
            return sweep(args, env, info, load_before)
        sign_in_cpu = sign_in_sample(env)
        Path("/tmp/xuefa-rush-gunicorn.log").write_text("")
        server = server_start(env)

        def fault():
            print(f"rush: fault {args.fault}", flush=True)
            if args.fault == "kill-worker":
                children = subprocess.run(
                    ["pgrep", "-P", str(server.pid)], capture_output=True, text=True
                ).stdout.split()
                if children:
                    os.kill(int(children[0]), signal.SIGKILL)
            elif args.fault == "restart-redis":
                redis_stop()
                time.sleep(1.0)
                redis_start()
            elif args.fault == "pg-terminate":
                psql(
                    f"SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '{DB}' AND pid <> pg_backend_pid()"
                )

        # Half-way through the answering: after the starts, half the paper's think time.
        fault_at = args.start_window + info["questions"] * args.think * 0.5
        stats = Stats()
        print(
            f"rush: {args.officials} officials, gunicorn {args.workers}×{args.threads}, fault {args.fault}",
            flush=True,
        )
        officials, counts, saturation, duration, client_cpu = asyncio.run(
            rush(args, info, stats, fault_at, None if args.fault == "none" else fault, server.pid)
        )
        checks = check_database(env, officials)
    finally:
        if server is not None:
            server_stop(server)
        redis_stop()

    requests = sum(len(v) for v in stats.latency.values())
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_average_1_5_15_before": load_before,
        "load_average_1_during_max": max(LOAD_SAMPLES, default=None),
        "load_average_1_during_median": statistics.median(LOAD_SAMPLES) if LOAD_SAMPLES else None,
        "load_average_1_5_15_after": [round(x, 2) for x in os.getloadavg()],
        "officials": args.officials,
        "questions_per_paper": statistics.median(counts) if counts else None,
        "gunicorn": gunicorn_label(args.worker_class, args.workers, args.threads),
        "gunicorn_worker_recycles": _recycles(),
        "fault": args.fault,
        "duration_s": round(duration, 1),
        "requests": requests,
        "requests_per_s": round(requests / duration, 1),
        "client_cpu_s": round(client_cpu, 1),
        "client_cpu_share_of_one_core": round(client_cpu / duration, 3),
        "cores_busy": CORES_BUSY,
        "gunicorn_switch_interval_s": os.environ.get("GUNICORN_SWITCH_INTERVAL") or "default",
        "cpu_speed_probe_s": {"before": speed_before, "after": speed_probe()},
        "sign_in_cpu_s_each": sign_in_cpu,
        "endpoints": {
            name: {
                "n": len(v),
                "errors": stats.errors.get(name, 0),
                "p50_ms": round(percentile(v, 0.5), 1),
                "p95_ms": round(percentile(v, 0.95), 1),
                "p99_ms": round(percentile(v, 0.99), 1),
            }
            for name, v in sorted(stats.latency.items())
        },
        "retries": stats.retries,
        "errors_sample": stats.errors_sample,
        "saves_never_acknowledged": sum(o.unsaved for o in officials),
        "reload_mismatches": sum(o.reload_mismatch for o in officials),
        "saturation_requests_per_s": saturation,
        "database": checks,
        "ru_maxrss_mb_client": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024),
    }
    label = f"-{args.label}" if args.label else ""
    out = ROOT / "bench" / "results" / f"rush-{args.fault}{label}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2))


def speed_probe() -> float:
    """Seconds this machine takes for a fixed pure-Python loop (best of three): on a virtual
    machine whose speed varies from hour to hour, it tells runs made at different speeds apart."""
    best = float("inf")
    for _ in range(3):
        started = time.perf_counter()
        sum(i * i for i in range(5_000_000))
        best = min(best, time.perf_counter() - started)
    return round(best, 3)


def _recycles() -> int:
    """Workers gunicorn restarted after ``max_requests`` during this run (its log)."""
    try:
        log = Path("/tmp/xuefa-rush-gunicorn.log").read_text(errors="replace")
    except OSError:
        return -1
    return log.count("Autorestarting worker after current request")


def gunicorn_label(worker_class, workers, threads):
    if worker_class == "sync":
        return f"sync {workers} workers"
    return f"{worker_class} {workers} workers × {threads} threads"


def server_start(env):
    server = subprocess.Popen(
        [str(Path(PY).parent / "gunicorn"), "-c", str(ROOT / "deploy/gunicorn.conf.py"), "xuefa.wsgi"],
        env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open("/tmp/xuefa-rush-gunicorn.log", "a"),  # noqa: SIM115
    )  # fmt: skip
    for _ in range(150):
        if (
            subprocess.run(["curl", "-fs", f"{BASE}/healthz/live"], capture_output=True).returncode
            == 0
        ):
            return server
        time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not answer /healthz/live")


def server_stop(server):
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)


def sweep(args, env, info, load_before):
    """Saturation only (trivial view and save endpoint), once per gunicorn configuration, on
    one database: how the worker class and counts change what the machine can serve."""
    rows = []
    for config in args.sweep.split(","):
        m = re.fullmatch(r"(\d+)x(\d+)(sync|gthread)?", config.strip())
        workers, threads, worker_class = int(m.group(1)), int(m.group(2)), m.group(3) or "gthread"
        run_env = dict(env, GUNICORN_WORKERS=str(workers), GUNICORN_THREADS=str(threads),
                       GUNICORN_WORKER_CLASS=worker_class)  # fmt: skip
        server = server_start(run_env)
        try:
            started = time.perf_counter()

            async def measure(pid=server.pid):
                async with client_session() as http:
                    return await saturate(args, info, http, pid)

            saturation = asyncio.run(measure())
        finally:
            server_stop(server)
        row = {
            "gunicorn": gunicorn_label(worker_class, workers, threads),
            "saturation_requests_per_s": saturation,
            "seconds": round(time.perf_counter() - started, 1),
            "load_average_1_5_15_after": [round(x, 2) for x in os.getloadavg()],
        }
        print(json.dumps(row, ensure_ascii=False), flush=True)
        rows.append(row)
    result = {
        "date": time.strftime("%Y-%m-%d %H:%M"),
        "machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
        "load_average_1_5_15_before": load_before,
        "saturation_clients": args.saturation,
        "saturation_seconds_each": args.saturation_seconds,
        "configs": rows,
    }
    out = ROOT / "bench" / "results" / "rush-sweep.json"
    out.write_text(json.dumps(result, ensure_ascii=False, indent=2) + "\n", "utf-8")
    redis_stop()


#: The 1-minute load average, sampled every 10 s while the rush runs.
LOAD_SAMPLES: list[float] = []
CORES_BUSY: dict[str, dict] = {}


async def load_sampler(stop):
    while not stop.is_set():
        LOAD_SAMPLES.append(round(os.getloadavg()[0], 2))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), 10)


if __name__ == "__main__":
    main()
