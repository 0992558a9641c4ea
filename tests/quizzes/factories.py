"""Factories for question banks, questions and quizzes."""

from decimal import Decimal

import factory

from home.services import site_tree_ensure
from quizzes.models import (
    Question,
    QuestionBank,
    QuizDrawRule,
    QuizIndexPage,
    QuizPage,
    QuizQuestion,
)


class QuestionBankFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QuestionBank
        django_get_or_create = ("name",)

    name = "测试题库"


class QuestionFactory(factory.django.DjangoModelFactory):
    """A single-choice question by default (key B); pass question_type/answer for others."""

    class Meta:
        model = Question

    bank = factory.SubFactory(QuestionBankFactory)
    question_type = "single"
    stem = factory.Sequence(lambda n: f"<p>第{n}题：信访事项应当在多少日内办结？</p>")
    option_a = "30日"
    option_b = "60日"
    option_c = "90日"
    option_d = "15日"
    answer = "B"
    explanation = "第三十四条：60日内办结。"
    category = "办理"


def multiple(**kw):
    return QuestionFactory(question_type="multiple", answer="AC", **kw)


def true_false(answer="对", **kw):
    return QuestionFactory(
        question_type="true_false",
        answer=answer,
        option_a="",
        option_b="",
        option_c="",
        option_d="",
        **kw,
    )


def fill(answer="60|六十；30", **kw):
    return QuestionFactory(
        question_type="fill",
        answer=answer,
        option_a="",
        option_b="",
        option_c="",
        option_d="",
        **kw,
    )


def essay(**kw):
    return QuestionFactory(
        question_type="essay",
        answer="参考答案：依法分类处理。",
        option_a="",
        option_b="",
        option_c="",
        option_d="",
        **kw,
    )


def quiz_index():
    index = QuizIndexPage.objects.first()
    if index is None:
        index = QuizIndexPage(title="练习与考试", slug="quizzes")
        site_tree_ensure().add_child(instance=index)
    return index


def make_quiz(*, questions=(), rules=(), parent=None, points=Decimal("10"), **fields):
    """A live quiz under the quiz index with fixed ``questions`` and/or draw ``rules`` (dicts)."""
    fields.setdefault("title", "测验")
    fields.setdefault("mode", "quiz")
    quiz = QuizPage(**fields)
    quiz.fixed_questions = [
        QuizQuestion(question=q, points=points, sort_order=i) for i, q in enumerate(questions)
    ]
    quiz.draw_rules = [QuizDrawRule(sort_order=i, **rule) for i, rule in enumerate(rules)]
    (parent or quiz_index()).add_child(instance=quiz)
    return quiz
