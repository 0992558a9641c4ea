"""Chinese is the default language: every catalogue must be complete and compiled."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    p
    for p in ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/*.po")
    if ".venv" not in p.parts and "node_modules" not in p.parts
)


def test_every_app_with_strings_has_a_chinese_catalogue():
    apps = {p.parts[len(ROOT.parts)] for p in CATALOGUES if p.name == "django.po"}
    assert {"site", "accounts", "records"} <= apps


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_catalogue_is_fully_translated(po_path):
    po = polib.pofile(str(po_path))
    untranslated = [e.msgid for e in po.untranslated_entries()]
    fuzzy = [e.msgid for e in po.fuzzy_entries()]
    assert untranslated == [] and fuzzy == []


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_compiled_catalogue_matches_its_source(po_path):
    """The committed .mo must be compiled from the committed .po (no gettext tools at run time)."""
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run `make messages`"
    po = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
        for e in polib.pofile(str(po_path))
        if not e.obsolete
    }
    mo = {
        (e.msgctxt, e.msgid): (e.msgstr, e.msgstr_plural)
        for e in polib.mofile(str(mo_path))
        if e.msgid
    }
    assert set(po) == set(mo)
    for key, (msgstr, plural) in po.items():
        if plural:
            assert {int(k): v for k, v in plural.items()} == {
                int(k): v for k, v in mo[key][1].items()
            }, key
        else:
            assert mo[key][0] == msgstr, key


# Our catalogues and the libraries' share one gettext namespace per language: a msgid we
# translate wins everywhere, Wagtail's admin included ("Pages" as 分页 for our pagination
# turned the admin's 页面 into 分页). Where our word means something else, the source uses a
# context (pgettext, {% translate … context … %}); these few are the same meaning, better put.
DELIBERATE_OVERRIDES = {
    "Actions",  # 操作, not 动作
    "Administrator",  # 系统管理员, the role's name
    "Breadcrumbs",  # 导航路径
    "Dashboard",  # 工作台
    "Enter a number.",
    "Filter",  # 筛选
    "Page not found",
    "Saving…",
    "Image",  # 图片, as Wagtail's images app has it
    "active",
    "created at",  # 创建时间, as Wagtail's core has it
    "description",
    "name",  # 名称
    "revision",
    "slug",
    "started at",
}


def _library_catalogues():
    """The zh_Hans catalogues of every installed library app, and Django's own."""
    import django
    from django.apps import apps

    yield from (Path(django.__file__).parent / "conf" / "locale" / "zh_Hans").glob(
        "LC_MESSAGES/*.po"
    )
    for app in apps.get_app_configs():
        if "site-packages" in Path(app.path).parts:
            yield from Path(app.path).glob("locale/zh_Hans/LC_MESSAGES/*.po")


def test_no_translation_changes_a_shared_msgid_meaning():
    """A msgid (without context) in two catalogues has one Chinese translation in both, unless
    it is a listed deliberate improvement: otherwise the last loaded catalogue silently wins."""
    seen: dict[tuple, dict[str, str]] = {}
    for path in [*CATALOGUES, *_library_catalogues()]:
        if path.name != "django.po":
            continue
        for entry in polib.pofile(str(path)):
            if entry.obsolete or not entry.msgstr:
                continue
            seen.setdefault((entry.msgctxt, entry.msgid), {})[str(path)] = entry.msgstr
    ours = {
        (e.msgctxt, e.msgid)
        for path in CATALOGUES
        if path.name == "django.po"
        for e in polib.pofile(str(path))
        if not e.obsolete
    }
    clashes = {
        key[1]: sorted(set(translations.values()))
        for key, translations in seen.items()
        if key in ours
        and len(set(translations.values())) > 1
        and key[1] not in DELIBERATE_OVERRIDES
    }
    assert clashes == {}, (
        "same msgid, different Chinese: give our use a context (pgettext / translate … context)"
    )


def test_every_wagtail_admin_string_has_chinese():
    """Every string of the installed Wagtail apps (their English catalogues list them all) has
    a Chinese translation: in an installed library's catalogue, in site/wagtail_catalogue, or
    (JavaScript strings) in site/locale."""
    from django.apps import apps

    wagtail_apps = [
        a for a in apps.get_app_configs() if a.name == "wagtail" or a.name.startswith("wagtail.")
    ]
    sources = [*_library_catalogues(), *CATALOGUES]
    translated = set()
    for path in sources:
        translated |= {(e.msgctxt, e.msgid) for e in polib.pofile(str(path)) if e.translated()}
    missing = sorted(
        e.msgid
        for app in wagtail_apps
        for path in Path(app.path).glob("locale/en/LC_MESSAGES/*.po")
        for e in polib.pofile(str(path))
        if not e.obsolete and (e.msgctxt, e.msgid) not in translated
    )
    assert len(wagtail_apps) > 5, "the scan found too few Wagtail apps"
    assert missing == []


def test_wagtail_admin_renders_our_chinese(admin_client):
    """The dashboard's page count and search box read in Chinese (they were English), and the
    sidebar's Pages is 页面 (our pagination's word had turned it into 分页)."""
    from django.utils import translation

    with translation.override("zh-hans"):
        html = admin_client.get("/admin/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        assert "搜索全部页面" in html and "Search all pages" not in html
        assert translation.gettext("Pages") == "页面"
        assert translation.pgettext("pagination", "Pages") == "分页"


def test_default_workflow_is_named_in_chinese_and_reviewed_by_administrators(db):
    """Wagtail's default 'Moderators approval' appeared as 提交给Moderators approval."""
    from wagtail.models import GroupApprovalTask, Workflow

    from home.services import MODERATION_TASK_NAME, MODERATION_WORKFLOW_NAME

    assert not Workflow.objects.filter(name="Moderators approval").exists()
    assert Workflow.objects.filter(name=MODERATION_WORKFLOW_NAME).exists()
    task = GroupApprovalTask.objects.get(name=MODERATION_TASK_NAME)
    assert list(task.groups.values_list("name", flat=True)) == ["系统管理员"]
