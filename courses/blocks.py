"""StreamField blocks for lessons. One shared BaseStreamBlock; every block has an icon, a
template and a preview value (bakerydemo's base/blocks.py)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock

from .parsing import parse_article_numbers


class HeadingBlock(blocks.CharBlock):
    class Meta:
        icon = "title"
        label = _("Heading")
        template = "courses/blocks/heading.html"
        preview_value = "一、信访工作的基本原则"


class ParagraphBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault(
            "features", ["bold", "italic", "ol", "ul", "link", "h3", "h4", "article-quote"]
        )
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        label = pgettext_lazy("content", "Text")
        template = "courses/blocks/paragraph.html"
        preview_value = "<p>信访工作是党的群众工作的重要组成部分。</p>"


class ArticleCitationBlock(blocks.StructBlock):
    """Cites one or more articles of a regulation. Rendering looks the articles up by
    number at that moment, so the lesson always shows the current text, and says so
    plainly when a re-import removed an article."""

    regulation = SnippetChooserBlock("courses.Regulation", label=_("Regulation"))
    articles = blocks.CharBlock(
        label=_("Article numbers"),
        max_length=100,
        help_text=_("Arabic numbers: one (34), a list (20, 22) or a range (28-33)."),
    )
    comment = blocks.TextBlock(
        label=_("Trainer's comment"), required=False, help_text=_("Optional, shown below.")
    )

    class Meta:
        icon = "doc-full"
        label = _("Article citation")
        template = "courses/blocks/article_citation.html"
        preview_value = {"regulation": None, "articles": "34", "comment": ""}
        form_classname = "struct-block article-citation-block"

    def get_preview_value(self):
        # Preview with a real article when one is there, rather than an empty citation.
        from .models import Article

        article = Article.objects.filter(is_current=True, number=34).first()
        regulation_id = article.regulation_id if article else None
        return self.to_python({"regulation": regulation_id, "articles": "34", "comment": ""})

    def clean(self, value):
        value = super().clean(value)
        try:
            parse_article_numbers(value.get("articles"))
        except ValueError as exc:
            raise blocks.StructBlockValidationError(
                block_errors={
                    "articles": ValidationError(
                        _("Write article numbers like 34, 20, 22 or 28-33.")
                    )
                }
            ) from exc
        return value

    def get_context(self, value, parent_context=None):
        from .selectors import cited_articles_lookup

        context = super().get_context(value, parent_context=parent_context)
        regulation = value.get("regulation")
        try:
            numbers = parse_article_numbers(value.get("articles"))
        except ValueError:
            numbers = []
        known = (parent_context or {}).get("cited_articles")
        if known is None and regulation is not None:
            known = cited_articles_lookup(pairs=[(regulation.pk, n) for n in numbers])
        rows = []
        for number in numbers:
            article = (known or {}).get((regulation.pk, number)) if regulation else None
            rows.append({"number": number, "article": article})
        context["regulation"] = regulation
        context["rows"] = rows
        return context


class ArticleQuoteBlock(blocks.StructBlock):
    """Words presented as an article's own (引用条文原文). Checked against the article's current
    text (courses.quotations): the editor warns on save and 报告 lists every mismatch."""

    regulation = SnippetChooserBlock("courses.Regulation", label=_("Regulation"))
    article = blocks.IntegerBlock(label=_("Article number"), min_value=1)
    locator = blocks.CharBlock(
        label=_("Paragraph or item"),
        required=False,
        max_length=40,
        help_text=_("Optional, shown after the article: 第一款, 第三项 …"),
    )
    text = blocks.TextBlock(
        label=_("Quoted words"),
        help_text=_("Exactly as the article says them. Mark left-out words with ……"),
    )
    excerpt = blocks.BooleanBlock(
        label=_("Excerpt"),
        required=False,
        help_text=_(
            "Tick when these are part of the article: they must then be one run of its text, "
            "or runs in order separated by ……. Unticked, they must be the whole article."
        ),
    )

    class Meta:
        icon = "openquote"
        label = _("Article quotation")
        template = "courses/blocks/article_quote.html"
        preview_value = {
            "regulation": None,
            "article": 20,
            "locator": "第三款",
            "text": "多人采用走访形式提出共同的信访事项的，应当推选代表，代表人数不得超过5人。",
            "excerpt": True,
        }

    def get_preview_value(self):
        # The regulation whose article 20 holds these words: several regulations have an
        # article 20, and a preview must not show a quotation that does not match.
        from .models import Article
        from .quotations import article_words, excerpt_matches

        words = self.meta.preview_value["text"]
        regulation_id = next(
            (
                article.regulation_id
                for article in Article.objects.filter(is_current=True, number=20)
                if excerpt_matches(words, article_words(article))
            ),
            None,
        )
        return self.to_python(dict(self.meta.preview_value, regulation=regulation_id))

    def get_context(self, value, parent_context=None):
        from .parsing import int_to_chinese

        context = super().get_context(value, parent_context=parent_context)
        number = value.get("article")
        context["label"] = f"第{int_to_chinese(number)}条" if number else ""
        return context


class KeyPointBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("Title"), required=False, max_length=100)
    text = blocks.RichTextBlock(
        label=pgettext_lazy("content", "Text"),
        features=["bold", "italic", "ol", "ul", "article-quote"],
    )

    class Meta:
        icon = "pick"
        label = _("Key point")
        template = "courses/blocks/key_point.html"
        preview_value = {"title": "要点", "text": "<p>属地管理、分级负责，谁主管、谁负责。</p>"}


class LessonImageBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("Image"))
    alt = blocks.CharBlock(label=_("Description for screen readers"), required=False)
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "image"
        label = _("Image")
        template = "courses/blocks/image.html"
        preview_value = {"image": None, "alt": "", "caption": "信访接待大厅"}


class DocumentDownloadBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(label=_("Link text"), required=False)

    class Meta:
        icon = "doc-full-inverse"
        label = _("Document download")
        template = "courses/blocks/document.html"
        preview_value = {"document": None, "title": "信访事项办理流程图"}


class VideoBlock(blocks.StructBlock):
    """An uploaded video file (MP4/WebM, via Documents): no external players on an intranet."""

    video = DocumentChooserBlock(label=_("Video file"), help_text=_("Upload an MP4 or WebM file."))
    caption = blocks.CharBlock(label=_("Caption"), required=False)

    class Meta:
        icon = "media"
        label = _("Video")
        template = "courses/blocks/video.html"
        preview_value = {"video": None, "caption": "接访示范"}


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock(label=_("Quotation"))
    source = blocks.CharBlock(label=_("Source"), required=False)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "courses/blocks/quote.html"
        preview_value = {"text": "小事不出村、大事不出镇、矛盾不上交。", "source": "“枫桥经验”"}


class DiscussionQuestionBlock(blocks.StructBlock):
    question = blocks.TextBlock(label=pgettext_lazy("discussion", "Question"))
    hint = blocks.TextBlock(label=_("Hint for the discussion leader"), required=False)

    class Meta:
        icon = "help"
        label = _("Discussion question")
        template = "courses/blocks/discussion.html"
        preview_value = {"question": "群众多次来访反映同一问题，应当如何处理？", "hint": ""}


class SlideBreakBlock(blocks.StaticBlock):
    """Marks where a new slide starts in presenter mode; a subtle divider when reading."""

    class Meta:
        icon = "arrow-right"
        label = _("Slide break")
        admin_text = _("A new slide starts here in presenter mode.")
        template = "courses/blocks/slide_break.html"
        preview_value = None


class SpeakerNotesBlock(blocks.TextBlock):
    """Notes for whoever presents the lesson (讲稿提示): shown only in the presenter view,
    beside the slide they follow; readers of the lesson never see them."""

    class Meta:
        icon = "comment"
        label = _("Speaker notes")
        help_text = _("Shown only to the presenter, with the slide these notes follow.")
        template = "courses/blocks/speaker_notes.html"
        preview_value = "先请大家读一遍条文，再说明“到位”只用于前三种情形。"


class BaseStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = ParagraphBlock()
    key_point = KeyPointBlock()
    image = LessonImageBlock()
    document = DocumentDownloadBlock()
    video = VideoBlock()
    quote = QuoteBlock()


class LessonStreamBlock(BaseStreamBlock):
    article_citation = ArticleCitationBlock()
    article_quote = ArticleQuoteBlock()
    discussion = DiscussionQuestionBlock()
    slide_break = SlideBreakBlock()
    speaker_notes = SpeakerNotesBlock()
