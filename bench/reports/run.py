"""Year-end reports benchmark (issue 12): 5,000 officials and 1,000,000 ledger records.

Builds a throwaway database — an SQLite file under var/ by default, or with ``--postgres`` the
PostgreSQL database ``xuefa_h_reports_bench`` (``--database-url`` for another) — holding one
office with departments and sections, 5,000 officials with ranks, targets by rank and role,
two required courses, and 1,000,000 ledger records over the year: lessons, completed courses,
quizzes, the annual exam and a mid-year exam with a spread of scores, cases, group sessions
held per department and for the whole office, offline trainings, reversals (corrections) and
re-credits after a reversal. Rows are bulk-created with explicit ids (seeded, so every build is
the same); a database already holding the same build is reused (``--rebuild`` to start again).

Then every report is asked ``--rounds`` times through the Django test client, after one
warm-up request: a lead of the largest department (its oversight page, its XLSX, the ZIP of
its officials' DOCX files — a background job, run inline by the immediate task backend), a
trainer for the whole office (the office-wide oversight page and XLSX, the office summary page,
XLSX and DOCX, the dashboard with its department panel), and one official (their year page and DOCX). Median, p95 and query counts go to
bench/results/reports-<vendor>.json with the machine and its load average.

The build writes past the ledger's write path (bulk_create), so the year totals
(``records.StudyYearTotal``) are then rebuilt from the ledger once, and the time it took is kept.
``--closed`` builds *last* year instead, in its own database (``…-closed.sqlite3``,
``xuefa_h_reports_bench_closed``), closes it (``reports.closing.year_close``, timed) and times the
same reports of the closed year, which come from its snapshot.

    /work/bin/slot .venv/bin/python bench/reports/run.py [--rounds 5]
    /work/bin/slot .venv/bin/python bench/reports/run.py --postgres
    /work/bin/slot .venv/bin/python bench/reports/run.py --closed --label closed-year

Never part of ``make test``. Summary in docs/performance.md ("Year-end reports").
"""

import argparse
import datetime
import json
import os
import platform
import random
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "site"), str(ROOT)]

from bench.common import ensure_pg_database, percentile  # noqa: E402

PG_URL = "postgres://postgres@127.0.0.1:5432/xuefa_h_reports_bench"
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰红梅建国志文斌辉亮婷雪宁鹏飞浩然欣怡佳琪子涵宇轩晨曦思远博文"


class Build:
    """The generated office. Everything is drawn from one seeded random generator."""

    def __init__(self, *, officials: int, records: int, year: int, seed: int = 2026):
        self.n_officials = officials
        self.n_records = records
        self.year = year
        self.rng = random.Random(seed)

    def when(self, month_low=1, month_high=11):
        from django.utils import timezone

        month = self.rng.randint(month_low, month_high)
        day = self.rng.randint(1, 28)
        return timezone.make_aware(
            datetime.datetime(
                self.year, month, day, self.rng.randint(8, 18), self.rng.randint(0, 59)
            )
        )

    def run(self):
        from django.contrib.auth.hashers import make_password
        from django.contrib.auth.models import Group
        from django.db import connection, transaction

        from accounts.models import Department, Rank, User
        from accounts.roles import LEAD, ROLES, TRAINER, roles_sync
        from records.models import StudyRecord, StudyRecordKind
        from reports.models import StudyTarget

        K = StudyRecordKind
        rng = self.rng
        roles_sync()
        started = time.perf_counter()
        with transaction.atomic():
            office = Department.objects.create(name="信访办（基准）", code="bench")
            units = []  # (department, weight)
            for d in range(1, 11):
                dept = Department.objects.create(
                    name=f"第{d}处", code=f"bench-d{d}", parent=office, sort_order=d
                )
                units.append((dept, 6 if d == 1 else 2))
                for s in range(1, 4):
                    section = Department.objects.create(
                        name=f"第{d}处第{s}科", code=f"bench-d{d}s{s}", parent=dept, sort_order=s
                    )
                    units.append((section, 12 if d == 1 else 4))
            self.office, self.large = office, units[0][0]
            self.small_section = units[5][0]  # a section of the second department

            from courses.models import CourseIndexPage, CoursePage, CourseRequirement
            from home.models import HomePage

            index = CourseIndexPage(title="课程", slug="bench-courses")
            HomePage.objects.first().add_child(instance=index)
            required = []
            for title, dept in (("信访工作条例精讲", None), ("依法分类处理信访诉求", self.large)):
                course = CoursePage(title=title, summary="必修课程", credit_hours=Decimal("4"))
                course.requirements = [CourseRequirement(year=self.year, department=dept)]
                index.add_child(instance=course)
                required.append((f"courses.course:{course.pk}", dept))

            ranks = [Rank.STAFF] * 6 + [Rank.SECTION] * 3 + [Rank.DIVISION]
            for rank, hours, sessions in (
                (Rank.STAFF, 40, 4),
                (Rank.SECTION, 40, 6),
                (Rank.DIVISION, 50, 6),
            ):
                StudyTarget.objects.create(
                    year=self.year,
                    rank=rank,
                    credit_hours=hours,
                    exam_passed=True,
                    group_sessions=sessions,
                )
            StudyTarget.objects.create(
                year=self.year, role=LEAD, credit_hours=60, exam_passed=True, group_sessions=8
            )

            password = make_password("bench-password")
            weights = [w for _d, w in units]
            joined = datetime.datetime(self.year - 3, 1, 5, tzinfo=datetime.UTC)
            users = []
            for i in range(self.n_officials):
                dept = rng.choices([d for d, _w in units], weights=weights)[0]
                users.append(
                    User(
                        username=f"bench-{i:05d}",
                        staff_number=f"B{i:05d}",
                        name=rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.randint(1, 2))),
                        department=dept,
                        rank=rng.choice(ranks),
                        password=password,
                        date_joined=joined,
                        left_on=datetime.date(self.year, 6, 30) if i % 500 == 7 else None,
                    )
                )
            users[0].department = self.large
            users[0].username = "bench-lead"
            users[1].department = self.large
            users[1].username = "bench-official"
            User.objects.bulk_create(users, batch_size=1000)
            users = list(User.objects.filter(username__startswith="bench-").order_by("pk"))
            trainer = User.objects.create_user(
                "bench-trainer", password="bench-password", department=office, name="王培训"
            )
            groups = {key: Group.objects.get(name=ROLES[key].group_name) for key in ROLES}
            through = User.groups.through
            links = [through(user_id=u.pk, group_id=groups["official"].pk) for u in users]
            links.append(through(user_id=users[0].pk, group_id=groups[LEAD].pk))
            links += [
                through(user_id=u.pk, group_id=groups[LEAD].pk) for u in users[2:] if u.pk % 97 == 0
            ]
            links.append(through(user_id=trainer.pk, group_id=groups[TRAINER].pk))
            through.objects.bulk_create(links, batch_size=2000)
            print(f"{len(users)} officials in {len(units) + 1} departments", flush=True)

            # Sessions: twelve per department (its sections attend their department's) and four
            # for the whole office; twenty offline trainings.
            top_of = {}
            for dept, _w in units:
                top_of[dept.pk] = dept.parent_id if dept.parent_id != office.pk else dept.pk
            dept_sessions = {
                top: [
                    (f"study_sessions.session:{top}-{k}", self.when(k % 11 + 1, k % 11 + 1))
                    for k in range(12)
                ]
                for top in set(top_of.values())
            }
            office_sessions = [
                (f"study_sessions.session:office-{k}", self.when(3 * k + 2, 3 * k + 2))
                for k in range(4)
            ]
            trainings = [(f"offline:training-{k}", self.when()) for k in range(20)]
            lessons = [f"courses.lesson:{n}" for n in range(1, 801)]
            courses = [f"courses.course:{n}" for n in range(10_001, 10_061)]
            quizzes = [f"quizzes.quiz:{n}" for n in range(5001, 5041)]
            cases = [f"case_library.case:{n}" for n in range(1, 301)]

            next_id = (
                StudyRecord.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
            ) + 1
            now = datetime.datetime.now(datetime.UTC)
            batch, total = [], 0

            def flush():
                StudyRecord.objects.bulk_create(batch, batch_size=2000)
                batch.clear()

            def add(
                user,
                kind,
                source,
                title,
                hours,
                when,
                score=None,
                evidence=None,
                revision=0,
                reverses=None,
                reason="",
            ):
                nonlocal next_id, total
                record = StudyRecord(
                    id=next_id,
                    user_id=user.pk,
                    kind=kind,
                    source=source,
                    revision=revision,
                    title=title,
                    credit_hours=Decimal(hours),
                    score=None if score is None else Decimal(score),
                    occurred_at=when,
                    evidence=evidence or {},
                    reverses_id=reverses,
                    reason=reason,
                    created_at=now,
                )
                next_id += 1
                total += 1
                batch.append(record)
                if len(batch) >= 20_000:
                    flush()
                return record

            def exam_score():
                return max(20, min(100, int(rng.gauss(82, 10))))

            for index_u, user in enumerate(users):
                left = self.n_officials - index_u
                budget = (self.n_records - total) // left if left > 1 else self.n_records - total
                rows = []  # (kind, source, title, hours, when, score, evidence)
                for source in rng.sample(courses, rng.randint(4, 12)):
                    rows.append(
                        (K.COURSE_COMPLETED, source, "法治课程", "2", self.when(), None, None)
                    )
                for source, dept in required:
                    if (
                        dept is None
                        or top_of.get(user.department_id) == dept.pk
                        or user.department_id == dept.pk
                    ) and rng.random() < 0.85:
                        rows.append(
                            (K.COURSE_COMPLETED, source, "必修课程", "4", self.when(), None, None)
                        )
                for source in rng.sample(quizzes, rng.randint(2, 9)):
                    score = rng.randint(40, 100)
                    passed = score >= 60
                    rows.append(
                        (
                            K.QUIZ_ATTEMPT,
                            source,
                            "章节测验",
                            "1" if passed else "0",
                            self.when(),
                            score,
                            {
                                "quiz": int(source.rsplit(":", 1)[1]),
                                "mode": "quiz",
                                "passed": passed,
                                "excellent": score >= 90,
                                "grading_method": "highest",
                            },
                        )
                    )
                exams = [
                    ("quizzes.quiz:900", "年度学法考试", 0.93, 11),
                    ("quizzes.quiz:901", "年中测试", 0.5, 6),
                ]
                for source, title, share, month in exams:
                    if rng.random() < share:
                        score = exam_score()
                        passed = score >= 60
                        rows.append(
                            (
                                K.QUIZ_ATTEMPT,
                                source,
                                title,
                                "4" if passed else "0",
                                self.when(month, month),
                                score,
                                {
                                    "quiz": int(source.rsplit(":", 1)[1]),
                                    "mode": "exam",
                                    "passed": passed,
                                    "excellent": score >= 90,
                                    "grading_method": "highest",
                                },
                            )
                        )
                for source in rng.sample(cases, rng.randint(5, 25)):
                    rows.append(
                        (K.CASE_REVIEWED, source, "典型案例", "0.5", self.when(), None, None)
                    )
                top = top_of.get(user.department_id, user.department_id)
                for source, when in rng.sample(dept_sessions[top], rng.randint(4, 12)):
                    rows.append((K.GROUP_SESSION, source, "集中学法", "2", when, None, None))
                for source, when in office_sessions:
                    if rng.random() < 0.7:
                        rows.append(
                            (K.GROUP_SESSION, source, "全办集中学法", "2", when, None, None)
                        )
                for source, when in rng.sample(trainings, rng.randint(0, 4)):
                    rows.append((K.OFFLINE_TRAINING, source, "线下培训", "3", when, None, None))
                # Lessons fill the official's share of the million (a reversal adds its
                # correction and, half the time, a re-credit: about 2.3 rows per 100).
                n_lessons = max(20, int((budget - len(rows) * 1.023) / 1.023))
                for source in rng.sample(lessons, min(len(lessons), n_lessons)):
                    rows.append(
                        (
                            K.LESSON_STUDIED,
                            source,
                            "课件学习",
                            rng.choice(["0.5", "1"]),
                            self.when(),
                            None,
                            None,
                        )
                    )
                for kind, source, title, hours, when, score, evidence in rows:
                    if index_u == self.n_officials - 1 and total >= self.n_records:
                        break
                    record = add(user, kind, source, title, hours, when, score, evidence)
                    if rng.random() < 0.015 and when.month < 11:
                        fixed_at = when + datetime.timedelta(days=rng.randint(1, 20))
                        add(
                            user,
                            K.CORRECTION,
                            f"correction:{record.id}",
                            f"更正：{title}",
                            f"-{hours}",
                            fixed_at,
                            reverses=record.id,
                            reason="误录",
                            evidence={"reverses_kind": kind, "reverses_source": source},
                        )
                        if rng.random() < 0.5:
                            new_score = exam_score() if score is not None else None
                            new_evidence = dict(evidence or {})
                            if new_score is not None:
                                new_evidence.update(
                                    passed=new_score >= 60, excellent=new_score >= 90
                                )
                            add(
                                user,
                                kind,
                                source,
                                title,
                                hours,
                                fixed_at,
                                new_score,
                                new_evidence,
                                revision=1,
                            )
                if index_u == self.n_officials - 1 and total < self.n_records:
                    extra = 0
                    while total < self.n_records:
                        extra += 1
                        add(
                            user,
                            K.LESSON_STUDIED,
                            f"courses.lesson:extra-{extra}",
                            "课件学习",
                            "0.5",
                            self.when(),
                        )
            flush()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(pg_get_serial_sequence('records_studyrecord', 'id'), "
                    "(SELECT MAX(id) FROM records_studyrecord))"
                )
        with connection.cursor() as cursor:  # what autovacuum / SQLite's optimize would do
            cursor.execute("ANALYZE")
        built = time.perf_counter() - started
        print(f"{StudyRecord.objects.count()} ledger records in {built:.0f} s", flush=True)
        return built


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--officials", type=int, default=5_000)
    parser.add_argument("--records", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--zip-rounds", type=int, default=3)
    parser.add_argument("--postgres", action="store_true", help=f"use {PG_URL}")
    parser.add_argument("--database-url", help="any database (default: SQLite under var/)")
    parser.add_argument("--rebuild", action="store_true", help="build again even if present")
    parser.add_argument("--label", default="", help="a name for this run (e.g. before, after)")
    parser.add_argument("--only", default="", help="comma-separated names of the timings to run")
    parser.add_argument(
        "--build-only", action="store_true", help="build the database, time nothing"
    )
    parser.add_argument(
        "--no-gc-freeze",
        action="store_true",
        help="leave the objects loaded at start to the cyclic garbage collector (the production "
        "server freezes them: deploy/gunicorn.conf.py pre_fork)",
    )
    parser.add_argument(
        "--closed",
        action="store_true",
        help="build last year in its own database and close it: the reports read its snapshot",
    )
    args = parser.parse_args()

    suffix = "-closed" if args.closed else ""
    url = args.database_url or (PG_URL + suffix.replace("-", "_") if args.postgres else "")
    sqlite_file = ROOT / "var" / f"bench-reports-{args.officials}-{args.records}{suffix}.sqlite3"
    if not url:
        sqlite_file.parent.mkdir(exist_ok=True)
        if args.rebuild and sqlite_file.exists():
            for suffix in ("", "-wal", "-shm"):
                Path(f"{sqlite_file}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{sqlite_file}"
    elif url.startswith("postgres"):
        ensure_pg_database(url)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "xuefa.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment
    from django.urls import reverse
    from django.utils import timezone

    from accounts.models import User
    from jobs.models import Job
    from records.models import ClosedStudyYear, StudyRecord, StudyYearTotal
    from records.services import study_totals_rebuild
    from reports.closing import year_close

    setup_test_environment()
    year = timezone.localdate().year - (1 if args.closed else 0)
    if args.rebuild and connection.vendor == "postgresql":
        call_command("flush", interactive=False, verbosity=0)
    call_command("migrate", verbosity=0)
    build_s = None
    have = User.objects.filter(username="bench-trainer").exists()
    if not have:
        if User.objects.exists():
            call_command("flush", interactive=False, verbosity=0)
            call_command("migrate", verbosity=0)
        build_s = Build(officials=args.officials, records=args.records, year=year).run()
    # The build writes with bulk_create, past the ledger's write path, so the year totals it
    # keeps are computed once from the ledger (as after a restore); a database built before the
    # totals existed got them from their migration.
    totals_s = None
    if not StudyYearTotal.objects.exists():
        started = time.perf_counter()
        written = study_totals_rebuild()
        totals_s = time.perf_counter() - started
        print(f"{written} year totals rebuilt from the ledger in {totals_s:.1f} s", flush=True)
    if connection.vendor == "postgresql":
        # What autovacuum does on a live server after a bulk load or a new index: the ledger's
        # visibility map and statistics are current before anything is timed.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM (ANALYZE) records_studyrecord")
    close_s = None
    if args.closed and not ClosedStudyYear.objects.filter(year=year).exists():
        started = time.perf_counter()
        snapshot = year_close(year=year, actor=None)
        close_s = time.perf_counter() - started
        print(f"{year} closed in {close_s:.1f} s: snapshot {snapshot.checksum[:12]}", flush=True)
    records = StudyRecord.objects.count()
    officials = (
        User.objects.filter(username__startswith="bench-").exclude(username="bench-trainer").count()
    )
    if args.build_only:
        print(f"{connection.vendor}: {officials} officials, {records} records")
        return

    lead = User.objects.get(username="bench-lead")
    trainer = User.objects.get(username="bench-trainer")
    official = User.objects.get(username="bench-official")
    large, office = lead.department, trainer.department
    from accounts.selectors import department_subtree_ids
    from reports.selectors import officials_for_year

    large_n = officials_for_year(departments=department_subtree_ids(large), year=year).count()

    def dept(code, fmt=None):
        if fmt:
            return reverse("reports:department_file", args=[code, year, fmt])
        return reverse("reports:department", args=[code, year])

    plan = [
        ("department_page_lead", lead, "get", dept(large.code)),
        ("department_xlsx_lead", lead, "get", dept(large.code, "xlsx")),
        ("department_page_office", trainer, "get", dept(office.code)),
        ("department_xlsx_office", trainer, "get", dept(office.code, "xlsx")),
        ("office_summary_page", trainer, "get", reverse("reports:office", args=[year])),
        (
            "office_summary_xlsx",
            trainer,
            "get",
            reverse("reports:office_file", args=[year, "xlsx"]),
        ),
        (
            "office_summary_docx",
            trainer,
            "get",
            reverse("reports:office_file", args=[year, "docx"]),
        ),
        (
            "my_year_page",
            official,
            "get",
            reverse("reports:official_year", args=[official.pk, year]),
        ),
        (
            "my_year_docx",
            official,
            "get",
            reverse("reports:official_file", args=[official.pk, year, "docx"]),
        ),
        ("dashboard_trainer", trainer, "get", "/"),
        ("department_zip_job_lead", lead, "post", dept(large.code, "zip")),
    ]
    if args.only:
        wanted = set(args.only.split(","))
        plan = [p for p in plan if p[0] in wanted]
    if not args.no_gc_freeze:
        # As the production server does before forking its workers (deploy/gunicorn.conf.py):
        # what is loaded by now lives as long as the process, and the collector need not walk it.
        import gc

        gc.collect()
        gc.freeze()
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    results = {}
    clients = {}
    for name, user, method, url_ in plan:
        client = clients.get(user.pk)
        if client is None:
            client = clients[user.pk] = Client()
            client.force_login(user)
        rounds = args.zip_rounds if "zip" in name else args.rounds
        times, queries, size = [], 0, 0
        # The first request warms caches and is not counted; a ZIP job (a minute or more) is
        # not worth warming.
        warm = 0 if "zip" in name else 1
        for attempt in range(rounds + warm):
            with CaptureQueriesContext(connection) as ctx:
                t0 = time.perf_counter()
                response = getattr(client, method)(url_)
                elapsed = time.perf_counter() - t0
            # A department of more than 60 officials gets its ZIP as a background job (302).
            expected = (200, 302) if method == "post" else (200,)
            assert response.status_code in expected, (name, response.status_code)
            if response.status_code == 302:
                job = Job.objects.order_by("-pk").first()
                assert job.status == Job.Status.SUCCEEDED, (job.status, job.message)
                size = job.report.get("documents", 0)
            else:
                size = len(response.content)
            if attempt >= warm:
                times.append(elapsed * 1000)
                queries = len(ctx.captured_queries)
        results[name] = {
            "url": url_,
            "rounds": rounds,
            "p50_ms": round(statistics.median(times), 1),
            "p95_ms": round(percentile(times, 0.95), 1),
            "max_ms": round(max(times), 1),
            "queries": queries,
            ("documents" if response.status_code == 302 else "bytes"): size,
        }
        print(
            f"{name:28s} p50 {results[name]['p50_ms']:9.1f} ms  p95 {results[name]['p95_ms']:9.1f} ms"
            f"  {queries} queries",
            flush=True,
        )

    result = {
        "label": args.label,
        "gc_frozen_at_start": not args.no_gc_freeze,
        "vendor": connection.vendor,
        "year": year,
        "officials": officials,
        "ledger_records": records,
        "large_department_officials": large_n,
        "build_s": None if build_s is None else round(build_s, 1),
        "totals_rebuild_s": None if totals_s is None else round(totals_s, 1),
        "closed_year": args.closed,
        "close_s": None if close_s is None else round(close_s, 1),
        "timings": results,
        # Other work on the machine skews every figure: say how busy it was.
        "load_average_1_5_15_at_start": load_at_start,
        "load_average_1_5_15": [round(x, 2) for x in os.getloadavg()],
        "machine": f"{platform.machine()}, {os.cpu_count()} cores (shared), Python {platform.python_version()}",
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
    }
    out = ROOT / "bench" / "results" / f"reports-{connection.vendor}.json"
    out.parent.mkdir(exist_ok=True)
    runs = {}
    if out.exists():
        previous = json.loads(out.read_text("utf-8"))
        runs = previous.get("runs", {})
    runs[args.label or "latest"] = result
    out.write_text(json.dumps({"runs": runs}, ensure_ascii=False, indent=2) + "\n", "utf-8")
    print(json.dumps(result, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
