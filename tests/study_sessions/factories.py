"""Study sessions for tests: a session with invitees, built through the services."""

import datetime
from decimal import Decimal

from django.utils import timezone

from study_sessions.models import StudySession
from study_sessions.services import session_invitations_sync


def make_session(
    *,
    organiser,
    department,
    invited_departments=(),
    invited_people=(),
    date=None,
    starts_at=datetime.time(9, 0),
    ends_at=datetime.time(10, 30),
    credit_hours=None,
    walk_ins_allowed=False,
    topic="学习《信访工作条例》第四章",
    **fields,
) -> StudySession:
    session = StudySession.objects.create(
        topic=topic,
        date=date or timezone.localdate() - datetime.timedelta(days=1),
        starts_at=starts_at,
        ends_at=ends_at,
        place="三楼会议室",
        department=department,
        organiser=organiser,
        created_by=organiser,
        walk_ins_allowed=walk_ins_allowed,
        credit_hours_override=None if credit_hours is None else Decimal(str(credit_hours)),
        **fields,
    )
    session.invited_departments.set(invited_departments)
    session.invited_people.set(invited_people)
    session_invitations_sync(session=session)
    return session
