"""Pages for officials: the quiz page, the attempt, the result, my results, the wrong-answer book."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from kit.pages import page_in_site, page_serve

from .disclosure import attempt_disclosure, attempts_score_shown
from .draw import paper_size
from .models import Attempt, QuizPage
from .paper_html import question_cards
from .selectors import (
    Eligibility,
    attempt_owned,
    attempt_paper,
    attempt_saved_count,
    attempts_for_user,
    quiz_eligibility,
    quizzes_for_user,
    wrong_answer_book,
)
from .services import QuizError, attempt_start, attempt_submit, wrong_practice_start


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
                "question_count": paper_size(quiz=quiz, rank=request.user.rank or ""),
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
    context = quiz.get_context(request)
    attempts = list(attempts_for_user(user=request.user, quiz=quiz))
    context.update(
        {
            "eligibility": quiz_eligibility(quiz=quiz, user=request.user, now=now),
            "attempts": attempts,
            "question_count": paper_size(quiz=quiz, rank=request.user.rank or ""),
            "scores_shown": attempts_score_shown(attempts=attempts, user=request.user, now=now),
        }
    )
    return TemplateResponse(request, "quizzes/quiz_page.html", context)


def _own_attempt(request, attempt_id: int) -> Attempt:
    try:
        return attempt_owned(attempt_id=attempt_id, user=request.user)
    except QuizError as exc:
        raise Http404 from exc


def attempt_take(request, attempt_id: int):
    attempt = _own_attempt(request, attempt_id)
    now = timezone.now()
    if not attempt.is_running(now):
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
            "question_cards": question_cards(items),
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
    """The result and review, as much as ``quizzes.disclosure`` allows now.

    A GET never writes. An attempt past its deadline that is not submitted yet (the periodic
    step or the next POST submits it, as at the deadline) shows that the time is up and how
    many answers are saved — exactly what will be scored — with a button that submits it now.
    """
    attempt = _own_attempt(request, attempt_id)
    now = timezone.now()
    if attempt.is_running(now):
        return redirect("quizzes:attempt", attempt_id=attempt.pk)
    if attempt.is_expired(now):
        saved, total = attempt_saved_count(attempt=attempt)
        return TemplateResponse(
            request,
            "quizzes/attempt_expired.html",
            {"attempt": attempt, "quiz": attempt.quiz, "saved": saved, "total": total},
        )
    disclosure = attempt_disclosure(attempt=attempt, now=now)
    return TemplateResponse(
        request,
        "quizzes/attempt_result.html",
        {
            "attempt": attempt,
            "quiz": attempt.quiz,
            "items": attempt_paper(attempt=attempt, disclosure=disclosure),
            "disclosure": disclosure,
        },
    )


def my_results(request):
    now = timezone.now()
    attempts = list(attempts_for_user(user=request.user).filter(quiz__isnull=False)[:50])
    shown = attempts_score_shown(attempts=attempts, user=request.user, now=now)
    for attempt in attempts:
        attempt.score_shown = attempt.pk in shown
    return TemplateResponse(
        request,
        "quizzes/my_results.html",
        {"rows": quizzes_for_user(user=request.user, now=now), "attempts": attempts},
    )


def wrong_book(request):
    return TemplateResponse(
        request,
        "quizzes/wrong_book.html",
        {"entries": wrong_answer_book(user=request.user, now=timezone.now())},
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
    """The quiz page by its id (the dashboard's links; the exam rush starts here): the same
    page, served as at its URL — the same hooks, private pages included (``kit.pages``) — only
    found by id rather than by walking the page tree one URL segment at a time."""
    quiz = get_object_or_404(QuizPage.objects.live(), pk=quiz_id)
    if not page_in_site(request, quiz):
        raise Http404
    return page_serve(request, quiz)


def result_url(attempt: Attempt) -> str:
    return reverse("quizzes:attempt_result", kwargs={"attempt_id": attempt.pk})
