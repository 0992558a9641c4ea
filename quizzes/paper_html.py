"""The attempt page's question cards, rendered in Python (the exam rush, docs/performance.md).

The attempt page is the heaviest page of the exam's first minute, when a whole district opens
it at once: a paper of 50 questions in the template language walked about 1,400 template nodes
per question, two-thirds of the page's time. The cards are the same markup built here, every
value escaped as the template escaped it (``format_html`` was tried first: its lazy-aware
escaping per value cost nearly as many calls as the template), and the page's template keeps
everything else and includes ``question_cards(items)`` where its loop was.

The markup is the contract of ``static/quizzes/attempt.js``, the browser tests and the rush
bench (``fieldset.question[data-question][data-type]``, inputs named ``q<id>``, blanks with
``data-blank``): ``tests/quizzes/test_paper_html.py`` checks it question type by question type.
"""

from html import escape

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from wagtail.rich_text import expand_db_html

CHOICE_INPUT = {"single": "radio", "multiple": "checkbox"}


def _e(value) -> str:
    """The text ``value`` escaped for HTML, as the template's ``{{ }}`` did (the same function
    under Django's ``escape``, without its lazy-string wrapper per call)."""
    return escape(str(value), quote=True)


def _checked(flag) -> str:
    return " checked" if flag else ""


def _answer_html(item, labels) -> str:
    kind, name = item["type"], f"q{item['id']}"
    if kind in CHOICE_INPUT:
        rows = "\n".join(
            f'<li><label class="option"><input type="{CHOICE_INPUT[kind]}" name="{name}" '
            f'value="{_e(o["value"])}"{_checked(o["checked"])}> '
            f'<span class="option__label">{_e(o["label"])}</span> <span>{_e(o["text"])}</span>'
            "</label></li>"
            for o in item["options"]
        )
        return f'<ul class="options">\n{rows}\n</ul>'
    if kind == "true_false":
        response = item["response"]
        return (
            '<ul class="options options--inline">\n'
            f'<li><label class="option"><input type="radio" name="{name}" value="true"'
            f"{_checked(response is True)}> {labels['true']}</label></li>\n"
            f'<li><label class="option"><input type="radio" name="{name}" value="false"'
            f"{_checked(response is False)}> {labels['false']}</label></li>\n"
            "</ul>"
        )
    if kind == "fill":
        blanks = "\n".join(
            f'<label class="form-field blank"><span>{_e(_("Blank %(n)s") % {"n": index + 1})}'
            f'</span>\n<input type="text" name="{name}" data-blank="{index}" value="{_e(value)}" '
            'maxlength="500" autocomplete="off"></label>'
            for index, value in item["blank_values"]
        )
        return f'<div class="blanks">\n{blanks}\n</div>'
    return (
        f'<label class="form-field"><span class="visually-hidden">{labels["answer"]}</span>\n'
        f'<textarea name="{name}" rows="6" maxlength="5000">{_e(item["response"] or "")}'
        "</textarea></label>"
    )


def question_cards(items) -> SafeString:
    """Every question of the paper as the attempt page shows it (``selectors.attempt_paper``'s
    items, each with its ``page``), with the official's saved answers filled in.

    Every value is escaped (``_e``) except the stem, which is the trainer's rich text expanded
    as the ``richtext`` filter expands it; ids, positions and pages are the paper's integers."""
    labels = {
        key: _e(text)
        for key, text in (
            ("true", _("True (对)")),
            ("false", _("False (错)")),
            ("answer", _("Your answer")),
            ("flag", _("Mark for review")),
        )
    }
    cards = [
        f'<fieldset class="question card" id="q-{int(item["position"])}" '
        f'data-question="{int(item["id"])}" data-type="{_e(item["type"])}" '
        f'data-page="{int(item["page"])}">\n'
        f'<legend class="question__head"><span class="question__no">{int(item["position"])}'
        f'</span> <span class="badge badge--muted">{_e(item["type_label"])}</span> '
        f'<span class="meta">{_e(item["points_label"])}</span></legend>\n'
        f'<div class="question__stem prose">{expand_db_html(item["stem"])}</div>\n'
        f"{_answer_html(item, labels)}\n"
        '<div class="question__foot">\n'
        '<label class="flag"><input type="checkbox" class="flag__input"'
        f"{_checked(item['flagged'])}> {labels['flag']}</label>\n"
        '<span class="question__state meta" aria-live="polite"></span>\n'
        "</div>\n"
        '<div class="feedback" hidden></div>\n'
        "</fieldset>"
        for item in items
    ]
    return mark_safe("\n".join(cards))  # noqa: S308 — every value above is escaped or is the stem
