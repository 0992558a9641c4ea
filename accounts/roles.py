"""Roles are Django groups with permissions. This module is the one place that defines them.

Apps add the permissions their roles need through the ``register_role_permissions`` hook:
a function returning ``{role_key: ["app_label.codename", ...]}``. ``roles_sync()`` runs
after every migrate and brings the groups in line with the definitions.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.utils.translation import gettext_lazy as _
from wagtail import hooks

OFFICIAL = "official"
TRAINER = "trainer"
LEAD = "lead"
ADMINISTRATOR = "administrator"


@dataclass(frozen=True)
class Role:
    key: str
    group_name: str  # stable: stored in the database, shown in the admin
    label: str


ROLES = {
    OFFICIAL: Role(OFFICIAL, "学员", _("Official")),
    TRAINER: Role(TRAINER, "培训管理员", _("Trainer")),
    LEAD: Role(LEAD, "部门负责人", _("Department lead")),
    ADMINISTRATOR: Role(ADMINISTRATOR, "系统管理员", _("Administrator")),
}

# What every role needs from the foundation itself.
BASE_PERMISSIONS = {
    OFFICIAL: [],
    TRAINER: [
        "wagtailadmin.access_admin",
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.view_department",
        "records.view_studyrecord",
        "records.add_studyrecord",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
    LEAD: [
        "wagtailadmin.access_admin",
        "records.view_studyrecord",
    ],
    ADMINISTRATOR: [
        "wagtailadmin.access_admin",
        "accounts.view_user",
        "accounts.add_user",
        "accounts.change_user",
        "accounts.delete_user",
        "accounts.view_department",
        "accounts.add_department",
        "accounts.change_department",
        "accounts.delete_department",
        "records.view_studyrecord",
        "records.add_studyrecord",
        "axes.view_accessattempt",
        "axes.delete_accessattempt",
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.delete_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.delete_document",
        "wagtaildocs.choose_document",
    ],
}


# Wagtail page permissions, granted on the site's root page (so on every page below it:
# courses, quizzes, cases). Authoring is a trainer's job; leads and officials only read.
PAGE_PERMISSIONS = {
    TRAINER: ("add_page", "change_page", "publish_page", "lock_page", "unlock_page"),
    ADMINISTRATOR: (
        "add_page",
        "change_page",
        "publish_page",
        "bulk_delete_page",
        "lock_page",
        "unlock_page",
    ),
}


def role_permissions() -> dict[str, set[str]]:
    wanted = {key: set(perms) for key, perms in BASE_PERMISSIONS.items()}
    for fn in hooks.get_hooks("register_role_permissions"):
        for key, perms in fn().items():
            wanted.setdefault(key, set()).update(perms)
    return wanted


def roles_sync() -> None:
    """Create the role groups and give each exactly the permissions defined for it."""
    wanted = role_permissions()
    all_codes = {code for perms in wanted.values() for code in perms}
    by_code = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type")
        if f"{p.content_type.app_label}.{p.codename}" in all_codes
    }
    for key, role in ROLES.items():
        group, _created = Group.objects.get_or_create(name=role.group_name)
        group.permissions.set([by_code[c] for c in sorted(wanted.get(key, ())) if c in by_code])
    tables = connection.introspection.table_names()
    if "wagtailcore_site" in tables:
        page_permissions_sync()
    if "wagtailcore_collection" in tables:
        collection_permissions_sync(wanted)


#: The apps whose permissions Wagtail reads per collection, never from the group alone.
COLLECTION_APPS = ("wagtailimages", "wagtaildocs")


def collection_permissions_sync(wanted=None) -> None:
    """Give each role its image and document permissions on the root collection: Wagtail's
    collection policy ignores them as plain group permissions, so trainers were refused the
    image and document library and choosers though their role lists them."""
    from wagtail.models import Collection, GroupCollectionPermission

    wanted = wanted if wanted is not None else role_permissions()
    root = Collection.get_first_root_node()
    if root is None:
        return
    for key, role in ROLES.items():
        group, _created = Group.objects.get_or_create(name=role.group_name)
        codes = [c for c in wanted.get(key, ()) if c.split(".")[0] in COLLECTION_APPS]
        permissions = [
            p
            for p in Permission.objects.select_related("content_type").filter(
                content_type__app_label__in=COLLECTION_APPS
            )
            if f"{p.content_type.app_label}.{p.codename}" in codes
        ]
        GroupCollectionPermission.objects.filter(group=group).exclude(
            collection=root, permission__in=permissions
        ).delete()
        for permission in permissions:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )


def page_permissions_sync(root_page=None) -> None:
    """Give the authoring roles their page permissions on the site's root page."""
    from wagtail.models import GroupPagePermission, Site

    if root_page is None:
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            return
        root_page = site.root_page
    codes = {code for codes in PAGE_PERMISSIONS.values() for code in codes}
    permissions = {
        p.codename: p
        for p in Permission.objects.filter(
            content_type__app_label="wagtailcore", codename__in=codes
        )
    }
    for key, page_codes in PAGE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=ROLES[key].group_name)
        for code in page_codes:
            if code in permissions:
                GroupPagePermission.objects.get_or_create(
                    group=group, page=root_page, permission=permissions[code]
                )


def role_group(key: str) -> Group:
    return Group.objects.get(name=ROLES[key].group_name)


def user_role_keys(user) -> set[str]:
    if not user.is_authenticated:
        return set()
    cached = getattr(user, "_xuefa_role_keys", None)
    if cached is None:
        names = set(user.groups.values_list("name", flat=True))
        cached = {key for key, role in ROLES.items() if role.group_name in names}
        if user.is_superuser:
            cached.add(ADMINISTRATOR)
        user._xuefa_role_keys = cached
    return cached


def user_has_role(user, key: str) -> bool:
    return key in user_role_keys(user)


def user_sees_drafts(user) -> bool:
    """Unpublished pages — their titles included — are for the people who author pages: a
    page permission anywhere in the tree (trainers, administrators). Leads and officials see
    only what is published, on every surface (the admin's page tree, choosers, search, API,
    reports and workflows are closed to them: accounts.middleware.DraftsForAuthorsMiddleware)."""
    if not user.is_authenticated or not user.is_active:
        return False
    from wagtail.admin.auth import user_has_any_page_permission

    return bool(user.is_superuser or user_has_any_page_permission(user))


def user_is_staff_manager(user) -> bool:
    """Trainers and administrators manage officials and enter offline training."""
    return bool(user_role_keys(user) & {TRAINER, ADMINISTRATOR})


# Power, lowest to highest. A custom group (not one of the roles above) may hold any
# permission, so its members rank with superusers: only a superuser manages them.
ROLE_RANKS = {OFFICIAL: 0, LEAD: 1, TRAINER: 2, ADMINISTRATOR: 3}
SUPERUSER_RANK = 4
GROUP_NAME_RANKS = {role.group_name: ROLE_RANKS[key] for key, role in ROLES.items()}


def group_rank(group: Group) -> int:
    return GROUP_NAME_RANKS.get(group.name, SUPERUSER_RANK)


def user_rank(user) -> int:
    """The power an account holds: what protects it from being changed by others."""
    if user.is_superuser:
        return SUPERUSER_RANK
    names = [g.name for g in user.groups.all()]
    return max((GROUP_NAME_RANKS.get(name, SUPERUSER_RANK) for name in names), default=0)


def user_authority(user) -> int:
    """The power a signed-in user acts with: only their roles count (a custom group grants
    permissions, never the right to manage other people), and superusers rank highest."""
    if not user.is_authenticated or not user.is_active:
        return -1
    if user.is_superuser:
        return SUPERUSER_RANK
    return max((ROLE_RANKS[key] for key in user_role_keys(user)), default=0)


def user_may_manage(actor, target) -> bool:
    """May ``actor`` change or delete ``target``'s account at all? Nobody manages an account
    with more power than their own; trainers manage only accounts below theirs (officials
    and leads); administrators manage accounts up to their own rank."""
    authority = user_authority(actor)
    if authority >= ROLE_RANKS[ADMINISTRATOR]:
        return user_rank(target) <= authority
    if authority == ROLE_RANKS[TRAINER]:
        return user_rank(target) < authority
    return False


def user_is_administrator(user) -> bool:
    """Only administrators change roles, superuser or active status, sign-in names and
    other people's passwords."""
    return user_authority(user) >= ROLE_RANKS[ADMINISTRATOR]


def groups_grantable_by(actor):
    """The groups ``actor`` may give or take away: role groups up to their own rank, and
    custom groups for superusers only."""
    authority = user_authority(actor)
    if authority < ROLE_RANKS[ADMINISTRATOR]:
        return Group.objects.none()
    if authority >= SUPERUSER_RANK:
        return Group.objects.all()
    names = [name for name, rank in GROUP_NAME_RANKS.items() if rank <= authority]
    return Group.objects.filter(name__in=names)


def users_manageable_by(actor, queryset=None):
    """``user_may_manage`` as a queryset filter (for listings and bulk actions)."""
    from django.contrib.auth import get_user_model

    users = get_user_model()._default_manager.all() if queryset is None else queryset
    authority = user_authority(actor)
    if authority < ROLE_RANKS[TRAINER]:
        return users.none()
    if authority >= SUPERUSER_RANK:
        return users
    limit = authority if authority >= ROLE_RANKS[ADMINISTRATOR] else authority - 1
    above = [name for name, rank in GROUP_NAME_RANKS.items() if rank > limit]
    outranking = Group.objects.filter(name__in=above) | Group.objects.exclude(
        name__in=GROUP_NAME_RANKS
    )
    return users.filter(is_superuser=False).exclude(groups__in=outranking)
