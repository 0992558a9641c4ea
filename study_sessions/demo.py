"""Demo group study sessions: two held and confirmed (attendance, minutes, credited in the
ledger), one coming up on 《信访工作条例》第四章 with its modules and questions, ready to
present. Idempotent: a session is found again by its topic and organiser, whatever the day.

Every statement of the law here follows the article text in courses/demo_data/; a quotation
(in “…”) is the article's own words (tests/study_sessions/test_demo.py checks both).
"""

import datetime

from django.db import transaction
from django.utils import timezone

from accounts.models import Department, User

from .models import (
    AttendanceStatus,
    DiscussionQuestion,
    FollowUpAction,
    ModuleKind,
    SessionModule,
    SessionType,
    Speech,
    SpeechKind,
    StudySession,
)
from .services import attendance_mark, session_confirm, session_invitations_sync

XINFANG = "xinfang-gongzuo-tiaoli"

PAST_CENTRE_GROUP = {
    "topic": "学习《信访工作条例》总则和信访工作体制",
    "type": SessionType.CENTRE_GROUP,
    "days_ago": 28,
    "time": (datetime.time(14, 30), datetime.time(16, 0)),
    "place": "区信访办三楼会议室",
    "department": "xfb",
    "organiser": "trainer",
    "lead": "XF0108",
    "invited_departments": ["xfb"],
    "summary": "理论学习中心组集体学习。孙伟同志领学，各科室负责同志交流发言。",
    "modules": [
        (ModuleKind.LESSON, "di-yi-zhang-zongze", "孙伟领学"),
        (ModuleKind.CHAPTER, 2, "各科室负责同志轮流领读"),
    ],
    "questions": [
        (
            "结合本科室的工作，谈谈“属地管理、分级负责，谁主管、谁负责”在接访分流中怎样落实。",
            "第五条第三项。",
        ),
    ],
    "attendance": {
        "XF0104": (AttendanceStatus.PRESENT, ""),
        "XF0106": (AttendanceStatus.PRESENT, ""),
        "XF0101": (AttendanceStatus.PRESENT, ""),
        "XF0102": (AttendanceStatus.LATE, "接待来访群众后到会"),
        "XF0103": (AttendanceStatus.PRESENT, ""),
        "XF0105": (AttendanceStatus.EXCUSED, "参加市信访局业务培训"),
        "XF0107": (AttendanceStatus.PRESENT, ""),
        "XF0001": (AttendanceStatus.PRESENT, ""),
        "XF0003": (AttendanceStatus.PRESENT, ""),
        "XF0108": (AttendanceStatus.PRESENT, ""),
        "XF0002": (AttendanceStatus.PRESENT, ""),
        "XF0000": (AttendanceStatus.EXCUSED, "机房值守"),
    },
    "speeches": [
        (
            SpeechKind.LEAD,
            "XF0108",
            "领学第一章总则。信访工作是党的群众工作的重要组成部分；五项原则中，"
            "坚持落实信访工作责任要求党政同责、一岗双责，属地管理、分级负责，谁主管、谁负责。",
        ),
        (
            SpeechKind.SPEECH,
            "XF0104",
            "督查督办科将把第二章规定的各方职责落到交办、督办台账上；涉及两个或者两个以上机关、"
            "单位的信访事项，按照第二十四条由所涉及的机关、单位协商受理，不让群众来回跑。",
        ),
        (
            SpeechKind.DISCUSSION,
            "XF0101",
            "接待窗口登记时要把诉求讲清楚、记准确，分流时写明转送或者交办的机关、单位。",
        ),
    ],
    "conclusions": "各科室对照第二章逐条梳理本科室职责，形成职责清单；下次中心组学习第三章。",
    "follow_ups": [("对照第二章形成督查督办科职责清单", "XF0104", 14)],
}

PAST_DISCUSSION = {
    "topic": "接待科集体研讨：登记、转送、交办的时限",
    "type": SessionType.DISCUSSION,
    "days_ago": 9,
    "time": (datetime.time(16, 0), datetime.time(17, 0)),
    "place": "接待科会议室",
    "department": "xfb-jdk",
    "organiser": "lead",
    "lead": "lead",
    "invited_departments": ["xfb-jdk"],
    "summary": "结合近期来访登记情况，研讨第二十二条规定的处理方式和期限。",
    "modules": [
        (ModuleKind.LESSON, "di-san-zhang-tichu-shouli", ""),
        (ModuleKind.ARTICLE, 22, "赵强领读"),
    ],
    "questions": [
        (
            "信访部门收到信访事项后，应当在多少日内区分情况分别处理？转送和交办有什么不同？",
            "第二十二条：应当予以登记，并区分情况，在15日内分别按照下列方式处理……",
        ),
    ],
    "attendance": {
        "XF0001": (AttendanceStatus.PRESENT, ""),
        "XF0101": (AttendanceStatus.PRESENT, ""),
        "XF0102": (AttendanceStatus.EXCUSED, "带班接待"),
        "XF0003": (AttendanceStatus.PRESENT, ""),
    },
    "speeches": [
        (
            SpeechKind.LEAD,
            "XF0003",
            "领读第二十二条：各级党委和政府信访部门收到信访事项，应当予以登记，"
            "并区分情况，在15日内分别按照下列方式处理……",
        ),
        (
            SpeechKind.DISCUSSION,
            "XF0001",
            "对转送信访事项中的重要情况需要反馈办理结果的，可以交由有权处理的机关、单位办理，"
            "要求其在指定办理期限内反馈结果，提交办结报告。窗口登记时要标注清楚。",
        ),
    ],
    "conclusions": "登记后当日完成分流初审，15日期限在台账中自动提示。",
    "follow_ups": [("在接待登记台账中增加15日处理期限提示", "XF0101", 10)],
}

UPCOMING = {
    "topic": "《信访工作条例》第四章 信访事项的办理",
    "type": SessionType.FORUM,
    "days_ahead": 6,
    "time": (datetime.time(9, 0), datetime.time(11, 0)),
    "place": "区信访办三楼会议室",
    "department": "xfb",
    "organiser": "trainer",
    "lead": "XF0106",
    "invited_departments": ["xfb"],
    "walk_ins_allowed": True,
    "summary": "信访业务大讲堂。吴刚同志领学第四章，王芳同志讲解第四讲，结合复查案例研讨。"
    "请携带手机扫码签到。",
    "modules": [
        (ModuleKind.CHAPTER, 4, "吴刚领读全章"),
        (ModuleKind.LESSON, "di-si-zhang-banli", "王芳讲解"),
        (ModuleKind.CASE, "review-revoked-opinion", "复查复核科介绍"),
    ],
    "questions": [
        (
            "第三十一条第六项规定的信访事项，办理期限是多少？情况复杂需要延长的，"
            "需经谁批准、最多延长多久、还应当做什么？",
            "自受理之日起60日内办结；情况复杂的，经本机关、单位负责人批准，可以适当延长办理期限，"
            "但延长期限不得超过30日，并告知信访人延期理由（第三十四条）。",
        ),
        (
            "信访人对信访处理意见不服的，请求复查、复核的期限分别是多少？"
            "对复核意见不服，仍然以同一事实和理由提出投诉请求的，应当怎样处理？",
            "自收到书面答复之日起30日内请求复查（第三十五条）；对复查意见不服的，"
            "自收到书面答复之日起30日内请求复核（第三十六条第一款）；"
            "各级党委和政府信访部门和其他机关、单位不再受理（第三十六条第三款）。",
        ),
        (
            "结合本科室工作，谈谈怎样做到“诉求合理的解决问题到位、诉求无理的思想教育到位、"
            "生活困难的帮扶救助到位、行为违法的依法处理”。",
            "第二十七条。注意“到位”只用于前三种情形；对行为违法的，要求是“依法处理”。",
        ),
    ],
}


def _user(key: str) -> User:
    user = User.objects.filter(staff_number=key).first()
    return user or User.objects.get(username=key)


def _targets():
    from case_library.models import CasePage
    from courses.models import Article, Division, LessonPage, Regulation

    regulation = Regulation.objects.get(slug=XINFANG)

    def target(kind, ref):
        if kind == ModuleKind.LESSON:
            return {"lesson": LessonPage.objects.get(slug=ref)}
        if kind == ModuleKind.CASE:
            return {"case": CasePage.objects.get(slug=ref)}
        if kind == ModuleKind.CHAPTER:
            return {
                "division": Division.objects.get(
                    regulation=regulation, level=Division.Level.CHAPTER, number=ref
                )
            }
        return {"article": Article.objects.get(regulation=regulation, number=ref)}

    return target


def _session(spec, *, date) -> tuple[StudySession, bool]:
    organiser = _user(spec["organiser"])
    session = StudySession.objects.filter(topic=spec["topic"], organiser=organiser).first()
    if session is not None:
        return session, False
    starts, ends = spec["time"]
    session = StudySession.objects.create(
        session_type=spec["type"],
        topic=spec["topic"],
        date=date,
        starts_at=starts,
        ends_at=ends,
        place=spec["place"],
        department=Department.objects.get(code=spec["department"]),
        organiser=organiser,
        lead=_user(spec["lead"]),
        summary=spec["summary"],
        walk_ins_allowed=spec.get("walk_ins_allowed", False),
        created_by=organiser,
    )
    session.invited_departments.set(Department.objects.filter(code__in=spec["invited_departments"]))
    session_invitations_sync(session=session)
    target = _targets()
    for position, (kind, ref, note) in enumerate(spec["modules"], start=1):
        SessionModule.objects.create(
            session=session, position=position, kind=kind, note=note, **target(kind, ref)
        )
    for position, (text, hint) in enumerate(spec["questions"], start=1):
        DiscussionQuestion.objects.create(session=session, position=position, text=text, hint=hint)
    return session, True


def _hold(session, spec) -> None:
    """Attendance, minutes and confirmation of a session that took place."""
    organiser = session.organiser
    held_at = session.end_datetime
    for key, (status, reason) in spec["attendance"].items():
        row = session.attendances.filter(user=_user(key)).first()
        if row is not None:
            attendance_mark(
                attendance=row, status=status, reason=reason, actor=organiser, now=held_at
            )
    for position, (kind, key, summary) in enumerate(spec["speeches"], start=1):
        Speech.objects.create(
            session=session, position=position, kind=kind, speaker=_user(key), summary=summary
        )
    for position, (description, key, days) in enumerate(spec["follow_ups"], start=1):
        FollowUpAction.objects.create(
            session=session,
            position=position,
            description=description,
            owner=_user(key),
            due_on=session.date + datetime.timedelta(days=days),
            done=session.date + datetime.timedelta(days=days) < timezone.localdate(),
        )
    session.conclusions = spec["conclusions"]
    session.save(update_fields=["conclusions", "updated_at"])
    session_confirm(session=session, actor=organiser, now=held_at)


@transaction.atomic
def load(stdout) -> None:
    today = timezone.localdate()
    for spec in (PAST_CENTRE_GROUP, PAST_DISCUSSION):
        session, created = _session(spec, date=today - datetime.timedelta(days=spec["days_ago"]))
        if created:
            _hold(session, spec)
    upcoming, _created = _session(
        UPCOMING, date=today + datetime.timedelta(days=UPCOMING["days_ahead"])
    )
    stdout.write(
        "study_sessions: two confirmed sessions with minutes, and "
        f"“{upcoming.topic}” on {upcoming.date:%Y-%m-%d}, ready to present"
    )
