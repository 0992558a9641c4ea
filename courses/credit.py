"""Credit-hour (学时) and minimum-study-time rules, in one place.

Credit hours are earned per COURSE, from the course's total estimated study time (the sum of
its lessons' estimated minutes), following common cadre-training practice:

    ≥ 30 minutes → 1 学时;  15–30 minutes → 0.5;  < 15 minutes → 0.25.

A course longer than the top band earns one more 学时 per further full 30 minutes (a
95-minute course earns 3), so a three-hour course counts for more than a half-hour one.
Lessons themselves are recorded in the ledger with 0 学时: the course carries the credit,
so a course cannot be credited twice by studying its lessons. A trainer can override a
single course's credit hours on the course page.

Projects override the table with ``XUEFA_CREDIT_HOUR_BANDS`` (a list of
``(minimum_minutes, hours)``, highest first) and the per-30-minute step with
``XUEFA_CREDIT_HOURS_PER_FULL_30_MINUTES`` (set to 0 to cap a course at the top band).

The minimum study time for a lesson is the rule every credited reading follows
(``records.reading``): half its estimated time by default, counted from the first opening.
"""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings

from records.reading import reading_minimum

DEFAULT_BANDS = [(30, Decimal("1")), (15, Decimal("0.5")), (0, Decimal("0.25"))]


def _bands() -> list[tuple[int, Decimal]]:
    bands = getattr(settings, "XUEFA_CREDIT_HOUR_BANDS", None) or DEFAULT_BANDS
    return sorted(((int(m), Decimal(str(h))) for m, h in bands), reverse=True)


def credit_hours_for_minutes(minutes: int) -> Decimal:
    """学时 for a course of ``minutes`` estimated study time."""
    if minutes <= 0:
        return Decimal("0")
    per_30 = Decimal(str(getattr(settings, "XUEFA_CREDIT_HOURS_PER_FULL_30_MINUTES", 1)))
    bands = _bands()
    top_minutes, top_hours = bands[0]
    if minutes >= top_minutes and top_minutes > 0 and per_30 > 0:
        extra_halves = (minutes - top_minutes) // 30
        return top_hours + per_30 * extra_halves
    for minimum, hours in bands:
        if minutes >= minimum:
            return hours
    return Decimal("0")


def minimum_study_time(estimated_minutes: int) -> timedelta:
    """How long after opening a lesson the official may confirm having studied it."""
    return reading_minimum(estimated_minutes)
