"""Chinese is the default language: every catalogue must be complete and compiled."""

from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[2]
CATALOGUES = sorted(
    p
    for p in ROOT.glob("**/locale/zh_Hans/LC_MESSAGES/django.po")
    if ".venv" not in p.parts and "node_modules" not in p.parts
)


def test_every_app_with_strings_has_a_chinese_catalogue():
    apps = {p.parts[len(ROOT.parts)] for p in CATALOGUES}
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
