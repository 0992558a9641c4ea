"""Every contract between the apps, in one place: hook names and signatures, ledger sources.

Apps meet only here (and in the ledger service and the regulation articles they cite). A test
(tests/home/test_contracts.py) fails when code registers or runs a ``xuefa_…`` hook, or writes
a ledger source, that this module does not document.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Hook:
    name: str
    signature: str
    purpose: str


HOOKS: dict[str, Hook] = {
    hook.name: hook
    for hook in (
        Hook(
            "xuefa_main_menu",
            "fn(request) -> list[kit.hooks.MenuItem]",
            "Links in the site's top navigation.",
        ),
        Hook(
            "xuefa_dashboard_panels",
            "fn(request, year: int) -> kit.hooks.DashboardPanel | None",
            "A panel on the home dashboard for the signed-in user and year.",
        ),
        Hook(
            "xuefa_load_demo",
            "fn(stdout) -> None",
            "Demo content for `manage.py load_demo`, run in hook order (accounts 0, home 1, "
            "courses 10, quizzes 20, case library 30, …); each loader is idempotent.",
        ),
        Hook(
            "register_role_permissions",
            "fn() -> dict[role_key, list['app_label.codename']]",
            "What each role (accounts.roles) may do; re-synced after every migrate.",
        ),
        Hook(
            "xuefa_course_requirements",
            "fn(course, user) -> list[{'label': str, 'met': bool, 'url': str}]",
            "Extra conditions for a course to be complete (a quiz under it must be passed).",
        ),
        Hook(
            "xuefa_quiz_passed",
            "fn(quiz, user, attempt, now) -> None",
            "Called once after an attempt passes, so courses can re-check completion.",
        ),
        Hook(
            "xuefa_case_related",
            "fn(case_page, request) -> list[{'label': str, 'url': str}]",
            "Links a case page offers to other apps' content (practice questions citing its "
            "legal basis: stems and a practice link only, never keys).",
        ),
        Hook(
            "xuefa_record_score_hidden",
            "fn(record, viewer, now) -> str | None",
            "Asked before any surface shows a ledger record's score or pass/fail to `viewer` "
            "(my record, my year, exports, reports for officials). The app that wrote the "
            "record returns a short reason to show instead (e.g. 成绩将于考试结束后公布) while "
            "its own rules keep the result unreleased, else None. Run it through "
            "kit.hooks.record_score_hidden.",
        ),
        Hook(
            "xuefa_record_scores_withheld",
            "fn(viewer, now) -> dict[source, str]",
            "The same answer for every source at once: each ledger source whose score the app "
            "withholds from `viewer` now, with the reason — for reports over thousands of "
            "officials, which ask once instead of reading every quiz record to find the "
            "sources. An app registering xuefa_record_score_hidden registers this too, and the "
            "two agree for every record of any official (tested); the answer depends on the "
            "source and the viewer, never on whose record it is. Run it through "
            "kit.hooks.record_scores_withheld.",
        ),
        Hook(
            "xuefa_search_providers",
            "fn() -> list[kit.search.SearchProvider]",
            "What an app offers the site search (/search/): for each kind of result, every "
            "entry for a rebuild and a refresh(instance, deleted) for one changed object of "
            "the models it watches. Providers index only what may be shown (live pages, "
            "current articles, never keys); an entry's permission limits who sees it, or, "
            "for a kind seen entry by entry (study sessions), the provider's "
            "visible_keys(user), asked at every query.",
        ),
        Hook(
            "xuefa_required_courses",
            "fn(users: list[User], year: int) -> dict[user_id, list[{'source': str, "
            "'title': str}]]",
            "The courses each official must complete in `year` (their ledger `source`s), for "
            "the year's targets (reports). Bulk: a fixed number of queries for any number of "
            "users.",
        ),
    )
}


@dataclass(frozen=True)
class LedgerSource:
    pattern: str  # the `source` of a records.StudyRecord, `<id>` standing for a primary key
    kind: str  # records.models.StudyRecordKind value
    meaning: str


LEDGER_SOURCES: tuple[LedgerSource, ...] = (
    LedgerSource("courses.lesson:<id>", "lesson", "A lesson page studied (0 学时)."),
    LedgerSource("courses.course:<id>", "course", "A course page completed (its 学时)."),
    LedgerSource(
        "quizzes.quiz:<id>",
        "quiz",
        "The official's grade for a quiz or exam page by its grading method; one live record "
        "per official and quiz, replaced (records.services.study_record_replace) when the "
        "grade changes; after a trainer's correction only a further attempt (event "
        "`attempts:<n>`) or the trainer credits it again. Evidence: quiz, mode (quiz/exam), passed, excellent, "
        "grading_method — the year-end reports read exams and their bands from it.",
    ),
    LedgerSource(
        "case_library.case:<id>",
        "case",
        "A case page studied, confirmed no sooner than half its estimated minutes after the "
        "server saw it first opened (records.reading).",
    ),
    LedgerSource(
        "study_sessions.session:<id>",
        "session",
        "Attendance (present or late) at a confirmed group study session, with its 学时; "
        "reversed and rewritten when attendance, hours or date change afterwards.",
    ),
    LedgerSource("offline:<batch>", "offline", "Offline training entered by a trainer."),
    LedgerSource("correction:<id>", "correction", "The reversal of the record <id>."),
)
