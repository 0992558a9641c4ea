"""Reads for the year-end: each official's year against their target, a department's, the office's.

One rule for every figure: a year's figures are the **live** ledger records dated in it — records
that no correction reversed (the correction rows themselves carry no figure). A record reversed
in January for last December leaves last year's figures, not this year's. Every view here and
every export is built from ``official_years``, so the official's page, the department's table
and the office's summary add up.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext
from wagtail import hooks

from accounts.models import User
from accounts.roles import ROLES
from kit.hooks import record_scores_withheld
from kit.years import month_edges
from records.models import StudyRecord, StudyRecordKind, StudyYearTotal

from .models import StudyTarget

ZERO = Decimal("0")
KINDS = StudyRecordKind
# Kinds that earn hours, in the order reports list them.
STUDY_KINDS = (
    KINDS.LESSON_STUDIED,
    KINDS.COURSE_COMPLETED,
    KINDS.QUIZ_ATTEMPT,
    KINDS.CASE_REVIEWED,
    KINDS.GROUP_SESSION,
    KINDS.OFFLINE_TRAINING,
)


def year_bounds(year: int) -> tuple[datetime.datetime, datetime.datetime]:
    """The year as [start, end) in the site's time zone (an index range, no per-row date maths)."""
    edges = month_edges(year)
    return edges[0], edges[-1]


def live_records(*, year: int):
    """The year's live records: dated in the year, not corrections, not reversed."""
    start, end = year_bounds(year)
    return StudyRecord.objects.filter(
        occurred_at__gte=start, occurred_at__lt=end
    ).credited_in_bulk()


def officials_for_year(*, departments, year: int):
    """Everyone in ``departments`` who belonged to the year: joined by its end and had not left
    before it began (leavers keep their past years), ordered by department and name."""
    start, end = year_bounds(year)
    return (
        User.objects.filter(department__in=departments, date_joined__lt=end)
        .filter(Q(left_on__isnull=True) | Q(left_on__gte=start.date()))
        .select_related("department")
        .order_by("department__sort_order", "department__name", "name", "staff_number", "pk")
    )


# Targets ------------------------------------------------------------------------------------


def targets_for_year(year: int) -> list[StudyTarget]:
    return list(StudyTarget.objects.filter(year=year))


def target_for(*, targets: list[StudyTarget], year: int, rank: str, roles: set[str]):
    """The most specific of the year's targets that fits this rank and these roles, or the
    defaults (an unsaved StudyTarget) when the administrators set none."""
    fitting = [
        t
        for t in targets
        if t.year == year and (not t.rank or t.rank == rank) and (not t.role or t.role in roles)
    ]
    if not fitting:
        return StudyTarget(year=year)
    return max(fitting, key=lambda t: (t.specificity, t.role, t.rank))


def _role_keys_by_user(user_ids: list[int]) -> dict[int, set[str]]:
    names = {role.group_name: key for key, role in ROLES.items()}
    found: dict[int, set[str]] = {}
    rows = User.groups.through.objects.filter(user_id__in=user_ids).values_list(
        "user_id", "group__name"
    )
    for user_id, group_name in rows:
        if group_name in names:
            found.setdefault(user_id, set()).add(names[group_name])
    return found


def required_courses_by_user(*, users: list, year: int) -> dict[int, list[dict]]:
    """What ``xuefa_required_courses`` says each official must complete in ``year``."""
    found: dict[int, list[dict]] = {}
    for fn in hooks.get_hooks("xuefa_required_courses"):
        for user_id, courses in (fn(users, year) or {}).items():
            mine = found.get(user_id)
            if mine is None:
                found[user_id] = list(courses)
            else:
                have = {c["source"] for c in mine}
                mine.extend(c for c in courses if c["source"] not in have)
    return found


# One official's year --------------------------------------------------------------------------


@dataclass
class ExamResult:
    """The official's exam (考试) of the year, graded by the quiz's grading method."""

    title: str
    score: Decimal | None
    passed: bool
    excellent: bool
    hidden: str | None = None  # why the score is not shown yet (the quiz's rules)

    @property
    def band(self) -> str:
        if self.hidden:
            return self.hidden
        if self.excellent:
            return pgettext("exam result", "excellent")
        return (
            pgettext("exam result", "passed")
            if self.passed
            else pgettext("exam result", "not passed")
        )


@dataclass
class TargetCheck:
    """One line of a target: what is required, what counts, what is reached, what is missing."""

    key: str
    label: str
    counts: str  # what counts toward it, said to the official
    required: str
    reached: str
    met: bool
    missing: str = ""
    pending: bool = False  # the result exists but is not released yet


@dataclass
class OfficialYear:
    user: User
    year: int
    target: StudyTarget
    hours: Decimal = ZERO
    hours_by_kind: dict[str, Decimal] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    required_courses: list[dict] = field(default_factory=list)  # {source, title, done}
    exam: ExamResult | None = None
    exams_taken: int = 0
    checks: list[TargetCheck] = field(default_factory=list)

    def count(self, kind: str) -> int:
        return self.counts.get(kind, 0)

    def kind_hours(self, kind: str) -> Decimal:
        return self.hours_by_kind.get(kind, ZERO)

    @property
    def sessions(self) -> int:
        return self.count(KINDS.GROUP_SESSION)

    @property
    def required_done(self) -> int:
        return sum(1 for c in self.required_courses if c["done"])

    @property
    def met(self) -> bool:
        return all(check.met for check in self.checks)

    @property
    def missing(self) -> list[str]:
        return [check.missing for check in self.checks if not check.met and check.missing]

    @property
    def missing_text(self) -> str:
        """“还差 6 学时；必修课程 1 门未完成” — or that the year's target is met."""
        if self.met:
            return pgettext("year target", "Target met")
        return _("; ").join(self.missing)

    @property
    def percent(self) -> int:
        wanted = self.target.credit_hours
        return min(100, int(self.hours * 100 / wanted)) if wanted else 100


def _hours(value: Decimal) -> str:
    text = f"{value.quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
    return text or "0"


class Words:
    """The year-end's words in the active language, looked up once per report.

    A whole office's lines would otherwise ask gettext some forty times for every official
    (about a second for 5,000). Each text is still written below as a literal ``gettext`` /
    ``ngettext`` / ``pgettext`` call, so makemessages finds it; it is asked once per report,
    or once per number it is said with.
    """

    def __init__(self):
        self._memo: dict = {}

    def once(self, key, make):
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = make()
            return value

    def hours(self, value: Decimal) -> str:
        return self.once(("hours", value), lambda: _hours(value))

    def h(self, value: Decimal) -> str:
        """“6 学时”."""
        return self.once(("h", value), lambda: _("%(hours)s h") % {"hours": _hours(value)})

    def band(self, exam: ExamResult) -> str:
        if exam.hidden:
            return exam.hidden
        return self.once(("band", exam.excellent, exam.passed), lambda: str(exam.band))

    def missing_text(self, row: OfficialYear) -> str:
        if row.met:
            return self.once("target met", lambda: str(pgettext("year target", "Target met")))
        return self.once("; ", lambda: _("; ")).join(row.missing)


def _count_check(
    words: Words,
    *,
    key: str,
    wanted: int,
    reached: int,
    label,
    counts,
    required,
    reached_text,
    missing,
) -> TargetCheck:
    """A part of the target counted in items — required courses, group sessions: ``wanted`` of
    them, ``reached`` so far. The caller passes the texts in (``label()``, ``counts()``, and
    ``required(n)``, ``reached_text(n)``, ``missing(n)`` for a number), each a gettext or
    ngettext literal where makemessages finds it; asked once per report and pair of numbers."""
    left = max(0, wanted - reached)
    # Officials with the same numbers share the line (it is never changed once built).
    return words.once(
        (key, wanted, reached),
        lambda: TargetCheck(
            key=key,
            label=label(),
            counts=counts(),
            required=required(wanted),
            reached=reached_text(reached),
            met=left == 0,
            missing=missing(left) if left else "",
        ),
    )


def target_checks(row: OfficialYear, words: Words | None = None) -> list[TargetCheck]:
    """The target's lines for ``row`` (only the parts the target asks for)."""
    words = words or Words()
    once = words.once
    target, checks = row.target, []
    wanted = target.credit_hours
    short = max(ZERO, wanted - row.hours)
    checks.append(
        TargetCheck(
            key="hours",
            label=once("hours label", lambda: _("Credit hours")),
            counts=once(
                "hours counts",
                lambda: _(
                    "Net credit hours of everything recorded this year: courses, quizzes and "
                    "exams passed, cases, group sessions and offline training"
                ),
            ),
            required=words.h(wanted),
            reached=words.h(row.hours),
            met=short == 0,
            missing=once(
                ("hours missing", short),
                lambda: _("%(hours)s more credit hours needed") % {"hours": _hours(short)},
            )
            if short
            else "",
        )
    )
    if target.required_courses and row.required_courses:
        checks.append(
            _count_check(
                words,
                key="courses",
                wanted=len(row.required_courses),
                reached=row.required_done,
                label=lambda: _("Required courses"),
                counts=lambda: _(
                    "Courses required of you this year, completed (all lessons studied)"
                ),
                required=lambda n: ngettext("%(n)s course", "%(n)s courses", n) % {"n": n},
                reached_text=lambda n: ngettext("%(n)s completed", "%(n)s completed", n) % {"n": n},
                missing=lambda n: (
                    ngettext(
                        "%(n)s required course not completed",
                        "%(n)s required courses not completed",
                        n,
                    )
                    % {"n": n}
                ),
            )
        )
    if target.exam_passed:
        exam = row.exam
        pending = bool(exam and exam.hidden)
        passed = bool(exam and exam.passed and not exam.hidden)
        if exam is None:
            reached = once("not taken", lambda: _("not taken"))
            missing = once("exam not taken", lambda: _("annual exam not taken"))
        elif pending:
            reached = exam.hidden
            missing = once("exam pending", lambda: _("annual exam result not yet released"))
        else:
            reached = words.band(exam)
            missing = "" if passed else once("exam failed", lambda: _("annual exam not passed"))
        checks.append(
            TargetCheck(
                key="exam",
                label=once("exam label", lambda: _("Annual exam")),
                counts=once(
                    "exam counts",
                    lambda: _(
                        "An exam (考试) of this year passed, graded by the exam's grading method"
                    ),
                ),
                required=once("exam passed", lambda: pgettext("exam result", "passed")),
                reached=reached,
                met=passed,
                missing=missing,
                pending=pending,
            )
        )
    if target.group_sessions:
        checks.append(
            _count_check(
                words,
                key="sessions",
                wanted=target.group_sessions,
                reached=row.sessions,
                label=lambda: _("Group study sessions"),
                counts=lambda: _("Group study sessions (集中学法) you were signed in to"),
                required=lambda n: ngettext("%(n)s session", "%(n)s sessions", n) % {"n": n},
                reached_text=lambda n: ngettext("%(n)s attended", "%(n)s attended", n) % {"n": n},
                missing=lambda n: (
                    ngettext(
                        "%(n)s more group session needed",
                        "%(n)s more group sessions needed",
                        n,
                    )
                    % {"n": n}
                ),
            )
        )
    return checks


def _exam_rows(*, user_ids, year: int):
    """(user_id, source, title, score, passed, excellent) of every live exam record of the year,
    oldest first: plain tuples, the flags read from the evidence by the database."""
    return (
        live_records(year=year)
        .filter(user_id__in=user_ids, kind=KINDS.QUIZ_ATTEMPT, evidence__mode="exam")
        .order_by("user_id", "occurred_at", "pk")
        .values_list(
            "user_id", "source", "title", "score", "evidence__passed", "evidence__excellent"
        )
    )


def ids_for_sql(users, people: list | None = None):
    """The officials' ids as the year's queries filter on them: their own query as a subquery
    when ``users`` is one (a whole office is 5,000 ids, and Django prepares every value of an
    ``IN`` list in Python, seven times a request: 0.35 s), else the list of ids."""
    if isinstance(users, QuerySet):
        return users.order_by().values("pk")
    return [p.pk for p in (users if people is None else people)]


def official_years(*, users, year: int, viewer, now=None) -> list[OfficialYear]:
    """Each official's year against their target, in a fixed number of queries for any number
    of officials. ``viewer`` decides which exam scores may be shown: the quizzes withholding
    theirs from the viewer are asked once (``xuefa_record_scores_withheld``)."""
    now = now or timezone.now()
    people = list(users)
    ids = ids_for_sql(users, people)
    targets = targets_for_year(year)
    roles = _role_keys_by_user(ids)
    fitting = {}  # (rank, roles) -> target: a whole office has a handful of combinations

    def target(person):
        held = frozenset(roles.get(person.pk, ()))
        if (person.rank, held) not in fitting:
            fitting[person.rank, held] = target_for(
                targets=targets, year=year, rank=person.rank, roles=held
            )
        return fitting[person.rank, held]

    rows = {p.pk: OfficialYear(user=p, year=year, target=target(p)) for p in people}
    if not people:
        return []
    # The year's hours and counts by kind, as the ledger's write path keeps them (one row per
    # official and kind, not the year's records).
    totals = StudyYearTotal.objects.filter(year=year, user_id__in=ids).values_list(
        "user_id", "kind", "credit_hours", "records"
    )
    for user_id, kind, hours, count in totals:
        row = rows[user_id]
        row.hours_by_kind[kind] = hours
        row.counts[kind] = count
        row.hours += hours

    required = required_courses_by_user(users=people, year=year)
    sources = {c["source"] for courses in required.values() for c in courses}
    done = set()
    if sources:
        # A required course counts once completed, this year or before (it is credited once).
        # The date is compared here, not in SQL: given a date range SQLite walks the ledger's
        # date index (every record before the year's end: 2.5 s at a million records) instead
        # of the (user, kind, source) index, and the rows are at most officials × courses.
        _start, end = year_bounds(year)
        completions = (
            StudyRecord.objects.filter(
                user_id__in=ids, kind=KINDS.COURSE_COMPLETED, source__in=sources
            )
            .credited_in_bulk()
            .order_by()
            .values_list("user_id", "source", "occurred_at")
        )
        done = {(user_id, source) for user_id, source, at in completions if at < end}
    for user_id, courses in required.items():
        if user_id in rows:
            rows[user_id].required_courses = [
                {**c, "done": (user_id, c["source"]) in done} for c in courses
            ]

    # Which quizzes' scores the viewer may not see yet: asked once, of the quizzes themselves
    # (``xuefa_record_scores_withheld``), not by reading the year's quiz records for their sources.
    withheld = record_scores_withheld(viewer, now)
    for user_id, source, title, score, passed, excellent in _exam_rows(user_ids=ids, year=year):
        row = rows[user_id]
        row.exams_taken += 1
        hidden = withheld.get(source)
        result = ExamResult(
            title=title,
            score=None if hidden else score,
            passed=bool(passed),
            excellent=bool(excellent),
            hidden=hidden,
        )
        # The year's exam: a released pass beats anything else; then the latest.
        current = row.exam
        if (
            current is None
            or not (current.passed and not current.hidden)
            or (result.passed and not result.hidden)
        ):
            row.exam = result
    # A pass earns hours, so hours give a result away: a quiz record whose score the viewer may
    # not see yet (any quiz, exam or practice) counts in no total until it is released. Only the
    # withheld quizzes' records are read, and only when there are any.
    if withheld:
        credited = live_records(year=year).filter(
            user_id__in=ids,
            kind=KINDS.QUIZ_ATTEMPT,
            credit_hours__gt=0,
            source__in=list(withheld),
        )
        for user_id, kind, hours in credited.order_by().values_list(
            "user_id", "kind", "credit_hours"
        ):
            row = rows[user_id]
            row.hours -= hours
            row.hours_by_kind[kind] = row.hours_by_kind.get(kind, ZERO) - hours
    words = Words()
    for row in rows.values():
        row.checks = target_checks(row, words)
    return [rows[p.pk] for p in people]


def official_year(*, user, year: int, viewer, now=None) -> OfficialYear:
    return official_years(users=[user], year=year, viewer=viewer, now=now)[0]


@dataclass
class YearItems:
    """Everything an official did in a year, by kind, for the year's document."""

    courses: list = field(default_factory=list)
    lessons: list = field(default_factory=list)
    cases: list = field(default_factory=list)
    quizzes: list = field(default_factory=list)  # (record, ExamResult-like) pairs
    sessions: list = field(default_factory=list)
    offline: list = field(default_factory=list)
    corrections: list = field(default_factory=list)


@dataclass
class QuizLine:
    record: StudyRecord
    mode: str
    score: Decimal | None
    passed: bool
    excellent: bool
    hidden: str | None

    @property
    def band(self) -> str:
        return ExamResult(
            title="",
            score=self.score,
            passed=self.passed,
            excellent=self.excellent,
            hidden=self.hidden,
        ).band


def year_items(*, user, year: int, viewer, now=None) -> YearItems:
    """The official's live records of the year, grouped by kind (two queries), with quiz and
    exam scores only where the quiz's rules release them to ``viewer``."""
    return year_items_by_user(users=[user], year=year, viewer=viewer, now=now)[user.pk]


def year_items_by_user(
    *, users, year: int, viewer, now=None, hidden_sources: dict | None = None
) -> dict[int, YearItems]:
    """``year_items`` for many officials in the same two queries (a department's documents).
    Scores are withheld as the quizzes' rules say now (asked once) — or, for a closed year, as
    ``hidden_sources`` (source → reason) froze them at closing."""
    now = now or timezone.now()
    ids = [u.pk for u in users]
    found = {pk: YearItems() for pk in ids}
    if hidden_sources is None:
        hidden_sources = record_scores_withheld(viewer, now)
    records = (
        live_records(year=year)
        .filter(user_id__in=ids)
        .only(
            "user_id",
            "kind",
            "source",
            "title",
            "credit_hours",
            "score",
            "occurred_at",
            "evidence",
        )
        .order_by("user_id", "occurred_at", "pk")
    )
    for record in records:
        items = found[record.user_id]
        if record.kind == KINDS.QUIZ_ATTEMPT:
            hidden = hidden_sources.get(record.source)
            items.quizzes.append(
                QuizLine(
                    record=record,
                    mode=record.evidence.get("mode", ""),
                    score=None if hidden else record.score,
                    passed=bool(record.evidence.get("passed")),
                    excellent=bool(record.evidence.get("excellent")),
                    hidden=hidden,
                )
            )
        else:
            bucket = {
                KINDS.COURSE_COMPLETED: items.courses,
                KINDS.LESSON_STUDIED: items.lessons,
                KINDS.CASE_REVIEWED: items.cases,
                KINDS.GROUP_SESSION: items.sessions,
                KINDS.OFFLINE_TRAINING: items.offline,
            }.get(record.kind)
            if bucket is not None:
                bucket.append(record)
    start, end = year_bounds(year)
    corrections = (
        StudyRecord.objects.filter(
            user_id__in=ids,
            kind=KINDS.CORRECTION,
            reverses__occurred_at__gte=start,
            reverses__occurred_at__lt=end,
        )
        .select_related("reverses", "created_by")
        .order_by("user_id", "occurred_at", "pk")
    )
    for correction in corrections:
        found[correction.user_id].corrections.append(correction)
    return found


# The 述职述法 paragraph ----------------------------------------------------------------------


def _number(value) -> str:
    return _hours(Decimal(value)) if value is not None else ""


def year_paragraph(row: OfficialYear, words: Words | None = None) -> str:
    """A short paragraph in report style for the official's 述职述法, from the year's figures:
    “2026年，本人参加集中学法5次，完成必修课程2门，……全年累计学法40学时，达到年度学法要求。”"""
    words = words or Words()
    once = words.once
    parts = []
    sessions, required_done = row.sessions, row.required_done
    if sessions:
        parts.append(
            once(
                ("p sessions", sessions),
                lambda: (
                    ngettext(
                        "attended %(n)s group study session",
                        "attended %(n)s group study sessions",
                        sessions,
                    )
                    % {"n": sessions}
                ),
            )
        )
    if required_done:
        parts.append(
            once(
                ("p required", required_done),
                lambda: (
                    ngettext(
                        "completed %(n)s required course",
                        "completed %(n)s required courses",
                        required_done,
                    )
                    % {"n": required_done}
                ),
            )
        )
    self_study = row.kind_hours(KINDS.LESSON_STUDIED) + row.kind_hours(KINDS.COURSE_COMPLETED)
    if self_study:
        parts.append(
            once(
                ("p self study", self_study),
                lambda: (
                    _("studied law courses online for %(hours)s credit hours")
                    % {"hours": _hours(self_study)}
                ),
            )
        )
    exam = row.exam
    if exam is not None:
        if exam.hidden or exam.score is None:
            parts.append(
                once("p exam hidden", lambda: _("took the annual exam (result not yet released)"))
            )
        else:
            band = words.band(exam)
            parts.append(
                once(
                    ("p exam", exam.score, band),
                    lambda: (
                        _("scored %(score)s in the annual exam (%(band)s)")
                        % {"score": _number(exam.score), "band": band}
                    ),
                )
            )
    cases = row.count(KINDS.CASE_REVIEWED)
    if cases:
        parts.append(
            once(
                ("p cases", cases),
                lambda: (
                    ngettext("reviewed %(n)s typical case", "reviewed %(n)s typical cases", cases)
                    % {"n": cases}
                ),
            )
        )
    offline = row.count(KINDS.OFFLINE_TRAINING)
    if offline:
        offline_hours = row.kind_hours(KINDS.OFFLINE_TRAINING)
        parts.append(
            once(
                ("p offline", offline, offline_hours),
                lambda: (
                    ngettext(
                        "attended %(n)s offline training (%(hours)s credit hours)",
                        "attended %(n)s offline trainings (%(hours)s credit hours)",
                        offline,
                    )
                    % {"n": offline, "hours": _hours(offline_hours)}
                ),
            )
        )
    parts.append(
        once(
            ("p hours", row.hours),
            lambda: _("recorded %(hours)s credit hours in all") % {"hours": _hours(row.hours)},
        )
    )
    if row.met:
        parts.append(once("p met", lambda: _("meeting the year's study target")))
    else:
        missing = once("; ", lambda: _("; ")).join(row.missing)
        parts.append(
            once(
                ("p short", missing),
                lambda: _("short of the year's study target (%(missing)s)") % {"missing": missing},
            )
        )
    joined = once(", ", lambda: _(", ")).join(parts)
    return once("p sentence", lambda: _("In %(year)s, I %(parts)s.")) % {
        "year": row.year,
        "parts": joined,
    }
