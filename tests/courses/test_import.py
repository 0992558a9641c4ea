"""Importing the four shipped regulations: counts, texts, idempotent re-import, command."""

import json
import re
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from courses.models import Article, Division, Regulation
from courses.parsing import chinese_to_int
from courses.services import RegulationImportError, regulation_import

from .factories import DEMO_DATA, import_demo_regulation

pytestmark = pytest.mark.django_db

FILES = [
    "信访工作条例.md",
    "保障农民工工资支付条例.md",
    "国有土地上房屋征收与补偿条例.md",
    "人民调解法.md",
]
ARTICLE_LINE = re.compile(r"^第([一二三四五六七八九十百零〇]+)条[ \u3000]", re.M)
CHAPTER_LINE = re.compile(r"^#+\s*第[一二三四五六七八九十]+章", re.M)


@pytest.mark.parametrize("filename", FILES)
def test_every_article_is_imported(filename):
    """Each file's 第X条 paragraphs (counted independently here) all arrive, numbered 1…n
    in order, with their chapter; no warnings on the official texts."""
    source = (DEMO_DATA / filename).read_text("utf-8")
    expected = [chinese_to_int(n) for n in ARTICLE_LINE.findall(source)]
    report = import_demo_regulation(filename, slug=f"r{FILES.index(filename)}")
    numbers = list(report.regulation.articles.order_by("position").values_list("number", flat=True))
    assert numbers == expected == list(range(1, len(expected) + 1))
    assert report.chapter_count == len(CHAPTER_LINE.findall(source))
    assert report.warnings == []
    assert not report.regulation.articles.filter(division__isnull=True).exists()


def test_xinfang_counts_and_spot_checks():
    """信访工作条例: 50 articles in 6 chapters; Art. 34 says 60日 and 30日, Art. 20 names at
    most 5 representatives, Art. 5 has five items in order; dates come from the header."""
    report = import_demo_regulation()
    regulation = report.regulation
    assert (report.chapter_count, report.article_count) == (6, 50)
    assert regulation.divisions.filter(level=Division.Level.CHAPTER).count() == 6
    art34 = regulation.articles.get(number=34)
    assert "60日" in art34.text and "30日" in art34.text
    assert "5人" in regulation.articles.get(number=20).text
    art5 = regulation.articles.get(number=5)
    assert [i[:3] for i in art5.items] == ["（一）", "（二）", "（三）", "（四）", "（五）"]
    assert art5.division.heading == "第一章 总则"
    assert str(regulation.issued_on) == "2022-02-25"
    assert str(regulation.in_force_on) == "2022-05-01"
    assert regulation.issuing_bodies == "中共中央、国务院"


def test_document_number_from_header():
    """国有土地上房屋征收与补偿条例: 国务院令第590号 is read as the document number."""
    report = import_demo_regulation("国有土地上房屋征收与补偿条例.md", slug="zhengshou")
    assert report.regulation.document_number == "中华人民共和国国务院令第590号"
    assert report.article_count == 35


def test_reimport_is_idempotent():
    """Importing the same text twice keeps the same rows (same article PKs), adds none, and
    reports nothing changed."""
    first = import_demo_regulation()
    pks = dict(Article.objects.values_list("number", "pk"))
    second = import_demo_regulation()
    assert Regulation.objects.count() == 1
    assert Article.objects.count() == 50
    assert dict(Article.objects.values_list("number", "pk")) == pks
    assert second.regulation.pk == first.regulation.pk
    assert (second.added, second.changed, second.retired) == ([], [], [])


def test_reimport_with_an_article_removed_keeps_it_not_current():
    """An article missing from a new text stays (URLs keep working) but is not current;
    changed text is updated in place."""
    text = (DEMO_DATA / "信访工作条例.md").read_text("utf-8")
    import_demo_regulation()
    art50 = Article.objects.get(number=50)
    shorter = text.replace("第五十条 本条例自2022年5月1日起施行。", "")
    shorter = shorter.replace("本条例由国家信访局负责解释。", "本条例由国家信访局负责解释和修订。")
    report = regulation_import(text=shorter, slug="xinfang")
    assert report.retired == [50]
    assert report.changed == [49]
    art50.refresh_from_db()
    assert art50.is_current is False
    assert Article.objects.get(number=49).text.endswith("解释和修订。")
    # Importing the full text again brings it back, same row.
    again = import_demo_regulation()
    assert again.changed == [49, 50]
    art50.refresh_from_db()
    assert art50.is_current is True


def test_text_without_articles_is_refused():
    """A text with no articles is refused instead of retiring every article."""
    import_demo_regulation()
    with pytest.raises(RegulationImportError):
        regulation_import(text="# 信访工作条例\n\n乱码", slug="xinfang")
    assert Article.objects.filter(is_current=True).count() == 50


def test_command_json_output():
    """``import_regulation PATH --slug S --json`` prints slug, chapters, articles, warnings."""
    out = StringIO()
    call_command(
        "import_regulation", str(DEMO_DATA / "人民调解法.md"), slug="tiaojie", json=True, stdout=out
    )
    data = json.loads(out.getvalue())
    assert data["slug"] == "tiaojie"
    assert (data["chapters"], data["articles"], data["warnings"]) == (6, 35, [])


def test_command_reports_warnings_with_line_numbers(tmp_path):
    """Broken lines in a file come back in the JSON with their line numbers."""
    path = tmp_path / "bad.md"
    path.write_text("# 坏\n<!-- INFO END -->\n第一条 好。\n第三条 跳号。\n## 乱标题\n", "utf-8")
    out = StringIO()
    call_command("import_regulation", str(path), json=True, stdout=out)
    data = json.loads(out.getvalue())
    assert data["articles"] == 2
    assert [w["line"] for w in data["warnings"]] == [4, 5]


def test_command_refuses_missing_file(tmp_path):
    """A path that does not exist is a command error, not a traceback."""
    with pytest.raises(CommandError):
        call_command("import_regulation", str(tmp_path / "none.md"))


def test_admin_paste_import(trainer_client):
    """A trainer pastes a text in the admin; it is imported and warnings are listed."""
    from accounts.roles import roles_sync

    roles_sync()
    text = (DEMO_DATA / "人民调解法.md").read_text("utf-8") + "\n\n## 乱标题\n"
    response = trainer_client.post("/admin/courses/import/", {"text": text, "slug": "tiaojie"})
    assert response.status_code == 200
    assert Regulation.objects.get(slug="tiaojie").articles.count() == 35
    assert "乱标题" in response.content.decode()


def test_official_cannot_use_admin_import(official_client):
    """Officials have no access to the import view."""
    response = official_client.post("/admin/courses/import/", {"text": "# x\n第一条 y"})
    assert response.status_code in (302, 403)
    assert not Regulation.objects.exists()


@pytest.mark.django_db
def test_reimport_keeps_chapters_in_place_so_what_refers_to_them_survives():
    """A second import of the same text updates each chapter's row instead of rebuilding it
    (a study session's module refers to a chapter); a dropped chapter is removed."""
    regulation = import_demo_regulation().regulation
    before = dict(regulation.divisions.values_list("number", "pk"))
    import_demo_regulation()
    assert dict(regulation.divisions.values_list("number", "pk")) == before
    text = (DEMO_DATA / "信访工作条例.md").read_text("utf-8")
    shortened = text.split("## 第六章")[0]
    regulation_import(text=shortened, slug="xinfang")
    assert not Division.objects.filter(regulation=regulation, number=6).exists()
    assert Division.objects.get(regulation=regulation, number=4).pk == before[4]
