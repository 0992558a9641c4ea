"""QR sign-in: a signed, session-bound code that rotates every 60 s (the previous one still
accepted); one tap signs in once; expired, forged, other-session and uninvited codes are
refused with a message; a code keeps through signing in to the site."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.demo import DEMO_PASSWORD
from study_sessions import services
from study_sessions.models import Attendance, AttendanceStatus
from tests.factories import UserFactory

from .factories import make_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def trainer(department):
    return UserFactory(role="trainer", department=department)


@pytest.fixture
def invitee(department):
    return UserFactory(name="陈静", department=department)


@pytest.fixture
def session(trainer, department, invitee):
    now = timezone.localtime()
    return make_session(
        organiser=trainer,
        department=department,
        invited_people=[invitee],
        date=now.date(),
        starts_at=now.time().replace(second=0, microsecond=0),
        ends_at=datetime.time(23, 59, 59),
    )


def _url(session, code):
    return f"{reverse('study_sessions:sign_in', args=[session.pk])}?c={code}"


def _code(session, *, ago=0):
    return services.sign_in_code(
        session=session, now=timezone.now() - datetime.timedelta(seconds=ago)
    )


def test_a_valid_code_signs_in_once(client, session, invitee):
    """Two scans and two taps: one attendance record, present, with the first time kept."""
    client.force_login(invitee)
    code = _code(session)
    page = client.get(_url(session, code))
    assert page.status_code == 200 and "签到" in page.content.decode()
    first = client.post(_url(session, code), {"c": code})
    assert "已签到" in first.content.decode()
    row = Attendance.objects.get(session=session, user=invitee)
    assert row.status == AttendanceStatus.PRESENT and row.method == "qr"
    signed_at = row.signed_in_at
    again = client.get(_url(session, code))
    assert "已签到" in again.content.decode()
    client.post(_url(session, code), {"c": code})
    assert Attendance.objects.filter(session=session, user=invitee).count() == 1
    row.refresh_from_db()
    assert row.signed_in_at == signed_at


def test_the_previous_code_is_accepted_an_older_one_is_not(client, session, invitee):
    client.force_login(invitee)
    seconds = services.sign_in_rotation_seconds()
    assert client.get(_url(session, _code(session, ago=seconds))).status_code == 200
    old = client.get(_url(session, _code(session, ago=3 * seconds)))
    assert old.status_code == 403 and "已过期" in old.content.decode()


def test_a_forged_code_is_refused(client, session, invitee):
    client.force_login(invitee)
    code = _code(session)
    value, _sep, signature = code.rpartition(":")
    for forged in (f"{value}:{signature[::-1]}", "garbage", "", f"{session.pk}.99999999999:x"):
        response = client.post(_url(session, forged), {"c": forged})
        assert response.status_code == 403
        assert "不是有效的签到码" in response.content.decode()
    assert not Attendance.objects.get(session=session, user=invitee).credited


def test_another_sessions_code_is_refused_by_name(client, session, invitee, trainer, department):
    other = make_session(
        organiser=trainer, department=department, invited_people=[invitee], topic="另一场学习"
    )
    client.force_login(invitee)
    response = client.get(_url(session, _code(other)))
    assert response.status_code == 403
    assert "另一场学习" in response.content.decode()
    assert session.topic not in response.content.decode()  # the link's own session: not named


def _page_text(response) -> str:
    import re

    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


@pytest.mark.parametrize("signed_in", [False, True])
def test_the_link_tells_nobody_which_sessions_exist(client, session, trainer, signed_in):
    """Without a genuine code, /study-sessions/<id>/sign-in/ answered 404 for an id with no
    session and 403 with the session's topic, type, date, time and place for any other — to
    anyone, signed in or not: every session of every department could be read by walking the
    ids. Now a session that exists is refused exactly as one that does not."""
    session.topic, session.place = "纪检约谈专题学习", "三楼小会议室"
    session.save()
    if signed_in:
        client.force_login(UserFactory(department=None))
    other = make_session(organiser=trainer, department=session.department, topic="另一场学习")
    missing = session.pk + other.pk + 1000
    for code in ("", "garbage", f"{session.pk}.1:x", _code(other)):
        real = client.get(_url(session, code))
        none = client.get(f"/study-sessions/{missing}/sign-in/?c={code}")
        assert real.status_code == none.status_code == 403, code
        text = _page_text(real).replace(f"/study-sessions/{session.pk}/", "<path>")
        assert text == _page_text(none).replace(f"/study-sessions/{missing}/", "<path>"), code
        assert "纪检约谈" not in text and "三楼小会议室" not in text


def test_an_uninvited_person_is_refused_unless_walk_ins_are_allowed(client, session, department):
    stranger = UserFactory(name="杨帆", department=None)
    client.force_login(stranger)
    code = _code(session)
    refused = client.post(_url(session, code), {"c": code})
    assert refused.status_code == 403 and "不在本场学习的参加人员名单中" in refused.content.decode()
    assert not Attendance.objects.filter(session=session, user=stranger).exists()
    session.walk_ins_allowed = True
    session.save()
    client.post(_url(session, code), {"c": code})
    row = Attendance.objects.get(session=session, user=stranger)
    assert row.invited is False and row.status == AttendanceStatus.PRESENT


def test_the_code_keeps_through_signing_in_to_the_site(client, session, invitee):
    """Scanned while signed out: the login page comes first and leads back with the code;
    a slow password (three minutes) does not turn the scanned code into an expired one."""
    invitee.set_password(DEMO_PASSWORD)
    invitee.save()
    code = _code(session)
    first = client.get(_url(session, code))
    assert first.status_code == 302
    assert reverse("accounts:login") in first["Location"] and "c%3D" in first["Location"]
    later = timezone.now() + datetime.timedelta(minutes=3)
    with mock.patch("study_sessions.sign_in_views.timezone.now", return_value=later):
        client.post(
            reverse("accounts:login"), {"username": invitee.username, "password": DEMO_PASSWORD}
        )
        response = client.post(_url(session, code), {"c": code})
    assert "已签到" in response.content.decode()


def test_a_code_photographed_and_opened_later_elsewhere_is_expired(client, session, invitee):
    """Without a scan kept from the room, the code is judged when it is opened."""
    code = _code(session)
    client.force_login(invitee)
    later = timezone.now() + datetime.timedelta(minutes=5)
    with mock.patch("study_sessions.sign_in_views.timezone.now", return_value=later):
        response = client.post(_url(session, code), {"c": code})
    assert response.status_code == 403 and "已过期" in response.content.decode()


def test_the_qr_code_and_the_count_are_for_those_who_present(client, session, trainer, invitee):
    client.force_login(trainer)
    qr = client.get(reverse("study_sessions:sign_in_qr", args=[session.pk]))
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml"
    assert b"<svg" in qr.content and "no-cache" in qr["Cache-Control"]
    status = client.get(reverse("study_sessions:sign_in_status", args=[session.pk])).json()
    assert status["signed_in"] == 0 and status["invited"] == 1
    client.force_login(invitee)
    assert client.get(reverse("study_sessions:sign_in_qr", args=[session.pk])).status_code == 403
    assert (
        client.get(reverse("study_sessions:sign_in_status", args=[session.pk])).status_code == 403
    )


def test_sign_in_closes_when_the_session_is_confirmed(client, session, invitee, trainer):
    services.session_confirm(session=session, actor=trainer, now=timezone.now())
    client.force_login(invitee)
    code = _code(session)
    response = client.post(_url(session, code), {"c": code})
    assert response.status_code == 403 and "签到已关闭" in response.content.decode()
