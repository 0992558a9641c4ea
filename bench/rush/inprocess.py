"""What each request of the exam rush costs inside one process, without the network or gunicorn.

    DJANGO_SETTINGS_MODULE=xuefa.settings.production DATABASE_URL=postgres://… REDIS_URL=redis://…
    SECRET_KEY=… ALLOWED_HOSTS=testserver SECURE_SSL_REDIRECT=0 \\
        .venv/bin/python bench/rush/inprocess.py [--officials 20] [--profile save]

Against a database that ``load_demo`` filled (the exam is made the rush's 50-question exam, as
``bench/rush/run.py`` does): for each of N fresh officials, signed in through a session made on
the server, the whole path of the rush through Django's test client with CSRF checks on — the
quiz page, the start, the attempt page, every answer saved, the state, the submit — and the
trivial view. Prints the median wall time and the queries of each step; ``--profile STEP,…``
prints cProfile's top functions for that step. Being one process on one core, it is robust to
a shared machine where the full rush is not (docs/performance.md). Never part of make test.
"""

import argparse
import cProfile
import json
import os
import pstats
import secrets
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "site"), str(ROOT), str(ROOT / "bench" / "rush")]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--officials", type=int, default=20)
    parser.add_argument("--profile", default="", help="steps to profile, comma-separated")
    parser.add_argument("--lines", type=int, default=60)
    parser.add_argument(
        "--queries", default="", help="steps whose SQL (the last official's) is printed"
    )
    parser.add_argument(
        "--start-at",
        choices=["id", "url"],
        default="id",
        help="start by the page's id (/quizzes/q/<id>/) or at its URL (code before the by-id page)",
    )
    args = parser.parse_args()

    import django

    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from exam import rush_exam

    from accounts.models import Department, User
    from quizzes.keys import blank_count
    from quizzes.models import AttemptQuestion

    exam = rush_exam()
    audience = list(exam.audience_departments.all())
    dept = (
        audience[0] if audience else Department.objects.get_or_create(name="考场", code="rush")[0]
    )
    tag = secrets.token_hex(3)
    users = User.objects.bulk_create(
        [
            User(username=f"inproc{tag}{i}", name=f"考生{i}", department=dept, password="!")
            for i in range(args.officials)
        ]
    )
    store = import_module(settings.SESSION_ENGINE).SessionStore
    backend = [b for b in settings.AUTHENTICATION_BACKENDS if "ModelBackend" in b][0]
    times = defaultdict(list)
    queries = defaultdict(list)
    profiled = {name: cProfile.Profile() for name in args.profile.split(",") if name}
    shown = set(filter(None, args.queries.split(",")))
    sql = {}

    def timed(name, call):
        with CaptureQueriesContext(connection) as captured:
            profiler = profiled.get(name)
            if profiler:
                profiler.enable()
            started = time.perf_counter()
            response = call()
            times[name].append((time.perf_counter() - started) * 1000)
            if profiler:
                profiler.disable()
        queries[name].append(len(captured))
        if name in shown:
            sql[name] = [q["sql"][:160] for q in captured.captured_queries]
        assert response.status_code < 400, (name, response.status_code, response.content[:300])
        return response

    client = Client(enforce_csrf_checks=True, HTTP_REFERER="https://testserver/")
    client.get("/healthz/live")  # loads the middleware (whitenoise scans the static files)
    for user in User.objects.filter(pk__in=[u.pk for u in users]):
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = backend
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        csrf = secrets.token_hex(16)
        # One client (one handler: its middleware is loaded once), this official's cookies.
        client.cookies.clear()
        client.defaults["HTTP_X_CSRFTOKEN"] = csrf
        client.cookies[settings.SESSION_COOKIE_NAME] = session.session_key
        client.cookies[settings.CSRF_COOKIE_NAME] = csrf
        timed("trivial", lambda c=client: c.get("/healthz/live"))
        by_id = f"/quizzes/q/{exam.pk}/"  # where the dashboard links, and the rush starts
        timed("quiz_page", lambda c=client: c.get(exam.url))
        timed("quiz_page_by_id", lambda c=client, u=by_id: c.get(u))
        start_url = by_id if args.start_at == "id" else exam.url
        start = timed(
            "start", lambda c=client, t=csrf, u=start_url: c.post(u, {"csrfmiddlewaretoken": t})
        )
        attempt_url = start["Location"]
        page = timed("attempt_page", lambda c=client, u=attempt_url: c.get(u))
        attempt_id = int(attempt_url.rstrip("/").split("/")[-1])
        paper = [
            (aq.pk, aq.question.question_type, aq.question.key())
            for aq in AttemptQuestion.objects.filter(attempt_id=attempt_id).select_related(
                "question"
            )
        ]
        assert b"data-question=" in page.content
        for n, (aq, kind, key) in enumerate(paper):
            response = {"single": "A", "multiple": ["A", "C"], "true_false": True}.get(kind)
            if response is None:
                response = ["答"] * blank_count(key)
            timed(
                "save",
                lambda c=client, a=attempt_id, q=aq, r=response: c.post(
                    f"/quizzes/api/attempts/{a}/answer/",
                    json.dumps({"question": q, "response": r}),
                    content_type="application/json",
                ),
            )
            if n == len(paper) // 2:
                timed(
                    "state",
                    lambda c=client, a=attempt_id: c.get(f"/quizzes/api/attempts/{a}/state/"),
                )
        timed(
            "submit",
            lambda c=client, a=attempt_id: c.post(
                f"/quizzes/api/attempts/{a}/submit/", "{}", content_type="application/json"
            ),
        )

    print(f"{args.officials} officials, {len(paper)} questions each, DB {connection.vendor}, "
          f"settings {os.environ.get('DJANGO_SETTINGS_MODULE')}")  # fmt: skip
    print(f"{'step':14} {'n':>5} {'median ms':>10} {'p90 ms':>8} {'queries':>8}")
    for name, values in times.items():
        p90 = sorted(values)[int(0.9 * (len(values) - 1))]
        print(
            f"{name:14} {len(values):5} {statistics.median(values):10.2f} {p90:8.2f} "
            f"{statistics.median(queries[name]):8.0f}"
        )
    for name, statements in sql.items():
        print(f"\n== SQL: {name}")
        for n, statement in enumerate(statements, start=1):
            print(f"{n:3} {statement}")
    for name, profiler in profiled.items():
        print(f"\n== cProfile: {name}")
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(args.lines)
        pstats.Stats(profiler).sort_stats("tottime").print_stats(args.lines // 2)


if __name__ == "__main__":
    main()
