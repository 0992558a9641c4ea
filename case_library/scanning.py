"""The personal-data scan of a case: read once per content, by the worker when the case is long.

``case_scan(page)`` gives the anonymiser's findings for the page's texts (one list per
``CasePage.TEXT_FIELDS`` entry). A scan is stored per case (``CaseScan``) under a digest of the
texts and of the anonymiser (``anonymiser.version.fingerprint``), so the editor, the findings
page and every publishing gate of one request read one scan. A case longer than
``XUEFA_CASE_SCAN_INLINE_CHARACTERS`` is not scanned inside a page view: ``case_scan(page,
wait=False)`` returns None and ``scan_job_for`` puts the scan on the worker's queue
(``case_library.scan``, with progress). The publishing gates always wait for a scan: nothing is
published unscanned.
"""

import hashlib
import json
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from . import anonymiser
from .anonymiser.version import fingerprint
from .models import CasePage, CaseScan

SCAN_JOB = "case_library.scan"


def case_texts(page) -> list[tuple[str, bool]]:
    """(text, is rich text) for every field the anonymiser checks, in TEXT_FIELDS order."""
    return [(str(getattr(page, name) or ""), rich) for name, rich in CasePage.TEXT_FIELDS]


def scan_digest(texts: list[tuple[str, bool]]) -> str:
    payload = json.dumps([fingerprint(), texts], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode()).hexdigest()


def is_long(texts) -> bool:
    return sum(len(t) for t, _rich in texts) > settings.XUEFA_CASE_SCAN_INLINE_CHARACTERS


def stored_scan(page, texts=None) -> list[list[anonymiser.Finding]] | None:
    """The stored findings for exactly these texts, or None."""
    if not page.pk:
        return None
    texts = case_texts(page) if texts is None else texts
    found = (
        CaseScan.objects.filter(page_id=page.pk, digest=scan_digest(texts))
        .values_list("findings", flat=True)
        .first()
    )
    if found is None:
        return None
    return [[anonymiser.Finding(**f) for f in field] for field in found]


def scan_and_store(page, texts=None, *, progress=None) -> list[list[anonymiser.Finding]]:
    """Scan the texts now and keep the result as the case's scan (replacing the last one)."""
    texts = case_texts(page) if texts is None else texts
    found = anonymiser.find_many_html(texts, progress=progress)
    if page.pk:
        values = {
            "digest": scan_digest(texts),
            "characters": sum(len(t) for t, _rich in texts),
            "findings": [[f.as_dict() for f in field] for field in found],
            "scanned_at": timezone.now(),
        }
        try:
            with transaction.atomic():
                CaseScan.objects.update_or_create(page_id=page.pk, defaults=values)
        except IntegrityError:
            pass  # another request stored the same case's scan at the same moment: theirs stands
    return found


def case_scan(page, *, wait: bool = True) -> list[list[anonymiser.Finding]] | None:
    """The findings for the page's texts: stored, else scanned now — unless ``wait`` is False
    and the case is long, then None (the caller queues the scan)."""
    texts = case_texts(page)
    found = stored_scan(page, texts)
    if found is not None:
        return found
    if not wait and page.pk and is_long(texts):
        return None
    return scan_and_store(page, texts)


def case_scan_forget(*, page_id: int) -> None:
    """Drop the stored scan (it quotes the personal data it found)."""
    CaseScan.objects.filter(page_id=page_id).delete()


def pending_scan_job(*, page_id: int):
    """The queued or running scan of this case, if any."""
    from jobs.selectors import jobs_pending

    return jobs_pending(SCAN_JOB).filter(params__page=page_id).last()


def scan_job_for(*, page, user):
    """The case's queued or running scan, queued now for ``user`` when there is none; None
    when ``user`` may not queue one. (With an immediate task backend a job just queued has
    already finished.)"""
    from django.core.exceptions import PermissionDenied
    from django.utils.translation import gettext

    from jobs.services import job_enqueue

    job = pending_scan_job(page_id=page.pk)
    if job is not None:
        return job
    title = gettext("Personal data check: %(title)s") % {"title": page.title}
    try:
        job = job_enqueue(kind=SCAN_JOB, owner=user, params={"page": page.pk}, title=title[:200])
    except PermissionDenied:
        return None
    job.refresh_from_db()
    return job


# A scan still queued after this long means no worker is taking jobs.
SCAN_WAIT = timedelta(minutes=5)


def worker_is_late(job, *, now=None) -> bool:
    """A scan still queued after ``SCAN_WAIT``: a publishing trainer is not kept waiting on
    it (the gate scans in the request instead)."""
    now = now or timezone.now()
    return job.status == job.Status.QUEUED and now - job.created_at > SCAN_WAIT


def case_review(*, page, user) -> dict:
    """The findings panel's and page's context (``selectors.case_findings_review``); a long
    case not yet scanned has its scan queued and the queued job in ``scan_job``."""
    from django.urls import reverse

    from .selectors import case_findings_review

    context = case_findings_review(page=page, user=user)
    if not context["scan_pending"]:
        return context
    job = scan_job_for(page=page, user=user)
    if job is None:
        return context  # shown as pending; someone who may edit the case queues it
    if job.finished:
        return case_findings_review(page=page, user=user)
    context["scan_job"] = job
    if job.owner_id == user.pk:
        context["scan_job_url"] = reverse("jobs:detail", args=[job.pk])
    return context
