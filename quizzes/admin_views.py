"""Trainer views inside the Wagtail admin: Excel import with preview, export, marking, reports."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext, pgettext_lazy

from accounts.roles import user_is_staff_manager
from kit.spreadsheets import SpreadsheetError, write_sheet, xlsx_response

from .models import Answer, Question, QuestionBank, QuizPage, SharedWithExams
from .previews import preview_discard, preview_store, preview_take
from .selectors import (
    distribution_svg_bars,
    item_analysis,
    marking_queue,
    practice_exam_overlaps,
    quiz_results,
    score_distribution,
)
from .services import (
    QuizError,
    answer_mark,
    practice_leave_out_shared,
    questions_mark_exam_only,
)
from .spreadsheet import question_template, questions_export, questions_import

SESSION_KEY = "xuefa_question_import"


def _require_trainer(request):
    if not user_is_staff_manager(request.user):
        raise PermissionDenied


class QuestionImportForm(forms.Form):
    bank = forms.CharField(
        label=gettext_lazy("Question bank"),
        max_length=100,
        help_text=gettext_lazy("An existing bank's name, or a new name to create one."),
    )
    file = forms.FileField(label=gettext_lazy("Excel file (.xlsx)"))


def question_import_view(request):
    """Step 1: upload and preview (nothing written). Step 2 (confirm) imports the same file."""
    _require_trainer(request)
    report = None
    file_error = None
    if request.method == "POST":
        form = QuestionImportForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            bank = form.cleaned_data["bank"]
            try:
                report = questions_import(upload, bank_name=bank, dry_run=True)
            except SpreadsheetError as exc:
                file_error = str(exc)
            # A new upload replaces the preview waiting for confirmation, if any.
            earlier = request.session.pop(SESSION_KEY, None)
            if earlier:
                preview_discard(earlier.get("token"))
            if report is not None and report.ok:
                token = preview_store(upload)
                request.session[SESSION_KEY] = {
                    "token": token,
                    "bank": bank,
                    "user": request.user.pk,
                }
    else:
        form = QuestionImportForm()
    return TemplateResponse(
        request,
        "quizzes/admin/question_import.html",
        {
            "form": form,
            "report": report,
            "file_error": file_error,
            "preview": report.questions[:200] if report else [],
            "banks": QuestionBank.objects.annotate(n=Count("questions")).order_by("name"),
            "page_title": _("Import questions"),
            "header_icon": "doc-full",
        },
    )


def question_import_confirm(request):
    _require_trainer(request)
    if request.method != "POST":
        return redirect("quizzes_admin:question_import")
    pending = request.session.pop(SESSION_KEY, None) or {}
    token = pending.get("token")
    path = preview_take(token, now=timezone.now()) if token else None
    if path is None or pending.get("user") != request.user.pk:
        if token:
            preview_discard(token)
        messages.error(request, _("The preview has expired. Upload the file again."))
        return redirect("quizzes_admin:question_import")
    try:
        report = questions_import(path, bank_name=pending["bank"])
    except (SpreadsheetError, OSError):
        messages.error(request, _("The preview has expired. Upload the file again."))
        return redirect("quizzes_admin:question_import")
    finally:
        preview_discard(token)
    if report.ok:
        messages.success(
            request,
            _("%(n)s questions imported into “%(bank)s”.")
            % {"n": report.created, "bank": pending["bank"]},
        )
    else:
        messages.error(request, _("Nothing was imported: the bank changed since the preview."))
    return redirect("quizzes_admin:question_import")


def question_template_view(request):
    _require_trainer(request)
    return xlsx_response(question_template(), "question-template.xlsx")


def bank_export_view(request, bank_id: int):
    _require_trainer(request)
    bank = get_object_or_404(QuestionBank, pk=bank_id)
    return xlsx_response(questions_export(bank=bank), f"question-bank-{bank.pk}.xlsx")


# ---------------------------------------------------------------- marking


def marking_queue_view(request):
    _require_trainer(request)
    return TemplateResponse(
        request,
        "quizzes/admin/marking_queue.html",
        {"answers": marking_queue()[:200], "page_title": _("Marking queue")},
    )


class MarkForm(forms.Form):
    score = forms.DecimalField(label=gettext_lazy("Score"), min_value=0, decimal_places=2)
    comment = forms.CharField(
        label=pgettext_lazy("marking", "Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def answer_mark_view(request, answer_id: int):
    _require_trainer(request)
    answer = get_object_or_404(
        Answer.objects.select_related(
            "attempt__quiz", "attempt__user", "attempt_question__question"
        ),
        pk=answer_id,
    )
    if answer.attempt_question.question.question_type != "essay":
        raise Http404
    form = MarkForm(
        request.POST or None, initial={"score": answer.score, "comment": answer.comment}
    )
    if request.method == "POST" and form.is_valid():
        try:
            answer_mark(
                answer=answer,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
                marker=request.user,
                now=timezone.now(),
            )
        except QuizError as exc:
            form.add_error("score", exc.message)
        else:
            messages.success(request, _("Marked."))
            return redirect("quizzes_admin:marking_queue")
    return TemplateResponse(
        request,
        "quizzes/admin/answer_mark.html",
        {"answer": answer, "form": form, "page_title": _("Mark an answer")},
    )


# ---------------------------------------------------------------- practice and exams


def exam_overlap_view(request, quiz_id: int):
    """The questions a practice shares with exams open or to come, and the trainer's choice:
    leave them out of this practice while the exam is ahead, or mark them "exam only"."""
    _require_trainer(request)
    quiz = get_object_or_404(QuizPage, pk=quiz_id)
    if not quiz.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    practice = quiz.get_latest_revision_as_object()
    overlaps = practice_exam_overlaps(practice=practice, now=timezone.now())
    shared = sorted({pk for overlap in overlaps for pk in overlap.question_ids})
    if request.method == "POST":
        choice = request.POST.get("choice")
        if choice == "leave_out":
            practice_leave_out_shared(practice=quiz, user=request.user)
            messages.success(
                request,
                _("“%(title)s” now leaves out the questions an exam ahead of the official holds.")
                % {"title": quiz.title},
            )
        elif choice == "exam_only" and shared:
            n = questions_mark_exam_only(question_ids=shared)
            messages.success(
                request,
                _("%(n)s questions marked “exam only”: no practice draws them any more.")
                % {"n": n},
            )
        return redirect("quizzes_admin:exam_overlap", quiz_id=quiz.pk)
    stems = dict(Question.objects.filter(pk__in=shared).values_list("pk", "stem_text"))
    return TemplateResponse(
        request,
        "quizzes/admin/exam_overlap.html",
        {
            "quiz": quiz,
            "practice": practice,
            "overlaps": [
                {"overlap": o, "stems": [stems[pk] for pk in o.question_ids]} for o in overlaps
            ],
            "shared_count": len(shared),
            "leaves_out": practice.shared_with_exams == SharedWithExams.LEAVE_OUT,
            "page_title": _("Questions shared with exams: %(title)s") % {"title": quiz.title},
        },
    )


# ---------------------------------------------------------------- reports


def reports_index_view(request):
    _require_trainer(request)
    quizzes = QuizPage.objects.annotate(n_attempts=Count("attempts")).order_by(
        "-latest_revision_created_at"
    )
    return TemplateResponse(
        request,
        "quizzes/admin/reports_index.html",
        {"quizzes": quizzes, "page_title": _("Quiz reports")},
    )


def quiz_report_view(request, quiz_id: int):
    _require_trainer(request)
    quiz = get_object_or_404(QuizPage, pk=quiz_id)
    counts = score_distribution(quiz=quiz)
    attempts = list(quiz_results(quiz=quiz))
    final = [a for a in attempts if a.status == "final"]
    return TemplateResponse(
        request,
        "quizzes/admin/quiz_report.html",
        {
            "quiz": quiz,
            "attempts": attempts,
            "chart": distribution_svg_bars(counts),
            "items": item_analysis(quiz=quiz),
            "n_final": len(final),
            "n_passed": sum(1 for a in final if a.passed),
            "page_title": _("Report: %(title)s") % {"title": quiz.title},
        },
    )


def quiz_report_xlsx(request, quiz_id: int):
    _require_trainer(request)
    quiz = get_object_or_404(QuizPage, pk=quiz_id)
    columns = [
        pgettext("person", "Name"),
        _("Staff number"),
        _("Department"),
        _("Attempt"),
        _("Status"),
        _("Started"),
        pgettext("attempt", "Submitted"),
        _("Score"),
        pgettext("score", "Maximum"),
        _("Percent"),
        _("Passed"),
        _("Times left the page"),
    ]
    local = timezone.localtime

    rows = (
        [
            a.user.display_name,
            a.user.staff_number or "",
            a.user.department.name if a.user.department else "",
            a.number,
            a.get_status_display(),
            local(a.started_at).strftime("%Y-%m-%d %H:%M"),
            local(a.submitted_at).strftime("%Y-%m-%d %H:%M") if a.submitted_at else "",
            float(a.score) if a.score is not None else "",
            float(a.max_score),
            float(a.percent) if a.percent is not None else "",
            {True: _("yes"), False: _("no")}.get(a.passed, ""),
            a.tab_switches,
        ]
        for a in quiz_results(quiz=quiz)
    )
    data = write_sheet(title=quiz.title, columns=[str(c) for c in columns], rows=rows)
    return xlsx_response(data, f"quiz-{quiz.pk}-results.xlsx")
