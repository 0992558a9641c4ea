"""Writes for the site itself."""

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale, Page, Site

from accounts.roles import page_permissions_sync

from .models import HomePage


@transaction.atomic
def site_tree_ensure() -> HomePage:
    """Make sure the page tree has its root, the home page and a default site pointing at it.

    A migration creates them on a new database; this puts them back where they are missing
    (a database flushed by tests, or one restored without pages), and changes nothing otherwise.
    """
    Locale.objects.get_or_create(
        language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE)
    )
    home = HomePage.objects.first()
    if home is None:
        root = Page.get_first_root_node() or Page.add_root(
            instance=Page(title=ROOT_TITLE, slug="root")
        )
        home = root.add_child(instance=HomePage(title="学法", slug="home"))
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(
            hostname="localhost", port=80, root_page=home, is_default_site=True, site_name="学法"
        )
    elif site.root_page_id != home.pk:
        site.root_page = home
        site.save(update_fields=["root_page"])
    page_permissions_sync(home)
    return home


# Wagtail's first migration names the tree's root "Root" (trainers meet it as the parent of the
# home page in the admin's page search: 查看'Root'的子页面) and creates two groups no Xuefa role
# uses, listed in English in the user list's role filter.
ROOT_TITLE = "全部页面"
_WAGTAIL_DEFAULT_GROUPS = ("Editors", "Moderators")


def wagtail_defaults_localise() -> None:
    """The root page in Chinese, and Wagtail's unused Editors and Moderators groups gone.

    Only the untouched defaults: a group with members or an approval task is kept.
    """
    from django.contrib.auth.models import Group
    from wagtail.models import GroupApprovalTask

    Page.objects.filter(depth=1, title="Root").update(title=ROOT_TITLE, draft_title=ROOT_TITLE)
    in_tasks = GroupApprovalTask.objects.values("groups")
    Group.objects.filter(name__in=_WAGTAIL_DEFAULT_GROUPS, user__isnull=True).exclude(
        pk__in=in_tasks
    ).delete()


# Wagtail's first migration creates a moderation workflow on the root page, in English and
# reviewed by its own "Moderators" group, which no Xuefa role belongs to.
_WAGTAIL_DEFAULT_WORKFLOW = "Moderators approval"
MODERATION_WORKFLOW_NAME = "发布审核"
MODERATION_TASK_NAME = "系统管理员审核"


def moderation_workflow_localise() -> None:
    """Give Wagtail's default workflow a Chinese name and the administrators as reviewers.

    Trainers see it as "提交给发布审核" in the editor. Only the untouched default (still named
    in English) is changed; a workflow an administrator has renamed is theirs.
    """
    from wagtail.models import GroupApprovalTask, Workflow

    from accounts.roles import ADMINISTRATOR, role_group

    for workflow in Workflow.objects.filter(name=_WAGTAIL_DEFAULT_WORKFLOW):
        workflow.name = MODERATION_WORKFLOW_NAME
        workflow.save(update_fields=["name"])
    for task in GroupApprovalTask.objects.filter(name=_WAGTAIL_DEFAULT_WORKFLOW):
        task.name = MODERATION_TASK_NAME
        task.save(update_fields=["name"])
        task.groups.set([role_group(ADMINISTRATOR)])
