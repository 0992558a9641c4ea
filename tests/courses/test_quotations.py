"""Quotations of articles are checked against the article's current text (issue 10, "The law
as the texts say it"): the rule, the block and the rich-text mark, the warning on save, the
admin report, and the demo content held at zero mismatches."""

import io
import uuid

import pytest
from django.core.management import call_command
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from courses.models import LessonPage
from courses.quotations import (
    excerpt_matches,
    normalise,
    quotation_matches,
    quotation_mismatches_everywhere,
    quotations_in_html,
    quotations_in_page,
    unmarked_quotations,
)
from courses.services import regulation_import
from tests.factories import UserFactory

from .factories import DEMO_DATA, import_demo_regulation, make_course, make_lesson, paragraph

pytestmark = pytest.mark.django_db

ART_20_3 = "多人采用走访形式提出共同的信访事项的，应当推选代表，代表人数不得超过5人。"
ART_50 = "本条例自2022年5月1日起施行。"


def quote_block(regulation, number, text, *, excerpt=True, locator=""):
    return {
        "type": "article_quote",
        "value": {
            "regulation": regulation.pk,
            "article": number,
            "locator": locator,
            "text": text,
            "excerpt": excerpt,
        },
        "id": str(uuid.uuid4()),
    }


# The rule ------------------------------------------------------------------------------


def test_width_quotation_marks_and_spaces_are_folded():
    assert normalise("代表人数不得超过５人。") == normalise("代表人数不得超过5人。")
    assert normalise("（一）受理, 转送；") == normalise("(一)受理，转送;")
    assert normalise("“谁主管、谁负责”") == normalise("「谁主管、谁负责」")
    assert normalise("依法 按政策\n解决") == normalise("依法按政策解决")


def test_an_excerpt_is_one_run_or_runs_in_order_with_ellipses():
    article = "甲乙丙丁。戊己庚辛。"
    assert excerpt_matches("乙丙", article)
    assert excerpt_matches("甲……庚辛", article)
    assert excerpt_matches("……丁。戊…辛。", article)
    assert not excerpt_matches("乙丁", article)  # not contiguous, no ellipsis
    assert not excerpt_matches("庚……甲", article)  # out of order
    assert not excerpt_matches("……", article)


def test_a_whole_quotation_is_the_whole_article():
    assert quotation_matches(ART_50, ART_50, excerpt=False)
    assert quotation_matches("本条例自2022年5月1日起施行", ART_50, excerpt=False)
    assert not quotation_matches("本条例自2022年5月1日", ART_50, excerpt=False)
    assert quotation_matches("本条例自2022年5月1日", ART_50, excerpt=True)


def test_marks_are_read_from_rich_text_and_unmarked_quotations_found():
    html = (
        '<p>第二十条第三款：<q data-article="xinfang:20">多人采用走访形式</q>。'
        "第二十九条规定“应当采纳”。</p>"
    )
    [q] = quotations_in_html(html)
    assert (q.regulation_slug, q.number, q.text, q.excerpt) == (
        "xinfang",
        20,
        "多人采用走访形式",
        True,
    )
    assert unmarked_quotations(html) == ["第二十九条规定“"]
    assert unmarked_quotations("<p>（第四十条第一款）；依照第二十二条，登记。</p>") == []


# Lessons ------------------------------------------------------------------------------


def test_a_block_and_a_mark_that_match_give_no_mismatch_and_a_planted_one_is_caught():
    regulation = import_demo_regulation().regulation
    lesson = make_lesson(
        make_course(),
        body=[
            quote_block(regulation, 20, ART_20_3),
            quote_block(regulation, 50, ART_50, excerpt=False),
            paragraph(f'<p>条文说：<q data-article="xinfang:20">{ART_20_3}</q></p>'),
        ],
    )
    assert quotation_mismatches_everywhere() == []

    body = lesson.body.raw_data
    body.append(quote_block(regulation, 20, "代表人数不得超过3人。"))  # planted
    body.append(paragraph('<p><q data-article="xinfang:20">同一信访事项</q></p>'))  # planted
    lesson.body = body
    lesson.save_revision().publish()
    [row] = quotation_mismatches_everywhere()
    assert row.page.pk == lesson.pk
    assert [m.quotation.text for m in row.mismatches] == ["代表人数不得超过3人。", "同一信访事项"]


def test_the_report_reads_the_current_text_after_a_reimport():
    """A quotation that matched stops matching when the regulation is re-imported with other
    words, without the lesson being saved again."""
    regulation = import_demo_regulation().regulation
    make_lesson(make_course(), body=[quote_block(regulation, 20, ART_20_3)])
    assert quotation_mismatches_everywhere() == []
    text = (DEMO_DATA / "信访工作条例.md").read_text("utf-8")
    regulation_import(text=text.replace("不得超过5人", "不得超过3人"), slug="xinfang")
    [row] = quotation_mismatches_everywhere()
    assert row.mismatches[0].quotation.number == 20 and row.mismatches[0].kind == "words"
    assert "不得超过3人" in row.mismatches[0].article_text


def test_a_quotation_of_an_article_a_reimport_removed_is_a_mismatch():
    regulation = import_demo_regulation().regulation
    make_lesson(make_course(), body=[quote_block(regulation, 50, ART_50, excerpt=False)])
    text = (DEMO_DATA / "信访工作条例.md").read_text("utf-8")
    regulation_import(
        text=text.replace("第五十条 本条例自2022年5月1日起施行。", ""), slug="xinfang"
    )
    [row] = quotation_mismatches_everywhere()
    assert row.mismatches[0].kind == "missing"


class QuotationEditorTests(WagtailPageTestCase):
    def setUp(self):
        self.user = UserFactory(role="administrator")
        self.client.force_login(self.user)
        self.regulation = import_demo_regulation().regulation
        self.lesson = make_lesson(make_course(), body=[])

    def _post(self, text, *, excerpt=True):
        data = nested_form_data(
            {
                "title": self.lesson.title,
                "slug": self.lesson.slug,
                "estimated_minutes": 15,
                "body": streamfield(
                    [
                        (
                            "article_quote",
                            {
                                "regulation": self.regulation.pk,
                                "article": 20,
                                "locator": "第三款",
                                "text": text,
                                "excerpt": excerpt,
                            },
                        )
                    ]
                ),
            }
        )
        return self.client.post(
            f"/admin/pages/{self.lesson.pk}/edit/", data, follow=True, HTTP_ACCEPT="text/html"
        )

    def test_saving_a_wrong_quotation_keeps_the_draft_and_warns(self):
        response = self._post("同一信访事项，代表人数不超过5人。")
        body = response.content.decode()
        assert response.status_code == 200
        assert "does not match the article" in body or "与条文不符" in body
        draft = LessonPage.objects.get(pk=self.lesson.pk).get_latest_revision_as_object()
        assert draft.body[0].value["text"] == "同一信访事项，代表人数不超过5人。"  # work kept
        report = self.client.get("/admin/courses/quotations/mismatches/").content.decode()
        assert "同一信访事项，代表人数不超过5人。" in report

    def test_saving_a_right_quotation_says_nothing_about_quotations(self):
        body = self._post(ART_20_3).content.decode()
        assert "does not match the article" not in body and "与条文不符" not in body
        report = self.client.get("/admin/courses/quotations/mismatches/").content.decode()
        assert "quotation-none" in report

    def test_the_report_sits_with_the_broken_citation_report(self):
        sidebar = self.client.get("/admin/").content.decode()  # the menu is in the sidebar data
        assert "/admin/courses/citations/broken/" in sidebar
        assert "/admin/courses/quotations/mismatches/" in sidebar
        page = self.client.get("/admin/courses/quotations/mismatches/")
        assert "/admin/courses/citations/broken/" in page.content.decode()


def test_an_official_may_not_read_the_report(official_client):
    assert official_client.get("/admin/courses/quotations/mismatches/").status_code in (302, 403)


# The demo -----------------------------------------------------------------------------


def _demo_rich_texts(page):
    from wagtail.fields import RichTextField, StreamField

    for model_field in page._meta.get_fields():
        if isinstance(model_field, RichTextField):
            yield str(getattr(page, model_field.name))
        elif isinstance(model_field, StreamField):
            yield str(getattr(page, model_field.name).raw_data)


def test_the_demo_content_has_zero_mismatches_and_every_quotation_is_marked():
    """Zero mismatches; the demo's quotations (three blocks, six marks) are all seen by the
    check, and no passage opened like 第X条：… or 第X条规定“… is left without the mark."""
    call_command("load_demo", stdout=io.StringIO())
    assert quotation_mismatches_everywhere() == []
    pages = [p.specific for p in Page.objects.all()]
    assert sum(len(quotations_in_page(p)) for p in pages) == 9
    unmarked = {
        p.title: u for p in pages for t in _demo_rich_texts(p) if (u := unmarked_quotations(t))
    }
    assert unmarked == {}


def test_a_planted_mismatch_in_a_demo_case_is_caught():
    call_command("load_demo", stdout=io.StringIO())
    from case_library.models import CasePage

    case = CasePage.objects.get(slug="group-visit-representatives")
    case.handling = case.handling.replace("不得超过5人", "不超过5人")
    case.save_revision().publish()
    [row] = quotation_mismatches_everywhere()
    assert row.page.pk == case.pk and row.mismatches[0].quotation.number == 20
    assert row.mismatches[0].reference == "《信访工作条例》第二十条"  # named as a trainer names it


def test_the_quotation_blocks_preview_names_the_regulation_whose_article_holds_the_words():
    """Four regulations have an article 20; the block picker's preview took the first by title
    (人民调解法) and so showed a quotation of 信访工作条例第二十条 under the wrong law."""
    from courses.blocks import ArticleQuoteBlock
    from courses.quotations import quotation_mismatches, quotations_in_stream

    for filename, slug in [("人民调解法.md", "renmin-tiaojie-fa"), ("信访工作条例.md", "xinfang")]:
        regulation_import(text=(DEMO_DATA / filename).read_text("utf-8"), slug=slug)
    value = ArticleQuoteBlock().get_preview_value()
    assert value["regulation"].slug == "xinfang"
    from wagtail.blocks import StreamBlock, StreamValue

    stream = StreamBlock([("article_quote", ArticleQuoteBlock())])
    quotations = quotations_in_stream(StreamValue(stream, [("article_quote", value)]))
    assert len(quotations) == 1 and quotation_mismatches(quotations) == []
