"""What the site search finds in the case library: published cases only (a draft, a case
under a view restriction or one never published is not indexed; the page row always holds
the live version, so a draft saved on a live case does not reach the index either)."""

from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from kit.search import SearchEntry, SearchProvider, page_is_public

from .models import CasePage


def _plain(html: str) -> str:
    return " ".join(strip_tags(html or "").split())


def _case_entry(case: CasePage) -> SearchEntry:
    sections = [case.summary, case.outcome]
    sections += [_plain(getattr(case, name)) for name in CasePage.BODY_SECTIONS]
    sections.append(_plain(case.discussion_questions))
    basis = [str(article) for article in case.legal_basis.all()]
    tags = [tag.name for tag in case.tags.all()]
    context = " · ".join(
        part
        for part in (
            case.domain.name if case.domain_id else "",
            case.get_claim_class_display() if case.claim_class else "",
            str(case.year or ""),
        )
        if part
    )
    return SearchEntry(
        key=f"case_library.case:{case.pk}",
        kind="case",
        title=case.title,
        body="\n".join(s for s in sections if s),
        url=case.get_url(),
        context=context,
        keywords=" ".join([*tags, *basis]),
        page_id=case.pk,
    )


def case_entries():
    cases = (
        CasePage.objects.live()
        .public()
        .select_related("domain")
        .prefetch_related("tags", "legal_basis__regulation")
    )
    for case in cases:
        yield _case_entry(case)


def case_refresh(instance, deleted):
    keys = [f"case_library.case:{instance.pk}"]
    case = None if deleted else CasePage.objects.filter(pk=instance.pk).first()
    if case is None or not page_is_public(case):
        return keys, []
    return keys, [_case_entry(case)]


def search_providers() -> list[SearchProvider]:
    return [
        SearchProvider(
            kind="case",
            label=_("Cases"),
            order=30,
            entries=case_entries,
            refresh=case_refresh,
            watches=("case_library.CasePage",),
        )
    ]
