"""Reads for the case pages, the admin panel and the dashboard. Query counts stay constant."""

from dataclasses import dataclass

from django.core.paginator import Paginator
from django.db.models import Count
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag
from wagtail import hooks

from records.models import StudyRecord, StudyRecordKind
from records.reading import reading_opened_at, reading_ready_at
from records.selectors import SourceCredit, study_credit, study_credits

from . import anonymiser
from .models import (
    CaseDomain,
    CasePage,
    CaseRedaction,
    ClaimClass,
    FindingDismissal,
    Route,
    Stage,
)

PER_PAGE = 20

KIND_LABELS = {
    "person_name": _("Name of a person"),
    "id_card": _("ID card number"),
    "phone": _("Phone number"),
    "bank_card": _("Bank card or account"),
    "plate": _("Licence plate"),
    "email": _("E-mail address"),
    "social_id": _("QQ / WeChat / social-media id"),
    "property_cert": _("Property certificate number"),
    "birth_date": _("Date of birth"),
    "address": _("Detailed address"),
    "number": _("Long number (unclassified)"),
}


@dataclass(frozen=True)
class FieldFinding:
    """One anonymiser finding in one field of a case."""

    field: str
    label: str
    finding: anonymiser.Finding
    dismissed: bool

    @property
    def kind(self) -> str:
        return self.finding.kind

    @property
    def kind_label(self) -> str:
        return str(KIND_LABELS.get(self.finding.kind, self.finding.kind))

    @property
    def text(self) -> str:
        return self.finding.text

    @property
    def replacement(self) -> str:
        return self.finding.replacement


def _field_label(name: str) -> str:
    if name == "tag_text":
        name = "tags"
    return str(CasePage._meta.get_field(name).verbose_name)


def case_findings(*, page: CasePage, wait: bool = True) -> list[FieldFinding] | None:
    """Findings in every text field of ``page`` (pseudonyms consistent across fields), from
    the case's stored scan when it is of these texts. With ``wait=False`` a long case not yet
    scanned gives None: its scan belongs on the worker (``scanning.scan_job_for``)."""
    from .scanning import case_scan

    fields = CasePage.TEXT_FIELDS
    scanned = case_scan(page, wait=wait)
    if scanned is None:
        return None
    dismissed = set()
    if page.pk:
        dismissed = set(
            FindingDismissal.objects.filter(page_id=page.pk).values_list("kind", "text")
        )
    result = []
    for (name, _rich), findings in zip(fields, scanned, strict=True):
        label = _field_label(name)
        for finding in findings:
            key = (finding.kind, finding.text)
            result.append(FieldFinding(name, label, finding, key in dismissed))
    return result


def case_unresolved_findings(*, page: CasePage) -> list[FieldFinding]:
    return [f for f in case_findings(page=page) if not f.dismissed]


def user_can_resolve_findings(*, user, page: CasePage) -> bool:
    """Trainers (and administrators) who may edit the case may redact or dismiss findings."""
    return bool(
        user.is_authenticated
        and user.has_perm("case_library.add_findingdismissal")
        and page.permissions_for_user(user).can_edit()
    )


def case_findings_review(*, page: CasePage, user) -> dict:
    """What the editor's panel and the findings page show. A long case not yet scanned is
    not scanned here: ``scan_pending`` is True and the caller queues the scan."""
    from .scanning import case_texts

    findings = case_findings(page=page, wait=False)
    return {
        "page": page,
        "scan_pending": findings is None,
        "characters": sum(len(text) for text, _rich in case_texts(page)),
        "findings": findings or [],
        "unresolved_count": sum(1 for f in findings or [] if not f.dismissed),
        "dismissals": FindingDismissal.objects.filter(page_id=page.pk).select_related(
            "dismissed_by"
        ),
        "can_resolve": user_can_resolve_findings(user=user, page=page),
    }


def user_sees_raw_intake(user) -> bool:
    """Revisions holding a case's raw intake data (before its redaction) are for
    administrators only: they may need them to answer for a redaction, and they purge them."""
    from accounts.roles import user_is_administrator

    return user_is_administrator(user)


def case_raw_before(*, page_id: int) -> int | None:
    """Revisions of the case with a smaller id than this hold raw intake data (None: the
    case was never redacted)."""
    return (
        CaseRedaction.objects.filter(page_id=page_id)
        .order_by("-before_revision_id")
        .values_list("before_revision_id", flat=True)
        .first()
    )


def case_raw_revision_ids(*, page) -> set[int]:
    """The one rule for which revisions of a case hold raw personal data: every revision
    saved before its latest redaction, except the live one (what the site shows passed the
    publish gate and is public anyway)."""
    before = case_raw_before(page_id=page.pk)
    if before is None:
        return set()
    ids = page.revisions.filter(pk__lt=before).values_list("pk", flat=True)
    return set(ids) - {page.live_revision_id}


def case_raw_purge_plan(*, page, before: int | None = None) -> tuple[set[int], set[int]]:
    """What purging ``page``'s raw revisions deletes, and what it keeps: the raw revisions
    saved before ``before`` (default: its latest redaction) except the latest revision, less
    those still under moderation (deleting one would end its workflow), which it keeps."""
    from wagtail.models import TaskState

    ids = case_raw_revision_ids(page=page)
    if before is not None:
        ids = {i for i in ids if i < before}
    ids -= {page.latest_revision_id}
    moderated = set(
        TaskState.objects.filter(
            revision_id__in=ids, status=TaskState.STATUS_IN_PROGRESS
        ).values_list("revision_id", flat=True)
    )
    return ids - moderated, moderated


def _choice_filter(params, name, choices) -> str:
    value = params.get(name, "")
    return value if value in choices.values else ""


def case_browse(*, index, params, user) -> dict:
    """The live cases under ``index``, filtered by domain, class, route, stage and tag."""
    cases = (
        CasePage.objects.live()
        .child_of(index)
        .select_related("domain")
        .prefetch_related("tagged_items__tag")
        .order_by("-year", "-first_published_at", "pk")
    )
    filters = {}
    domains = list(CaseDomain.objects.annotate(n=Count("cases")).order_by("position", "name"))
    domain = params.get("domain", "")
    if domain.isdigit() and any(d.pk == int(domain) for d in domains):
        cases = cases.filter(domain_id=int(domain))
        filters["domain"] = int(domain)
    for name, field, choices in (
        ("class", "claim_class", ClaimClass),
        ("route", "route_taken", Route),
        ("stage", "stage", Stage),
    ):
        value = _choice_filter(params, name, choices)
        if value:
            cases = cases.filter(**{field: value})
            filters[name] = value
    tags = list(
        Tag.objects.filter(case_library_casetag_items__content_object__live=True)
        .distinct()
        .order_by("name")
    )
    tag = params.get("tag", "")
    if tag and any(t.slug == tag for t in tags):
        cases = cases.filter(tagged_items__tag__slug=tag)
        filters["tag"] = tag
    paginator = Paginator(cases, PER_PAGE)
    page_obj = paginator.get_page(params.get("page"))
    credits = study_credits(user=user, sources=[c.source_key for c in page_obj.object_list])
    studied = {source for source, credit in credits.items() if credit.credited}
    return {
        "cases": page_obj.object_list,
        "page_obj": page_obj,
        "domains": domains,
        "claim_classes": ClaimClass.choices,
        "routes": Route.choices,
        "stages": Stage.choices,
        "tags": tags,
        "filters": filters,
        "studied_sources": studied,
    }


def case_studied_record(*, page: CasePage, user) -> SourceCredit:
    """Whether the ledger credits ``user`` for ``page`` (a correction withdraws it)."""
    return study_credit(user=user, source=page.source_key)


def case_related_links(*, page: CasePage, request) -> list[dict]:
    """Links other apps offer for a case (e.g. related quiz questions), through the
    ``xuefa_case_related`` hook: ``fn(case_page, request) -> [{"label", "url"}]``."""
    links = []
    for fn in hooks.get_hooks("xuefa_case_related"):
        links.extend(fn(page, request) or [])
    return links


def case_detail_context(*, page: CasePage, user, request) -> dict:
    articles = list(page.legal_basis.select_related("regulation").order_by("regulation", "number"))
    sections = [
        (_field_label(name), getattr(page, name))
        for name in CasePage.BODY_SECTIONS
        if getattr(page, name)
    ]
    parent = page.get_parent()
    return {
        "parent_url": parent.url,
        "parent_title": parent.title,
        "articles": articles,
        "sections": sections,
        "studied": case_studied_record(page=page, user=user),
        "ready_at": reading_ready_at(
            opened_at=reading_opened_at(user=user, source=page.source_key),
            estimated_minutes=page.estimated_minutes,
        ),
        "related_links": case_related_links(page=page, request=request),
        "tag_list": [item.tag for item in page.tagged_items.select_related("tag")],
    }


def cases_recent(*, limit: int = 5):
    return (
        CasePage.objects.live()
        .select_related("domain")
        .order_by("-first_published_at", "-pk")[:limit]
    )


def cases_reviewed_count(*, user, year: int) -> int:
    return (
        StudyRecord.objects.filter(
            user=user, kind=StudyRecordKind.CASE_REVIEWED, occurred_at__year=year
        )
        .credited()
        .count()
    )
