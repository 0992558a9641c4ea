"""Personal data has no way round the gate through the promote tab or comments (issue 10:
"no earlier revision, autosave, log entry or search index keeps the raw personal data").

The case editor's promote tab has two texts that reach every visitor — the SEO title (the
browser's title bar) and the search description (the page's meta description) — and Wagtail's
comments quote field text and live outside the revisions redaction scrubs."""

import pytest

from case_library.models import CasePage, CasePublishBlocked
from case_library.selectors import case_unresolved_findings
from case_library.services import case_redact
from tests.case_library.factories import make_case

pytestmark = pytest.mark.django_db

RAW = "信访人周建华，联系电话13983012457"


@pytest.mark.parametrize("field", ["seo_title", "search_description"])
def test_personal_data_in_a_promote_field_blocks_publishing(index, field):
    page = make_case(index=index, live=False, **{field: RAW})
    found = {(f.field, f.finding.text) for f in case_unresolved_findings(page=page)}
    assert (field, "13983012457") in found
    page.live = True
    with pytest.raises(CasePublishBlocked):
        page.save()


@pytest.mark.parametrize("field", ["seo_title", "search_description"])
def test_one_click_redaction_cleans_the_promote_fields(index, trainer, field):
    page = make_case(index=index, live=False, **{field: RAW})
    assert case_redact(page=page, user=trainer) is not None
    draft = CasePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    assert "13983012457" not in getattr(draft, field)
    assert "周建华" not in getattr(draft, field)
    assert case_unresolved_findings(page=draft) == []


def test_the_case_editor_offers_no_comments(client, trainer, index):
    page = make_case(index=index, live=False)
    client.force_login(trainer)
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert 'name="comments-TOTAL_FORMS"' not in html
    assert 'id="id_search_description"' in html  # the promote tab is still there
    form_class = CasePage.get_edit_handler().get_form_class()
    assert "comments" not in getattr(form_class, "formsets", {})


def test_a_tag_naming_a_person_blocks_publishing_and_redaction_renames_it(index, trainer):
    """Tags are shown on the case page and in the case list's filter: a tag spelling out a
    petitioner's name is found like any other text, and 一键脱敏 renames the tag."""
    page = make_case(index=index, live=False, tags=["欠薪", "周建华13983012457"])
    found = {f.field for f in case_unresolved_findings(page=page)}
    assert "tag_text" in found
    page.live = True
    with pytest.raises(CasePublishBlocked):
        page.save()
    page = CasePage.objects.get(pk=page.pk)
    assert case_redact(page=page, user=trainer) is not None
    draft = CasePage.objects.get(pk=page.pk).get_latest_revision_as_object()
    names = {tag.name for tag in draft.tags.all()}
    assert "欠薪" in names
    assert not any("13983012457" in name or "周建华" in name for name in names), names
