"""Demo year-end (issue 12): last year studied and closed, this year in progress.

Forty more officials (``XF0201`` … ``XF0240``) join the demo office so that every report has
something true to show: last year's trainings, group sessions, cases, the short course and
the annual exam, after which the year is closed through ``reports.closing.year_close``
(年度归档, snapshot and all); this year the required course, cases, trainings, two office
sessions and the exam so far, with varied progress — most on track, some behind on hours, the
required course, the exam or the sessions, two who joined this year, two who left last year.

Group sessions and offline training go through their apps' services (invited, marked,
confirmed, credited). Lessons, cases and exam grades are written with
``records.services.study_record_add`` and the evidence their apps write (with the courses'
progress and completion rows), not by replaying page visits and exam papers answer by answer
(that took half a minute). So the exam pages show no attempts for these officials: their
grades stand in the ledger as if entered from last year's paper records.

Deterministic: each official's year comes from a ``random.Random`` seeded with their staff
number and the year. Idempotent: every service used is; sessions are found again by topic,
and last year is generated only until it has been closed once (a closed year refuses records
anyway). The demo accounts of the README (``official``, ``lead``, … and ``XF0101`` …
``XF0108``) get last year's history but nothing new this year, so their state this year stays
as documented.
"""

import datetime
import random
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import Department, Rank, User
from accounts.roles import OFFICIAL, role_group
from records.models import StudyRecordKind as KINDS

from .models import StudyTarget

SEED = "xuefa-demo-year"
PROFILES = (
    # what this year looks like for an official (cycled over the new officials)
    ["complete"] * 15
    + ["behind_hours"] * 6
    + ["course_unfinished"] * 5
    + ["no_exam"] * 4
    + ["exam_failed"] * 3
    + ["sessions_short"] * 3
    + ["joined_this_year"] * 2
    + ["left_last_year"] * 2
)

# staff number, name, department, job title, rank
COLLEAGUES = [
    ("XF0201", "张建国", "xfb", "主任", Rank.DIVISION),
    ("XF0202", "林秀英", "xfb", "副主任", Rank.DIVISION),
    ("XF0203", "何志强", "xfb-jdk", "接待员", Rank.STAFF),
    ("XF0204", "郭丽娟", "xfb-jdk", "接待员", Rank.STAFF),
    ("XF0205", "马俊", "xfb-jdk", "接待员", Rank.STAFF),
    ("XF0206", "罗晓燕", "xfb-jdk", "副科长", Rank.SECTION),
    ("XF0207", "梁浩", "xfb-jdk", "接待员", Rank.STAFF),
    ("XF0208", "宋佳", "xfb-jdk", "接待员", Rank.STAFF),
    ("XF0209", "郑凯", "xfb-jdk", "接待员", Rank.STAFF),
    ("XF0210", "谢婷", "xfb-jdk", "网上信访专员", Rank.STAFF),
    ("XF0211", "韩冬", "xfb-jdk", "接待员", Rank.STAFF),
    ("XF0212", "唐雪", "xfb-jdk", "接待员", Rank.STAFF),
    ("XF0213", "冯涛", "xfb-dbk", "督办专员", Rank.STAFF),
    ("XF0214", "于洁", "xfb-dbk", "督办专员", Rank.STAFF),
    ("XF0215", "董鹏", "xfb-dbk", "副科长", Rank.SECTION),
    ("XF0216", "萧红", "xfb-dbk", "督办专员", Rank.STAFF),
    ("XF0217", "程亮", "xfb-dbk", "督办专员", Rank.STAFF),
    ("XF0218", "曹颖", "xfb-dbk", "督办专员", Rank.STAFF),
    ("XF0219", "袁斌", "xfb-dbk", "督办专员", Rank.STAFF),
    ("XF0220", "邓琳", "xfb-dbk", "督办专员", Rank.STAFF),
    ("XF0221", "许晨", "xfb-fxk", "复查专员", Rank.STAFF),
    ("XF0222", "傅敏", "xfb-fxk", "复查专员", Rank.STAFF),
    ("XF0223", "沈立", "xfb-fxk", "副科长", Rank.SECTION),
    ("XF0224", "曾倩", "xfb-fxk", "复查专员", Rank.STAFF),
    ("XF0225", "彭飞", "xfb-fxk", "复查专员", Rank.STAFF),
    ("XF0226", "吕娜", "xfb-fxk", "复查专员", Rank.STAFF),
    ("XF0227", "苏航", "xfb-fxk", "复查专员", Rank.STAFF),
    ("XF0228", "卢静", "xfb-fxk", "复查专员", Rank.STAFF),
    ("XF0229", "蒋毅", "xfb-fxk", "复查专员", Rank.STAFF),
    ("XF0230", "蔡文", "xfb-zhk", "文书", Rank.STAFF),
    ("XF0231", "贾宁", "xfb-zhk", "档案管理员", Rank.STAFF),
    ("XF0232", "丁玲", "xfb-zhk", "副科长", Rank.SECTION),
    ("XF0233", "魏东", "xfb-zhk", "财务", Rank.STAFF),
    ("XF0234", "薛梅", "xfb-zhk", "文书", Rank.STAFF),
    ("XF0235", "叶青", "xfb-zhk", "信息员", Rank.STAFF),
    ("XF0236", "阎磊", "xfb-zhk", "文书", Rank.STAFF),
    ("XF0237", "余波", "xfb-zhk", "驾驶员", Rank.STAFF),
    ("XF0238", "潘悦", "xfb-zhk", "文书", Rank.STAFF),
    ("XF0239", "杜鑫", "xfb-zhk", "信息员", Rank.STAFF),
    ("XF0240", "戴军", "xfb-zhk", "文书", Rank.STAFF),
]
assert len(COLLEAGUES) == len(PROFILES)

# batch, title, hours, month, day (offline trainings entered by the trainer)
TRAININGS = [
    ("a", "全区法治政府建设专题培训班", Decimal("16"), 4, 16),
    ("b", "信访干部依法履职能力提升轮训", Decimal("12"), 7, 9),
    ("c", "《中华人民共和国行政复议法》专题讲座", Decimal("4"), 10, 22),
]
# topic, month, day (group study sessions of the whole office)
SESSIONS = [
    ("集中学法：《信访工作条例》第三章 信访事项的提出和受理", 3, 19),
    ("集中学法：依法分类处理信访诉求工作规则", 6, 18),
]


def _aware(year, month, day, hour=10, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def _officials(*, last: int) -> list[tuple[User, str]]:
    departments = {d.code: d for d in Department.objects.all()}
    group = role_group(OFFICIAL)
    password = None
    people = []
    for (number, name, code, title, rank), profile in zip(COLLEAGUES, PROFILES, strict=True):
        joined = _aware(last - 3, 3, 1) if profile != "joined_this_year" else _aware(last + 1, 5, 6)
        left = datetime.date(last, 9, 30) if profile == "left_last_year" else None
        user, created = User.objects.get_or_create(
            username=number,
            defaults={
                "name": name,
                "department": departments[code],
                "job_title": title,
                "rank": rank,
                "staff_number": number,
                "date_joined": joined,
                "left_on": left,
                "is_active": left is None,
            },
        )
        if created:
            if password is None:
                from django.contrib.auth.hashers import make_password

                from accounts.demo import DEMO_PASSWORD

                # Hashed once for all forty (a password hash takes a fraction of a second).
                password = make_password(DEMO_PASSWORD)
            user.password = password
            user.save(update_fields=["password"])
            user.groups.add(group)
        people.append((user, profile))
    return people


def _targets(years) -> None:
    """Each year: 40 学时, the required courses, the annual exam passed, two group sessions."""
    for year in years:
        StudyTarget.objects.get_or_create(
            year=year, rank="", role="", defaults={"exam_passed": True, "group_sessions": 2}
        )


def _rng(user, year) -> random.Random:
    return random.Random(f"{SEED}:{user.staff_number}:{year}")


# Study, written to the ledger -------------------------------------------------------------
#
# Group sessions and offline training go through their apps' services. Lessons, cases and
# exams are written with ``study_record_add`` and the evidence those apps write (plus the
# courses' progress rows), not by replaying every page visit and answer: replaying forty
# officials' exam papers answer by answer takes half a minute, the ledger writes a second.


def _study_course(user, course, lessons, *, at) -> None:
    """Lessons studied (and the course completed when all of them are), as courses does."""
    from courses.models import CourseCompletion, LessonProgress
    from courses.selectors import course_credit_hours
    from records.services import study_record_add

    studied = at
    for index, lesson in enumerate(lessons):
        opened = at + datetime.timedelta(days=index * 3)
        studied = opened + datetime.timedelta(minutes=lesson.estimated_minutes + 5)
        LessonProgress.objects.get_or_create(
            user=user,
            lesson=lesson,
            defaults={"opened_at": opened, "last_opened_at": studied, "studied_at": studied},
        )
        study_record_add(
            user=user,
            kind=KINDS.LESSON_STUDIED,
            source=f"courses.lesson:{lesson.pk}",
            title=lesson.title,
            credit_hours=0,
            occurred_at=studied,
            evidence={"opened_at": opened.isoformat(), "minutes": lesson.estimated_minutes},
        )
    every = list(course.get_children().live().specific().order_by("path"))
    if len(lessons) < len(every):
        return
    hours = course_credit_hours(course, every)
    CourseCompletion.objects.get_or_create(
        user=user, course=course, defaults={"completed_at": studied, "credit_hours": hours}
    )
    study_record_add(
        user=user,
        kind=KINDS.COURSE_COMPLETED,
        source=f"courses.course:{course.pk}",
        title=course.title,
        credit_hours=hours,
        occurred_at=studied,
        evidence={
            "lessons": [lesson.pk for lesson in every],
            "minutes": sum(lesson.estimated_minutes for lesson in every),
        },
    )


def _study_cases(user, cases, *, at) -> None:
    from records.services import study_record_add

    for index, case in enumerate(cases):
        opened = at + datetime.timedelta(days=index * 5, hours=index % 3)
        study_record_add(
            user=user,
            kind=KINDS.CASE_REVIEWED,
            source=case.source_key,
            title=case.title,
            credit_hours=case.credit_hours,
            occurred_at=opened + datetime.timedelta(minutes=case.estimated_minutes + 3),
            evidence={
                "page_id": case.pk,
                "url": case.url,
                "opened_at": opened.isoformat(),
                "minutes": case.estimated_minutes,
            },
        )


def _exam_grade(user, exam, *, at, score: Decimal) -> None:
    """The exam's grade as ``quizzes.services.quiz_ledger_sync`` records it."""
    from quizzes.services import quiz_source
    from records.services import study_record_add

    score = min(Decimal("100"), max(Decimal("0"), score)).quantize(Decimal("1"))
    passed = score >= exam.pass_mark
    study_record_add(
        user=user,
        kind=KINDS.QUIZ_ATTEMPT,
        source=quiz_source(exam.pk),
        title=exam.title,
        credit_hours=exam.credit_hours if passed else 0,
        score=score,
        occurred_at=at,
        evidence={
            "quiz": exam.pk,
            "mode": exam.mode,
            "passed": passed,
            "excellent": passed and score >= exam.excellent_mark,
            "grading_method": exam.grading_method,
        },
        event="attempts:1",
    )


def _session(topic, *, when, people, attended, organiser, lead) -> None:
    """A whole-office group session held at ``when``, its attendance marked and confirmed."""
    from study_sessions.models import AttendanceStatus, SessionType, StudySession
    from study_sessions.services import attendance_mark, session_confirm, session_invitations_sync

    if StudySession.objects.filter(topic=topic, organiser=organiser).exists():
        return
    session = StudySession.objects.create(
        session_type=SessionType.CENTRE_GROUP if "条例" in topic else SessionType.FORUM,
        topic=topic,
        date=when.date(),
        starts_at=datetime.time(14, 30),
        ends_at=datetime.time(16, 0),
        place="区信访办三楼会议室",
        department=Department.objects.get(code="xfb"),
        organiser=organiser,
        lead=lead,
        summary="全办集中学法，由办领导领学，各科室交流。",
        created_by=organiser,
    )
    session.invited_people.set(people)
    session_invitations_sync(session=session)
    held = timezone.make_aware(datetime.datetime.combine(when.date(), datetime.time(16, 0)))
    for row in session.attendances.filter(user__in=attended):
        attendance_mark(attendance=row, status=AttendanceStatus.PRESENT, actor=organiser, now=held)
    session.conclusions = "各科室结合本科室工作抓好学习成果转化。"
    session.save(update_fields=["conclusions", "updated_at"])
    session_confirm(session=session, actor=organiser, now=held)


def _training(batch, title, hours, *, when, users, actor) -> None:
    from records.services import offline_training_add

    offline_training_add(
        users=users,
        title=title,
        credit_hours=hours,
        occurred_at=when,
        actor=actor,
        batch_key=f"demo-{when.year}-{batch}",
        evidence={"organiser": "区委依法治区办"},
    )


# Last year ---------------------------------------------------------------------------------


def _last_exam(year: int):
    """Last year's annual exam, closed. Its answers are never shown: its questions come from
    the same exam-only bank as this year's exam."""
    from quizzes import demo as quizzes_demo
    from quizzes.models import QuestionBank, QuizIndexPage, QuizPage

    index = QuizIndexPage.objects.first()
    existing = QuizPage.objects.filter(slug=f"annual-exam-{year}").first()
    if existing is not None:
        return existing
    exam = quizzes_demo.annual_exam_page(
        year=year,
        bank=QuestionBank.objects.get(name=quizzes_demo.EXAM_BANK),
        intro="<p>上一年度的年度考试，已结束。成绩计入当年学习档案。</p>",
        opens_at=_aware(year, 11, 1, 0, 0),
        closes_at=_aware(year, 11, 30, 23, 59),
        attempts_allowed=1,
        answer_visibility="never",
        explanation_visibility="never",
    )
    index.add_child(instance=exam)
    exam.save_revision().publish()
    return exam


def _last_year(year: int, people: list[User], *, trainer, organiser, lead) -> None:
    from case_library.models import CasePage
    from courses import demo as courses_demo
    from courses.models import CoursePage

    short = CoursePage.objects.get(slug=courses_demo.SHORT_COURSE["slug"])
    short_lessons = list(short.get_children().live().specific().order_by("path"))
    cases = list(CasePage.objects.live().order_by("path"))
    exam = _last_exam(year)
    plans = {user.pk: _rng(user, year) for user in people}

    for batch, title, hours, month, day in TRAININGS:
        attended = [u for u in people if plans[u.pk].random() < 0.9 and _there(u, year, month)]
        _training(batch, title, hours, when=_aware(year, month, day), users=attended, actor=trainer)
    for topic, month, day in SESSIONS:
        invited = [u for u in people if _there(u, year, month)]
        attended = [u for u in invited if plans[u.pk].random() < 0.88]
        _session(
            f"{year}年{topic}",
            when=_aware(year, month, day),
            people=invited,
            attended=attended,
            organiser=organiser,
            lead=lead,
        )
    for user in people:
        rng = plans[user.pk]
        if rng.random() < 0.8 and _there(user, year, 5):
            _study_course(user, short, short_lessons, at=_aware(year, 5, rng.randint(4, 28), 9))
        picked = rng.sample(cases, rng.randint(0, 6))
        if picked and _there(user, year, 8):
            _study_cases(user, picked, at=_aware(year, 8, rng.randint(1, 20), 15))
        if rng.random() < 0.93 and _there(user, year, 12):
            _exam_grade(
                user,
                exam,
                at=_aware(year, 11, rng.randint(10, 25), 9, rng.randint(0, 50)),
                score=Decimal(rng.triangular(45, 100, 85)),
            )


def _there(user, year: int, month: int) -> bool:
    """Was ``user`` on the staff in ``month`` of ``year``?"""
    day = datetime.date(year, month, 1)
    joined = timezone.localdate(user.date_joined)
    return joined <= day and (user.left_on is None or user.left_on >= day)


# This year ---------------------------------------------------------------------------------


def _this_year(year, people: list[tuple[User, str]], *, now, trainer, organiser, lead) -> None:
    """This year so far, up to the start of today (so the same day loads the same
    ledger): what was due by today has happened."""
    from case_library.models import CasePage
    from courses import demo as courses_demo
    from courses.models import CoursePage
    from quizzes.models import QuizPage

    start = _aware(year, 1, 1, 9)
    today = timezone.make_aware(
        datetime.datetime.combine(timezone.localdate(now), datetime.time(0, 0))
    )
    elapsed = max(0.0, (today - start).total_seconds())

    def when(fraction: float) -> datetime.datetime:
        """A moment ``fraction`` of the way from New Year to today (so the year so far fits
        whenever the demo is loaded)."""
        return start + datetime.timedelta(seconds=elapsed * fraction)

    staff = [(u, p) for u, p in people if p != "left_last_year"]
    course = CoursePage.objects.get(slug=courses_demo.MAIN_COURSE["slug"])
    lessons = list(course.get_children().live().specific().order_by("path"))
    cases = list(CasePage.objects.live().order_by("path"))
    exam = QuizPage.objects.filter(slug=f"annual-exam-{year}").first()

    def present(profile, fraction):
        return profile != "joined_this_year" or fraction > 0.45

    for index, (batch, title, hours, _month, _day) in enumerate(TRAININGS):
        fraction = 0.25 + 0.3 * index
        users = [
            u
            for u, p in staff
            if present(p, fraction) and not (p == "behind_hours" and batch != "c")
        ]
        _training(batch, title, hours, when=when(fraction), users=users, actor=trainer)
    for index, (topic, _month, _day) in enumerate(SESSIONS):
        fraction = 0.2 + 0.35 * index
        invited = [u for u, p in staff if present(p, fraction)]
        attended = [
            u for u, p in staff if present(p, fraction) and not (p == "sessions_short" and index)
        ]
        _session(
            f"{year}年{topic}",
            when=when(fraction),
            people=invited,
            attended=attended,
            organiser=organiser,
            lead=lead,
        )
    for user, profile in staff:
        rng = _rng(user, year)
        first = 0.5 if profile == "joined_this_year" else rng.uniform(0.1, 0.4)
        wanted = lessons[: 3 if profile == "course_unfinished" else len(lessons)]
        _study_course(user, course, wanted, at=when(first))
        picked = rng.sample(cases, rng.randint(2, 6))
        _study_cases(user, picked, at=when(first + 0.1))
        if exam is not None and profile not in ("no_exam", "joined_this_year"):
            score = rng.uniform(38, 58) if profile == "exam_failed" else rng.triangular(64, 100, 88)
            _exam_grade(user, exam, at=when(rng.uniform(0.8, 0.95)), score=Decimal(score))


@transaction.atomic
def load(stdout) -> None:
    from records.models import StudyYearEvent

    from .closing import year_close

    now = timezone.now()
    this = timezone.localdate().year
    last = this - 1
    admin = User.objects.get(username="admin")
    trainer = User.objects.get(username="trainer")
    people = _officials(last=last)
    lead = people[0][0]  # 张建国, 主任
    _targets([last, this])
    if not StudyYearEvent.objects.filter(year=last).exists():
        everyone = list(
            User.objects.filter(department__isnull=False).exclude(username="admin").order_by("pk")
        )
        # The administrator entered last year's trainings: the trainer trained too, and
        # nobody enters their own (records.services.ledger_refuse_own).
        _last_year(last, everyone, trainer=admin, organiser=trainer, lead=lead)
        closing = min(_aware(this, 1, 15, 9), now)
        year_close(year=last, actor=admin, now=closing)
        stdout.write(f"reports: {last} studied and closed")
    _this_year(this, people, now=now, trainer=trainer, organiser=trainer, lead=lead)
    stdout.write(
        f"reports: {len(people)} more officials, targets for {last} and {this}, {this} in progress"
    )
