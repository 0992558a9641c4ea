"""The year totals (records.StudyYearTotal) the ledger's write path keeps beside the ledger.

Each official's live records of a kind in a year — how many, their hours, the hours of each
month in the site's time zone — kept as records are written and reversed, equal to what
``rebuild_study_totals`` computes from the ledger from scratch. (The random ledgers of
tests/reports/test_aggregation.py check the same on every example.)
"""

import datetime
import io
import threading
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from records.models import StudyRecordKind, StudyYearTotal
from records.services import (
    study_record_add,
    study_record_replace,
    study_record_restore,
    study_record_reverse,
    study_totals_rebuild,
)
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
K = StudyRecordKind
YEAR = 2025


def local(year, month, day, hour=10, minute=0):
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def add(user, *, when, hours="1", kind=K.LESSON_STUDIED, source=None, event=""):
    add.n = getattr(add, "n", 0) + 1
    return study_record_add(
        user=user,
        kind=kind,
        source=source or f"test:{add.n}",
        title="学习记录",
        credit_hours=hours,
        occurred_at=when,
        event=event,
    )


def totals():
    """Every total as plain values, the months by number (zero rows left out: a rebuild writes
    none, and a record added and reversed leaves one)."""
    return {
        (t.user_id, t.year, t.kind): (t.records, t.credit_hours, t.month_hours())
        for t in StudyYearTotal.objects.all()
        if t.records or t.credit_hours or any(t.month_hours())
    }


def months(**by_month):
    return [Decimal(by_month.get(f"m{m}", "0")) for m in range(1, 13)]


def test_a_record_counts_in_its_official_kind_and_month(official):
    add(official, when=local(YEAR, 3, 10), hours="1.5")
    add(official, when=local(YEAR, 3, 20), hours="0.5")
    add(official, when=local(YEAR, 7, 1), hours="2")
    add(official, when=local(YEAR, 7, 1), hours="1", kind=K.CASE_REVIEWED)
    assert totals() == {
        (official.pk, YEAR, K.LESSON_STUDIED): (3, Decimal("4"), months(m3="2", m7="2")),
        (official.pk, YEAR, K.CASE_REVIEWED): (1, Decimal("1"), months(m7="1")),
    }


def test_months_and_years_are_the_site_time_zone(official):
    """23:30 on 31 December in Beijing is 15:30 UTC: last year's December, not next January."""
    add(official, when=local(YEAR, 12, 31, 23, 30), hours="1")
    add(official, when=local(YEAR + 1, 1, 1, 0, 0), hours="2")
    assert totals() == {
        (official.pk, YEAR, K.LESSON_STUDIED): (1, Decimal("1"), months(m12="1")),
        (official.pk, YEAR + 1, K.LESSON_STUDIED): (1, Decimal("2"), months(m1="2")),
    }


def test_a_reversal_takes_the_record_out_of_its_own_month_and_the_correction_counts_nowhere(
    official,
):
    """A December record reversed in January leaves December's year; no correction kind."""
    kept = add(official, when=local(YEAR, 12, 5), hours="1")
    wrong = add(official, when=local(YEAR, 12, 10), hours="3")
    study_record_reverse(record=wrong, reason="误录", actor=None, now=local(YEAR + 1, 1, 8))
    assert kept.pk
    assert totals() == {
        (official.pk, YEAR, K.LESSON_STUDIED): (1, Decimal("1"), months(m12="1")),
    }
    assert not StudyYearTotal.objects.filter(kind=K.CORRECTION).exists()


def test_replace_and_restore_move_the_credit_to_the_new_revision(official, trainer):
    """A replaced record leaves its month and the new revision counts in its own; a restored
    record counts again when restored."""
    quiz = add(official, when=local(YEAR, 4, 2), hours="2", kind=K.QUIZ_ATTEMPT, source="q:1")
    study_record_replace(
        record=quiz, reason="改判", now=local(YEAR, 5, 6), title="测验", credit_hours="1"
    )
    lesson = add(official, when=local(YEAR, 6, 1), hours="1")
    study_record_reverse(record=lesson, reason="误录", actor=trainer, now=local(YEAR, 6, 2))
    study_record_restore(record=lesson, reason="确有学习", actor=trainer, now=local(YEAR, 9, 3))
    assert totals() == {
        (official.pk, YEAR, K.QUIZ_ATTEMPT): (1, Decimal("1"), months(m5="1")),
        (official.pk, YEAR, K.LESSON_STUDIED): (1, Decimal("1"), months(m9="1")),
    }


def test_rebuild_from_the_ledger_equals_what_the_writes_kept(official):
    other = UserFactory(department=official.department)
    for month in (1, 2, 2, 6, 12):
        add(official, when=local(YEAR, month, 3), hours="0.5")
        add(other, when=local(YEAR - 1, month, 3), hours="1.25", kind=K.GROUP_SESSION)
    wrong = add(other, when=local(YEAR, 2, 3), hours="4", kind=K.OFFLINE_TRAINING)
    study_record_reverse(record=wrong, reason="误录", actor=None, now=local(YEAR, 3, 1))
    kept = totals()
    assert kept
    StudyYearTotal.objects.update(records=99, credit_hours=99)  # spoil them
    assert study_totals_rebuild() == len(kept)
    assert totals() == kept
    StudyYearTotal.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_study_totals", str(YEAR - 1), str(YEAR), stdout=out)
    assert totals() == kept
    assert f"{len(kept)} year totals written" in out.getvalue()


def test_rebuilding_one_year_leaves_the_others(official):
    add(official, when=local(YEAR - 1, 5, 1), hours="1")
    add(official, when=local(YEAR, 5, 1), hours="2")
    StudyYearTotal.objects.filter(year=YEAR - 1).update(credit_hours=7)
    study_totals_rebuild(years=[YEAR])
    assert StudyYearTotal.objects.get(year=YEAR - 1).credit_hours == Decimal("7")
    assert StudyYearTotal.objects.get(year=YEAR).credit_hours == Decimal("2")


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    "postgres" not in __import__("os").environ.get("DATABASE_URL", ""),
    reason="concurrent writers need PostgreSQL (SQLite serialises writers)",
)
def test_concurrent_writes_for_one_official_all_count(official):
    """Eight writers credit the same official, kind and month at once: the first ones race to
    create the total's row, the rest update it relatively; every hour counts."""
    writers, each = 8, 5
    barrier = threading.Barrier(writers)
    errors = []

    def write(n):
        try:
            barrier.wait()
            for k in range(each):
                add(official, when=local(YEAR, 8, 1), hours="0.5", source=f"race:{n}:{k}")
        except Exception as exc:  # noqa: BLE001 — reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    total = StudyYearTotal.objects.get(user=official, year=YEAR, kind=K.LESSON_STUDIED)
    assert (total.records, total.credit_hours, total.m8) == (
        writers * each,
        Decimal("0.5") * writers * each,
        Decimal("0.5") * writers * each,
    )
