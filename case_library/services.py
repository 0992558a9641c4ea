"""Writes: studying a case, redacting findings, marking false positives, and keeping the raw
intake data of a redacted case out of sight (history, logs, titles, indexes) until it is
purged (docs/personal-data.md)."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from records.models import StudyRecord, StudyRecordKind
from records.reading import reading_check, reading_opened_at
from records.selectors import study_credit
from records.services import study_record_add

from . import anonymiser
from .models import CasePage, CaseRedaction, FindingDismissal


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
    from .scanning import case_scan, case_scan_forget, case_texts

    draft = page.get_latest_revision_as_object()
    dismissed = set(FindingDismissal.objects.filter(page_id=page.pk).values_list("kind", "text"))
    fields = CasePage.TEXT_FIELDS
    texts = case_texts(draft)
    changed = False
    replacements: dict[str, str] = {}
    for (name, rich), (value, _rich), findings in zip(fields, texts, case_scan(draft), strict=True):
        chosen = [
            f
            for f in findings
            if (f.kind, f.text) not in dismissed
            and (kind is None or (f.kind == kind and f.text == text))
        ]
        if not chosen:
            continue
        replacements.update({f.text: f.replacement for f in chosen})
        redacted = (
            anonymiser.redact_html(value, chosen) if rich else anonymiser.redact(value, chosen)
        )
        limit = None if name == "tag_text" else CasePage._meta.get_field(name).max_length
        if limit and not rich:
            redacted = redacted[:limit]
        setattr(draft, name, redacted)
        changed = True
    if not changed:
        return None
    slug = _slug_without(draft.slug, title=draft.title, raw=replacements, parent=page.get_parent())
    if slug:
        draft.slug = slug
    draft.draft_title = draft.title  # the revision's own copy of the title, raw until now
    with transaction.atomic():
        if not page.live:
            # A draft's own row is what Wagtail's search index, the admin API and the page
            # listings read: it gets the redacted text too (as the editor's 保存草稿 does).
            draft.save(clean=False)
        revision = draft.save_revision(user=user, log_action=True, clean=False)
        case_redaction_record(
            page=page,
            revision=revision,
            user=user,
            via=CaseRedaction.Via.REDACT,
            now=revision.created_at,
            replacements=replacements,
        )
        case_scan_forget(page_id=page.pk)  # it quoted the raw data just redacted
    return revision


def case_raw_check_on_publish(*, page: CasePage, revision, previous_live_id, user) -> None:
    """Published after personal data was removed by hand, without 一键脱敏: the revisions since
    the last check that still held unresolved findings are raw intake data all the same."""
    from .selectors import case_findings, case_raw_before

    start = max(case_raw_before(page_id=page.pk) or 0, (previous_live_id or 0) + 1)
    replacements: dict[str, str] = {}
    for earlier in page.revisions.filter(pk__gte=start, pk__lt=revision.pk):
        for found in case_findings(page=earlier.as_object()):
            if not found.dismissed:
                replacements[found.text] = found.replacement
    if replacements:
        case_redaction_record(
            page=page,
            revision=revision,
            user=user,
            via=CaseRedaction.Via.PUBLISH,
            now=revision.created_at,
            replacements=replacements,
        )
        page.refresh_from_db()
        slug = _slug_without(
            page.slug, title=page.title, raw=replacements, parent=page.get_parent()
        )
        if slug:  # it went live under a slug spelling out the raw data: it moves
            current = page.get_latest_revision_as_object()
            current.slug = slug
            current.save_revision(user=user, log_action=True, clean=False).publish(user=user)
            return
    if case_raw_before(page_id=page.pk) is not None:
        case_raw_redirects_delete(page=page)


def case_raw_redirects_delete(*, page: CasePage) -> int:
    """Wagtail redirects a published page's old address after a slug change; an old slug of a
    raw revision (周建华来访) spells out the raw data, so its redirect goes."""
    from urllib.parse import quote

    from wagtail.contrib.redirects.models import Redirect

    from .selectors import case_raw_revision_ids

    revisions = page.revisions.filter(pk__in=case_raw_revision_ids(page=page))
    slugs = {r.content.get("slug") for r in revisions.only("content")} - {page.slug, None, ""}
    query = models.Q(pk__in=[])
    for slug in slugs:
        query |= models.Q(old_path__contains=slug) | models.Q(old_path__contains=quote(slug))
    return Redirect.objects.filter(query, redirect_page_id=page.pk).delete()[0]


def case_copy_without_raw(*, source: CasePage, copy: CasePage) -> int:
    """Copying a redacted case copies its revisions: the copy keeps only its current ones,
    so the raw ones do not reappear unguarded under another page."""
    from .selectors import case_raw_revision_ids

    if not case_raw_revision_ids(page=source):
        return 0
    keep = {copy.latest_revision_id, copy.live_revision_id}
    return copy.revisions.exclude(pk__in=keep).delete()[0]


def _slug_without(slug: str, *, title: str, raw: dict[str, str], parent) -> str:
    """A new slug when the current one spells out redacted data (Wagtail makes a slug of a
    Chinese title as it is: 周建华来访 → /cases/周建华来访/), else ''."""
    if not any(text and slugify(text, allow_unicode=True) in slug for text in raw):
        return ""
    base = slugify(title.replace("×", ""), allow_unicode=True)[:200] or "case"
    candidate, n = base, 1
    siblings = parent.get_children()
    while siblings.filter(slug=candidate).exists():
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def case_redaction_record(
    *, page: CasePage, revision, user, via: str, now: datetime, replacements: dict[str, str]
) -> CaseRedaction:
    """Every revision of ``page`` before ``revision`` now holds raw intake data: record it
    (so only administrators see those revisions) and scrub what everyone sees of them."""
    redaction = CaseRedaction.objects.create(
        page=page, before_revision_id=revision.pk, via=via, redacted_by=user, redacted_at=now
    )
    case_history_scrub(page=page, title=revision.object_str, replacements=replacements)
    return redaction


def case_history_scrub(*, page: CasePage, title: str, replacements: dict[str, str]) -> None:
    """Log entries (the page's history, the site history report) and the labels of raw
    revisions name the case by its title at the time, which may hold a raw name: they get
    the redacted ``title``, and any redacted text in their data its replacement."""
    from wagtail.models import PageLogEntry, Revision

    from .selectors import case_raw_revision_ids

    raw = Revision.objects.filter(pk__in=case_raw_revision_ids(page=page))
    raw_titles = set(raw.values_list("object_str", flat=True)) - {title}
    replacements = dict(replacements)
    for old_title in raw_titles:
        for finding in anonymiser.find(old_title):
            replacements.setdefault(finding.text, finding.replacement)
    ordered = sorted(replacements.items(), key=lambda item: -len(item[0]))

    def clean(value):
        if isinstance(value, str):
            if value in raw_titles:
                return title
            for text, replacement in ordered:
                value = value.replace(text, replacement)
            return value
        if isinstance(value, dict):
            return {key: clean(item) for key, item in value.items()}
        if isinstance(value, list):
            return [clean(item) for item in value]
        return value

    for entry in PageLogEntry.objects.filter(page_id=page.pk):
        label, data = clean(entry.label), clean(entry.data)
        if (label, data) != (entry.label, entry.data):
            PageLogEntry.objects.filter(pk=entry.pk).update(label=label, data=data)
    raw.exclude(object_str=title).update(object_str=title)


@dataclass
class PurgeReport:
    pages: int = 0
    revisions: int = 0
    kept_in_moderation: list[int] = field(default_factory=list)


def case_raw_revisions_purge(
    *, now: datetime, retention_days: int | None = None, page_id: int | None = None
) -> PurgeReport:
    """Delete the raw revisions of every case redacted at least ``retention_days`` ago
    (``XUEFA_CASE_RAW_RETENTION_DAYS``), with what else still names their raw data: redirects
    from a raw slug and the audit trail's label of the page. A revision still under
    moderation is kept (deleting it would end the workflow) and reported. Each redaction
    purged gets its ``purged_at`` through the model, so the audit trail records the purge."""
    from auditlog.models import LogEntry as AuditEntry
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Comment, PageLogEntry, Revision

    from .scanning import case_scan_forget
    from .selectors import case_raw_purge_plan

    if retention_days is None:
        retention_days = settings.XUEFA_CASE_RAW_RETENTION_DAYS
    due = CaseRedaction.objects.filter(redacted_at__lte=now - timedelta(days=retention_days))
    if page_id is not None:
        due = due.filter(page_id=page_id)
    report = PurgeReport()
    for page in CasePage.objects.filter(pk__in=due.values("page_id")).order_by("pk"):
        before = due.filter(page=page).order_by("-before_revision_id").first().before_revision_id
        ids, moderated = case_raw_purge_plan(page=page, before=before)
        report.kept_in_moderation += sorted(moderated)
        with transaction.atomic():
            case_scan_forget(page_id=page.pk)
            case_raw_redirects_delete(page=page)
            revisions = Revision.objects.filter(pk__in=ids)
            Comment.objects.filter(revision_created_id__in=ids).update(revision_created=None)
            PageLogEntry.objects.filter(page_id=page.pk, revision_id__in=ids).update(revision=None)
            report.revisions += revisions.delete()[1].get("wagtailcore.Revision", 0)
            # The audit trail is append-only, except for this: it names the page by its title
            # at the time, and a raw title must not outlive the retention period there.
            AuditEntry.objects.filter(
                content_type=ContentType.objects.get_for_model(CasePage),
                object_pk=str(page.pk),
            ).exclude(object_repr=page.title).update(object_repr=page.title)
            for redaction in due.filter(page=page, purged_at=None):
                redaction.purged_at = now
                redaction.save(update_fields=["purged_at"])
        report.pages += 1
    return report


def case_raw_revisions_purge_now(*, page: CasePage, user, now: datetime) -> PurgeReport:
    """An administrator purges one redacted case's raw revisions now, without waiting for the
    retention period (the admin's 清除原始资料): the daily purge, for this case, recorded in
    the page's history (``case_library.raw_purge``) besides the audit trail."""
    from wagtail.log_actions import log

    with transaction.atomic():
        report = case_raw_revisions_purge(now=now, retention_days=0, page_id=page.pk)
        if not report.revisions:
            return report
        log(
            instance=page,
            action="case_library.raw_purge",
            user=user,
            data={"revisions": report.revisions, "kept_in_moderation": report.kept_in_moderation},
        )
    return report


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
