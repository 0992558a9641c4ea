"""Drawing a paper — the one home of the draw rules.

- which questions a draw rule draws from: its bank, and its type, category and difficulty
  when set (``rule_criteria``; ``rule_q`` for queries, ``rule_matches`` for one question);
- which rules build the paper of an official of a rank: that rank's rules when the quiz has
  any, otherwise the rules without a rank (``rules_for_rank``);
- what practice never draws: "exam only" questions and banks (``practice_questions``);
- every question a set of quizzes can put on a paper, whatever the rank (``questions_held_q``,
  which ``quizzes.disclosure`` keeps secret while an exam is ahead), and what one quiz as it
  is being edited can draw (``questions_drawable``, for the warning on shared questions);
- the draw itself (``paper_draw``) and the size of the paper it gives (``paper_size``).

Attempt start, the quiz page, disclosure and the case page's related questions ask these;
none re-states them (``tests/quizzes/test_one_home.py`` fails on a copy).
"""

import hashlib
import logging
import random
from decimal import Decimal
from types import SimpleNamespace

from django.core.cache import cache
from django.db.models import Q

from kit.pages import cache_version_bump

from .models import OPTION_LETTERS, Question, QuizDrawRule, QuizMode, QuizPage, QuizQuestion

OPTION_FIELDS = [f"option_{letter.lower()}" for letter in OPTION_LETTERS]

logger = logging.getLogger(__name__)


def rule_criteria(rule: QuizDrawRule) -> dict:
    """The questions ``rule`` draws from, as field lookups."""
    found = {"bank_id": rule.bank_id}
    if rule.question_type:
        found["question_type"] = rule.question_type
    if rule.category:
        found["category"] = rule.category
    if rule.difficulty:
        found["difficulty"] = rule.difficulty
    return found


def rule_q(rule: QuizDrawRule) -> Q:
    return Q(**rule_criteria(rule))


def rule_matches(rule: QuizDrawRule, question: Question) -> bool:
    """Would ``rule`` draw ``question`` (by its criteria; activity and practice aside)?"""
    return all(getattr(question, name) == value for name, value in rule_criteria(rule).items())


def rules_for_rank(rules, rank: str) -> list[QuizDrawRule]:
    """The rules that build a paper for an official of ``rank``: the rules for that rank
    when the quiz has any, otherwise the rules without a rank."""
    rules = list(rules)
    ranked = [r for r in rules if rank and r.rank == rank]
    return ranked or [r for r in rules if not r.rank]


def practice_questions(questions):
    """``questions`` without the "exam only" ones (the question's flag or its bank's)."""
    return questions.exclude(exam_only=True).exclude(bank__exam_only=True)


def questions_held_q(quizzes) -> Q | None:
    """Every question ``quizzes`` can put on a paper: fixed ones and any their draw rules (of
    any rank) draw. None when there are no quizzes."""
    quizzes = list(quizzes)
    if not quizzes:
        return None
    condition = Q(pk__in=QuizQuestion.objects.filter(quiz__in=quizzes).values("question_id"))
    for rule in QuizDrawRule.objects.filter(quiz__in=quizzes):
        condition |= rule_q(rule)
    return condition


def questions_drawable(quiz: QuizPage):
    """Every question ``quiz`` as it stands can put on a paper, for any rank: its fixed
    questions and what its draw rules match, active ones only, and for practice without the
    "exam only" ones. Reads the quiz's rules from the object, so a revision not yet published
    (``get_latest_revision_as_object()``) is judged as the trainer wrote it."""
    condition = Q(pk__in=[row.question_id for row in quiz.fixed_questions.all()])
    for rule in quiz.draw_rules.all():
        condition |= rule_q(rule)
    return _pool(Question.objects.filter(condition, is_active=True), quiz, ())


def _pool(questions, quiz: QuizPage, exclude_ids):
    """Practice never draws "exam only" questions or banks, nor ``exclude_ids``."""
    if quiz.mode != QuizMode.PRACTICE:
        return questions
    return practice_questions(questions).exclude(pk__in=list(exclude_ids))


def _draw_ids(*, quiz: QuizPage, rank: str, rng, exclude_ids=()) -> list[tuple[int, Decimal]]:
    chosen: list[tuple[int, Decimal]] = []
    seen: set[int] = set()
    fixed_rows = list(quiz.fixed_questions.order_by("sort_order"))
    if fixed_rows:
        fixed = _pool(
            Question.objects.filter(is_active=True, pk__in=[row.question_id for row in fixed_rows]),
            quiz,
            exclude_ids,
        )
        usable = set(fixed.values_list("pk", flat=True))
        for row in fixed_rows:
            if row.question_id in usable and row.question_id not in seen:
                chosen.append((row.question_id, row.points))
                seen.add(row.question_id)
    rules = rules_for_rank(quiz.draw_rules.order_by("sort_order"), rank)
    if rules:
        # Every question any of the rules draws from, in one query; each rule then takes its
        # own from these (rule_matches), in the rules' order, none twice.
        condition = Q()
        for rule in rules:
            condition |= rule_q(rule)
        names = ["pk", *sorted({name for rule in rules for name in rule_criteria(rule)})]
        pool = [
            SimpleNamespace(**dict(zip(names, row, strict=True)))
            for row in _pool(
                Question.objects.filter(condition, is_active=True), quiz, exclude_ids
            ).values_list(*names)
        ]
        for rule in rules:
            ids = sorted(q.pk for q in pool if q.pk not in seen and rule_matches(rule, q))
            if len(ids) < rule.count:
                logger.info(
                    "quiz %s: rule %s wants %s, bank has %s", quiz.pk, rule.pk, rule.count, len(ids)
                )
            for pk in rng.sample(ids, min(rule.count, len(ids))):
                chosen.append((pk, rule.points))
                seen.add(pk)
    if quiz.shuffle_questions:
        rng.shuffle(chosen)
    if quiz.max_questions:
        chosen = chosen[: quiz.max_questions]
    return chosen


def paper_draw(*, quiz: QuizPage, rank: str, rng, exclude_ids=()) -> list[tuple[Question, Decimal]]:
    """The questions (and their points) for a new paper: fixed questions, then the draw rules
    for the official's rank, each drawing from the active questions its criteria match.
    Practice leaves out "exam only" questions and ``exclude_ids``. One query for all the
    rules' pools (and one for the fixed questions, if any), whatever the number of rules.

    The questions carry what freezing a paper needs — their type and options — and nothing
    else (a start in the exam rush does not read 50 stems, keys and explanations it never uses);
    read another field only after fetching the question again."""
    drawn = _draw_ids(quiz=quiz, rank=rank, rng=rng, exclude_ids=exclude_ids)
    by_id = Question.objects.only("pk", "question_type", *OPTION_FIELDS).in_bulk(
        [pk for pk, _points in drawn]
    )
    return [(by_id[pk], points) for pk, points in drawn]


#: How long the quiz page keeps a paper's size; any change to a question or bank, and every
#: publish of the quiz, gives a new key at once (the wait bounds only other processes' locmem).
PAPER_SIZE_SECONDS = 60
QUESTIONS_VERSION_KEY = "xuefa:quizzes:questions-version"


def questions_changed(**_kwargs) -> None:
    """A question or bank changed: every cached paper size is out of date (signal receiver)."""
    cache_version_bump(QUESTIONS_VERSION_KEY)


def paper_size(*, quiz: QuizPage, rank: str, exclude_ids=()) -> int:
    """How many questions a paper for ``rank`` really holds: what the rules can draw from the
    banks as they are, not what they ask for (a rule for 50 from a pool of 8 gives 8).

    The quiz page shows it to every official who opens it — a thousand in the minute an exam
    opens — so it is cached per quiz, rank, published version and question version."""
    if exclude_ids:
        return len(_draw_ids(quiz=quiz, rank=rank, rng=random.Random(0), exclude_ids=exclude_ids))
    published = quiz.last_published_at.timestamp() if quiz.last_published_at else 0
    version = cache.get(QUESTIONS_VERSION_KEY, 0)
    rank_key = hashlib.sha256(rank.encode()).hexdigest()[:16]
    key = f"xuefa:quizzes:paper-size:{quiz.pk}:{rank_key}:{published}:{version}"
    size = cache.get(key)
    if size is None:
        size = len(_draw_ids(quiz=quiz, rank=rank, rng=random.Random(0)))
        cache.set(key, size, PAPER_SIZE_SECONDS)
    return size
