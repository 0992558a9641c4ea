"""The demo cases: the draft's personal data is fictitious on its face yet trips every detector;
demo pages nobody edited are brought up to corrected demo text, edited ones are left alone."""

import io
import re

import pytest
from django.core.management import call_command

from case_library import anonymiser, demo
from case_library.models import CasePage
from courses.models import LessonPage

pytestmark = pytest.mark.django_db

# GB/T 2260 province-level codes: 11–15, 21–23, 31–37, 41–46, 50–54, 61–65, 71, 81, 82.
PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46}
PROVINCES |= {50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82}


def _load():
    call_command("load_demo", stdout=io.StringIO())


def _draft_text():
    return "".join(demo.DRAFT[f] for f in ("title", "summary", "facts", "handling"))


def test_draft_id_number_is_no_real_persons():
    """It passes the check digit (so the detector fires) but names no region that exists."""
    number = demo.FICTITIOUS_ID
    assert number in _draft_text()
    assert anonymiser.id_card_is_valid(number)
    assert int(number[:2]) not in PROVINCES
    assert number[6:14] == "19000101"  # nobody born then petitions in 2025
    assert "500104" not in _draft_text()  # 大渡口区, the code the old draft used


def test_draft_other_data_is_placeholder_data():
    text = re.sub(r"<[^>]+>", "", _draft_text())
    assert set(re.findall(r"(?<!\d)1[3-9]\d{9}(?!\d)", text)) == {demo.FICTITIOUS_PHONE}
    assert re.fullmatch(r"138(0{8})", demo.FICTITIOUS_PHONE)
    assert "虚构" in text and "示例区" in text
    assert "大渡口" not in text and "周建华" not in text


def test_draft_trips_every_detector():
    found = {f.kind for f in anonymiser.find_in_html(demo.DRAFT["facts"])}
    assert {"person_name", "id_card", "phone", "address"} <= found
    names = {
        f.text for f in anonymiser.find_in_html(demo.DRAFT["facts"]) if f.kind == "person_name"
    }
    assert {"张三", "李四", "王五"} <= names


def test_draft_trips_each_kind_the_anonymiser_knows():
    """Not only names, ID and phone: every detector (anonymiser.KINDS) fires on the draft,
    on data that is plainly made up (zeros, example.com, 示例区)."""
    findings = anonymiser.find_in_html(demo.DRAFT["facts"])
    assert {f.kind for f in findings} == set(anonymiser.KINDS)
    assert anonymiser.luhn_is_valid(demo.FICTITIOUS_CARD) and set(demo.FICTITIOUS_CARD[2:]) == {"0"}
    email = next(f.text for f in findings if f.kind == "email")
    assert email.endswith("@example.com")  # RFC 2606: reserved, nobody's mailbox


def test_loaded_draft_cannot_be_published_and_published_cases_are_clean():
    _load()
    draft = CasePage.objects.get(slug=demo.DRAFT["slug"])
    assert not draft.live
    kinds = {f.kind for f in draft.get_latest_revision_as_object().unresolved_findings()}
    assert {"person_name", "id_card", "phone", "address"} <= kinds
    for case in CasePage.objects.live():
        assert case.unresolved_findings() == [], case.title


def test_cases_rest_on_articles_of_other_regulations_too():
    _load()
    case = CasePage.objects.get(slug="requisition-reconsideration")
    basis = {(a.regulation.slug, a.number) for a in case.legal_basis.all()}
    assert ("fangwu-zhengshou-buchang", 26) in basis
    assert ("xinfang-gongzuo-tiaoli", 31) in basis
    assert ("xinfang-gongzuo-tiaoli", 32) not in basis


def test_untouched_demo_pages_are_corrected_edited_ones_kept(trainer):
    """A database loaded before a correction gets it on the next load_demo, unless a trainer
    has edited the page since (then it is theirs)."""
    _load()
    lesson = LessonPage.objects.get(slug="di-si-zhang-banli")
    lesson.title = "第四讲（旧演示文本）"
    lesson.save_revision().publish()  # as an older loader would have written it
    edited = LessonPage.objects.get(slug="di-wu-zhang-jiandu-zhuize")
    edited.title = "第五讲（培训员改写）"
    edited.save_revision(user=trainer).publish()
    case = CasePage.objects.get(slug="review-revoked-opinion")
    case.analysis = "<p>依据第三十五条，复查机关依法撤销。</p>"
    case.save_revision().publish()

    _load()
    assert LessonPage.objects.get(pk=lesson.pk).title == "第四讲 信访事项的办理"
    assert LessonPage.objects.get(pk=edited.pk).title == "第五讲（培训员改写）"
    assert "撤销" not in CasePage.objects.get(pk=case.pk).analysis
