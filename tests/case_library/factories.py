"""Builders for case-library pages (Wagtail pages are built through the tree, not factory_boy)."""

import itertools

from django.contrib.auth.models import Permission
from wagtail.models import GroupPagePermission

from accounts.roles import TRAINER, role_group
from case_library.models import CaseDomain, CaseIndexPage, CasePage
from home.models import HomePage

_slugs = itertools.count(1)

CLEAN_FACTS = "<p>张某到区信访办公室来访，反映工资被拖欠。接待人员依法登记并转交区人力社保局。</p>"
DIRTY_FACTS = (
    "<p>信访人周建华（联系电话13983012457）来访，反映工资被拖欠。"
    "周建华称其工友吴丽萍也未领到工资。</p>"
)


def case_index() -> CaseIndexPage:
    index = CaseIndexPage.objects.first()
    if index is None:
        index = CaseIndexPage(title="典型案例", slug="cases")
        HomePage.objects.first().add_child(instance=index)
    return index


def grant_trainer_pages(index=None) -> None:
    index = index or case_index()
    group = role_group(TRAINER)
    for codename in ("add_page", "change_page", "publish_page"):
        permission = Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename
        )
        GroupPagePermission.objects.get_or_create(group=group, page=index, permission=permission)


def domain(name="欠薪讨薪") -> CaseDomain:
    return CaseDomain.objects.get_or_create(name=name)[0]


def make_case(title=None, *, index=None, live=True, facts=CLEAN_FACTS, tags=(), **fields):
    index = index or case_index()
    n = next(_slugs)
    page = CasePage(
        title=title or f"测试案例{n}",
        slug=f"case-{n}",
        summary=fields.pop("summary", "案例摘要。"),
        facts=facts,
        live=False,
        **fields,
    )
    index.add_child(instance=page)
    if tags:
        page.tags.add(*tags)
        page.save()
    revision = page.save_revision()
    if live:
        revision.publish()
        page.refresh_from_db()
    return page


def case_read(client, user, page, minutes_ago=60) -> None:
    """The official opens ``page`` (the server stamps it) and has had it open for
    ``minutes_ago`` minutes: long enough, by default, for the time gate."""
    from datetime import timedelta

    from django.utils import timezone

    from records.models import ReadingVisit

    assert client.get(page.url).status_code == 200
    ReadingVisit.objects.filter(user=user, source=page.source_key).update(
        opened_at=timezone.now() - timedelta(minutes=minutes_ago)
    )
