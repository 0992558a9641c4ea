"""The database's aggregation against a plain Python reference, on random ledgers.

Hypothesis writes a random ledger through the ledger's services (kinds, hours, months and the
year's edges in the site's time zone, shared session and training sources, exams and quizzes
with any score, reversals and re-credits after a reversal, records of the years around), then
every figure the department view and the office summary show is computed again here by
reading all the records into Python and applying the rules of docs/reports.md by hand (the
year totals the ledger's writes keep, which those figures read, are also compared with a
rebuild from the ledger). Half
the examples close the year first, so the archived figures are compared too.
"""

import contextlib
import datetime
from decimal import Decimal

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from records.models import StudyRecord, StudyRecordKind
from records.services import (
    CreditWithdrawn,
    study_record_add,
    study_record_reverse,
    study_totals_rebuild,
)
from reports.closing import year_close
from reports.files import department_lines, office_summary
from reports.models import StudyTarget
from reports.oversight import SCORE_BANDS, figures_for, month_hours
from reports.selectors import STUDY_KINDS
from tests.factories import DepartmentFactory, UserFactory
from tests.records.test_totals import totals

pytestmark = pytest.mark.django_db(transaction=False)
K = StudyRecordKind
YEAR = timezone.localdate().year - 1  # a past year, so it can be closed
HOURS = ["0", "0.5", "1", "1.25", "2", "3"]
SESSIONS = [f"study_sessions.session:{n}" for n in range(4)]
TRAININGS = [f"offline:t{n}" for n in range(3)]


def local(year, month, day, hour=10, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


# A record's moment: any month of the year, or just inside / outside its edges (local time).
moments = st.one_of(
    st.builds(lambda m, d: local(YEAR, m, d), st.integers(1, 12), st.integers(1, 28)),
    st.sampled_from(
        [
            local(YEAR, 1, 1, 0, 0),
            local(YEAR, 12, 31, 23, 59),
            local(YEAR - 1, 12, 31, 23, 59),
            local(YEAR + 1, 1, 1, 0, 0),
        ]
    ),
)
records = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(
            [K.LESSON_STUDIED, K.COURSE_COMPLETED, K.CASE_REVIEWED, K.GROUP_SESSION]
            + [K.OFFLINE_TRAINING, K.QUIZ_ATTEMPT, "exam"]
        ),
        "hours": st.sampled_from(HOURS),
        "when": moments,
        "score": st.integers(0, 100),
        "shared": st.integers(0, 3),
        "reversed": st.booleans(),
        "recredit": st.booleans(),
    }
)
officials = st.lists(
    st.tuples(st.integers(0, 1), st.lists(records, max_size=8)), min_size=1, max_size=5
)


def _write(user, n, spec):
    kind, when = spec["kind"], spec["when"]
    mode = None
    if kind == "exam":
        kind, mode = K.QUIZ_ATTEMPT, "exam"
    elif kind == K.QUIZ_ATTEMPT:
        mode = "quiz"
    source = {
        K.GROUP_SESSION: SESSIONS[spec["shared"]],
        K.OFFLINE_TRAINING: TRAININGS[spec["shared"] % len(TRAININGS)],
    }.get(kind, f"test:{user.pk}:{n}")
    score, evidence = None, {}
    if mode:
        passed = spec["score"] >= 60
        score = spec["score"]
        evidence = {"mode": mode, "passed": passed, "excellent": passed and score >= 90}
    values = {
        "user": user,
        "kind": kind,
        "source": source,
        "title": f"记录{n}",
        "credit_hours": spec["hours"],
        "score": score,
        "occurred_at": when,
        "evidence": evidence,
    }
    try:
        record = study_record_add(**values)
    except CreditWithdrawn:  # a shared source credited and reversed before: not again
        return
    if spec["reversed"] and not record.is_reversed:
        later = min(when + datetime.timedelta(days=3), local(YEAR + 1, 1, 1, 0, 0))
        study_record_reverse(record=record, reason="误录", actor=None, now=later)
        if spec["recredit"]:
            with contextlib.suppress(CreditWithdrawn):
                study_record_add(**{**values, "event": f"again:{n}"})


def reference(user_ids: set[int], target: StudyTarget) -> dict:
    """Every figure by hand from all the records, read into Python."""
    rows = list(StudyRecord.objects.all())
    reversed_ids = {r.reverses_id for r in rows if r.reverses_id}
    live = [
        r
        for r in rows
        if r.user_id in user_ids
        and r.kind != K.CORRECTION
        and r.pk not in reversed_ids
        and timezone.localtime(r.occurred_at).year == YEAR
    ]
    people = {pk: {"hours": Decimal(0), "kinds": {}, "counts": {}, "exams": []} for pk in user_ids}
    months = {k: [Decimal(0)] * 12 for k in STUDY_KINDS}
    sessions, trainings, session_times, training_times = set(), set(), 0, 0
    for r in sorted(live, key=lambda r: (r.occurred_at, r.pk)):
        p = people[r.user_id]
        p["hours"] += r.credit_hours
        p["kinds"][r.kind] = p["kinds"].get(r.kind, Decimal(0)) + r.credit_hours
        p["counts"][r.kind] = p["counts"].get(r.kind, 0) + 1
        months[r.kind][timezone.localtime(r.occurred_at).month - 1] += r.credit_hours
        if r.kind == K.GROUP_SESSION:
            sessions.add(r.source)
            session_times += 1
        if r.kind == K.OFFLINE_TRAINING:
            trainings.add(r.source)
            training_times += 1
        if r.kind == K.QUIZ_ATTEMPT and r.evidence.get("mode") == "exam":
            p["exams"].append(r)
    takers = passed = excellent = met = 0
    scores = []
    for p in people.values():
        # The year's exam: the latest pass if there is one, else the latest exam.
        passes = [r for r in p["exams"] if r.evidence["passed"]]
        exam = (passes or p["exams"] or [None])[-1]
        p["exam"] = exam
        if exam is not None:
            takers += 1
            passed += exam.evidence["passed"]
            excellent += exam.evidence["excellent"]
            scores.append(exam.score)
        sessions_done = p["counts"].get(K.GROUP_SESSION, 0)
        met += (
            p["hours"] >= target.credit_hours
            and exam is not None
            and exam.evidence["passed"]
            and sessions_done >= target.group_sessions
        )
    return {
        "people": people,
        "months": months,
        "sessions": len(sessions),
        "session_times": session_times,
        "trainings": len(trainings),
        "training_times": training_times,
        "takers": takers,
        "passed": passed,
        "excellent": excellent,
        "met": met,
        "hours": sum((p["hours"] for p in people.values()), Decimal(0)),
        "participants": sum(1 for p in people.values() if p["counts"]),
        "bands": [
            (label, sum(1 for s in scores if low <= s < high)) for low, high, label in SCORE_BANDS
        ],
    }


def compare(lines, figures, months, expected):
    assert {o["id"]: Decimal(o["hours"]) for o in lines} == {
        pk: p["hours"] for pk, p in expected["people"].items()
    }
    for o in lines:
        p = expected["people"][o["id"]]
        assert {k: Decimal(v) for k, v in o["hours_by_kind"].items() if Decimal(v)} == {
            k: v for k, v in p["kinds"].items() if v
        }
        assert {k: v for k, v in o["counts"].items() if v} == p["counts"]
        exam = p["exam"]
        assert (o["exam"] is None) == (exam is None)
        if exam is not None:
            assert Decimal(o["exam"]["score"]) == exam.score
            assert o["exam"]["passed"] == exam.evidence["passed"]
    assert figures.officials == len(expected["people"])
    assert figures.hours == expected["hours"]
    assert figures.participants == expected["participants"]
    assert figures.met == expected["met"]
    assert (figures.exam_takers, figures.exam_passed, figures.exam_excellent) == (
        expected["takers"],
        expected["passed"],
        expected["excellent"],
    )
    assert figures.score_distribution == expected["bands"]
    assert len(figures.sessions_held) == expected["sessions"]
    assert figures.session_times == expected["session_times"]
    assert len(figures.trainings_held) == expected["trainings"]
    assert figures.training_times == expected["training_times"]
    if months is not None:
        by_label = {str(K(k).label): k for k in STUDY_KINDS}
        assert {by_label[m["label"]]: m["months"] for m in months} == expected["months"]


@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(people=officials, close=st.booleans(), sessions_target=st.integers(0, 2))
def test_department_and_office_figures_equal_a_python_reference(people, close, sessions_target):
    with transaction.atomic():
        office = DepartmentFactory(name="信访办", code="ref")
        sections = [
            DepartmentFactory(name=f"第{i}科", code=f"ref{i}", parent=office) for i in (1, 2)
        ]
        target = StudyTarget.objects.create(
            year=YEAR,
            credit_hours=Decimal("3"),
            required_courses=False,
            exam_passed=True,
            group_sessions=sessions_target,
        )
        members = {0: set(), 1: set()}
        for index, (section, specs) in enumerate(people):
            user = UserFactory(
                department=sections[section], name=f"官员{index}", date_joined=local(YEAR - 1, 1, 1)
            )
            members[section].add(user.pk)
            for n, spec in enumerate(specs):
                _write(user, n, spec)
        # The year totals the writes kept are what a rebuild from the ledger computes.
        kept = totals()
        study_totals_rebuild()
        assert totals() == kept
        if close:
            admin = UserFactory(role="administrator", department=None)
            year_close(year=YEAR, actor=admin, now=local(YEAR + 1, 1, 2))
        everyone = members[0] | members[1]

        lines = department_lines(department=office, year=YEAR, viewer=None).officials
        figures = figures_for(lines, year=YEAR)
        months = month_hours(user_ids=[o["id"] for o in lines], year=YEAR)
        compare(lines, figures, months, reference(everyone, target))
        for section, ids in zip(sections, (members[0], members[1]), strict=True):
            lines = department_lines(department=section, year=YEAR, viewer=None).officials
            compare(lines, figures_for(lines, year=YEAR), None, reference(ids, target))

        summary = office_summary(year=YEAR, viewer=None)
        by_name = dict(summary["rows"])
        for section, ids in zip(sections, (members[0], members[1]), strict=True):
            row = next((f for name, f in by_name.items() if name.endswith(section.name)), None)
            if ids:
                expected = reference(ids, target)
                assert row.officials == len(ids) and row.hours == expected["hours"]
                assert len(row.sessions_held) == expected["sessions"]
                assert row.session_times == expected["session_times"]
                assert len(row.trainings_held) == expected["trainings"]
                assert row.exam_passed == expected["passed"]
                assert row.score_distribution == expected["bands"]
        total = reference(everyone, target)
        assert summary["total"].hours == total["hours"]
        assert len(summary["total"].sessions_held) == total["sessions"]
        assert summary["total"].training_times == total["training_times"]
        assert summary["total"].score_distribution == total["bands"]
        transaction.set_rollback(True)
