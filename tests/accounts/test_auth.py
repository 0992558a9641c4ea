"""Sign-in, lockout, forced password change, and who may open what."""

import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.mark.parametrize("path", ["/", "/records/", "/accounts/me/", "/regulations/"])
def test_pages_require_sign_in(client, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_login_page_and_healthz_are_open(client):
    assert client.get(LOGIN).status_code == 200
    assert client.get("/healthz").status_code == 200


def test_sign_in_with_staff_number_and_password(client):
    UserFactory(username="XF0001", staff_number="XF0001")
    response = client.post(LOGIN, {"username": "XF0001", "password": TEST_PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"


def test_repeated_failures_lock_the_account_even_with_the_right_password(client, settings):
    """After AXES_FAILURE_LIMIT wrong passwords the right one is refused too, for a while."""
    UserFactory(username="XF0002")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "XF0002", "password": "wrong"})
    response = client.post(LOGIN, {"username": "XF0002", "password": TEST_PASSWORD})
    assert response.status_code in (403, 429)
    assert "_auth_user_id" not in client.session


def test_wrong_password_gives_a_clear_message_without_saying_which_part_was_wrong(client):
    UserFactory(username="XF0003")
    response = client.post(LOGIN, {"username": "XF0003", "password": "nope"})
    assert response.status_code == 200
    assert "form-errors" in response.content.decode()


def test_leaver_cannot_sign_in(client):
    import datetime

    user = UserFactory(username="XF0004", left_on=datetime.date(2026, 1, 1))
    assert not user.is_active
    client.post(LOGIN, {"username": "XF0004", "password": TEST_PASSWORD})
    assert "_auth_user_id" not in client.session


def test_must_change_password_redirects_everything_to_the_change_form(client):
    user = UserFactory(must_change_password=True)
    client.force_login(user)
    assert client.get("/records/")["Location"] == reverse("accounts:password_change")
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": TEST_PASSWORD,
            "new_password1": "法治-学习-2026-new",
            "new_password2": "法治-学习-2026-new",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get("/records/").status_code == 200


def test_logout_needs_a_post(client, official):
    client.force_login(official)
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert "_auth_user_id" not in client.session


def test_officials_cannot_enter_the_wagtail_admin(client, official):
    client.force_login(official)
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_trainers_enter_the_admin(client, trainer):
    client.force_login(trainer)
    assert client.get("/admin/").status_code == 200


def test_administrator_reset_password_forces_a_change(client, administrator, official):
    """An administrator sets a new password in the user editor; the official must change it."""
    client.force_login(administrator)
    url = reverse("wagtailusers_users:edit", args=[official.pk])
    form = client.get(url).context["form"]
    data = {k: v for k, v in form.initial.items() if v is not None and k != "groups"}
    data.update(
        {
            "password1": "Temp-Reset-2026!",
            "password2": "Temp-Reset-2026!",
            "groups": [g.pk for g in official.groups.all()],
            "department": official.department_id,
            "is_active": "on",
        }
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    official.refresh_from_db()
    assert official.check_password("Temp-Reset-2026!")
    assert official.must_change_password


def test_set_language_switches_site_and_admin_language(client, trainer):
    from wagtail.users.models import UserProfile

    client.force_login(trainer)
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    assert response.status_code == 302
    assert UserProfile.get_for_user(trainer).preferred_language == "en"
    body = client.get("/accounts/me/").content.decode()
    assert "My account" in body
    client.post("/i18n/setlang/", {"language": "zh-hans", "next": "/"})
    assert "我的账户" in client.get("/accounts/me/").content.decode()


def test_administrator_sees_and_clears_a_lockout(client, settings, administrator):
    """A locked official is listed in the admin; deleting the row lets them sign in again."""
    from axes.models import AccessAttempt

    UserFactory(username="XF0009")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(LOGIN, {"username": "XF0009", "password": "wrong"})
    attempt = AccessAttempt.objects.get(username="XF0009")
    admin_client = type(client)()
    admin_client.force_login(administrator)
    assert "XF0009" in admin_client.get("/admin/lockouts/").content.decode()
    admin_client.post(f"/admin/lockouts/delete/{attempt.pk}/")
    client.post(LOGIN, {"username": "XF0009", "password": TEST_PASSWORD})
    assert "_auth_user_id" in client.session


def test_trainer_cannot_clear_lockouts(client, trainer):
    client.force_login(trainer)
    response = client.get("/admin/lockouts/")
    assert response.status_code in (302, 403)


def test_staff_list_searches_by_staff_number_and_filters_by_department(client, administrator):
    from tests.factories import DepartmentFactory

    other = DepartmentFactory(name="督办科")
    UserFactory(name="查找对象", staff_number="ZZ9001", department=other)
    UserFactory(name="其他人", staff_number="YY1234")
    client.force_login(administrator)
    body = client.get("/admin/users/", {"q": "ZZ9001"}).content.decode()
    assert "查找对象" in body and "其他人" not in body
    body = client.get("/admin/users/", {"department": other.pk}).content.decode()
    assert "查找对象" in body and "其他人" not in body
