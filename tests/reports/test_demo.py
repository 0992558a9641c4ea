"""The demo year-end: last year closed with its snapshot, this year in progress, with varied
progress so every report has something true to show; the same after a second load."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from records.models import ClosedStudyYear, StudyRecord, StudyRecordKind
from reports.closing import ledger_digest, year_archive, year_lines
from reports.files import office_summary

pytestmark = pytest.mark.django_db
THIS = timezone.localdate().year
LAST = THIS - 1


@pytest.fixture
def loaded():
    call_command("load_demo", stdout=io.StringIO())


def test_last_year_is_closed_with_a_snapshot_of_several_dozen_officials(loaded):
    assert ClosedStudyYear.objects.filter(year=LAST).exists()
    archive = year_archive(LAST)
    assert archive is not None and 40 <= len(archive.officials) <= 60
    assert archive.snapshot.taken_by.username == "admin"
    assert archive.snapshot.data["ledger"]["records"] > 300
    summary = office_summary(year=LAST, viewer=User.objects.get(username="admin"))
    total = summary["total"]
    assert total.exam_takers and 0 < total.met < total.officials
    assert len(total.sessions_held) == 2 and len(total.trainings_held) == 3


def test_this_year_is_in_progress_with_officials_behind_on_each_part(loaded):
    admin = User.objects.get(username="admin")
    lines = year_lines(department_ids=None, year=THIS, viewer=admin).officials
    assert 40 <= len(lines) <= 60
    missing = " ".join(m for line in lines for m in line["missing"])
    for part in ("学时", "必修课程", "未参加年度考试", "年度考试未通过", "集中学法"):
        assert part in missing, part
    met = sum(line["met"] for line in lines)
    assert 10 <= met <= len(lines) - 10
    departments = {line["department_id"] for line in lines}
    assert len(departments) == 5


def test_the_readme_accounts_get_nothing_new_this_year(loaded):
    """李明 and the other documented accounts keep this year's state: only the two demo
    sessions of study_sessions credit them."""
    li = User.objects.get(username="official")
    kinds = set(
        StudyRecord.objects.filter(user=li, occurred_at__year=THIS).values_list("kind", flat=True)
    )
    assert kinds <= {StudyRecordKind.GROUP_SESSION}
    assert StudyRecord.objects.filter(user=li, occurred_at__year=LAST).exists()


def test_loading_the_demo_again_changes_no_figure(loaded):
    before = (ledger_digest(LAST), ledger_digest(THIS), StudyRecord.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (ledger_digest(LAST), ledger_digest(THIS), StudyRecord.objects.count()) == before
