"""Rules that once lived in several copies have one home each; a new copy fails here.

Each rule is a pattern that only its home may contain. The scan reads every app's Python
(migrations aside). A sample of the copy each pattern once was is checked too, so a pattern
that stopped matching anything cannot pass silently.
"""

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
APP_DIRS = [p for p in ROOT.iterdir() if (p / "apps.py").exists()] + [
    p for p in (ROOT / "site").iterdir() if p.is_dir()
]

# name: (pattern, the files allowed to hold it, a copy the pattern must catch)
RULES = {
    "draw-rule matching and rank fallback (quizzes.draw)": (
        re.compile(r"\b\w*rules?\.(?:bank_id|question_type|category|difficulty|rank)\b"),
        {"quizzes/draw.py"},
        "and (not rule.category or rule.category == question.category)",
    ),
    'what practice never draws: "exam only" (quizzes.draw.practice_questions)': (
        re.compile(r"exclude\((?:bank__)?exam_only\s*="),
        {"quizzes/draw.py"},
        ".exclude(exam_only=True).exclude(bank__exam_only=True)",
    ),
    '"this attempt is yours" (quizzes.selectors.attempt_owned)': (
        re.compile(
            r"attempt\w*\.user(?:_id)?\s*[!=]=|Attempt\.objects\b[^\n]*\bpk=attempt_id"
            r"|get_object_or_404\(\s*Attempt\b"
        ),
        {"quizzes/selectors.py"},
        "if attempt.user_id != request.user.pk:",
    ),
    "an attempt still running (quizzes.models.Attempt.running_q / is_running)": (
        re.compile(r"deadline__gt\s*=\s*now|deadline\s*>\s*now\b"),
        {"quizzes/models.py"},
        "Q(deadline__isnull=True) | Q(deadline__gt=now)",
    ),
    "a ledger record reversed or standing (records: is_reversed, credited, study_credit)": (
        re.compile(r"reversed_by__isnull|reverses__isnull|exclude\(kind=\w+\.CORRECTION"),
        {"records/models.py", "records/selectors.py", "records/services.py"},
        "StudyRecord.objects.filter(source=source, reversed_by__isnull=True)",
    ),
    "a demo page nobody has edited, which a corrected demo text may replace (kit.pages)": (
        re.compile(r"revisions\.exclude\(user(?:_id)?(?:__isnull)?=(?:None|True)\)"),
        {"site/kit/pages.py"},
        "return not page.revisions.exclude(user=None).exists()",
    ),
    "the inline quotation mark's HTML (courses.quotations.mark_html)": (
        re.compile(r"""f["']<q\s+(?:data-article|\{MARK_ATTRIBUTE\})"""),
        {"courses/quotations.py"},
        """return f'<q data-article="{regulation}:{number}">{words}</q>'""",
    ),
}


def _sources():
    for folder in APP_DIRS:
        for path in folder.rglob("*.py"):
            if "migrations" not in path.parts:
                yield path.relative_to(ROOT).as_posix(), path.read_text(encoding="utf-8")


@pytest.mark.parametrize("name", RULES)
def test_a_rule_is_written_only_in_its_home(name):
    """No module outside the rule's home re-states it."""
    pattern, homes, _sample = RULES[name]
    copies = [
        f"{path}:{text.count(chr(10), 0, match.start()) + 1}: {match.group(0)}"
        for path, text in _sources()
        if path not in homes
        for match in pattern.finditer(text)
    ]
    assert copies == [], f"{name} is re-stated outside its home: {copies}"


@pytest.mark.parametrize("name", RULES)
def test_the_pattern_catches_the_copy_it_was_written_for(name):
    """Each pattern still matches the kind of copy that once existed (the scan is not blind)."""
    pattern, _homes, sample = RULES[name]
    assert pattern.search(sample)


def test_the_scan_reads_the_apps():
    """The scan sees the homes themselves, so an empty file list cannot pass the tests above."""
    paths = {path for path, _text in _sources()}
    for _pattern, homes, _sample in RULES.values():
        assert homes <= paths
