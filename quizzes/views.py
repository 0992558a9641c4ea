"""Pages for officials: the quiz page, the attempt, the result, my results, the wrong-answer book."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import Attempt, AttemptStatus, QuizPage
from .selectors import (
    Eligibility,
    attempt_paper,
    attempts_for_user,
    quiz_eligibility,
    quizzes_for_user,
    review_rules,
    wrong_answer_book,
)
from .services import QuizError, attempt_start, attempt_submit, attempt_touch, wrong_practice_start


def quiz_page_serve(quiz: QuizPage, request):
    """GET: the quiz's rules and the official's attempts. POST: start or resume an attempt."""
    now = timezone.now()
    if getattr(request, "is_preview", False):
        context = quiz.get_context(request)
        context.update(
            {
                "eligibility": Eligibility(
                    can_start=False, reason=_("Preview: attempts start on the published page.")
                ),
                "attempts": [],
                "question_count": _question_count(quiz),
            }
        )
        return TemplateResponse(request, "quizzes/quiz_page.html", context)
    if request.method == "POST":
        try:
            attempt = attempt_start(quiz=quiz, user=request.user, now=now)
        except QuizError as exc:
            messages.error(request, exc.message)
            return redirect(quiz.url)
        return redirect("quizzes:attempt", attempt_id=attempt.pk)
    open_attempt = Attempt.objects.filter(
        quiz=quiz, user=request.user, status=AttemptStatus.IN_PROGRESS
    ).first()
    if open_attempt is not None:
        attempt_touch(attempt=open_attempt, now=now)
    context = quiz.get_context(request)
    context.update(
        {
            "eligibility": quiz_eligibility(quiz=quiz, user=request.user, now=now),
            "attempts": attempts_for_user(user=request.user, quiz=quiz),
            "question_count": _question_count(quiz),
        }
    )
    return TemplateResponse(request, "quizzes/quiz_page.html", context)


def _question_count(quiz: QuizPage) -> int:
    count = quiz.fixed_questions.count()
    rules = list(quiz.draw_rules.all())
    unranked = [r for r in rules if not r.rank] or rules
    count += sum(r.count for r in unranked)
    return min(count, quiz.max_questions) if quiz.max_questions else count


def _own_attempt(request, attempt_id: int) -> Attempt:
    attempt = get_object_or_404(Attempt.objects.select_related("quiz"), pk=attempt_id)
    if attempt.user_id != request.user.pk:
        raise Http404  # never confirm another official's attempt exists
    return attempt


def attempt_take(request, attempt_id: int):
    attempt = _own_attempt(request, attempt_id)
    now = timezone.now()
    attempt = attempt_touch(attempt=attempt, now=now)
    if not attempt.is_open:
        return redirect("quizzes:attempt_result", attempt_id=attempt.pk)
    quiz = attempt.quiz
    feedback = bool(quiz and quiz.instant_feedback)
    items = attempt_paper(attempt=attempt)
    per_page = quiz.questions_per_page if quiz else 0
    for item in items:
        item["page"] = (item["position"] - 1) // per_page if per_page else 0
    return TemplateResponse(
        request,
        "quizzes/attempt.html",
        {
            "attempt": attempt,
            "quiz": quiz,
            "items": items,
            "per_page": per_page,
            "server_now": now,
            "instant_feedback": feedback,
            "count_tab_switches": bool(
                quiz and quiz.count_tab_switches and quiz.mode != "practice"
            ),
        },
    )


@require_POST
def attempt_submit_view(request, attempt_id: int):
    attempt = _own_attempt(request, attempt_id)
    attempt_submit(attempt=attempt, now=timezone.now())
    return redirect("quizzes:attempt_result", attempt_id=attempt.pk)


def attempt_result(request, attempt_id: int):
    attempt = _own_attempt(request, attempt_id)
    now = timezone.now()
    attempt = attempt_touch(attempt=attempt, now=now)
    if attempt.is_open:
        return redirect("quizzes:attempt", attempt_id=attempt.pk)
    rules = review_rules(attempt=attempt, now=now)
    items = attempt_paper(
        attempt=attempt,
        reveal_answers=rules["answers"],
        reveal_explanations=rules["explanations"],
    )
    return TemplateResponse(
        request,
        "quizzes/attempt_result.html",
        {"attempt": attempt, "quiz": attempt.quiz, "items": items, "rules": rules},
    )


def my_results(request):
    now = timezone.now()
    return TemplateResponse(
        request,
        "quizzes/my_results.html",
        {
            "rows": quizzes_for_user(user=request.user, now=now),
            "attempts": attempts_for_user(user=request.user).filter(quiz__isnull=False)[:50],
        },
    )


def wrong_book(request):
    return TemplateResponse(
        request, "quizzes/wrong_book.html", {"questions": wrong_answer_book(user=request.user)}
    )


@require_POST
def wrong_practice(request):
    try:
        attempt = wrong_practice_start(user=request.user, now=timezone.now())
    except QuizError as exc:
        messages.error(request, exc.message)
        return redirect("quizzes:wrong_book")
    return redirect("quizzes:attempt", attempt_id=attempt.pk)


def quiz_by_id(request, quiz_id: int):
    """A stable link to a quiz page by its id (used by the dashboard)."""
    quiz = get_object_or_404(QuizPage.objects.live(), pk=quiz_id)
    if not quiz.url:
        raise PermissionDenied
    return redirect(quiz.url)


def result_url(attempt: Attempt) -> str:
    return reverse("quizzes:attempt_result", kwargs={"attempt_id": attempt.pk})
