"""Nobody can give themselves more power (issue 9).

Only administrators change roles, superuser or active status, sign-in names, e-mail addresses
and other people's passwords; trainers change officials' profile fields and nothing more;
nobody opens, changes, deactivates or deletes an account with more power than their own.
Every field of the user create and edit forms is tried for every role, as a crafted POST
(what the form does not offer must not change either).
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.forms import PROFILE_FIELDS
from accounts.models import Rank, User
from accounts.roles import ROLES, role_group
from tests.factories import DepartmentFactory, UserFactory

pytestmark = pytest.mark.django_db

ADMIN_GROUP = ROLES["administrator"].group_name
NEW_PASSWORD = "Taken-Over-2026!"

# Every field of Wagtail's user forms plus ours, with a value different from the target's.
CHANGES = {
    "username": "renamed",
    "staff_number": "ZZ9999",
    "email": "attacker@example.invalid",
    "name": "改过的名字",
    "job_title": "改过的职务",
    "rank": Rank.DIVISION,
    "phone": "13900000000",
    "left_on": "2026-06-30",
    "password": NEW_PASSWORD,
    "is_active": False,
    "is_superuser": True,
    "groups": "administrator",
    "department": "other",
}
ALL_FIELDS = sorted(CHANGES)


@pytest.fixture
def people(db):
    office = DepartmentFactory(name="信访办", code="xfb")
    return {
        "office": office,
        "other": DepartmentFactory(name="督查督办科", code="dbk", parent=office),
        "official": UserFactory(username="o1", department=office),
        "lead": UserFactory(username="l1", role="lead", department=office),
        "trainer": UserFactory(username="t1", role="trainer", department=office),
        "trainer2": UserFactory(username="t2", role="trainer", department=office),
        "administrator": UserFactory(username="a1", role="administrator", department=office),
    }


def group_admin(department):
    """A member of 系统管理员 who is not a superuser."""
    user = UserFactory(role="administrator", department=department)
    user.is_superuser = False
    user.save(update_fields=["is_superuser"])
    return user


def form_data(form) -> dict:
    """The POST a browser would send for ``form`` as rendered (unchanged values)."""
    data = {}
    for name in form.fields:
        value = form[name].value()
        if name in ("password1", "password2"):
            continue
        if isinstance(value, bool) or name in ("is_active", "is_superuser"):
            if value:
                data[name] = "on"
        elif isinstance(value, list | tuple):
            data[name] = [getattr(v, "pk", v) for v in value]
        elif value is None:
            data[name] = ""
        elif isinstance(value, datetime.date):
            data[name] = value.isoformat()
        else:
            data[name] = value
    return data


def crafted(data: dict, field: str, people) -> dict:
    data = dict(data)
    value = CHANGES[field]
    if field == "password":
        data["password1"] = data["password2"] = value
    elif field == "is_active":
        data.pop("is_active", None)
    elif field in ("is_superuser",):
        data[field] = "on"
    elif field == "groups":
        data["groups"] = [role_group("official").pk, role_group("administrator").pk]
    elif field == "department":
        data["department"] = people["other"].pk
    else:
        data[field] = value
    return data


def snapshot(user: User) -> dict:
    user = User.objects.get(pk=user.pk)
    return {
        "username": user.username,
        "staff_number": user.staff_number,
        "email": user.email,
        "name": user.name,
        "job_title": user.job_title,
        "rank": user.rank,
        "phone": user.phone,
        "left_on": user.left_on,
        "password": user.password,
        "is_active": user.is_active,
        "is_superuser": user.is_superuser,
        "is_staff": user.is_staff,
        "groups": set(user.groups.values_list("name", flat=True)),
        "department": user.department_id,
    }


def changes(before: dict, user: User) -> set[str]:
    after = snapshot(user)
    return {key for key in before if before[key] != after[key]}


# What a successful change of each field changes (a leaving date also ends sign-in).
EFFECTS = {field: {field} for field in CHANGES} | {"left_on": {"left_on", "is_active"}}


def edit_url(user):
    return reverse("wagtailusers_users:edit", args=[user.pk])


# --- who may open whose account ---------------------------------------------------------

EDIT_ANSWERS = {
    # actor: {target: may open the edit form}
    "lead": {"official": False, "lead": False, "trainer": False, "administrator": False},
    "trainer": {"official": True, "lead": True, "trainer2": False, "administrator": False},
    "administrator": {"official": True, "lead": True, "trainer": True, "trainer2": True},
}


@pytest.mark.parametrize(
    "actor,target,allowed",
    [(a, t, ok) for a, targets in EDIT_ANSWERS.items() for t, ok in targets.items()],
)
def test_who_may_open_whose_account(client, people, actor, target, allowed):
    client.force_login(people[actor])
    response = client.get(edit_url(people[target]))
    if allowed:
        assert response.status_code == 200
    else:
        assert response.status_code == 302 and response["Location"] == "/admin/"


def test_an_official_is_sent_to_sign_in(client, people):
    client.force_login(people["official"])
    response = client.get(edit_url(people["lead"]))
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_trainer_cannot_open_their_own_account_in_the_user_editor(client, people):
    """Their own name and password are in 账户设置; their role is not theirs to change."""
    client.force_login(people["trainer"])
    assert client.get(edit_url(people["trainer"]))["Location"] == "/admin/"


# --- which fields each role is offered --------------------------------------------------


def test_a_trainer_is_offered_the_profile_fields_only(client, people):
    client.force_login(people["trainer"])
    form = client.get(edit_url(people["official"])).context["form"]
    assert set(form.fields) == set(PROFILE_FIELDS)
    body = client.get(edit_url(people["official"])).content.decode()
    assert 'name="is_superuser"' not in body and 'name="groups"' not in body
    assert 'name="password1"' not in body


def test_an_administrator_is_offered_every_field(client, people):
    client.force_login(people["administrator"])
    form = client.get(edit_url(people["official"])).context["form"]
    assert set(form.fields) == {
        *PROFILE_FIELDS,
        "username",
        "staff_number",
        "email",
        "password1",
        "password2",
        "is_active",
        "is_superuser",
        "groups",
    }


def test_a_trainer_creating_an_account_chooses_who_it_is_but_no_role(client, people):
    client.force_login(people["trainer"])
    form = client.get(reverse("wagtailusers_users:add")).context["form"]
    assert set(form.fields) == {
        *PROFILE_FIELDS,
        "username",
        "staff_number",
        "email",
        "password1",
        "password2",
    }


def test_a_group_administrator_may_not_make_superusers_or_grant_custom_groups(client, people):
    custom = Group.objects.create(name="自定义组")
    client.force_login(group_admin(people["office"]))
    form = client.get(edit_url(people["official"])).context["form"]
    assert "is_superuser" not in form.fields
    assert custom not in form.fields["groups"].queryset
    assert role_group("administrator") in form.fields["groups"].queryset


# --- every field, crafted, for every role ------------------------------------------------


def _post_edit(client, actor, target, field, people):
    """GET the form as ``actor`` sees it for an account they may open (or, when they may
    not, as an administrator sees it), change ``field`` and POST it as ``actor``."""
    viewer = type(client)()
    viewer.force_login(people["administrator"])
    data = form_data(viewer.get(edit_url(target)).context["form"])
    client.force_login(actor)
    return client.post(edit_url(target), crafted(data, field, people))


@pytest.mark.parametrize("field", ALL_FIELDS)
def test_a_trainer_changes_an_officials_profile_fields_and_nothing_else(client, people, field):
    target = people["official"]
    before = snapshot(target)
    _post_edit(client, people["trainer"], target, field, people)
    assert changes(before, target) == (EFFECTS[field] if field in PROFILE_FIELDS else set())


@pytest.mark.parametrize("field", ALL_FIELDS)
@pytest.mark.parametrize("target", ["administrator", "trainer2", "trainer"])
def test_a_trainer_changes_nothing_on_an_account_at_or_above_theirs(client, people, field, target):
    """The observation: a trainer set the administrator's password and signed in as them."""
    before = snapshot(people[target])
    _post_edit(client, people["trainer"], people[target], field, people)
    assert changes(before, people[target]) == set()


@pytest.mark.parametrize("field", ALL_FIELDS)
@pytest.mark.parametrize("actor", ["official", "lead"])
def test_officials_and_leads_change_nothing(client, people, field, actor):
    target = people["official"] if actor == "lead" else people["lead"]
    before = snapshot(target)
    _post_edit(client, people[actor], target, field, people)
    assert changes(before, target) == set()


@pytest.mark.parametrize("field", ALL_FIELDS)
def test_an_administrator_changes_every_field(client, people, field):
    target = people["trainer"]
    before = snapshot(target)
    response = _post_edit(client, people["administrator"], target, field, people)
    assert response.status_code == 302, response.context["form"].errors
    assert changes(before, target) == EFFECTS[field]


def test_a_group_administrator_cannot_raise_anyone_to_superuser(client, people):
    actor = group_admin(people["office"])
    _post_edit(client, actor, people["official"], "is_superuser", people)
    _post_edit(client, actor, actor, "is_superuser", people)
    assert not User.objects.filter(pk__in=[people["official"].pk, actor.pk], is_superuser=True)


def test_a_group_administrator_cannot_touch_a_superuser(client, people):
    actor = group_admin(people["office"])
    before = snapshot(people["administrator"])
    for field in ALL_FIELDS:
        _post_edit(client, actor, people["administrator"], field, people)
    assert changes(before, people["administrator"]) == set()


# --- creating accounts --------------------------------------------------------------------


def _create_data(**extra):
    return {
        "username": "newbie",
        "staff_number": "XF7777",
        "email": "newbie@example.invalid",
        "name": "新人",
        "password1": "Brand-New-2026!",
        "password2": "Brand-New-2026!",
        **extra,
    }


def test_a_trainer_creates_an_official_and_nothing_more(client, people):
    client.force_login(people["trainer"])
    response = client.post(
        reverse("wagtailusers_users:add"),
        _create_data(is_superuser="on", is_staff="on", groups=[role_group("administrator").pk]),
    )
    assert response.status_code == 302
    user = User.objects.get(username="newbie")
    assert not user.is_superuser and not user.is_staff
    assert list(user.groups.values_list("name", flat=True)) == [ROLES["official"].group_name]
    assert user.must_change_password


def test_an_administrator_creates_an_account_with_a_role(client, people):
    client.force_login(people["administrator"])
    response = client.post(
        reverse("wagtailusers_users:add"),
        _create_data(groups=[role_group("trainer").pk]),
    )
    assert response.status_code == 302
    user = User.objects.get(username="newbie")
    assert user.groups.get().name == ROLES["trainer"].group_name


@pytest.mark.parametrize("actor", ["official", "lead"])
def test_officials_and_leads_cannot_create_accounts(client, people, actor):
    client.force_login(people[actor])
    client.post(reverse("wagtailusers_users:add"), _create_data())
    assert not User.objects.filter(username="newbie").exists()


# --- delete, bulk actions, groups, the staff import --------------------------------------


def test_only_administrators_delete_and_never_above_themselves(client, people):
    client.force_login(people["trainer"])
    client.post(reverse("wagtailusers_users:delete", args=[people["official"].pk]))
    assert User.objects.filter(pk=people["official"].pk).exists()
    client.force_login(group_admin(people["office"]))
    client.post(reverse("wagtailusers_users:delete", args=[people["administrator"].pk]))
    assert User.objects.filter(pk=people["administrator"].pk).exists()


def bulk_url(action, *users):
    ids = "&".join(f"id={u.pk}" for u in users)
    return f"/admin/bulk/accounts/user/{action}/?next=/admin/users/&{ids}"


def test_a_trainer_cannot_give_anyone_a_role_by_bulk_action(client, people):
    trainer = people["trainer"]
    client.force_login(trainer)
    client.post(
        bulk_url("assign_role", trainer, people["official"]),
        {"role": role_group("administrator").pk},
    )
    assert not User.objects.filter(groups__name=ADMIN_GROUP).exclude(pk=people["administrator"].pk)


def test_a_trainer_cannot_deactivate_the_administrator_by_bulk_action(client, people):
    client.force_login(people["trainer"])
    client.post(bulk_url("set_active_state", people["administrator"]), {"mark_as_active": "False"})
    people["administrator"].refresh_from_db()
    assert people["administrator"].is_active


def test_an_administrator_assigns_a_role_by_bulk_action(client, people):
    client.force_login(people["administrator"])
    response = client.post(
        bulk_url("assign_role", people["official"]), {"role": role_group("trainer").pk}
    )
    assert response.status_code == 302
    assert people["official"].groups.filter(name=ROLES["trainer"].group_name).exists()


def test_a_group_administrator_cannot_grant_a_custom_group_by_bulk_action(client, people):
    custom = Group.objects.create(name="自定义组")
    client.force_login(group_admin(people["office"]))
    client.post(bulk_url("assign_role", people["official"]), {"role": custom.pk})
    assert not people["official"].groups.filter(pk=custom.pk).exists()


def test_a_bulk_action_with_a_malformed_id_is_not_a_server_error(client, people):
    client.force_login(people["administrator"])
    response = client.get("/admin/bulk/accounts/user/delete/?next=/admin/users/&id=x&id=9" * 1)
    assert response.status_code == 404


def test_only_superusers_change_groups(client, people):
    """A group's permissions are everyone's power in it: editing the trainers' group would
    be raising trainers. Role groups are defined in code; the group admin is superusers'."""
    trainers = role_group("trainer")
    client.force_login(group_admin(people["office"]))
    assert client.get(reverse("wagtailusers_groups:edit", args=[trainers.pk]))["Location"] == (
        "/admin/"
    )
    client.force_login(people["trainer"])
    client.post(reverse("wagtailusers_groups:add"), {"name": "后门"})
    assert not Group.objects.filter(name="后门").exists()
    client.force_login(people["administrator"])
    assert client.get(reverse("wagtailusers_groups:edit", args=[trainers.pk])).status_code == 200


def test_the_staff_import_does_not_change_accounts_above_the_importer(people):
    from accounts.services import staff_import
    from tests.accounts.test_staff_import import make_xlsx

    admin = people["administrator"]
    admin.staff_number = "XF0000"
    admin.save()
    result = staff_import(
        upload=make_xlsx([["冒名", "XF0000", "xfb", "", "", ""]]), actor=people["trainer"]
    )
    assert not result.ok and result.errors[0].column == "工号"
    admin.refresh_from_db()
    assert admin.name != "冒名"
