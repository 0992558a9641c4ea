"""Benchmarks for the foundation's read paths: dashboard, my record, department report.

Builds a throwaway database (SQLite by default, or DATABASE_URL), fills it with a realistic
office (departments, officials, a year of ledger records), then times each page through the
Django test client and counts its queries. Figures go to bench/results.json; the summary lives
in docs/performance.md.

    .venv/bin/python bench/run.py [--officials 300] [--records-per-official 60] [--repeat 20]
"""

import argparse
import datetime
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]


class QueryCounter:
    def __init__(self):
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        self.count += 1
        return execute(sql, params, many, context)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--officials", type=int, default=300)
    parser.add_argument("--records-per-official", type=int, default=60)
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="xuefa-bench-")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xuefa.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.utils import timezone

    from accounts.models import Department, User
    from accounts.roles import LEAD, OFFICIAL, TRAINER, role_group
    from records.models import StudyRecord, StudyRecordKind

    call_command("migrate", verbosity=0)
    office = Department.objects.create(name="信访办", code="o")
    sections = [
        Department.objects.create(name=f"第{i}科", code=f"s{i}", parent=office) for i in range(8)
    ]
    officials = User.objects.bulk_create(
        [
            User(
                username=f"b{i:05d}",
                staff_number=f"B{i:05d}",
                name=f"学员{i}",
                department=sections[i % len(sections)],
            )
            for i in range(args.officials)
        ]
    )
    role_group(OFFICIAL).user_set.add(*officials)
    start = timezone.make_aware(datetime.datetime(timezone.localdate().year, 1, 2, 9))
    kinds = [
        StudyRecordKind.LESSON_STUDIED,
        StudyRecordKind.QUIZ_ATTEMPT,
        StudyRecordKind.CASE_REVIEWED,
        StudyRecordKind.OFFLINE_TRAINING,
    ]
    StudyRecord.objects.bulk_create(
        [
            StudyRecord(
                user=u,
                kind=kinds[j % 4],
                source=f"bench:{j}",
                title=f"记录{j}",
                credit_hours="0.5",
                occurred_at=start + datetime.timedelta(hours=j * 5),
            )
            for u in officials
            for j in range(args.records_per_official)
        ],
        batch_size=2000,
    )
    official = officials[0]
    trainer = User.objects.create(username="bench-trainer", department=office)
    trainer.groups.add(role_group(TRAINER))
    lead = User.objects.create(username="bench-lead", department=sections[0])
    lead.groups.add(role_group(LEAD))

    pages = [
        ("dashboard (official)", official, "/"),
        ("my record (official)", official, "/records/"),
        ("my record export (official)", official, "/records/export.xlsx"),
        ("department report (lead, 1 section)", lead, "/admin/records/report/"),
        ("department report (trainer, whole office)", trainer, "/admin/records/report/"),
        ("department report export (trainer)", trainer, "/admin/records/report/?format=xlsx"),
        ("ledger listing (trainer)", trainer, "/admin/records/"),
    ]
    results = []
    for label, user, url in pages:
        client = Client()
        client.force_login(user)
        client.get(url)  # warm caches
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        timings = []
        for _ in range(args.repeat):
            t0 = time.perf_counter()
            client.get(url)
            timings.append((time.perf_counter() - t0) * 1000)
        timings.sort()
        results.append(
            {
                "page": label,
                "url": url,
                "queries": counter.count,
                "median_ms": round(statistics.median(timings), 1),
                "p95_ms": round(timings[int(len(timings) * 0.95) - 1], 1),
            }
        )
        print(
            f"{label:45} {results[-1]['queries']:3d} queries  "
            f"median {results[-1]['median_ms']:7.1f} ms  p95 {results[-1]['p95_ms']:7.1f} ms"
        )

    out = {
        "when": timezone.now().isoformat(timespec="seconds"),
        "database": connection.vendor,
        "python": platform.python_version(),
        "machine": f"{os.cpu_count()} cores",
        "officials": args.officials,
        "records": StudyRecord.objects.count(),
        "repeat": args.repeat,
        "results": results,
    }
    path = ROOT / "bench" / f"results-{connection.vendor}.json"
    path.write_text(json.dumps(out, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"written {path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
