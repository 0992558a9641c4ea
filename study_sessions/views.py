"""The organiser's pages for planning, running and recording a session, and what officials
see of the sessions they were invited to. Thin: rules live in services and permissions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from kit.years import year_from_request
from records.services import YearClosed

from . import permissions, record, selectors, services
from .forms import (
    CancelForm,
    ConclusionsForm,
    FollowUpFormSet,
    ModuleFormSet,
    QuestionFormSet,
    SessionFilterForm,
    SpeechFormSet,
    StudySessionForm,
    WalkInForm,
)
from .models import AttendanceStatus, SessionStatus, StudySession


def _session(request, pk, *, need: str = "view") -> StudySession:
    session = get_object_or_404(
        StudySession.objects.select_related("department", "organiser", "lead"), pk=pk
    )
    allowed = {
        "view": permissions.can_view,
        "manage": permissions.can_manage,
        "confirm": permissions.can_confirm,
    }[need](request.user, session)
    if not allowed:
        # Someone who may not even see the session learns nothing of it: not found, as on
        # its page. Only those who see it are told they may not do this (issue 9).
        if need == "view" or not permissions.can_view(request.user, session):
            raise Http404(_("No such session."))
        raise PermissionDenied
    return session


def session_index(request):
    """Trainers and leads: sessions by department and year. Everyone: the sessions they
    were invited to, with their own attendance."""
    year = year_from_request(request)
    form = SessionFilterForm(request.GET or None, user=request.user)
    department = None
    if form.is_valid():
        department = form.cleaned_data.get("department")
    overseeing = request.user.has_perm("study_sessions.view_studysession")
    this_year = timezone.localdate().year
    return render(
        request,
        "study_sessions/session_index.html",
        {
            "year": year,
            "years": range(this_year + 1, this_year - 5, -1),
            "form": form,
            "department": department,
            "overseeing": overseeing,
            "sessions": selectors.session_list(user=request.user, year=year, department=department)
            if overseeing
            else None,
            "mine": selectors.my_attendance(user=request.user, year=year),
            "organised": StudySession.objects.filter(organiser=request.user, date__year=year)
            if not overseeing
            else None,
            "can_create": permissions.can_create(request.user),
        },
    )


def session_create(request):
    if not permissions.can_create(request.user):
        raise PermissionDenied
    form = StudySessionForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            session = form.save(commit=False)
            session.created_by = request.user
            session.save()
            form.save_m2m()
            services.session_invitations_sync(session=session)
        messages.success(request, _("Session planned. Now add what will be studied."))
        return redirect("study_sessions:agenda", pk=session.pk)
    return render(request, "study_sessions/session_form.html", {"form": form, "session": None})


def session_edit(request, pk):
    session = _session(request, pk, need="manage")
    form = StudySessionForm(request.POST or None, instance=session, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            session = form.save()
            services.session_invitations_sync(session=session)
            services.session_details_changed(
                session=session, actor=request.user, now=timezone.now()
            )
        messages.success(request, _("Session saved."))
        return redirect(session)
    return render(request, "study_sessions/session_form.html", {"form": form, "session": session})


def session_detail(request, pk):
    session = _session(request, pk)
    rows = permissions.attendance_visible_to(request.user, session).order_by(
        "-invited", "user__department__sort_order", "user__staff_number", "user__pk"
    )
    manage = permissions.can_manage(request.user, session)
    full_view = manage or permissions.can_oversee(request.user, session)
    own = session.attendances.filter(user=request.user).first()
    return render(
        request,
        "study_sessions/session_detail.html",
        {
            "session": session,
            "modules": selectors.session_modules(session=session),
            "questions": session.questions.all(),
            "rows": rows if full_view else None,
            "summary": selectors.attendance_summary(rows=rows) if full_view else None,
            "own": own,
            "minutes": selectors.session_minutes(session=session) if full_view else None,
            "my_follow_ups": session.follow_ups.filter(owner=request.user),
            "can_manage": manage,
            "can_confirm": permissions.can_confirm(request.user, session),
            "print_url": reverse("study_sessions:record", args=[session.pk]) if full_view else None,
            "docx_url": reverse("study_sessions:record_docx", args=[session.pk])
            if full_view
            else None,
            "present_url": reverse("study_sessions:present", args=[session.pk])
            if permissions.can_present(request.user, session)
            and session.status != SessionStatus.CANCELLED
            else None,
            "cancel_form": CancelForm(),
        },
    )


def session_agenda(request, pk):
    """What is studied, in order, and the questions for discussion."""
    session = _session(request, pk, need="manage")
    data = request.POST if request.method == "POST" else None
    modules = ModuleFormSet(data, instance=session, prefix="modules")
    questions = QuestionFormSet(data, instance=session, prefix="questions")
    if request.method == "POST" and modules.is_valid() and questions.is_valid():
        with transaction.atomic():
            modules.save()
            questions.save()
        messages.success(request, _("Modules and questions saved."))
        return redirect("study_sessions:agenda", pk=session.pk)
    return render(
        request,
        "study_sessions/session_agenda.html",
        {"session": session, "modules": modules, "questions": questions},
    )


def session_attendance(request, pk):
    """The organiser's sign-in sheet: every invitee's status, reasons, walk-ins."""
    session = _session(request, pk, need="manage")
    if session.status == SessionStatus.CANCELLED:
        messages.warning(request, _("This session was cancelled."))
        return redirect(session)
    rows = list(selectors.attendance_rows(session=session))
    walk_in = WalkInForm(
        request.POST if request.POST.get("action") == "walk_in" else None, session=session
    )
    if request.method == "POST":
        now = timezone.now()
        if request.POST.get("action") == "walk_in":
            if walk_in.is_valid():
                services.walk_in_add(
                    session=session,
                    user=walk_in.cleaned_data["user"],
                    status=walk_in.cleaned_data["status"],
                    actor=request.user,
                    now=now,
                )
                messages.success(request, _("Walk-in added."))
                return redirect("study_sessions:attendance", pk=session.pk)
        else:
            changed, problems = 0, []
            for row in rows:
                status = request.POST.get(f"status-{row.pk}")
                reason = request.POST.get(f"reason-{row.pk}", "")
                if status is None or (status == row.status and reason.strip() == row.reason):
                    continue
                try:
                    services.attendance_mark(
                        attendance=row, status=status, reason=reason, actor=request.user, now=now
                    )
                    changed += 1
                except (services.SessionError, YearClosed) as exc:
                    problems.append(f"{row.user.display_name}: {exc}")
            for problem in problems:
                messages.error(request, problem)
            if changed:
                messages.success(
                    request,
                    ngettext(
                        "Attendance saved for %(n)d person.",
                        "Attendance saved for %(n)d people.",
                        changed,
                    )
                    % {"n": changed},
                )
            return redirect("study_sessions:attendance", pk=session.pk)
    return render(
        request,
        "study_sessions/session_attendance.html",
        {
            "session": session,
            "rows": rows,
            "summary": selectors.attendance_summary(rows=rows),
            "statuses": AttendanceStatus.choices,
            "walk_in": walk_in,
        },
    )


def session_minutes(request, pk):
    """会议记录: speeches by person, conclusions, follow-up actions."""
    session = _session(request, pk, need="manage")
    data = request.POST if request.method == "POST" else None
    speeches = SpeechFormSet(data, instance=session, prefix="speeches")
    follow_ups = FollowUpFormSet(data, instance=session, prefix="follow_ups")
    conclusions = ConclusionsForm(data, instance=session, prefix="minutes")
    if (
        request.method == "POST"
        and speeches.is_valid()
        and follow_ups.is_valid()
        and conclusions.is_valid()
    ):
        with transaction.atomic():
            speeches.save()
            follow_ups.save()
            conclusions.save()
        messages.success(request, _("Minutes saved."))
        return redirect("study_sessions:minutes", pk=session.pk)
    return render(
        request,
        "study_sessions/session_minutes.html",
        {
            "session": session,
            "speeches": speeches,
            "follow_ups": follow_ups,
            "conclusions": conclusions,
        },
    )


@require_POST
def session_confirm(request, pk):
    session = _session(request, pk, need="confirm")
    try:
        credited = services.session_confirm(session=session, actor=request.user, now=timezone.now())
    except (services.SessionError, YearClosed) as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            ngettext(
                "Session confirmed: %(n)d person credited in the study ledger.",
                "Session confirmed: %(n)d people credited in the study ledger.",
                credited,
            )
            % {"n": credited},
        )
    return redirect(session)


@require_POST
def session_cancel(request, pk):
    session = _session(request, pk, need="confirm")
    form = CancelForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Say why the session is cancelled."))
        return redirect(session)
    services.session_cancel(
        session=session,
        reason=form.cleaned_data["reason"],
        actor=request.user,
        now=timezone.now(),
    )
    messages.success(request, _("Session cancelled."))
    return redirect(session)


def _record_session(request, pk) -> StudySession:
    """The full record (everyone's attendance, the speeches) is for those who run the
    session or oversee its department; an official sees their own line on the session page."""
    session = _session(request, pk)
    if not (
        permissions.can_manage(request.user, session)
        or permissions.can_oversee(request.user, session)
    ):
        raise PermissionDenied
    return session


def session_record(request, pk):
    """The session record on A4: print it from the browser."""
    session = _record_session(request, pk)
    return render(
        request,
        "study_sessions/session_record.html",
        {
            "record": record.session_record(session=session),
            "session": session,
            "signatures": record.signature_labels(),
        },
    )


def session_record_docx(request, pk):
    session = _record_session(request, pk)
    response = HttpResponse(
        record.record_docx(record.session_record(session=session)),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    filename = f"session-{session.pk}-{session.date:%Y%m%d}.docx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
