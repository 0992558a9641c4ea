"""Writes: studying a case, redacting findings, marking false positives."""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from records.models import StudyRecord, StudyRecordKind
from records.reading import reading_check, reading_opened_at
from records.selectors import study_credit
from records.services import study_record_add

from . import anonymiser
from .models import CasePage, FindingDismissal


class CaseNotAvailable(ValueError):
    """The case is not published, so it cannot be studied."""


def case_study_confirm(*, page: CasePage, user, now: datetime) -> StudyRecord:
    """The official confirms they studied ``page``: one ledger record (idempotent). Refused
    (``records.reading``) for a case the server never saw them open, and before half its
    estimated study time has passed since they first opened it."""
    if not page.live:
        raise CaseNotAvailable(_("Only published cases can be studied."))
    credit = study_credit(user=user, source=page.source_key)
    if credit.credited:
        return credit.record
    opened_at = reading_opened_at(user=user, source=page.source_key)
    reading_check(opened_at=opened_at, estimated_minutes=page.estimated_minutes, now=now)
    return study_record_add(
        user=user,
        kind=StudyRecordKind.CASE_REVIEWED,
        source=page.source_key,
        title=page.title,
        credit_hours=page.credit_hours,
        occurred_at=now,
        evidence={
            "page_id": page.pk,
            "url": page.url,
            "opened_at": opened_at.isoformat(),
            "minutes": page.estimated_minutes,
        },
    )


def case_redact(*, page: CasePage, user, kind: str | None = None, text: str | None = None):
    """Redact findings in the latest draft of ``page`` and save a new revision (not published).

    With ``kind`` and ``text``: every occurrence of that finding, in every field. Without:
    every unresolved finding. Returns the new revision, or None when nothing changed.
    """
    draft = page.get_latest_revision_as_object()
    dismissed = set(FindingDismissal.objects.filter(page_id=page.pk).values_list("kind", "text"))
    fields = CasePage.TEXT_FIELDS
    texts = [(getattr(draft, name) or "", rich) for name, rich in fields]
    changed = False
    for (name, rich), (value, _rich), findings in zip(
        fields, texts, anonymiser.find_many_html(texts), strict=True
    ):
        chosen = [
            f
            for f in findings
            if (f.kind, f.text) not in dismissed
            and (kind is None or (f.kind == kind and f.text == text))
        ]
        if not chosen:
            continue
        redacted = (
            anonymiser.redact_html(value, chosen) if rich else anonymiser.redact(value, chosen)
        )
        if name == "title":
            redacted = redacted[: CasePage._meta.get_field("title").max_length]
        setattr(draft, name, redacted)
        changed = True
    if not changed:
        return None
    with transaction.atomic():
        return draft.save_revision(user=user, log_action=True, clean=False)


def finding_dismiss(*, page: CasePage, kind: str, text: str, user, now: datetime):
    """Record that ``text`` (of ``kind``) in ``page`` is not personal data, who said so, when."""
    dismissal, _created = FindingDismissal.objects.get_or_create(
        page=page,
        kind=kind[:30],
        text=text[:255],
        defaults={"dismissed_by": user, "dismissed_at": now},
    )
    return dismissal


def finding_undismiss(*, page: CasePage, kind: str, text: str) -> None:
    FindingDismissal.objects.filter(page=page, kind=kind, text=text).delete()
