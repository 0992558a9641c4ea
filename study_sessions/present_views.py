"""Presenter mode (放映): any lesson, case, regulation chapter or session as slides.

One page serves both windows: ``?view=presenter`` (the lead's laptop: current and next slide,
notes, timer) and the audience view (the projector). present.js keeps them in step with a
BroadcastChannel; nothing goes through the server while presenting, except the sign-in
slide's QR code and count.
"""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from case_library.models import CasePage
from courses.models import Division, LessonPage

from . import permissions, selectors, slides
from .models import StudySession


def _page_presentable(request, page) -> None:
    """A page may be presented by whoever may read it on the site: live, and past any view
    restriction (a password or group restriction the reader has not met is a 404)."""
    if not page.live:
        raise Http404
    for restriction in page.get_view_restrictions():
        if not restriction.accept_request(request):
            raise Http404


def _render(request, *, deck, title, key, leave_url, extra=None):
    view = "presenter" if request.GET.get("view") == "presenter" else "audience"
    context = {
        "slides": deck,
        "total": len(deck),
        "deck_title": title,
        "deck_key": key,
        "leave_url": leave_url,
        "view": view,
        "audience_url": request.path,
    }
    context.update(extra or {})
    return render(request, "study_sessions/present/deck.html", context)


def present_lesson(request, pk):
    lesson = get_object_or_404(LessonPage, pk=pk).specific
    _page_presentable(request, lesson)
    return _render(
        request,
        deck=slides.lesson_slides(lesson),
        title=lesson.title,
        key=f"lesson-{lesson.pk}",
        leave_url=lesson.get_url(request) or "/",
    )


def present_case(request, pk):
    case = get_object_or_404(CasePage, pk=pk).specific
    _page_presentable(request, case)
    return _render(
        request,
        deck=slides.case_slides(case),
        title=case.title,
        key=f"case-{case.pk}",
        leave_url=case.get_url(request) or "/",
    )


def present_chapter(request, pk):
    division = get_object_or_404(Division.objects.select_related("regulation"), pk=pk)
    return _render(
        request,
        deck=slides.chapter_slides(division),
        title=f"{division.regulation}{division.heading}",
        key=f"chapter-{division.pk}",
        leave_url=division.regulation.get_absolute_url(),
    )


def present_session(request, pk):
    session = get_object_or_404(
        StudySession.objects.select_related("department", "organiser", "lead"), pk=pk
    )
    if not permissions.can_present(request.user, session):
        if permissions.can_view(request.user, session):
            raise PermissionDenied
        raise Http404(_("No such session."))
    rows = list(selectors.attendance_rows(session=session))
    summary = selectors.attendance_summary(rows=rows)
    return _render(
        request,
        deck=slides.session_slides(session),
        title=session.topic,
        key=f"session-{session.pk}",
        leave_url=session.get_absolute_url(),
        extra={
            "qr_url": reverse("study_sessions:sign_in_qr", args=[session.pk]),
            "status_url": reverse("study_sessions:sign_in_status", args=[session.pk]),
            "signed_in": summary.attended,
            "invited": summary.invited,
        },
    )
