"""Credited reading: the one time gate for every page an official confirms having studied.

Lessons (``courses``) and cases (``case_library``) credit the ledger when the official says
"I have studied this". The same rule holds for both, and for any other reading that earns
credit: the server stamps when the official first opened the page, and the confirmation is
refused until ``XUEFA_READING_MIN_TIME_RATIO`` (default 0.5) of the page's estimated study
time has passed since then. Reloading never moves the stamp, the browser's clock is never
asked, and a confirmation for a page the server never saw opened is refused. Time is a gate
against clicking through, never a score or a ranking.

An app that keeps its own progress row (lessons: ``courses.LessonProgress``) passes its
``opened_at`` to :func:`reading_check`; one that does not (cases) stamps the visit here with
:func:`reading_open` and reads it back with :func:`reading_opened_at`.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils.translation import ngettext

DEFAULT_MIN_TIME_RATIO = 0.5


class ReadingNotOpened(Exception):
    """Confirming a page the server never saw the official open."""


class ReadingTooSoon(Exception):
    """The minimum study time since the page was first opened has not passed yet."""

    def __init__(self, remaining: timedelta):
        super().__init__(remaining)
        self.remaining = remaining


def reading_minimum(estimated_minutes: int) -> timedelta:
    """How long after first opening a page the official may confirm having studied it."""
    ratio = getattr(settings, "XUEFA_READING_MIN_TIME_RATIO", None)
    if ratio is None:  # the lessons' older name for the same setting
        ratio = getattr(settings, "XUEFA_LESSON_MIN_TIME_RATIO", DEFAULT_MIN_TIME_RATIO)
    return timedelta(seconds=max(0, round((estimated_minutes or 0) * 60 * float(ratio))))


def reading_ready_at(*, opened_at: datetime | None, estimated_minutes: int) -> datetime | None:
    """When the confirmation opens (None: the page was never opened)."""
    if opened_at is None:
        return None
    return opened_at + reading_minimum(estimated_minutes)


def reading_check(*, opened_at: datetime | None, estimated_minutes: int, now: datetime) -> None:
    """Raise unless a confirmation at ``now`` may credit a page first opened at ``opened_at``."""
    ready_at = reading_ready_at(opened_at=opened_at, estimated_minutes=estimated_minutes)
    if ready_at is None:
        raise ReadingNotOpened
    if now < ready_at:
        raise ReadingTooSoon(ready_at - now)


def reading_open(*, user, source: str, now: datetime):
    """Stamp that ``user`` opened the page ``source`` (a ledger source key). The first
    opening never moves; later visits only move ``last_opened_at``."""
    from .models import ReadingVisit

    visit, created = ReadingVisit.objects.get_or_create(
        user=user, source=source, defaults={"opened_at": now, "last_opened_at": now}
    )
    if not created:
        ReadingVisit.objects.filter(pk=visit.pk).update(last_opened_at=now)
        visit.last_opened_at = now
    return visit


def reading_opened_at(*, user, source: str) -> datetime | None:
    from .models import ReadingVisit

    if not getattr(user, "is_authenticated", False):
        return None
    return (
        ReadingVisit.objects.filter(user=user, source=source)
        .values_list("opened_at", flat=True)
        .first()
    )


def minutes_text(remaining: timedelta) -> str:
    """“3 minutes”: how long until the confirmation opens, rounded up to a whole minute."""
    minutes = max(1, -(-int(remaining.total_seconds()) // 60))
    return ngettext("%(n)d minute", "%(n)d minutes", minutes) % {"n": minutes}
