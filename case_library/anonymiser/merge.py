"""The rules' names, the dotted names and the statistical model's as one list of spans.

Dotted names come first. Where a rule and the model find the same name the model's boundaries
win (姜涛|以); a rule's name the model gives almost no chance is dropped (劳务班, 朱红色,
向业主). Without a model file the rules and the dotted names stand alone.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from . import cues
from . import model as name_model
from .lexicon import NOT_NAMES, STOPCHARS, TITLE_WORDS
from .names import HAN, is_foreign, is_nickname, name_end, surname_len, syllables
from .words import freq, is_word

# A rule's name is dropped when the statistical model gives less than this probability that a
# name begins there (the rules' false alarms: 劳务班, 朱红色, 向业主).
MODEL_VETO = 0.01
# A two-character name of the model takes a third character when the rules' reading of the
# length agrees (翁子|涵报了 → 翁子涵) and the model gives that character at least this
# probability of being inside the name.
MODEL_EXTEND = 0.02
# A common word (李子, 华为, 宣传单) is taken for a name only when the model is this sure, or
# when it stands in a list right next to another name (肖成贵、黄金花).
_MODEL_SURE = 0.95
_LIST_JOIN = frozenset("、和与及")
_NEVER_LAST = frozenset("说称讲问答的地得等了是在和与及")
# A model span that runs into a body or a place is none (区卫健|委, 龙洲|湾, 金华市).
_MODEL_ORG_AFTER = re.compile(
    r"[委局厅办湾片](?!长|主任|书记)|[区县市镇乡村街路](?!长|委|政府|主任|书记|[民干])"
)
_MODEL_PLACE_END = frozenset("湾委局厅市区县镇乡村庄园")


class Covered:
    """The characters of a text covered by spans, for overlap tests in time independent of
    how many spans there are (a 200-page case has thousands of names: a test against every
    span made merging quadratic)."""

    def __init__(self, size: int, spans: Iterable[tuple[int, int]] = ()):
        self.mask = bytearray(size + 1)
        for start, end in spans:
            self.add(start, end)

    def add(self, start: int, end: int) -> None:
        self.mask[start:end] = b"\x01" * (end - start)

    def clear(self, start: int, end: int) -> bool:
        """True when ``start``–``end`` overlaps none of the spans (as :func:`clear_of`)."""
        return self.mask.find(1, start, end) == -1


def clear_of(start: int, end: int, spans: Iterable[tuple[int, int]]) -> bool:
    """True when ``start``–``end`` overlaps none of ``spans``."""
    return all(end <= a or start >= b for a, b in spans)


def _model_bounds(text: str, start: int, end: int, inside: list[float]) -> tuple[int, int]:
    """The model's span with its length mended: 有|老段, 雷小梅|少, 翁子|涵."""
    if end - start == 3 and not surname_len(text[start]) and is_nickname(text[start + 1 : end]):
        return start + 1, end
    if surname_len(text[start : start + 2]) != 1:
        return start, end
    if end - start == 4:
        return start, start + 3  # a one-character surname takes at most two given characters
    if (
        end - start == 2
        and end < len(text)
        and inside[end] >= MODEL_EXTEND
        and name_end(text, start) == end + 1
        and not is_word(text[start : end + 1])
    ):
        return start, end + 1
    return start, end


def _home_after(text: str, start: int, end: int, words_at) -> bool:
    """去了石磊家，: the model's three characters end in 家 where jieba reads the first two as a
    person's name and 家 as a word of its own — the name's home, not a third given character
    (a name ending in 家 that jieba reads whole, 王建家, stays)."""
    word, flag = words_at.get(start, ("", ""))
    return (
        end - start == 3
        and text[end - 1] == "家"
        and len(word) == 2
        and flag.startswith("nr")
        and words_at.get(end - 1, ("", ""))[0] == "家"
    )


def _model_keep(text: str, start: int, end: int, begin: list[float]) -> bool | None:
    """Whether a span of the model is a name: True; False when it is no name at all (not 2–4
    Chinese characters — dotted names are ``rules.dotted_spans``' —, 王某, 张科长, or it runs into a
    body or place); None when it is a common word the model is not sure of (it then counts
    only in a list next to another name)."""
    name = text[start:end]
    if not 2 <= len(name) <= 4 or any(ch in "某×" or not HAN.match(ch) for ch in name):
        return False
    k = surname_len(name)
    if k and name[k:] in TITLE_WORDS:
        return False
    if _MODEL_ORG_AFTER.match(text, end) or name[-1] in _MODEL_PLACE_END:
        return False
    doubtful = (
        name in NOT_NAMES
        or is_word(name)
        or (len(name) == 3 and (is_word(name[:2]) or name[:2] in NOT_NAMES))
        or (len(name) == 3 and k == 1 and freq(name[1:]) >= 1000)
        or (len(name) == 3 and end < len(text) and freq(text[end - 1 : end + 1]) >= 1000)
    )
    return True if not doubtful or begin[start] >= _MODEL_SURE else None


def _titled(text: str, start: int) -> bool:
    """A role word or a leader's title right before ``start`` (区长, 书记, 被告人 …)."""
    from .evidence import strong_role_before

    return strong_role_before(text, start)


def _introduced(text: str, start: int, end: int) -> bool:
    """被告人班保存，男，: a role before and a sex marker or a title after, or a sex marker and a
    birth year, an age or an ethnicity after (夏天，男，1968年生) — how judgments and petitions
    introduce a person; no model's doubt outweighs it."""
    from .evidence import leader_before, strong_role_before

    if leader_before(text, start, end):
        return True  # 副区长万里带队: a leader's title and what only a person does next
    return bool(cues.SEX_AND_BIRTH_AFTER.match(text, end)) or (
        strong_role_before(text, start)
        and bool(cues.SEX_AFTER.match(text, end) or cues.STRONG_AFTER.match(text, end))
    )


_HEAD_COUNT = re.compile(r"等(?:人|[0-9一二三四五六七八九十百两]+[人名])")


def _counted(text: str, rules) -> set[tuple[int, int]]:
    """The rules' names of a list that ends in a head count (胡某革、班某存等六人): "X, Y and
    four others" says that every item is a person, whatever the model thinks of the strings."""
    by_end = {e: s for s, e in rules}
    counted = set()
    for start, end in rules:
        if _HEAD_COUNT.match(text, end):
            counted.add((start, end))
            s = start
            while text[s - 1 : s] == "、" and s - 1 in by_end:
                s, e = by_end[s - 1], s - 1
                counted.add((s, e))
    return counted


def merge_names(text: str, rules, tokens) -> list[tuple[int, int]]:
    """The merged name spans (:func:`merge_with_odds` without the model's odds)."""
    return merge_with_odds(text, rules, tokens)[0]


def merge_with_odds(text: str, rules, tokens) -> tuple[list[tuple[int, int]], list[float]]:
    """The rules' names, the dotted names and the statistical model's (``name_model``) as one
    list of spans, and per character the model's probability that a name begins there (empty
    without a model file).

    Dotted names come first. Where a rule and the model find the same name the model's
    boundaries win (姜涛|以); a rule's name the model gives almost no chance is dropped.
    Without a model file the rules and the dotted names stand alone.
    """

    # dotted names and names made of minority name parts (格桑卓玛) stand on the rules
    dotted = [(s, e) for s, e in rules if is_foreign(text[s:e]) or syllables(text[s:e])]
    covered = Covered(len(text), dotted)
    rules = [(s, e) for s, e in rules if covered.clear(s, e)]
    if not name_model.available():
        return sorted(dotted + rules), []
    model, begin, inside = name_model.analyse(text, tokens)
    kept, doubtful = [], []
    words_at = {start: (word, flag) for start, word, flag in tokens}
    for s, e in model:
        s, e = _model_bounds(text, s, e, inside)
        if _home_after(text, s, e, words_at):
            e -= 1  # 去了石磊|家: jieba reads a name and then 家, the person's home
        if covered.clear(s, e):
            verdict = _model_keep(text, s, e, begin)
            if verdict or (verdict is None and _titled(text, s)):
                kept.append((s, e))  # 副县长高峰带队: a role or a title before it vouches
            elif verdict is None:
                doubtful.append((s, e))
    merged = list(dotted)
    by_model = Covered(len(text), kept)
    counted = _counted(text, rules)
    for start, end in rules:
        if by_model.clear(start, end) and (
            begin[start] >= MODEL_VETO or _introduced(text, start, end) or (start, end) in counted
        ):
            merged.append((start, end))
    covered = Covered(len(text), merged)
    merged += [(s, e) for s, e in kept if covered.clear(s, e)]
    covered = Covered(len(text), merged)
    # a doubtful one (夏天, 黄金花) counts in a list right next to a name: 肖成贵、黄金花
    changed = True
    while changed:
        changed = False
        ends = {e for _s, e in merged}
        starts = {s for s, _e in merged}
        for start, end in list(doubtful):
            if not covered.clear(start, end):
                doubtful.remove((start, end))
            elif (text[start - 1 : start] in _LIST_JOIN and start - 1 in ends) or (
                text[end : end + 1] in _LIST_JOIN and end + 1 in starts
            ):
                merged.append((start, end))
                covered.add(start, end)
                doubtful.remove((start, end))
                changed = True
    merged += _list_gaps(text, merged)
    return sorted(merged + _list_ends(text, merged, tokens)), begin


def _list_gaps(text: str, names: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """An item between two names of a list is a name when it looks like one, even if it
    starts with a word (邓家明、黄金花、曹永贵: 黄金)."""
    gaps = []
    spans = sorted(names)
    for (_a, b), (c, _d) in zip(spans, spans[1:], strict=False):
        name = text[b + 1 : c - 1]
        if (
            text[b : b + 1] in _LIST_JOIN
            and text[c - 1 : c] in _LIST_JOIN
            and 2 <= len(name) - surname_len(name) <= 2
            and surname_len(name)
            and all(HAN.match(ch) and ch not in STOPCHARS and ch not in "某×" for ch in name)
            and not is_word(name)
        ):
            gaps.append((b + 1, c - 1))
    return gaps


def _name_like(name: str) -> bool:
    """Surname + one or two given characters (Chinese, no pseudonym, not ending in a particle
    or a verb of speech), and no word."""
    return (
        bool(surname_len(name))
        and 1 <= len(name) - surname_len(name) <= 2
        and all(HAN.match(ch) and ch not in "某×" for ch in name)
        and name[-1] not in _NEVER_LAST
        and not is_word(name)
        and name not in NOT_NAMES
    )


def _list_ends(text: str, names: list[tuple[int, int]], tokens) -> list[tuple[int, int]]:
    """The first and the last item of a list of names are names when they look like one: a
    list holds one kind of thing (代表人员为向前进、覃世军、田明亮; 储德胜、宁玉凤、解长江落实).
    Two names of the list must be known on the other side; the item's length is where jieba's
    words begin and end (为|向|前进, 解|长江|落实)."""
    starts = {start for start, _word, _flag in tokens}
    ends = {start + len(word) for start, word, _flag in tokens}
    by_start = dict(names)
    by_end = {e: s for s, e in names}
    covered = Covered(len(text), names)
    found = []
    for s, e in sorted(names):
        # the last item: two names before it (…、宁玉凤、解长江), none known after it
        if text[e : e + 1] == "、" and (e + 1) not in by_start:
            prev = by_end.get(s - 1) if text[s - 1 : s] == "、" else None
            if prev is not None:
                for length in (3, 2):
                    a, b = e + 1, e + 1 + length
                    if (
                        b in ends
                        and a in starts
                        and _name_like(text[a:b])
                        and covered.clear(a, b)
                        and text[b : b + 1] not in _LIST_JOIN
                    ):
                        found.append((a, b))
                        covered.add(a, b)
                        break
        # the first item: two names after it (为向前进、覃世军、田明亮), none known before it
        if text[s - 1 : s] == "、" and (s - 1) not in by_end:
            nxt = by_start.get(e + 1) if text[e : e + 1] == "、" else None
            if nxt is not None:
                for length in (3, 2):
                    a, b = s - 1 - length, s - 1
                    if (
                        a >= 0
                        and a in starts
                        and b in ends
                        and _name_like(text[a:b])
                        and covered.clear(a, b)
                        and text[a - 1 : a] not in _LIST_JOIN
                    ):
                        found.append((a, b))
                        covered.add(a, b)
                        break
    return found
