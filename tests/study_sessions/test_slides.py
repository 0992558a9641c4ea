"""Presenter mode: lessons, chapters, cases and sessions become slides on the server; the law
on an article slide is its current text, word for word; nothing is shrunk to fit."""

import re
import uuid

import pytest
from django.urls import reverse

from courses.models import Article, Division
from study_sessions import slides
from study_sessions.models import DiscussionQuestion, ModuleKind, SessionModule
from tests.courses.factories import citation, import_demo_regulation, make_course, make_lesson
from tests.factories import UserFactory

from .factories import make_session

pytestmark = pytest.mark.django_db


def block(kind, value=None):
    return {"type": kind, "value": value, "id": str(uuid.uuid4())}


@pytest.fixture
def regulation():
    return import_demo_regulation().regulation


@pytest.fixture
def course():
    return make_course()


def _lines(slide) -> float:
    return sum(p.lines for p in slide.pieces)


def test_a_lesson_splits_at_its_slide_breaks(course):
    """Slide breaks decide the slides; headings between breaks do not start new ones."""
    lesson = make_lesson(
        course,
        body=[
            block("heading", "一、总要求"),
            block("paragraph", "<p>第一段。</p>"),
            block("heading", "（一）小标题"),
            block("paragraph", "<p>第二段。</p>"),
            block("slide_break"),
            block("paragraph", "<p>第三段。</p>"),
        ],
    )
    deck = slides.lesson_slides(lesson)
    assert [s.kind for s in deck] == ["title", "text", "text"]
    assert deck[1].heading == "一、总要求"
    assert [p.text for p in deck[1].pieces] == ["第一段。", "（一）小标题", "第二段。"]
    assert [p.text for p in deck[2].pieces] == ["第三段。"]


def test_a_lesson_without_slide_breaks_splits_at_headings(course):
    lesson = make_lesson(
        course,
        body=[
            block("heading", "一、甲"),
            block("paragraph", "<p>甲的内容。</p>"),
            block("heading", "二、乙"),
            block("paragraph", "<ul><li>乙一</li><li>乙二</li></ul>"),
        ],
    )
    deck = slides.lesson_slides(lesson)
    assert [s.heading for s in deck[1:]] == ["一、甲", "二、乙"]
    assert [p.kind for p in deck[2].pieces] == ["li", "li"]


def test_each_cited_article_is_a_slide_with_its_number_and_current_text(course, regulation):
    """A citation of 34 and 35 gives two article slides, each headed 第三十四条 / 第三十五条
    and holding the article's paragraphs exactly as the current text has them."""
    lesson = make_lesson(course, body=[citation(regulation, "34, 35", "注意期限。")])
    deck = slides.lesson_slides(lesson)
    article_slides = [s for s in deck if s.kind == "article"]
    assert [s.heading for s in article_slides] == ["第三十四条", "第三十五条"]
    for slide, number in zip(article_slides, (34, 35), strict=True):
        article = Article.objects.get(regulation=regulation, number=number)
        assert [p.text for p in slide.pieces] == [p["text"] for p in article.reading_paragraphs]
        assert slide.eyebrow == "《信访工作条例》"
    assert article_slides[-1].notes == ["注意期限。"]


def test_a_long_article_continues_on_further_slides_and_loses_no_word(regulation):
    """Article 31 (six items) does not fit one slide's budget when the budget is small: it
    continues on a slide headed 续, and the slides together hold the article verbatim."""
    article = Article.objects.get(regulation=regulation, number=31)
    original = slides.LINES_PER_SLIDE
    slides.LINES_PER_SLIDE = 6
    try:
        deck = slides.article_slides(article, number=31, regulation=regulation)
    finally:
        slides.LINES_PER_SLIDE = original
    assert len(deck) > 1
    assert deck[0].heading == "第三十一条"
    assert all(s.heading.startswith("第三十一条") and s.heading != "第三十一条" for s in deck[1:])
    assert all(_lines(s) <= 6 for s in deck)
    text = "".join(p.text for s in deck for p in s.pieces)
    assert text == "".join(p["text"] for p in article.reading_paragraphs)


def test_a_paragraph_longer_than_a_slide_is_cut_between_sentences():
    sentence = "信访工作是党的群众工作的重要组成部分。"
    piece = slides._text_piece("p", sentence * 60)
    parts = slides._split_piece(piece, room=8)
    assert len(parts) > 1
    assert "".join(p.text for p in parts) == sentence * 60
    assert all(p.text.endswith("。") for p in parts)
    assert all(p.lines <= 8 for p in parts)


def test_a_missing_article_says_so_instead_of_inventing_text(course, regulation):
    lesson = make_lesson(course, body=[citation(regulation, "99")])
    slide = next(s for s in slides.lesson_slides(lesson) if s.kind == "article")
    assert slide.extra.get("missing") is True
    assert "99" in slide.pieces[0].text


def test_speaker_notes_go_with_the_slide_they_follow_and_stay_off_the_lesson_page(
    client, course, official
):
    lesson = make_lesson(
        course,
        body=[
            block("heading", "一、甲"),
            block("paragraph", "<p>甲的内容。</p>"),
            block("speaker_notes", "讲稿提示：先读条文。"),
            block("discussion", {"question": "应当如何处理？", "hint": "联系第三十四条。"}),
        ],
    )
    deck = slides.lesson_slides(lesson)
    assert deck[1].notes == ["讲稿提示：先读条文。"]
    question = deck[-1]
    assert question.kind == "question" and question.pieces[0].text == "应当如何处理？"
    assert question.notes == ["联系第三十四条。"]
    client.force_login(official)
    page = client.get(lesson.url).content.decode()
    assert "讲稿提示" not in page
    deck_html = client.get(reverse("study_sessions:present_lesson", args=[lesson.pk]))
    assert deck_html.status_code == 200
    assert "讲稿提示" in deck_html.content.decode()  # in the presenter's notes template


def test_a_chapter_is_a_title_slide_and_each_current_article(regulation):
    chapter = Division.objects.get(regulation=regulation, heading__contains="信访事项的办理")
    deck = slides.chapter_slides(chapter)
    assert deck[0].kind == "title"
    numbers = [s.extra["number"] for s in deck if s.kind == "article"]
    assert sorted(set(numbers)) == list(range(27, 38))


def test_the_deck_loads_nothing_from_outside_the_server(client, course, official):
    lesson = make_lesson(course, body=[block("heading", "一、甲")])
    client.force_login(official)
    html = client.get(reverse("study_sessions:present_lesson", args=[lesson.pk])).content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls
    assert all(u.startswith(("/", "#")) for u in urls), urls


def test_an_unpublished_lesson_cannot_be_presented(client, course, official):
    lesson = make_lesson(course, live=False)
    client.force_login(official)
    assert client.get(reverse("study_sessions:present_lesson", args=[lesson.pk])).status_code == 404


def test_a_session_deck_is_sign_in_agenda_modules_questions_end(client, department, regulation):
    trainer = UserFactory(role="trainer", department=department)
    session = make_session(organiser=trainer, department=department)
    chapter = Division.objects.get(regulation=regulation, heading__contains="信访事项的办理")
    SessionModule.objects.create(
        session=session, position=1, kind=ModuleKind.CHAPTER, division=chapter
    )
    SessionModule.objects.create(
        session=session,
        position=2,
        kind=ModuleKind.ARTICLE,
        article=Article.objects.get(regulation=regulation, number=34),
    )
    DiscussionQuestion.objects.create(
        session=session, position=1, text="如何计算期限？", hint="60日"
    )
    deck = slides.session_slides(session)
    kinds = [s.kind for s in deck]
    assert kinds[:3] == ["qr", "agenda", "section"]
    assert kinds[-1] == "end"
    assert deck[-2].kind == "question" and deck[-2].notes == ["60日"]
    assert len(deck[1].pieces) == 3  # two modules and the discussion
    client.force_login(trainer)
    response = client.get(reverse("study_sessions:present", args=[session.pk]))
    assert response.status_code == 200
    assert reverse("study_sessions:sign_in_qr", args=[session.pk]) in response.content.decode()


def test_a_session_with_nothing_listed_has_no_empty_agenda_slide(department):
    # seen projecting a demo session without modules: a slide headed 学习安排 and nothing under it
    trainer = UserFactory(role="trainer", department=department)
    session = make_session(organiser=trainer, department=department)
    assert [s.kind for s in slides.session_slides(session)] == ["qr", "end"]


def test_only_those_who_run_a_session_present_it(client, department, official):
    trainer = UserFactory(role="trainer", department=department)
    session = make_session(organiser=trainer, department=department, invited_people=[official])
    client.force_login(official)
    assert client.get(reverse("study_sessions:present", args=[session.pk])).status_code == 403
    stranger = UserFactory(department=department)
    client.force_login(stranger)
    assert client.get(reverse("study_sessions:present", args=[session.pk])).status_code == 404


def test_rich_text_on_a_slide_keeps_bold_and_drops_everything_else():
    """Only bold, italic and line breaks survive; attributes, links and scripts do not."""
    pieces = slides.rich_text_pieces(
        '<p><b>60日</b>内办结<script>alert(1)</script><a href="x" onclick="y">链接</a>'
        '<span style="color:red">红</span></p>'
    )
    assert str(pieces[0].html) == "<strong>60日</strong>内办结链接红"
