"""Answer keys: parsing the key text (the Excel 答案 column), normalising and scoring responses.

Pure functions, no database: the one place where a response is judged right or wrong.

Response shapes (what the attempt page sends and ``Answer.response`` stores):

- single: ``"B"`` (the option's stored letter, whatever order it was shown in)
- multiple: ``["A", "C"]``
- true/false: ``true`` or ``false``
- fill in the blank: ``["60", "30"]`` (one string per blank)
- essay: ``"free text"``
"""

import re
import unicodedata
from decimal import ROUND_HALF_UP, Decimal

from django.utils.translation import gettext as _

from kit.text import UNSTORABLE_MESSAGE, text_storable

TRUE_WORDS = {"对", "正确", "√", "✓", "T", "TRUE", "是", "Y", "YES"}
FALSE_WORDS = {"错", "错误", "×", "✗", "X", "F", "FALSE", "否", "N", "NO"}
BLANK_SEPARATOR = re.compile(r"[；;]")
ALTERNATIVE_SEPARATOR = re.compile(r"[|｜]")
MAX_TEXT = 5000


class KeyError_(ValueError):  # noqa: N801 — not the builtin KeyError
    """The key text does not fit the question type or its options."""


def normalise(text: str) -> str:
    """Full-width to half-width (NFKC), no spaces at all, case folded: 六十 stays 六十."""
    text = unicodedata.normalize("NFKC", str(text))
    return re.sub(r"\s+", "", text).casefold()


def _letters(text: str) -> list[str]:
    cleaned = unicodedata.normalize("NFKC", text).upper()
    cleaned = re.sub(r"[\s,，、;；/]", "", cleaned)
    return list(cleaned)


def key_parse(question_type: str, text: str, option_letters: list[str]):
    """Parse key text for a question type. Raises ``KeyError_`` with a Chinese-ready message."""
    text = (text or "").strip()
    if not text:
        raise KeyError_(_("The answer (key) is missing."))
    if question_type in ("single", "multiple"):
        if len(option_letters) < 2:
            raise KeyError_(_("A choice question needs at least two options."))
        letters = _letters(text)
        unknown = [c for c in letters if c not in option_letters]
        if unknown:
            raise KeyError_(
                _("The answer %(answer)s is not among the options %(options)s.")
                % {"answer": "".join(unknown), "options": "".join(option_letters)}
            )
        if len(set(letters)) != len(letters):
            raise KeyError_(_("The answer repeats an option."))
        if question_type == "single":
            if len(letters) != 1:
                raise KeyError_(_("A single-choice question has exactly one answer letter."))
            return letters[0]
        if len(letters) < 2:
            raise KeyError_(_("A multiple-choice question needs at least two answer letters."))
        return sorted(letters)
    if question_type == "true_false":
        word = unicodedata.normalize("NFKC", text).strip().upper()
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise KeyError_(_("A true/false answer must be 对 or 错."))
    if question_type == "fill":
        blanks = []
        for part in BLANK_SEPARATOR.split(text):
            alternatives = [normalise(a) for a in ALTERNATIVE_SEPARATOR.split(part) if a.strip()]
            if not alternatives:
                raise KeyError_(_("A blank has no accepted answer."))
            blanks.append(alternatives)
        return blanks
    if question_type == "essay":
        return text
    raise KeyError_(_("Unknown question type."))


def blank_count(key) -> int:
    return len(key) if isinstance(key, list) else 0


class ResponseError(ValueError):
    """A response that does not fit the question (sent by a broken or hostile client)."""


def response_clean(question_type: str, response, *, option_letters: list[str], blanks: int):
    """Check and normalise a response's shape. ``None`` clears the answer."""
    if response is None:
        return None
    if question_type == "single":
        if not isinstance(response, str) or response not in option_letters:
            raise ResponseError(_("Choose one of the options."))
        return response
    if question_type == "multiple":
        if not isinstance(response, list) or not all(isinstance(r, str) for r in response):
            raise ResponseError(_("Choose from the options."))
        if any(r not in option_letters for r in response) or len(set(response)) != len(response):
            raise ResponseError(_("Choose from the options."))
        return sorted(response)
    if question_type == "true_false":
        if not isinstance(response, bool):
            raise ResponseError(_("Answer true or false."))
        return response
    if question_type == "fill":
        if not isinstance(response, list) or len(response) != blanks:
            raise ResponseError(_("Fill in every blank."))
        if not all(isinstance(r, str) and len(r) <= 500 for r in response):
            raise ResponseError(_("A blank's answer is too long."))
        if not all(text_storable(r) for r in response):
            raise ResponseError(str(UNSTORABLE_MESSAGE))
        return response
    if question_type == "essay":
        if not isinstance(response, str) or len(response) > MAX_TEXT:
            raise ResponseError(_("The answer is too long."))
        if not text_storable(response):
            raise ResponseError(str(UNSTORABLE_MESSAGE))
        return response
    raise ResponseError(_("Unknown question type."))


def _q(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def response_score(
    question_type: str, key, response, *, points: Decimal, partial_credit: bool
) -> tuple[Decimal | None, bool | None]:
    """(score, correct) for an automatically scored response; (None, None) for essays."""
    points = Decimal(points)
    if question_type == "essay":
        return None, None
    if response is None or response == "" or response == []:
        return Decimal("0.00"), False
    if question_type == "single":
        ok = response == key
        return (_q(points) if ok else Decimal("0.00")), ok
    if question_type == "true_false":
        ok = response is key
        return (_q(points) if ok else Decimal("0.00")), ok
    if question_type == "multiple":
        chosen, wanted = set(response), set(key)
        if chosen == wanted:
            return _q(points), True
        if partial_credit and chosen and chosen < wanted:
            return _q(points * len(chosen) / len(wanted)), False
        return Decimal("0.00"), False
    if question_type == "fill":
        right = sum(
            1
            for given, accepted in zip(response, key, strict=False)
            if normalise(given) in accepted
        )
        ok = right == len(key)
        return _q(points * right / len(key)) if key else Decimal("0.00"), ok
    return Decimal("0.00"), False


DISPLAY_LETTERS = "ABCDEFGH"


def letter_shown(stored: str, option_order: list[str]) -> str:
    """The letter the official saw for the option stored as ``stored``.

    ``option_order`` lists stored letters in display order (``AttemptQuestion.option_order``):
    the option shown first is labelled A, and so on. An empty order means no shuffling.
    """
    if option_order and stored in option_order:
        return DISPLAY_LETTERS[option_order.index(stored)]
    return stored


def key_shown(question_type: str, key, option_order: list[str]) -> str:
    """The key as the official saw the paper: choice letters in display order."""
    if question_type == "single":
        return letter_shown(key, option_order)
    if question_type == "multiple":
        return "".join(sorted(letter_shown(letter, option_order) for letter in key))
    return key_display(question_type, key)


def response_given(response) -> bool:
    """Did the official answer at all? (An untouched question, or blanks left empty, is no.)"""
    if response is None or response == "" or response == []:
        return False
    if isinstance(response, list):
        return any(str(part).strip() for part in response)
    if isinstance(response, str):
        return bool(response.strip())
    return True


def key_display(question_type: str, key) -> str:
    """The key in stored letters, as the bank holds it (bank export, trainers' admin)."""
    if question_type == "multiple":
        return "".join(key)
    if question_type == "true_false":
        return "对" if key else "错"
    if question_type == "fill":
        return "；".join("|".join(alternatives) for alternatives in key)
    return str(key)
