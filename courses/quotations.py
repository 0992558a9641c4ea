"""Quotations of articles (引用条文原文): the one rule for "do these words match the article?".

A lesson or case may present words as an article's own in two ways, and only these are checked
(paraphrase stays free):

- the ``article_quote`` StreamField block (``courses.blocks.ArticleQuoteBlock``): a regulation,
  an article number, the quoted words, and whether they are an excerpt;
- the inline mark in rich text, ``<q data-article="<regulation slug>:<number>">…</q>``
  (the Draftail feature ``article-quote``), always read as an excerpt.

Both compare against the article's *current* text, read when the check runs, so a re-imported
regulation is checked again without anything being re-saved.

Comparison: full/half-width forms are folded (NFKC: ，→, ；→; （→( ), quotation marks of every
kind are one mark, and whitespace is ignored. A whole quotation must be the whole article; an
excerpt must be one contiguous run of the article, or several runs in order separated by an
ellipsis (…… / … / ...).
"""

import re
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.utils.translation import gettext as _

ELLIPSIS = re.compile(r"(?:…+|⋯+|\.{3,}|。{3,})")
QUOTE_MARKS = str.maketrans(dict.fromkeys("“”「」『』‘’\"'〝〞＂", '"'))
WHITESPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """The form two texts are compared in: NFKC width folding, one quotation mark, no spaces."""
    text = unicodedata.normalize("NFKC", text or "")
    text = text.translate(QUOTE_MARKS)
    return WHITESPACE.sub("", text)


def article_words(article) -> str:
    """The article's words in reading order (paragraphs and items), as the check reads them."""
    return "".join(p["text"] for p in article.reading_paragraphs)


def excerpt_matches(quoted: str, source: str) -> bool:
    """True if ``quoted`` is a run of ``source``, or runs in order separated by ellipses.
    Leading or trailing ellipses only say the excerpt starts or stops mid-article."""
    haystack = normalise(source)
    parts = [normalise(p) for p in ELLIPSIS.split(quoted or "")]
    parts = [p for p in parts if p]
    if not parts:
        return False
    position = 0
    for part in parts:
        found = haystack.find(part, position)
        if found < 0:
            return False
        position = found + len(part)
    return True


def quotation_matches(quoted: str, source: str, *, excerpt: bool) -> bool:
    if excerpt or ELLIPSIS.search(quoted or ""):
        return excerpt_matches(quoted, source)
    # A whole quotation: the article's words, allowing only a missing final full stop.
    wanted, have = normalise(quoted), normalise(source)
    return bool(wanted) and (wanted == have or wanted + "。" == have)


# Where quotations are found ----------------------------------------------------------------


@dataclass
class Quotation:
    """One passage presented as an article's words, wherever it was found."""

    regulation_slug: str
    regulation_id: int | None
    number: int | None
    text: str
    excerpt: bool
    where: str = ""  # the field or block it sits in, for the report

    @property
    def reference(self) -> str:
        from .parsing import int_to_chinese

        article = f"第{int_to_chinese(self.number)}条" if self.number else "?"
        return f"{self.regulation_slug or '?'} {article}"


@dataclass
class Mismatch:
    quotation: Quotation
    kind: str  # "no_number", "missing" (no such current article) or "words"
    reason: str
    article_text: str = ""
    regulation_title: str = ""

    @property
    def reference(self) -> str:
        """The article as a trainer names it: 《信访工作条例》第二十条 (the slug when the
        regulation itself is unknown)."""
        if not self.regulation_title:
            return self.quotation.reference
        from .parsing import int_to_chinese

        number = f"第{int_to_chinese(self.quotation.number)}条" if self.quotation.number else ""
        return f"《{self.regulation_title}》{number}"


MARK_ATTRIBUTE = "data-article"


def mark_reference(regulation_slug: str, number: int) -> str:
    """The mark's attribute value: ``xinfang-gongzuo-tiaoli:34``."""
    return f"{regulation_slug}:{number}"


def mark_html(regulation_slug: str, number: int, words: str) -> str:
    """The inline mark around ``words`` (already HTML), as the editor stores it."""
    from django.utils.html import escape

    reference = escape(mark_reference(regulation_slug, number))
    return f'<q {MARK_ATTRIBUTE}="{reference}">{words}</q>'


def mark_reference_parse(value: str) -> tuple[str, int | None]:
    """``xinfang-gongzuo-tiaoli:34`` → (slug, 34); a malformed number gives None."""
    slug, _sep, number = (value or "").strip().rpartition(":")
    try:
        return slug.strip(), int(number)
    except ValueError:
        return slug.strip(), None


class _MarkParser(HTMLParser):
    """Collects the text inside every ``<q data-article="…">`` of a rich-text value."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self._stack: list[list] = []  # [reference or None, text parts]

    def handle_starttag(self, tag, attrs):
        if tag == "q":
            self._stack.append([dict(attrs).get(MARK_ATTRIBUTE), []])

    def handle_endtag(self, tag):
        if tag == "q" and self._stack:
            reference, parts = self._stack.pop()
            text = "".join(parts)
            if reference is not None:
                self.found.append((reference, text))
            if self._stack:
                self._stack[-1][1].append(text)

    def handle_data(self, data):
        if self._stack:
            self._stack[-1][1].append(data)


def marks_in_html(html: str) -> list[tuple[str, str]]:
    """(reference, quoted text) for each article-quote mark in ``html``."""
    parser = _MarkParser()
    parser.feed(str(html or ""))
    parser.close()
    return parser.found


def quotations_in_html(html, *, where: str = "") -> list[Quotation]:
    found = []
    for reference, text in marks_in_html(html):
        slug, number = mark_reference_parse(reference)
        found.append(Quotation(slug, None, number, text, excerpt=True, where=where))
    return found


def quotations_in_stream(stream, *, where: str = "") -> list[Quotation]:
    """Quotations in a StreamField value: article-quote blocks and marks in any rich text,
    at any depth (struct, list and stream children)."""
    from wagtail.blocks import ListBlock, StreamBlock, StructBlock
    from wagtail.rich_text import RichText

    from .blocks import ArticleQuoteBlock

    found: list[Quotation] = []

    def walk(block, value, label):
        if isinstance(block, ArticleQuoteBlock):
            regulation = value.get("regulation")
            found.append(
                Quotation(
                    regulation_slug=getattr(regulation, "slug", ""),
                    regulation_id=getattr(regulation, "pk", None),
                    number=value.get("article"),
                    text=value.get("text") or "",
                    excerpt=bool(value.get("excerpt")),
                    where=label,
                )
            )
        elif isinstance(block, StreamBlock):
            for child in value:
                walk(child.block, child.value, label)
        elif isinstance(block, StructBlock):
            for name, child_block in block.child_blocks.items():
                walk(child_block, value.get(name), label)
        elif isinstance(block, ListBlock):
            for item in value:
                walk(block.child_block, item, label)
        elif isinstance(value, RichText):
            found.extend(quotations_in_html(value.source, where=label))

    for child in stream or []:
        walk(child.block, child.value, where or str(child.block.label))
    return found


def quotations_in_page(page) -> list[Quotation]:
    """Every quotation in a page's StreamFields and rich-text fields, in field order."""
    from wagtail.fields import RichTextField, StreamField

    found = []
    for model_field in page._meta.get_fields():
        if isinstance(model_field, StreamField):
            found += quotations_in_stream(
                getattr(page, model_field.name), where=str(model_field.verbose_name)
            )
        elif isinstance(model_field, RichTextField):
            found += quotations_in_html(
                getattr(page, model_field.name), where=str(model_field.verbose_name)
            )
    return found


# The check -------------------------------------------------------------------------------


@dataclass
class _Articles:
    by_slug: dict = field(default_factory=dict)
    by_id: dict = field(default_factory=dict)

    def get(self, quotation: Quotation):
        if quotation.regulation_id is not None:
            return self.by_id.get((quotation.regulation_id, quotation.number))
        return self.by_slug.get((quotation.regulation_slug, quotation.number))


def _articles_for(quotations: list[Quotation]) -> _Articles:
    from django.db.models import Q

    from .models import Article

    condition = Q()
    for q in quotations:
        if q.number is None:
            continue
        if q.regulation_id is not None:
            condition |= Q(regulation_id=q.regulation_id, number=q.number)
        elif q.regulation_slug:
            condition |= Q(regulation__slug=q.regulation_slug, number=q.number)
    articles = _Articles()
    if not condition:
        return articles
    for article in Article.objects.filter(condition, is_current=True).select_related("regulation"):
        articles.by_id[(article.regulation_id, article.number)] = article
        articles.by_slug[(article.regulation.slug, article.number)] = article
    return articles


def quotation_mismatches(quotations: list[Quotation]) -> list[Mismatch]:
    """The quotations that are not the current words of the article they name (two queries:
    the articles, and the regulations' titles)."""
    articles = _articles_for(quotations)
    titles = _regulation_titles(quotations)
    mismatches = []
    for quotation in quotations:
        article = articles.get(quotation)
        title = titles.get(quotation.regulation_id) or titles.get(quotation.regulation_slug, "")
        if quotation.number is None:
            mismatches.append(
                Mismatch(
                    quotation,
                    "no_number",
                    _("The quotation names no article number."),
                    regulation_title=title,
                )
            )
        elif article is None:
            mismatches.append(
                Mismatch(
                    quotation,
                    "missing",
                    _("The quoted article is not in the current text of its regulation."),
                    regulation_title=title,
                )
            )
        elif not quotation_matches(
            quotation.text, article_words(article), excerpt=quotation.excerpt
        ):
            reason = (
                _("These words are not in the article (not one run of it, nor runs in order).")
                if quotation.excerpt or ELLIPSIS.search(quotation.text)
                else _("A whole quotation must be the whole article; mark an excerpt as such.")
            )
            mismatches.append(
                Mismatch(
                    quotation,
                    "words",
                    reason,
                    article_words(article),
                    regulation_title=article.regulation.title,
                )
            )
    return mismatches


def _regulation_titles(quotations: list[Quotation]) -> dict:
    """Titles of the quoted regulations, by id and by slug (one query, none when no quotation
    names a regulation)."""
    from django.db.models import Q

    from .models import Regulation

    ids = {q.regulation_id for q in quotations if q.regulation_id is not None}
    slugs = {q.regulation_slug for q in quotations if q.regulation_id is None and q.regulation_slug}
    if not ids and not slugs:
        return {}
    titles = {}
    for pk, slug, title in Regulation.objects.filter(Q(pk__in=ids) | Q(slug__in=slugs)).values_list(
        "pk", "slug", "title"
    ):
        titles[pk] = titles[slug] = title
    return titles


def page_quotation_mismatches(page) -> list[Mismatch]:
    return quotation_mismatches(quotations_in_page(page))


@dataclass
class PageMismatches:
    page: object
    mismatches: list[Mismatch]


def quotation_mismatches_everywhere() -> list[PageMismatches]:
    """Every page whose content (the latest draft where there is one) quotes an article in
    words that are not its current text. Reads the articles when called, so the report is
    right after any re-import. One article query for all pages."""
    from django.contrib.contenttypes.models import ContentType
    from wagtail.fields import RichTextField, StreamField
    from wagtail.models import get_page_models

    pages = []
    for model in get_page_models():
        if model._meta.abstract or not any(
            isinstance(f, StreamField | RichTextField) for f in model._meta.get_fields()
        ):
            continue
        content_type = ContentType.objects.get_for_model(model)
        for page in model.objects.filter(content_type=content_type).order_by("path"):
            if page.has_unpublished_changes and page.latest_revision_id:
                page = page.get_latest_revision_as_object()
            pages.append(page)
    found = [(page, quotations_in_page(page)) for page in pages]
    mismatches = quotation_mismatches([q for _page, qs in found for q in qs])
    by_id = {id(m.quotation): m for m in mismatches}
    rows = []
    for page, quotations in found:
        page_mismatches = [by_id[id(q)] for q in quotations if id(q) in by_id]
        if page_mismatches:
            rows.append(PageMismatches(page, page_mismatches))
    return rows


# Passages that look like an article's words but carry no mark ----------------------------

_NUMERAL = "零一二三四五六七八九十百千0-9"
REFERENCE_BEFORE_QUOTE = re.compile(
    rf"第[{_NUMERAL}]+条(?:第[{_NUMERAL}]+[款项])*"
    rf"(?:(?:规定|要求|明确)?[：:，,]?\s*[“「]|(?:规定)?[：:](?!\s*□))"
)


def unmarked_quotations(html: str) -> list[str]:
    """Openings like 第二十条第三款：… or 第二十九条规定“… outside any article-quote mark:
    words presented as an article's that the check cannot see."""
    text = re.sub(rf"<q\s[^>]*{MARK_ATTRIBUTE}=[^>]*>.*?</q>", "□", str(html or ""), flags=re.S)
    text = re.sub(r"<[^>]+>", "", text)
    return [m.group(0) for m in REFERENCE_BEFORE_QUOTE.finditer(text)]
