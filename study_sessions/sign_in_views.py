"""QR sign-in (扫码签到): the code on the session's first slide, its live count, and the
phone page the code leads to.

The code is signed with the session's own secret and names a 60-second window; the current
and the previous window are accepted (``services.sign_in_code_check``). A code is judged at
the moment it was scanned: someone who has to sign in to the site first keeps the scan
time in their (server-side) session for a few minutes, so a slow password on a phone does not
turn a fresh code into an expired one.
"""

import datetime
import io

import segno
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from . import permissions, selectors, services
from .models import Attendance, StudySession
from .services import SignInRefused, SignInStanding

SCAN_KEY = "study_sessions.sign_in_scan"


def _scan_grace() -> datetime.timedelta:
    return datetime.timedelta(seconds=int(getattr(settings, "XUEFA_SIGN_IN_SCAN_GRACE", 600)))


def _presentable(request, pk) -> StudySession:
    session = get_object_or_404(StudySession, pk=pk)
    if not permissions.can_present(request.user, session):
        if not permissions.can_view(request.user, session):
            raise Http404
        raise PermissionDenied
    return session


def _sign_in_url(request, session: StudySession, now) -> str:
    code = services.sign_in_code(session=session, now=now)
    path = reverse("study_sessions:sign_in", args=[session.pk])
    return request.build_absolute_uri(f"{path}?c={code}")


@never_cache
def sign_in_qr(request, pk):
    """The QR code of the current sign-in link, as SVG (the slide reloads it)."""
    session = _presentable(request, pk)
    qr = segno.make(_sign_in_url(request, session, timezone.now()), error="m")
    buffer = io.BytesIO()
    qr.save(buffer, kind="svg", scale=8, border=2, dark="#000000", light="#ffffff")
    return HttpResponse(buffer.getvalue(), content_type="image/svg+xml")


@never_cache
def sign_in_status(request, pk):
    """The live count on the sign-in slide."""
    session = _presentable(request, pk)
    summary = selectors.attendance_summary(rows=selectors.attendance_rows(session=session))
    return JsonResponse(
        {
            "signed_in": summary.attended,
            "invited": summary.invited,
            "walk_ins": summary.walk_ins,
            "refresh_seconds": max(5, services.sign_in_rotation_seconds() // 3),
        }
    )


REFUSALS = {
    SignInRefused.EXPIRED: lambda s, other: _(
        "This sign-in code has expired. Scan the QR code showing on the screen in the room now."
    ),
    SignInRefused.FORGED: lambda s, other: _(
        "This is not a valid sign-in code. Scan the QR code showing on the screen in the room."
    ),
    SignInRefused.OTHER_SESSION: lambda s, other: (
        _(
            "This code is for another session (%(topic)s). Scan the code of the session you "
            "are attending."
        )
        % {"topic": other.topic if other else ""}
    ),
    SignInRefused.UNINVITED: lambda s, other: (
        _(
            "You are not on the list of people invited to this session, so you cannot sign in. "
            "If you are attending, ask the organiser (%(organiser)s) to add you."
        )
        % {"organiser": s.organiser.display_name}
    ),
    SignInRefused.CLOSED: lambda s, other: _(
        "Sign-in for this session is closed: it has been confirmed or cancelled."
    ),
}


def _refused(request, session, exc: SignInRefused):
    """The refusal page; ``session`` is shown only once the code or the person's standing has
    named it (None for a forged code or another session's)."""
    return render(
        request,
        "study_sessions/sign_in.html",
        {
            "session": session,
            "refused": exc.reason,
            "message": REFUSALS[exc.reason](session, exc.other_session),
        },
        status=403,
    )


def _scanned_at(request, session_id: int, code: str, now):
    """When this code was scanned: the time kept from a scan before signing in to the site,
    if it is the same code and within the grace period, else now."""
    kept = request.session.get(SCAN_KEY) or {}
    if kept.get("session") == session_id and kept.get("code") == code:
        at = datetime.datetime.fromtimestamp(kept.get("at", 0), tz=datetime.UTC)
        if now - _scan_grace() <= at <= now:
            return at
    return now


@login_not_required
@never_cache
def sign_in(request, pk):
    """Where the QR code leads: check the code, have the person sign in to the site if
    needed (keeping the code), then one tap records them present (or late); 已签到 once."""
    code = (request.POST.get("c") or request.GET.get("c") or "")[:200]
    now = timezone.now()
    scanned = _scanned_at(request, pk, code, now)
    try:
        session = services.sign_in_code_check(session_id=pk, code=code, now=scanned)
    except SignInRefused as exc:
        # The same page whether session ``pk`` exists or not, until a genuine code names it.
        return _refused(request, exc.session, exc)
    request.session[SCAN_KEY] = {
        "session": session.pk,
        "code": code,
        "at": scanned.timestamp(),
    }
    if not request.user.is_authenticated:
        return redirect_to_login(f"{request.path}?c={code}")
    attendance = Attendance.objects.filter(session=session, user=request.user).first()
    if request.method == "POST":
        try:
            result = services.qr_sign_in(session=session, user=request.user, now=now)
        except SignInRefused as exc:
            return _refused(request, session, exc)
        request.session.pop(SCAN_KEY, None)
        return render(
            request,
            "study_sessions/sign_in.html",
            {"session": session, "done": result.attendance, "already": result.already},
        )
    standing = services.sign_in_standing(session=session, attendance=attendance)
    if standing == SignInStanding.ALREADY:
        return render(
            request,
            "study_sessions/sign_in.html",
            {"session": session, "done": attendance, "already": True},
        )
    if standing in (SignInStanding.UNINVITED, SignInStanding.CLOSED):
        return _refused(request, session, SignInRefused(standing))
    return render(
        request,
        "study_sessions/sign_in.html",
        {"session": session, "code": code, "walk_in": standing == SignInStanding.WALK_IN},
    )
