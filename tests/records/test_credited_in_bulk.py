"""``credited_in_bulk()`` — the year-end reports' way of leaving out reversed records (a NOT IN
list of the reversed ids, which PostgreSQL hashes) — keeps exactly the records ``credited()``
keeps, on a ledger with reversals, re-credits, a reversal made the next year and corrections."""

import random

import pytest

from records.models import StudyRecord, StudyRecordKind
from records.services import study_record_reverse
from reports.selectors import live_records
from tests.factories import UserFactory
from tests.reports.helpers import YEAR, at, credit

pytestmark = pytest.mark.django_db


def test_it_keeps_what_credited_keeps():
    rng = random.Random(15)
    people = [UserFactory() for _ in range(6)]
    records = []
    for n in range(120):
        kind = rng.choice([StudyRecordKind.LESSON_STUDIED, StudyRecordKind.GROUP_SESSION])
        records.append(
            credit(
                rng.choice(people),
                kind,
                hours=str(rng.randint(1, 4)),
                source=f"bench:{n}",
                when=at(month=rng.randint(1, 12), day=rng.randint(1, 27)),
            )
        )
    for record in rng.sample(records, 25):
        # Some reversed within the year, some the next January (the year is still open).
        when = at(YEAR + 1, month=1, day=5) if rng.random() < 0.3 else at(month=12, day=28)
        study_record_reverse(record=record, reason="登记有误", actor=None, now=when)
    corrections = StudyRecord.objects.filter(kind=StudyRecordKind.CORRECTION)
    assert corrections.count() == 25

    def ids(queryset):
        return set(queryset.values_list("pk", flat=True))

    assert ids(StudyRecord.objects.credited_in_bulk()) == ids(StudyRecord.objects.credited())
    assert len(ids(StudyRecord.objects.credited())) == 95
    # The same inside the year and one kind, as the reports ask.
    sessions = StudyRecord.objects.filter(kind=StudyRecordKind.GROUP_SESSION)
    assert ids(sessions.credited_in_bulk()) == ids(sessions.credited())
    start_of_year = at(month=1, day=1).replace(hour=0, minute=0)
    assert ids(live_records(year=YEAR)) == ids(
        StudyRecord.objects.filter(
            occurred_at__gte=start_of_year, occurred_at__year=YEAR
        ).credited()
    )
    assert not ids(live_records(year=YEAR)) & ids(corrections)
