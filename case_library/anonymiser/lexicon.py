"""The word lists the name rules and the name model read, from ``lexicon/*.txt``.

Each file holds one entry a line (a word, or a single character for the character lists);
lines starting with ``#`` say what the list is for. The cue lists (``cues_*.txt``) are
regular-expression alternatives tried in file order, so their order matters; every other list
is a set. Change a list the model reads (surnames, given-name characters, stop characters,
cues) and the model must be retrained: ``make names-model``.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

LEXICON = Path(__file__).resolve().parent / "lexicon"
CJK = "\u4e00-\u9fff"


@cache
def entries(name: str) -> tuple[str, ...]:
    """The entries of ``lexicon/<name>.txt`` in file order (comments and blank lines skipped)."""
    lines = (LEXICON / f"{name}.txt").read_text(encoding="utf-8").splitlines()
    return tuple(line.strip() for line in lines if line.strip() and not line.startswith("#"))


def words(name: str) -> frozenset[str]:
    return frozenset(entries(name))


def alternatives(name: str) -> str:
    """A cue list as one regular-expression alternation, in file order."""
    return "|".join(line.replace(r"\u4e00-\u9fff", CJK) for line in entries(name))


# Surnames. The word-like ones (秋, 满, 水, 云 …) are also everyday characters: a name starting
# with one needs a role word or a person slot around it.
RARE_WORD_SURNAMES = "".join(entries("surnames_word_like_rare"))
MORE_WORD_SURNAMES = "".join(entries("surnames_word_like"))
SURNAMES = frozenset("".join(entries("surnames")) + RARE_WORD_SURNAMES + MORE_WORD_SURNAMES)
COMPOUND_SURNAMES = words("compound_surnames")
# Surnames that are also everyday words (向人民法院, 和理由, 高素质, 东方商城).
AMBIGUOUS_SURNAMES = frozenset(
    "".join(entries("surnames_ambiguous")) + RARE_WORD_SURNAMES + MORE_WORD_SURNAMES
)
AMBIGUOUS_COMPOUNDS = words("compound_surnames_word_like")
FUNCTION_SURNAMES = frozenset("".join(entries("surnames_function_words")))

NOT_NAMES = words("not_names")
TITLE_WORDS = words("title_words")
GIVEN_CHARS = frozenset("".join(entries("given_chars")))
STOPCHARS = frozenset("".join(entries("stop_chars")))
DOTTED_STOP = frozenset("".join(entries("dotted_stop_chars")))
PLACES = words("places")

CUES_BEFORE = alternatives("cues_before")
CUES_AFTER = alternatives("cues_after")
