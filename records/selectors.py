"""Reads of the study-record ledger for dashboards and reports."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Sum
from django.db.models.functions import Coalesce

from .models import StudyRecord, StudyRecordKind

ZERO = Decimal("0")


@dataclass(frozen=True)
class SourceCredit:
    """Where one source stands in one official's ledger.

    ``record`` is the latest revision for the source (None: never credited). The source is
    ``credited`` when that record stands, ``withdrawn`` when a correction reversed it (its
    ``correction`` says who and why).
    """

    source: str
    record: StudyRecord | None = None

    @property
    def credited(self) -> bool:
        return self.record is not None and not self.record.is_reversed

    @property
    def withdrawn(self) -> bool:
        return self.record is not None and self.record.is_reversed

    @property
    def correction(self) -> StudyRecord | None:
        return self.record.reversed_by if self.withdrawn else None

    def __bool__(self) -> bool:
        return self.credited


def study_credits(*, user, sources: Iterable[str]) -> dict[str, SourceCredit]:
    """THE rule for "is this source credited for this user", for many sources in one query.

    Every app asks it (case pages and lists, quiz prerequisites, course pages) instead of
    filtering the ledger its own way. Every source asked for is in the answer.
    """
    sources = list(dict.fromkeys(sources))
    latest: dict[str, StudyRecord] = {}
    if sources and getattr(user, "is_authenticated", False):
        records = (
            StudyRecord.objects.filter(user=user, source__in=sources)
            .exclude(kind=StudyRecordKind.CORRECTION)
            .select_related("reversed_by", "reversed_by__created_by")
            .order_by("source", "revision")
        )
        for record in records:
            latest[record.source] = record  # ascending revisions: the last one wins
    return {source: SourceCredit(source=source, record=latest.get(source)) for source in sources}


def study_credit(*, user, source: str) -> SourceCredit:
    """Whether ``source`` (a ``kit.contracts.LEDGER_SOURCES`` key) is credited for ``user``."""
    return study_credits(user=user, sources=[source])[source]


@dataclass
class YearSummary:
    year: int
    credit_hours: Decimal = ZERO
    by_kind: dict[str, int] = field(default_factory=dict)

    def count(self, kind: str) -> int:
        return self.by_kind.get(kind, 0)


def study_records_for_user(*, user, year: int | None = None):
    records = StudyRecord.objects.filter(user=user).select_related("created_by", "reverses")
    if year is not None:
        records = records.for_year(year)
    return records


def scores_hidden(*, records, viewer, now) -> dict[str, str]:
    """For the records whose app withholds the score from ``viewer`` now (a quiz whose results
    are not released, ``kit.hooks.record_score_hidden``): their source → the reason shown
    instead. Asked once per source. A hidden record's score, pass/fail and credit hours (a
    pass earns hours, so hours give the result away) are not shown; its reversals neither."""
    from kit.hooks import record_score_hidden

    asked: dict[str, str | None] = {}
    for record in records:
        if record.source and record.source not in asked:
            asked[record.source] = record_score_hidden(record, viewer, now)
    return {source: reason for source, reason in asked.items() if reason}


def study_year_summary(*, user, year: int) -> YearSummary:
    """Credit hours (net of corrections) and how many records of each kind, in two queries."""
    records = StudyRecord.objects.filter(user=user).for_year(year)
    total = records.aggregate(hours=Coalesce(Sum("credit_hours"), ZERO))["hours"]
    # A reversed record does not count towards the tallies.
    counts = records.credited().values("kind").annotate(n=Count("pk"))
    return YearSummary(year=year, credit_hours=total, by_kind={r["kind"]: r["n"] for r in counts})


def study_hours_by_user(*, users, year: int) -> dict[int, Decimal]:
    """Net credit hours per user for a year, in one query (for department reports)."""
    rows = (
        StudyRecord.objects.filter(user__in=users, occurred_at__year=year)
        .values("user_id")
        .annotate(hours=Coalesce(Sum("credit_hours"), ZERO))
    )
    return {row["user_id"]: row["hours"] for row in rows}
