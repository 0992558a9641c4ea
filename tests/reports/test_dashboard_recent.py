"""The dashboard's "recent activity" sits in the card of this year's hours: it lists this
year's records only (last year's, dated "11-19" without a year, read as this year's)."""

from datetime import datetime

import pytest
from django.utils import timezone

from records.models import StudyRecordKind
from records.services import study_record_add

pytestmark = pytest.mark.django_db


def test_recent_activity_is_this_years(official_client, official):
    from tests.quizzes.factories import quiz_index

    quiz_index()  # the site's tree, with its home page (the dashboard)
    year = timezone.localdate().year
    for title, when in (("去年的线下培训", year - 1), ("今年的线下培训", year)):
        study_record_add(
            user=official,
            kind=StudyRecordKind.OFFLINE_TRAINING,
            source=f"test.training:{when}",
            title=title,
            credit_hours=1,
            occurred_at=timezone.make_aware(datetime(when, 3, 1, 9)),
        )
    html = official_client.get("/").content.decode()
    assert "今年的线下培训" in html
    assert "去年的线下培训" not in html
