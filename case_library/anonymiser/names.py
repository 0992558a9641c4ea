"""What a person's name looks like: surname + one or two given-name characters, a compound
surname, a dotted (transliterated or minority) name, a nickname 老X/小X."""

from __future__ import annotations

import re

from .lexicon import (
    AMBIGUOUS_COMPOUNDS,
    AMBIGUOUS_SURNAMES,
    CJK,
    COMPOUND_SURNAMES,
    NOT_NAMES,
    STOPCHARS,
    SURNAMES,
    TITLE_WORDS,
    entries,
)
from .words import is_word, starts_word

HAN = re.compile(r"[" + CJK + r"]")
# Transliterated and minority names: 约翰·史密斯, 阿依古丽·吐尔逊.
DOT = "·•・"


_SYLLABLES = [e for e in entries("name_syllables") if len(e) > 1]
_LAST_SYLLABLES = frozenset(e for e in entries("name_syllables") if len(e) == 1)
_SYLLABLE_RUN = re.compile(
    "(?:" + "|".join(sorted(_SYLLABLES, key=len, reverse=True)) + ")+"
    "(?:" + "|".join(sorted(_LAST_SYLLABLES)) + ")?"
)


def syllables(word: str) -> int:
    """How many parts of minority names (``lexicon/name_syllables.txt``) ``word`` is made of:
    格桑卓玛 2, 其木格 1, 热依汗古丽 2; 0 when it is not made only of such parts (格桑花)."""
    if not _SYLLABLE_RUN.fullmatch(word):
        return 0
    count, pos = 0, 0
    while pos < len(word):
        part = next(
            (p for p in sorted(_SYLLABLES, key=len, reverse=True) if word.startswith(p, pos)), None
        )
        if part is None:
            return count  # the single last character
        count, pos = count + 1, pos + len(part)
    return count


def is_minority(name: str) -> bool:
    """A Tibetan, Uyghur, Mongolian or Yi name without a surname, made only of name parts:
    格桑卓玛, 扎西多吉, 其木格, 阿依古丽; no part of 2 characters alone (乌兰, 格桑)."""
    return syllables(name) >= 2 or (syllables(name) == 1 and len(name) >= 3)


def surname_len(word: str) -> int:
    """2 for a compound surname at the start of ``word``, 1 for a single one, else 0."""
    if word[:2] in COMPOUND_SURNAMES:
        return 2
    if word[:1] in SURNAMES:
        return 1
    return 0


def is_ambiguous(name: str) -> bool:
    """The name starts with a surname that is also an everyday word (向, 高, 东方 …)."""
    if name[:2] in COMPOUND_SURNAMES:
        return name[:2] in AMBIGUOUS_COMPOUNDS
    return name[:1] in AMBIGUOUS_SURNAMES


def is_foreign(name: str) -> bool:
    """A dotted name: 约翰·史密斯."""
    return any(dot in name for dot in DOT)


def is_nickname(name: str) -> bool:
    return len(name) == 2 and name[0] in "老小" and name[1] in SURNAMES


def plausible_name(name: str, strong: bool = False) -> bool:
    """``strong``: a role word or title next to it; 夏天宇, 高明亮 may then start with a word."""
    k = surname_len(name)
    if not k or not 1 <= len(name) - k <= 2:
        return False
    given = name[k:]
    if not all(HAN.match(ch) for ch in given):
        return False
    if "某" in given or "×" in given or given[0] in "某甲乙丙丁":
        return False
    if name in NOT_NAMES or given in TITLE_WORDS:
        return False
    if len(name) == 3 and k == 1 and name[:2] in NOT_NAMES:
        return strong and given[-1] not in STOPCHARS and not is_word(name)
    return True


def name_end(text: str, start: int) -> int | None:
    """Where a name starting at ``start`` (a surname) most likely ends, or None.

    Two-character given names are the rule; one character when the second would be a stop
    character (说, 的, 等 …) or would begin a common word (王芳|反映, 李明|陪同).
    """
    k = surname_len(text[start : start + 2])
    if not k:
        return None
    given = text[start + k : start + k + 2]
    if not given or not HAN.match(given[0]) or given[0] in "某×" or given[0] in STOPCHARS:
        return None
    if (
        len(given) == 2
        and HAN.match(given[1])
        and given[1] not in STOPCHARS
        and not starts_word(text, start + k + 1)
    ):
        return start + k + 2
    if (
        len(given) == 2
        and HAN.match(given[1])
        and given[1] not in STOPCHARS
        and re.match(r"于\s?\d", text[start + k + 2 : start + k + 4])
    ):
        return start + k + 2  # 信访人桂林生于2023年…: 于 + a date ends the name
    after = text[start + k + 2 : start + k + 3]
    if (
        len(given) == 2
        and HAN.match(given[1])
        and given[1] in STOPCHARS
        and not (after or ".").isalnum()
    ):
        return start + k + 2  # 陶春来，男 — the name ends at the punctuation
    return start + k + 1
