"""Writes to the study-record ledger. Every other app credits study through these functions."""

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Case, Count, DecimalField, F, Max, Min, Sum, When
from django.utils.translation import gettext as _

from kit.years import local_year_month, month_edges

from .models import (
    MONTHS,
    ClosedStudyYear,
    StudyRecord,
    StudyRecordKind,
    StudyYearEvent,
    StudyYearTotal,
)


class LedgerError(ValueError):
    """A ledger write that makes no sense (reversing twice, negative hours …)."""


class CreditWithdrawn(LedgerError):
    """A correction reversed this source's credit. Repeating the action that earned it does
    not bring it back; only a new event or a trainer (``study_record_restore``) does."""

    def __init__(self, record: StudyRecord):
        super().__init__(
            _(
                "A trainer corrected this study record (%(reason)s). Studying it again does "
                "not restore the hours; ask your trainer if the correction is wrong."
            )
            % {"reason": record.reversed_by.reason}
        )
        self.record = record


class YearClosed(LedgerError):
    """The record's date lies in a closed study year (年度归档)."""

    def __init__(self, year: int):
        super().__init__(
            _(
                "The study year %(year)s is closed (年度已归档): no record dated in it can be "
                "added or corrected. An administrator must reopen the year first, saying why."
            )
            % {"year": year}
        )
        self.year = year


def study_year_is_closed(year: int) -> bool:
    return ClosedStudyYear.objects.filter(year=year).exists()


def _refuse_closed(occurred_at: datetime) -> None:
    """Every write dated in a closed year stops here: the ledger's single entry."""
    year = local_year_month(occurred_at)[0]
    if study_year_is_closed(year):
        raise YearClosed(year)


def study_year_close(*, year: int, actor, now: datetime) -> ClosedStudyYear:
    """Close ``year``: from now on no record dated in it is added or reversed."""
    with transaction.atomic():
        closed, created = ClosedStudyYear.objects.get_or_create(
            year=year, defaults={"closed_at": now, "closed_by": actor}
        )
        if not created:
            raise LedgerError(_("The study year %(year)s is already closed.") % {"year": year})
        StudyYearEvent.objects.create(
            year=year, action=StudyYearEvent.Action.CLOSE, actor=actor, at=now
        )
    return closed


def study_year_reopen(*, year: int, actor, reason: str, now: datetime) -> StudyYearEvent:
    """Reopen a closed ``year`` for a correction; who and why are recorded."""
    reason = (reason or "").strip()
    if not reason:
        raise LedgerError(_("Reopening a closed year needs a reason."))
    with transaction.atomic():
        deleted, _rows = ClosedStudyYear.objects.filter(year=year).delete()
        if not deleted:
            raise LedgerError(_("The study year %(year)s is not closed.") % {"year": year})
        return StudyYearEvent.objects.create(
            year=year, action=StudyYearEvent.Action.REOPEN, actor=actor, reason=reason, at=now
        )


# The year's totals (StudyYearTotal) ---------------------------------------------------------


def _count_in_totals(*, user_id: int, kind: str, occurred_at: datetime, hours, records: int):
    """Add a live record to its official's year and month (``records=-1`` with negative hours
    takes a reversed one out). Relative updates, so two writes at once both count; the row is
    created on first use, and a concurrent creation is met by updating the row it created."""
    year, month_number = local_year_month(occurred_at)
    key = {"user_id": user_id, "year": year, "kind": kind}
    month = f"m{month_number}"
    change = {
        "records": F("records") + records,
        "credit_hours": F("credit_hours") + hours,
        month: F(month) + hours,
    }
    if StudyYearTotal.objects.filter(**key).update(**change):
        return
    try:
        with transaction.atomic():
            StudyYearTotal.objects.create(
                **key, records=records, credit_hours=hours, **{month: hours}
            )
    except IntegrityError:
        StudyYearTotal.objects.filter(**key).update(**change)


def _rebuild_totals(*, record_model, total_model, years=None) -> int:
    """Recompute the year totals of ``years`` (None: every year the ledger holds) from the
    ledger's live records, one grouped query a year. The models are passed in so the migration
    that creates the table can fill it with its historical models. Returns the rows written."""
    records = record_model.objects.exclude(kind=StudyRecordKind.CORRECTION).filter(
        reversed_by__isnull=True
    )
    if years is None:
        span = records.aggregate(first=Min("occurred_at"), last=Max("occurred_at"))
        first, last = span["first"], span["last"]
        years = (
            []
            if first is None
            else range(local_year_month(first)[0], local_year_month(last)[0] + 1)
        )
    hours = DecimalField(max_digits=12, decimal_places=2)
    written = 0
    for year in years:
        edges = month_edges(year)
        sums = {
            f"m{m}": Sum(
                Case(
                    When(
                        occurred_at__gte=edges[m - 1], occurred_at__lt=edges[m], then="credit_hours"
                    ),
                    default=0,
                    output_field=hours,
                )
            )
            for m in MONTHS
        }
        rows = (
            records.filter(occurred_at__gte=edges[0], occurred_at__lt=edges[-1])
            .order_by()
            .values("user_id", "kind")
            .annotate(n=Count("pk"), h=Sum("credit_hours"), **sums)
        )
        totals = [
            total_model(
                user_id=row["user_id"],
                year=year,
                kind=row["kind"],
                records=row["n"],
                credit_hours=row["h"],
                **{f"m{m}": row[f"m{m}"] for m in MONTHS},
            )
            for row in rows
        ]
        total_model.objects.filter(year=year).delete()
        total_model.objects.bulk_create(totals, batch_size=2000)
        written += len(totals)
    return written


def study_totals_rebuild(*, years=None) -> int:
    """Recompute ``StudyYearTotal`` for ``years`` (None: all) from the ledger, in one
    transaction: what the write path keeps incrementally, from scratch."""
    with transaction.atomic():
        if years is None:
            StudyYearTotal.objects.all().delete()
        return _rebuild_totals(record_model=StudyRecord, total_model=StudyYearTotal, years=years)


def _latest(*, user, kind: str, source: str) -> StudyRecord | None:
    return (
        StudyRecord.objects.filter(user=user, kind=kind, source=source)
        .select_related("reversed_by")
        .order_by("-revision")
        .first()
    )


def _write(
    *,
    user,
    kind,
    source,
    revision,
    title,
    hours,
    score,
    occurred_at,
    evidence,
    event,
    created_by,
    reason="",
) -> StudyRecord:
    _refuse_closed(occurred_at)
    with transaction.atomic():
        record = StudyRecord.objects.create(
            user=user,
            kind=kind,
            source=source,
            revision=revision,
            title=title[:255],
            credit_hours=hours,
            score=None if score is None else Decimal(str(score)),
            occurred_at=occurred_at,
            evidence=evidence or {},
            event=event[:120],
            reason=reason,
            created_by=created_by,
        )
        _count_in_totals(
            user_id=record.user_id,
            kind=kind,
            occurred_at=record.occurred_at,
            hours=record.credit_hours,
            records=1,
        )
        return record


def _hours(credit_hours) -> Decimal:
    hours = Decimal(str(credit_hours))
    if hours < 0:
        raise LedgerError(_("Credit hours cannot be negative; add a correction instead."))
    return hours


def study_record_add(
    *,
    user,
    kind: str,
    source: str,
    title: str,
    credit_hours: Decimal | int | float | str = 0,
    score: Decimal | int | float | str | None = None,
    occurred_at: datetime,
    evidence: dict | None = None,
    event: str = "",
    created_by=None,
) -> StudyRecord:
    """Credit ``user`` for ``source``. Idempotent: a second write for the same user, kind and
    source returns the record already there.

    After a correction reversed the source's credit, the same write raises
    ``CreditWithdrawn``: clicking "studied" again is not a new reason to credit. Only a
    genuinely new ``event`` (one no earlier record of the source carries, e.g. a further
    quiz attempt) writes the next revision; a trainer uses ``study_record_restore``.
    """
    if kind not in StudyRecordKind.values or kind == StudyRecordKind.CORRECTION:
        raise LedgerError(_("Unknown study record kind: %(kind)s") % {"kind": kind})
    hours = _hours(credit_hours)
    for _try in range(3):
        latest = _latest(user=user, kind=kind, source=source)
        if latest is not None and not latest.is_reversed:
            return latest
        if latest is not None and (
            not event
            or StudyRecord.objects.filter(user=user, kind=kind, source=source, event=event).exists()
        ):
            raise CreditWithdrawn(latest)
        try:
            return _write(
                user=user,
                kind=kind,
                source=source,
                revision=latest.revision + 1 if latest is not None else 0,
                title=title,
                hours=hours,
                score=score,
                occurred_at=occurred_at,
                evidence=evidence,
                event=event,
                created_by=created_by,
            )
        except IntegrityError:
            continue  # a concurrent write took this revision: read again
    raise LedgerError(_("The study record could not be written; try again."))


def study_record_replace(
    *,
    record: StudyRecord,
    reason: str,
    now: datetime,
    title: str,
    credit_hours: Decimal | int | float | str = 0,
    score: Decimal | int | float | str | None = None,
    evidence: dict | None = None,
    event: str = "",
) -> StudyRecord:
    """The app that wrote ``record`` learned new facts (a quiz grade changed): reverse it and
    write the next revision with the new values, in one transaction."""
    hours = _hours(credit_hours)
    with transaction.atomic():
        study_record_reverse(record=record, reason=reason, actor=None, now=now)
        return _write(
            user=record.user,
            kind=record.kind,
            source=record.source,
            revision=record.revision + 1,
            title=title,
            hours=hours,
            score=score,
            occurred_at=now,
            evidence=evidence,
            event=event or record.event,
            created_by=None,
        )


def ledger_refuse_own(*, actor, user_id: int) -> None:
    """Nobody enters, corrects or restores their own study record by hand: hours are true
    because someone else vouches for them (a trainer's own training is entered by another
    trainer or an administrator). What the site credits by itself — a lesson, a quiz, a
    session's confirmed attendance — is no one's hand."""
    if actor is not None and actor.pk == user_id:
        raise LedgerError(
            _(
                "Nobody enters, corrects or restores their own study record: ask another "
                "trainer or an administrator."
            )
        )


def study_record_restore(*, record: StudyRecord, reason: str, actor, now: datetime) -> StudyRecord:
    """A trainer decides a correction was wrong: credit ``record``'s source again (the next
    revision, same hours and score), saying why. ``record`` is the reversed record."""
    ledger_refuse_own(actor=actor, user_id=record.user_id)
    reason = (reason or "").strip()
    if not reason:
        raise LedgerError(_("Restoring a record needs a reason."))
    if record.is_correction or not record.is_reversed:
        raise LedgerError(_("Only a reversed record can be restored."))
    latest = _latest(user=record.user, kind=record.kind, source=record.source)
    if latest.pk != record.pk:
        raise LedgerError(_("This source has been credited again since; nothing to restore."))
    try:
        return _write(
            user=record.user,
            kind=record.kind,
            source=record.source,
            revision=record.revision + 1,
            title=record.title,
            hours=record.credit_hours,
            score=record.score,
            occurred_at=now,
            evidence={**record.evidence, "restores": record.pk},
            event=record.event,
            created_by=actor,
            reason=reason,
        )
    except IntegrityError as exc:
        raise LedgerError(_("This record has already been restored.")) from exc


def study_record_reverse(*, record: StudyRecord, reason: str, actor, now: datetime) -> StudyRecord:
    """Cancel ``record`` with a new record of opposite hours, saying why and who did it."""
    reason = (reason or "").strip()
    if not reason:
        raise LedgerError(_("A correction needs a reason."))
    if record.is_correction:
        raise LedgerError(_("A correction cannot itself be reversed; add a new record instead."))
    _refuse_closed(record.occurred_at)
    _refuse_closed(now)
    try:
        with transaction.atomic():
            correction = StudyRecord.objects.create(
                user_id=record.user_id,
                kind=StudyRecordKind.CORRECTION,
                source=f"correction:{record.pk}",
                title=_("Correction: %(title)s") % {"title": record.title[:200]},
                credit_hours=-record.credit_hours,
                occurred_at=now,
                evidence={"reverses_kind": record.kind, "reverses_source": record.source},
                reverses=record,
                reason=reason,
                created_by=actor,
            )
            # The reversed record leaves the month it was dated in; the correction counts
            # nowhere.
            _count_in_totals(
                user_id=record.user_id,
                kind=record.kind,
                occurred_at=record.occurred_at,
                hours=-record.credit_hours,
                records=-1,
            )
            return correction
    except IntegrityError as exc:
        raise LedgerError(_("This record has already been reversed.")) from exc


def offline_training_add(
    *,
    users: Iterable,
    title: str,
    credit_hours: Decimal,
    occurred_at: datetime,
    actor,
    evidence: dict | None = None,
    batch_key: str,
) -> list[StudyRecord]:
    """Credit many officials for one offline training (a party-school lecture, say).

    ``batch_key`` identifies the training, so entering the same form twice credits once, and
    an official whose credit for it was corrected is not credited again by re-sending the
    form (the trainer restores that record instead). Returns the records that count.
    """
    users = list(users)
    for user in users:
        ledger_refuse_own(actor=actor, user_id=user.pk)
    records = []
    with transaction.atomic():
        for user in users:
            try:
                record = study_record_add(
                    user=user,
                    kind=StudyRecordKind.OFFLINE_TRAINING,
                    source=f"offline:{batch_key}",
                    title=title,
                    credit_hours=credit_hours,
                    occurred_at=occurred_at,
                    evidence=evidence or {},
                    created_by=actor,
                )
            except CreditWithdrawn:
                continue
            records.append(record)
    return records
