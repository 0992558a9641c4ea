"""Presenter mode: lessons, cases, regulation chapters and whole sessions as slides.

A deck is a list of ``Slide``s built here, on the server, so that nothing is shrunk to fit:
text that would not fit a 16:9 slide at the projector type size (``present.css``: body
3.1 units of 1/100 slide height, 33 px at 1080 p) continues on the next slide. The budget
below is counted in lines of full-width characters and kept below what the stylesheet holds,
so that Latin text and punctuation (narrower) only ever leave room to spare.

- A lesson splits at its slide breaks, or at its headings where it has none; an article
  citation is a slide of its own per article, with the article's number and its current
  text; a discussion question is a slide; speaker notes go with the slide they follow.
- A case: its facts, each section of the review, its legal basis (article slides), each
  discussion question.
- A chapter: a title slide, then each current article.
- A session: the sign-in slide (QR), the agenda, each module in order, each discussion
  question, and a closing slide.
"""

import math
import re
from dataclasses import dataclass, field

from bs4 import BeautifulSoup
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from wagtail.rich_text import expand_db_html

from courses.models import Article, Division, LessonPage
from courses.parsing import int_to_chinese, parse_article_numbers

# The slide's text box, in lines of full-width characters at body size (present.css keeps
# about 15.5 lines of 53 characters under a one-line heading; these leave a margin).
CHARS_PER_LINE = 50
LINES_PER_SLIDE = 14
HEADING_CHARS_PER_LINE = 32
PIECE_GAP = 0.3  # the space between paragraphs, in lines


@dataclass
class Piece:
    """One paragraph-sized thing on a slide: a paragraph, a list item, an article's item, a
    sub-heading, a quotation, a key point's line."""

    kind: str  # p, li, item, h3, quote, source, key_title, key
    html: SafeString
    text: str
    number: str = ""  # for ordered list items

    @property
    def lines(self) -> float:
        width = CHARS_PER_LINE - (2 if self.kind in {"li", "item", "key", "quote"} else 0)
        extra = 1.0 if self.kind in {"key_title", "quote"} else 0.0  # box padding
        return max(1, math.ceil(_width(self.text) / width)) + PIECE_GAP + extra


@dataclass
class Slide:
    kind: str  # title, section, text, article, question, agenda, qr, image, video, end
    heading: str = ""
    eyebrow: str = ""
    pieces: list[Piece] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    extra: dict = field(default_factory=dict)

    @property
    def notes_text(self) -> str:
        return "\n\n".join(n for n in self.notes if n)


def _width(text: str) -> float:
    """Width in full-width characters: ASCII letters, digits and spaces count half."""
    return sum(0.55 if ord(ch) < 0x2E80 else 1.0 for ch in text)


def _heading_lines(heading: str) -> int:
    return max(1, math.ceil(_width(heading) / HEADING_CHARS_PER_LINE)) if heading else 0


def _budget(heading: str) -> float:
    return LINES_PER_SLIDE - 1.25 * max(0, _heading_lines(heading) - 1)


def _text_piece(kind: str, text: str, number: str = "") -> Piece:
    return Piece(kind=kind, html=escape(text), text=text, number=number)


_SENTENCE_END = re.compile(r"(?<=[。；！？：])")


def _split_piece(piece: Piece, room: float) -> list[Piece]:
    """A paragraph too long for any one slide, cut at sentence ends (never inside a
    sentence unless a sentence alone is too long), each part fitting ``room`` lines."""
    width = CHARS_PER_LINE - (2 if piece.kind in {"li", "item", "key", "quote"} else 0)
    limit = max(1, int(room - PIECE_GAP - 1)) * width
    sentences = [s for s in _SENTENCE_END.split(piece.text) if s]
    parts, current = [], ""
    for sentence in sentences:
        while _width(sentence) > limit:
            head, sentence = sentence[: int(limit)], sentence[int(limit) :]
            if current:
                parts.append(current)
                current = ""
            parts.append(head)
        if current and _width(current + sentence) > limit:
            parts.append(current)
            current = ""
        current += sentence
    if current:
        parts.append(current)
    return [
        _text_piece(piece.kind, part, piece.number if i == 0 else "")
        for i, part in enumerate(parts)
    ]


class DeckBuilder:
    """Collects slides; ``flow`` pours pieces onto text slides, continuing on a new slide
    (heading marked 续) when the next piece would not fit."""

    def __init__(self):
        self.slides: list[Slide] = []
        self.current: Slide | None = None
        self._used = 0.0

    # text flow -----------------------------------------------------------------------------
    def start(self, heading: str, eyebrow: str = "", kind: str = "text") -> Slide:
        self.close()
        self.current = Slide(kind=kind, heading=heading, eyebrow=eyebrow)
        self._used = 0.0
        return self.current

    def close(self) -> None:
        if self.current is not None:
            self.slides.append(self.current)
        self.current = None

    def flow(self, pieces: list[Piece], *, heading: str, eyebrow: str = "") -> None:
        for piece in pieces:
            if self.current is None or self.current.kind != "text":
                self.start(heading, eyebrow)
            room = _budget(self.current.heading)
            if piece.lines > room:
                for part in _split_piece(piece, room):
                    self._place(part, heading, eyebrow)
                continue
            self._place(piece, heading, eyebrow)

    def _place(self, piece: Piece, heading: str, eyebrow: str) -> None:
        if self.current is None or self.current.kind != "text":
            self.start(heading, eyebrow)
        if self._used and self._used + piece.lines > _budget(self.current.heading):
            continued = self.current.heading or heading
            if not continued.endswith(_("(continued)")):
                continued = f"{continued}{_('(continued)')}"
            # A sub-heading never ends a slide: it moves on with what it introduces.
            carried = []
            if self.current.pieces and self.current.pieces[-1].kind in {"h3", "key_title"}:
                carried = [self.current.pieces.pop()]
            self.start(continued, eyebrow)
            for earlier in carried:
                self.current.pieces.append(earlier)
                self._used += earlier.lines
        self.current.pieces.append(piece)
        self._used += piece.lines

    def add(self, slide: Slide) -> Slide:
        self.close()
        self.slides.append(slide)
        return slide

    def note(self, text: str) -> None:
        """Speaker notes for the slide being built, or else the last one."""
        target = self.current or (self.slides[-1] if self.slides else None)
        if target is not None and text:
            target.notes.append(text)

    def done(self) -> list[Slide]:
        self.close()
        # A heading left alone on a text slide (its content went to article or question
        # slides) is a section divider.
        for slide in self.slides:
            if slide.kind == "text" and not slide.pieces:
                slide.kind = "section"
        return self.slides


# Pieces from content ---------------------------------------------------------------------


INLINE_TAGS = {"b": "strong", "strong": "strong", "i": "em", "em": "em", "br": "br"}


def _inline_html(element) -> SafeString:
    """An element's inline content rebuilt from escaped text and a short list of tags
    (bold, italic, line breaks); everything else (links, attributes, scripts) is dropped,
    its text kept."""
    from bs4 import NavigableString, Tag

    out = []
    for child in element.children:
        if isinstance(child, Tag):
            tag = INLINE_TAGS.get(child.name)
            if tag == "br":
                out.append("<br>")
            elif tag:
                out.append(f"<{tag}>{_inline_html(child)}</{tag}>")
            elif child.name not in {"script", "style"}:
                out.append(_inline_html(child))
        elif isinstance(child, NavigableString):
            out.append(escape(str(child)))
    return mark_safe("".join(out))  # noqa: S308 - built only from escaped text and fixed tags


def rich_text_pieces(html: str, *, kind_prefix: str = "") -> list[Piece]:
    """Paragraph-level pieces of Wagtail rich text, inline markup (bold, links) kept."""
    soup = BeautifulSoup(expand_db_html(html or ""), "html.parser")
    pieces = []
    for element in soup.children:
        name = getattr(element, "name", None)
        if name is None:
            text = str(element).strip()
            if text:
                pieces.append(_text_piece(kind_prefix or "p", text))
            continue
        if name in {"ul", "ol"}:
            for i, li in enumerate(element.find_all("li", recursive=False), start=1):
                pieces.append(
                    Piece(
                        kind=kind_prefix or "li",
                        html=_inline_html(li),
                        text=li.get_text(),
                        number=f"{i}." if name == "ol" else "",
                    )
                )
            continue
        text = element.get_text()
        if not text.strip():
            continue
        kind = "h3" if name in {"h2", "h3", "h4", "h5", "h6"} else (kind_prefix or "p")
        pieces.append(Piece(kind=kind, html=_inline_html(element), text=text))
    return pieces


def article_slides(article: Article | None, *, number: int, regulation) -> list[Slide]:
    """An article on a slide of its own: the regulation, the number as the text writes it,
    the current text paragraph by paragraph; a long article continues on further slides."""
    eyebrow = str(regulation) if regulation else ""
    if article is None or not article.is_current:
        return [
            Slide(
                kind="article",
                heading=f"第{int_to_chinese(number)}条",
                eyebrow=eyebrow,
                pieces=[
                    _text_piece(
                        "p",
                        _(
                            "Article %(number)s no longer exists in the current text of this "
                            "regulation."
                        )
                        % {"number": number},
                    )
                ],
                extra={"missing": True},
            )
        ]
    builder = DeckBuilder()
    pieces = [
        _text_piece("item" if p.get("kind") == "item" else "p", p["text"])
        for p in article.reading_paragraphs
        if p.get("text")
    ]
    builder.flow(pieces, heading=article.label, eyebrow=eyebrow)
    slides = builder.done()
    for slide in slides:
        slide.kind = "article"
        slide.extra = {"article": article.pk, "number": article.number}
    return slides


def _question_slide(text: str, *, hint: str = "", eyebrow: str = "", number: int | None = None):
    heading = _("Discussion question")
    if number is not None:
        heading = _("Discussion question %(n)s") % {"n": number}
    slide = Slide(kind="question", heading=heading, eyebrow=eyebrow)
    builder = DeckBuilder()
    builder.flow([_text_piece("p", t) for t in text.splitlines() if t.strip()], heading=heading)
    flowed = builder.done()
    if flowed:
        slide.pieces = [p for s in flowed for p in s.pieces]
    if hint:
        slide.notes.append(hint)
    return slide


# Lessons ---------------------------------------------------------------------------------


def _lesson_chunks(body) -> list[list]:
    blocks = list(body)
    if any(b.block_type == "slide_break" for b in blocks):
        chunks, current = [], []
        for block in blocks:
            if block.block_type == "slide_break":
                chunks.append(current)
                current = []
            else:
                current.append(block)
        chunks.append(current)
    else:
        chunks, current = [], []
        for block in blocks:
            if block.block_type == "heading" and current:
                chunks.append(current)
                current = []
            current.append(block)
        chunks.append(current)
    return [c for c in chunks if c]


def lesson_slides(
    lesson: LessonPage, *, title_slide: bool = True, eyebrow: str = ""
) -> list[Slide]:
    from courses.selectors import cited_articles_for_body

    cited = cited_articles_for_body(lesson.body)
    builder = DeckBuilder()
    if title_slide:
        course = lesson.get_parent()
        slide = Slide(kind="title", heading=lesson.title, eyebrow=eyebrow or str(course.title))
        if lesson.summary:
            slide.pieces = [_text_piece("p", lesson.summary)]
        builder.add(slide)
    eyebrow = eyebrow or lesson.title
    heading = lesson.title
    for chunk in _lesson_chunks(lesson.body):
        heading = lesson.title
        if chunk[0].block_type == "heading":
            heading = str(chunk[0].value)
            chunk = chunk[1:]
            builder.start(heading, eyebrow)
        else:
            builder.close()
        for block in chunk:
            kind, value = block.block_type, block.value
            if kind == "heading":
                builder.flow([_text_piece("h3", str(value))], heading=heading, eyebrow=eyebrow)
            elif kind == "paragraph":
                builder.flow(rich_text_pieces(value.source), heading=heading, eyebrow=eyebrow)
            elif kind == "key_point":
                pieces = [_text_piece("key_title", value.get("title") or _("Key point"))]
                pieces += rich_text_pieces(value["text"].source, kind_prefix="key")
                builder.flow(pieces, heading=heading, eyebrow=eyebrow)
            elif kind == "quote":
                pieces = [_text_piece("quote", value["text"])]
                if value.get("source"):
                    pieces.append(_text_piece("source", f"—— {value['source']}"))
                builder.flow(pieces, heading=heading, eyebrow=eyebrow)
            elif kind == "article_citation":
                regulation = value.get("regulation")
                try:
                    numbers = parse_article_numbers(value.get("articles"))
                except ValueError:
                    numbers = []
                builder.close()
                for number in numbers:
                    article = cited.get((regulation.pk, number)) if regulation else None
                    for slide in article_slides(article, number=number, regulation=regulation):
                        builder.add(slide)
                if value.get("comment"):
                    builder.note(value["comment"])
            elif kind == "discussion":
                builder.add(
                    _question_slide(value["question"], hint=value.get("hint", ""), eyebrow=eyebrow)
                )
            elif kind == "speaker_notes":
                builder.note(str(value))
            elif kind == "image" and value.get("image"):
                builder.add(
                    Slide(
                        kind="image",
                        heading=value.get("caption") or heading,
                        eyebrow=eyebrow,
                        extra={"image": value["image"], "alt": value.get("alt", "")},
                    )
                )
            elif kind == "video" and value.get("video"):
                builder.add(
                    Slide(
                        kind="video",
                        heading=value.get("caption") or heading,
                        eyebrow=eyebrow,
                        extra={"url": value["video"].url},
                    )
                )
            elif kind == "document" and value.get("document"):
                label = value.get("title") or value["document"].title
                builder.flow(
                    [_text_piece("p", _("Material: %(title)s") % {"title": label})],
                    heading=heading,
                    eyebrow=eyebrow,
                )
    return builder.done()


# Cases -----------------------------------------------------------------------------------


def case_slides(case, *, title_slide: bool = True, eyebrow: str = "") -> list[Slide]:
    builder = DeckBuilder()
    eyebrow = eyebrow or _("Typical case")
    if title_slide:
        slide = Slide(kind="title", heading=case.title, eyebrow=eyebrow)
        facts = []
        if case.summary:
            facts.append(_text_piece("p", case.summary))
        for label, value in (
            (_("Domain"), case.domain.name if case.domain_id else ""),
            (_("Channel"), case.get_channel_display() if case.channel else ""),
            (_("Outcome"), case.outcome),
        ):
            if value:
                facts.append(_text_piece("p", f"{label}：{value}"))
        slide.pieces = facts
        builder.add(slide)
    labels = {name: str(case._meta.get_field(name).verbose_name) for name in case.BODY_SECTIONS}
    articles = list(case.legal_basis.select_related("regulation").order_by("regulation", "number"))
    for name in case.BODY_SECTIONS:
        html = getattr(case, name)
        if html:
            label = re.sub(r"\s*\(.*\)$", "", labels[name])
            # The Chinese catalogue's labels carry the term in brackets: "基本案情".
            label = re.sub(r"[（(].*[)）]$", "", label) or label
            builder.start(label, case.title)
            builder.flow(rich_text_pieces(html), heading=label, eyebrow=case.title)
        if name == "analysis":
            for article in articles:
                for slide in article_slides(
                    article, number=article.number, regulation=article.regulation
                ):
                    builder.add(slide)
            articles = []
    for article in articles:
        for slide in article_slides(article, number=article.number, regulation=article.regulation):
            builder.add(slide)
    questions = [p.text for p in rich_text_pieces(case.discussion_questions) if p.text.strip()]
    for i, question in enumerate(questions, start=1):
        builder.add(_question_slide(question, eyebrow=case.title, number=i))
    return builder.done()


# Regulation chapters ---------------------------------------------------------------------


def _division_ids(division: Division) -> list[int]:
    ids, frontier = [division.pk], [division.pk]
    while frontier:
        frontier = list(
            Division.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        ids += frontier
    return ids


def chapter_slides(division: Division, *, title_slide: bool = True) -> list[Slide]:
    regulation = division.regulation
    articles = list(
        Article.objects.filter(division_id__in=_division_ids(division), is_current=True)
        .select_related("regulation")
        .order_by("position", "number")
    )
    builder = DeckBuilder()
    if title_slide:
        slide = Slide(kind="title", heading=division.heading, eyebrow=str(regulation))
        if articles:
            slide.pieces = [
                _text_piece(
                    "p",
                    _("%(first)s to %(last)s")
                    % {"first": articles[0].label, "last": articles[-1].label},
                )
            ]
        builder.add(slide)
    for article in articles:
        for slide in article_slides(article, number=article.number, regulation=regulation):
            slide.eyebrow = f"{regulation} {division.heading}"
            builder.add(slide)
    return builder.done()


# Sessions --------------------------------------------------------------------------------


def session_slides(session) -> list[Slide]:
    from .models import ModuleKind
    from .selectors import session_modules

    modules = list(session_modules(session=session))
    questions = list(session.questions.all())
    builder = DeckBuilder()
    builder.add(
        Slide(
            kind="qr",
            heading=session.topic,
            eyebrow=session.get_session_type_display(),
            extra={"session": session},
        )
    )
    agenda = Slide(kind="agenda", heading=_("Agenda"), eyebrow=session.topic)
    for i, module in enumerate(modules, start=1):
        agenda.pieces.append(_text_piece("li", module.title, number=f"{int_to_chinese(i)}、"))
    if questions:
        agenda.pieces.append(
            _text_piece(
                "li",
                _("Discussion (%(n)s questions)") % {"n": len(questions)},
                number=f"{int_to_chinese(len(modules) + 1)}、",
            )
        )
    if agenda.pieces:  # a session with nothing listed (a guest lecture) has no empty agenda
        builder.add(agenda)
    for i, module in enumerate(modules, start=1):
        section = Slide(
            kind="section",
            heading=module.title,
            eyebrow=f"{int_to_chinese(i)}、{module.get_kind_display()}",
        )
        if module.note:
            section.pieces = [_text_piece("p", module.note)]
        builder.add(section)
        target = module.target
        if target is None:
            continue
        if module.kind == ModuleKind.LESSON:
            slides = lesson_slides(target.specific, title_slide=False, eyebrow=module.title)
        elif module.kind == ModuleKind.CASE:
            slides = case_slides(target.specific, title_slide=False)
        elif module.kind == ModuleKind.CHAPTER:
            slides = chapter_slides(target, title_slide=False)
        else:
            slides = article_slides(target, number=target.number, regulation=target.regulation)
        for slide in slides:
            builder.add(slide)
    if questions:
        builder.add(Slide(kind="section", heading=_("Discussion"), eyebrow=session.topic))
        for i, question in enumerate(questions, start=1):
            builder.add(
                _question_slide(question.text, hint=question.hint, eyebrow=session.topic, number=i)
            )
    builder.add(
        Slide(
            kind="end",
            heading=_("End of the session"),
            eyebrow=session.topic,
            pieces=[_text_piece("p", _("Thank you. The minutes and attendance follow."))],
        )
    )
    return builder.done()
