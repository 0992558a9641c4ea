"""The autosave's common case in one statement: the exam rush (docs/performance.md).

When a thousand officials sit the annual exam at once, nearly every request is an autosave of
one answer to an attempt that is the official's own, open and inside its deadline. The full
path (``services.answer_save``) reads the answer with its attempt and question, then writes it:
two statements, each built by the ORM. Here the paper's facts that never change while it is
taken — whose attempt it is, its deadline, and for each question on it the type, the option
letters and the number of blanks that shape a valid response — are read once per attempt and
process, and each save is a single ``UPDATE`` that is conditional on the attempt still being
this official's, in progress and inside its deadline (with ``ANSWER_GRACE``).

Whenever that condition does not hold, or anything is unusual (instant feedback, a question not
on the paper, a response that does not fit), this path steps aside and the full path decides,
with its own errors and its submission of an overdue attempt: the fast path never refuses
anything itself, so the answers and errors an official sees are the full path's.
"""

import threading
import time
from collections import OrderedDict
from dataclasses import dataclass
from datetime import datetime

from django.db import connection

from .keys import ResponseError, blank_count, response_clean
from .models import ANSWER_GRACE, Answer, Attempt, AttemptStatus, QuestionType

UNCHANGED = object()  # answer_save(response=UNCHANGED): only the review flag changes

# A paper's facts are kept this long in each process (a trainer's edit of a question's options
# during an exam reaches the shape check within it; scoring always reads the questions afresh).
FACTS_SECONDS = 300
FACTS_KEPT = 5_000  # attempts per process: a whole district's exam


@dataclass(frozen=True)
class PaperFacts:
    user_id: int
    deadline: datetime | None
    instant_feedback: bool
    # paper question id -> (question type, option letters as shown, blanks)
    questions: dict[int, tuple[str, tuple[str, ...], int]]


class _Kept:
    """A small thread-safe LRU of papers' facts with an age limit (gthread workers)."""

    def __init__(self):
        self._items: OrderedDict[int, tuple[float, PaperFacts]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, attempt_id: int) -> PaperFacts | None:
        with self._lock:
            item = self._items.get(attempt_id)
            if item is None:
                return None
            if time.monotonic() - item[0] > FACTS_SECONDS:
                del self._items[attempt_id]
                return None
            self._items.move_to_end(attempt_id)
            return item[1]

    def put(self, attempt_id: int, facts: PaperFacts) -> None:
        with self._lock:
            self._items[attempt_id] = (time.monotonic(), facts)
            self._items.move_to_end(attempt_id)
            while len(self._items) > FACTS_KEPT:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


kept = _Kept()


def paper_facts(*, attempt_id: int, user) -> PaperFacts | None:
    """The facts of ``user``'s in-progress attempt (one query the first time in a process), or
    None when it is not theirs, not in progress or not there."""
    facts = kept.get(attempt_id)
    if facts is not None:
        return facts if facts.user_id == user.pk else None
    from .services import answers_to_save

    answers = list(
        answers_to_save().filter(
            attempt_id=attempt_id,
            attempt__user_id=user.pk,
            attempt__status=AttemptStatus.IN_PROGRESS,
        )
    )
    if not answers:
        return None
    questions = {}
    for answer in answers:
        question = answer.attempt_question.question
        letters = tuple(answer.attempt_question.option_order or [c for c, _t in question.options])
        blanks = blank_count(question.key()) if question.question_type == QuestionType.FILL else 0
        questions[answer.attempt_question_id] = (question.question_type, letters, blanks)
    attempt = answers[0].attempt
    facts = PaperFacts(
        user_id=attempt.user_id,
        deadline=attempt.deadline,
        instant_feedback=bool(answers[0].quiz_instant_feedback),
        questions=questions,
    )
    kept.put(attempt_id, facts)
    return facts


_SQL: dict[tuple[bool, bool], str] = {}


def _update_sql(*, response: bool, flagged: bool) -> str:
    """``UPDATE`` the one answer, only while its attempt is the official's, in progress and
    before its deadline and grace. Built once per shape, from the models' own names."""
    key = (response, flagged)
    if key not in _SQL:
        qn = connection.ops.quote_name
        answer, attempt = Answer._meta, Attempt._meta
        col = {f.name: qn(f.column) for f in answer.concrete_fields}
        acol = {f.name: qn(f.column) for f in attempt.concrete_fields}
        sets = [f"{col['saved_at']} = %s"]
        if response:
            sets.append(f"{col['response']} = %s")
        if flagged:
            sets.append(f"{col['flagged']} = %s")
        # Only the models' own table and column names, quoted, are put into the text; every
        # value is a parameter.
        _SQL[key] = (
            f"UPDATE {qn(answer.db_table)} SET {', '.join(sets)} "  # noqa: S608
            f"WHERE {col['attempt']} = %s AND {col['attempt_question']} = %s "
            f"AND {col['attempt']} IN (SELECT {acol['id']} FROM {qn(attempt.db_table)} "
            f"WHERE {acol['id']} = %s AND {acol['user']} = %s AND {acol['status']} = %s "
            f"AND ({acol['deadline']} IS NULL OR {acol['deadline']} > %s))"
        )
    return _SQL[key]


def answer_save_fast(
    *, attempt_id: int, user, attempt_question_id: int, response, flagged, now
) -> Answer | None:
    """Save one answer in one statement, or None: then the full path must decide."""
    if not 0 < attempt_id < 2**63 or (flagged is not None and not isinstance(flagged, bool)):
        return None
    facts = paper_facts(attempt_id=attempt_id, user=user)
    if facts is None or facts.instant_feedback:
        return None
    shape = facts.questions.get(attempt_question_id)
    if shape is None:
        return None
    question_type, letters, blanks = shape
    params = [Answer._meta.get_field("saved_at").get_db_prep_save(now, connection)]
    cleaned = UNCHANGED
    if response is not UNCHANGED:
        try:
            cleaned = response_clean(
                question_type, response, option_letters=list(letters), blanks=blanks
            )
        except ResponseError:
            return None
        params.append(Answer._meta.get_field("response").get_db_prep_save(cleaned, connection))
    if flagged is not None:
        params.append(flagged)
    deadline_after = Attempt._meta.get_field("deadline").get_db_prep_save(
        now - ANSWER_GRACE, connection
    )
    params += [
        attempt_id,
        attempt_question_id,
        attempt_id,
        user.pk,
        AttemptStatus.IN_PROGRESS,
        deadline_after,
    ]
    sql = _update_sql(response=response is not UNCHANGED, flagged=flagged is not None)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        saved = cursor.rowcount == 1
    if not saved:
        return None
    attempt = Attempt(
        id=attempt_id, user=user, status=AttemptStatus.IN_PROGRESS, deadline=facts.deadline
    )
    answer = Answer(attempt=attempt, attempt_question_id=attempt_question_id, saved_at=now)
    if flagged is not None:
        answer.flagged = flagged
    if cleaned is not UNCHANGED:
        answer.response = cleaned
    answer.quiz_instant_feedback = False
    return answer
