"""After a trainer's correction the case page says so, and clicking again credits nothing."""

import pytest
from django.utils import timezone

from records.models import StudyRecord
from records.selectors import study_year_summary
from records.services import study_record_reverse
from tests.case_library.factories import case_read, domain, make_case

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(index):
    return make_case("欠薪案", index=index, domain=domain("欠薪讨薪"))


def test_studied_again_after_a_correction_gives_no_hours(official_client, official, trainer, case):
    """Issue 9: reversed by a trainer, the official clicked "studied" again and got the hours
    back. Now the click is refused with the reason, and the page shows the correction."""
    case_read(official_client, official, case)
    official_client.post(f"/cases/tools/{case.pk}/studied/")
    record = StudyRecord.objects.get(user=official)
    study_record_reverse(record=record, reason="未实际学习", actor=trainer, now=timezone.now())
    response = official_client.post(f"/cases/tools/{case.pk}/studied/", follow=True)
    assert response.status_code == 200
    assert StudyRecord.objects.filter(user=official).count() == 2
    year = timezone.localdate().year
    assert study_year_summary(user=official, year=year).credit_hours == 0
    html = response.content.decode()
    assert "未实际学习" in html
    assert "badge--warn" in html and "badge--ok" not in html  # 已更正, not 已学习
    listing = official_client.get("/cases/").content.decode()
    assert "badge--ok" not in listing
