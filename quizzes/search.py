"""What the site search finds in the question bank — for trainers only.

An entry holds the stem, the options, the explanation and the legal basis; never the key
(``Question.answer``), so not even its ranking can hint at an answer. Entries need
``quizzes.view_question``, which officials and leads do not have.
"""

from django.urls import reverse
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from kit.search import SearchEntry, SearchProvider

from .models import Question

PERMISSION = "quizzes.view_question"


def _question_entry(question: Question) -> SearchEntry:
    options = [f"{letter}. {text}" for letter, text in question.options]
    body = [question.stem_text, *options, question.explanation, question.basis]
    return SearchEntry(
        key=f"quizzes.question:{question.pk}",
        kind="question",
        title=Truncator(question.stem_text).chars(80),
        body="\n".join(part for part in body if part),
        url=reverse("questions:edit", args=[question.pk]),
        context=" · ".join(
            str(part)
            for part in (
                question.bank.name,
                question.get_question_type_display(),
                question.category,
            )
            if part
        ),
        keywords=question.category,
        permission=PERMISSION,
    )


def question_entries():
    for question in Question.objects.select_related("bank").order_by("pk"):
        yield _question_entry(question)


def question_refresh(instance, deleted):
    keys = [f"quizzes.question:{instance.pk}"]
    question = (
        None if deleted else Question.objects.select_related("bank").filter(pk=instance.pk).first()
    )
    if question is None:
        return keys, []
    return keys, [_question_entry(question)]


def search_providers() -> list[SearchProvider]:
    return [
        SearchProvider(
            kind="question",
            label=_("Questions"),
            order=50,
            entries=question_entries,
            refresh=question_refresh,
            watches=("quizzes.Question",),
            permission=PERMISSION,
        )
    ]
