"""Admin menu items appear only for the users who may use them (accounts.admin_menu)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

TRAINER_ONLY = [
    "accounts_admin:staff_import",
    "quizzes_admin:question_import",
    "quizzes_admin:marking_queue",
    "quizzes_admin:reports",
    "records_admin:offline_training",
    "courses_admin:regulation_import",
]


def admin_home(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 200
    return response.content.decode()


def test_trainer_sees_the_trainer_menu_items(client, trainer):
    page = admin_home(client, trainer)
    for name in TRAINER_ONLY + ["reports:departments"]:
        assert reverse(name) in page, name


def test_lead_sees_the_report_but_no_trainer_items(client, lead):
    page = admin_home(client, lead)
    assert reverse("reports:departments") in page
    for name in TRAINER_ONLY:
        assert reverse(name) not in page, name
