"""Writes to the study-record ledger. Every other app credits study through these functions."""

from collections.abc import Iterable
from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from .models import StudyRecord, StudyRecordKind


class LedgerError(ValueError):
    """A ledger write that makes no sense (reversing twice, negative hours …)."""


def _latest(*, user, kind: str, source: str) -> StudyRecord | None:
    return (
        StudyRecord.objects.filter(user=user, kind=kind, source=source)
        .select_related("reversed_by")
        .order_by("-revision")
        .first()
    )


def _is_reversed(record: StudyRecord) -> bool:
    try:
        record.reversed_by  # noqa: B018 — the reverse one-to-one raises when absent
    except StudyRecord.DoesNotExist:
        return False
    return True


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
    created_by=None,
) -> StudyRecord:
    """Credit ``user`` for ``source``. Idempotent: a second write for the same user, kind and
    source returns the record already there, unless a correction reversed it.
    """
    if kind not in StudyRecordKind.values or kind == StudyRecordKind.CORRECTION:
        raise LedgerError(_("Unknown study record kind: %(kind)s") % {"kind": kind})
    hours = Decimal(str(credit_hours))
    if hours < 0:
        raise LedgerError(_("Credit hours cannot be negative; add a correction instead."))
    for _try in range(3):
        latest = _latest(user=user, kind=kind, source=source)
        if latest is not None and not _is_reversed(latest):
            return latest
        revision = latest.revision + 1 if latest is not None else 0
        try:
            with transaction.atomic():
                return StudyRecord.objects.create(
                    user=user,
                    kind=kind,
                    source=source,
                    revision=revision,
                    title=title[:255],
                    credit_hours=hours,
                    score=None if score is None else Decimal(str(score)),
                    occurred_at=occurred_at,
                    evidence=evidence or {},
                    created_by=created_by,
                )
        except IntegrityError:
            continue  # a concurrent write took this revision: read again
    raise LedgerError(_("The study record could not be written; try again."))


def study_record_reverse(*, record: StudyRecord, reason: str, actor, now: datetime) -> StudyRecord:
    """Cancel ``record`` with a new record of opposite hours, saying why and who did it."""
    reason = (reason or "").strip()
    if not reason:
        raise LedgerError(_("A correction needs a reason."))
    if record.is_correction:
        raise LedgerError(_("A correction cannot itself be reversed; add a new record instead."))
    try:
        with transaction.atomic():
            return StudyRecord.objects.create(
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

    ``batch_key`` identifies the training, so entering the same form twice credits once.
    """
    records = []
    with transaction.atomic():
        for user in users:
            records.append(
                study_record_add(
                    user=user,
                    kind=StudyRecordKind.OFFLINE_TRAINING,
                    source=f"offline:{batch_key}",
                    title=title,
                    credit_hours=credit_hours,
                    occurred_at=occurred_at,
                    evidence=evidence or {},
                    created_by=actor,
                )
            )
    return records
