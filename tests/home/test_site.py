"""Site-wide behaviour: health check, dashboard, security headers, production settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_dashboard_greets_the_official_and_shows_the_year_target(official_client, official):
    body = official_client.get("/").content.decode()
    assert official.name in body
    assert "学时" in body


def test_dashboard_query_count_is_bounded(official_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(60):
        assert official_client.get("/").status_code == 200


def test_study_pages_carry_a_strict_content_security_policy(official_client):
    csp = official_client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp


def test_templates_have_no_inline_scripts_or_styles():
    """The strict policy only holds if no template relies on inline code."""
    offenders = []
    for path in ROOT.glob("*/templates/**/*.html"):
        if "wagtailadmin" in path.parts or "/admin/" in str(path):
            continue
        text = path.read_text(encoding="utf-8")
        if "<script>" in text or "style=" in text or " onclick=" in text or "<style" in text:
            offenders.append(str(path.relative_to(ROOT)))
    for path in (ROOT / "site" / "templates").glob("**/*.html"):
        text = path.read_text(encoding="utf-8")
        if path.name != "500.html" and ("<script>" in text or "style=" in text):
            offenders.append(str(path.relative_to(ROOT)))
    assert offenders == []


def test_production_settings_pass_check_deploy():
    """`manage.py check --deploy` with production settings, a real secret and hosts: no warnings."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "xuefa.settings.production",
        "SECRET_KEY": "k" * 20 + "-a-long-random-production-secret-0123456789",
        "ALLOWED_HOSTS": "xuefa.example.gov.cn",
        "DEBUG": "0",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' fixture only
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "xuefa.settings.production", "DEBUG": "0"}
    env.pop("SECRET_KEY", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


def test_role_groups_exist_with_their_permissions():
    from django.contrib.auth.models import Group

    names = set(Group.objects.values_list("name", flat=True))
    assert {"学员", "培训管理员", "部门负责人", "系统管理员"} <= names
    trainer = Group.objects.get(name="培训管理员")
    assert trainer.permissions.filter(codename="access_admin").exists()
    assert not Group.objects.get(name="学员").permissions.filter(codename="access_admin").exists()


def test_load_demo_is_idempotent():
    """Running load_demo (and so `make run`) twice changes nothing the second time."""
    from django.apps import apps
    from django.core.management import call_command

    counted = [
        "accounts.User",
        "accounts.Department",
        "auth.Group",
        "records.StudyRecord",
        "wagtailcore.Page",
        "wagtailcore.Revision",
        "wagtailcore.GroupPagePermission",
        "courses.Regulation",
        "courses.Article",
        "quizzes.Question",
        "case_library.CaseDomain",
    ]

    def counts():
        return {label: apps.get_model(label).objects.count() for label in counted}

    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    first = counts()
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert counts() == first
    assert first["courses.Article"] >= 184 and first["quizzes.Question"] >= 60


@pytest.mark.django_db(transaction=True)
def test_site_tree_is_rebuilt_after_a_flush(client):
    """A flushed database (as transactional tests leave it) gets its home page back from
    load_demo, so the dashboard answers again."""
    from django.core.management import call_command
    from wagtail.models import Page

    from home.models import HomePage

    Page.objects.all().delete()
    call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert HomePage.objects.count() == 1
    from accounts.models import User

    client.force_login(User.objects.get(username="official"))
    assert client.get("/").status_code == 200


def test_trainers_may_author_pages_anywhere_under_the_home_page():
    """Without any demo content, a fresh database already lets trainers add and publish pages
    under the home page, and does not let officials or leads."""
    from wagtail.models import Page

    from home.models import HomePage
    from tests.factories import UserFactory

    home = HomePage.objects.get()
    trainer = UserFactory(role="trainer")
    perms = home.permissions_for_user(trainer)
    assert perms.can_add_subpage() and perms.can_publish()
    for role in ("official", "lead"):
        assert not home.permissions_for_user(UserFactory(role=role)).can_add_subpage()
    assert Page.objects.count() >= 2
