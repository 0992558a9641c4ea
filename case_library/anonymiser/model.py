"""A statistical person-name tagger: a linear-chain CRF over characters (python-crfsuite).

The hand-written rules (:mod:`.rules`) know the cues (信访人, 女士, 等3人 …) but miss names
whose whole string is an ordinary word (高峰, 方圆, 夏天) or that sit in a slot no rule
describes. This model reads every character with its neighbours, jieba's segmentation and
part-of-speech tags, surname and given-name lists, cue words on either side and whether the
string recurs in the text, and labels it B (a name begins), I (inside a name) or O.

It is trained offline by ``bench/anonymiser/train_names.py`` on annotated petition-office
passages whose names are re-drawn at random several times over (so the model learns the
context of a name, not the names of the training text). The trained model is
``data/person_names.crfsuite`` next to this module; nothing is downloaded or trained at run
time, and the model is opened once per process (:func:`tagger`).

:mod:`.merge` combines the rules' names with this model's.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path

from .lexicon import (
    AMBIGUOUS_SURNAMES,
    COMPOUND_SURNAMES,
    CUES_AFTER,
    CUES_BEFORE,
    GIVEN_CHARS,
    STOPCHARS,
    SURNAMES,
)
from .names import DOT
from .words import freq

MODEL_PATH = Path(__file__).resolve().parent / "data" / "person_names.crfsuite"
# Beyond the most likely labelling, a span whose first character the model thinks begins a
# name with at least this probability is taken too (recall matters more than precision here:
# a false alarm costs a trainer one click, a miss publishes a name).
THRESHOLD = 0.2


def _char_class(ch: str) -> str:
    if "\u4e00" <= ch <= "\u9fff":
        return "han"
    if ch.isdigit():
        return "dig"
    if ch.isascii() and ch.isalpha():
        return "lat"
    if ch.isspace():
        return "sp"
    if ch in DOT:
        return "dot"
    return "pun"


def _freq_bucket(freq: int) -> str:
    if freq <= 0:
        return "0"
    return str(min(6, int(math.log10(freq + 1) * 1.5)))


# Cue words and person slots the model sees on either side of a character. They are part of
# the trained model's vocabulary: change one and run `make names-model`. The rules' own
# lists (``cues.SLOT_*``) are regexes anchored for other uses and are not reused here.
_CUE_BEFORE = re.compile(r"(?:" + CUES_BEFORE + r")[:：]?")
_CUE_AFTER = re.compile(CUES_AFTER)
_SLOT_LEFT = re.compile(
    r"(?:走访|约谈|约见|接待|告知|通知|联系|会同|看望|慰问|会见|召集|询问|答复|督促|责令|"
    r"转告|委托|陪同|安排|邀请|协助|帮助|送达|交由|推选|找到|劝导|批评|劝返|由|经|向|与|和|"
    r"对|给|及|同|让|请|叫|被|将|把)了?"
)
_SLOT_RIGHT = re.compile(
    r"(?:反映|称|表示|说|认为|来访|来信|诉称|辩称|签收|拒绝|不服|撤回|提出|承认|同意|坚持|"
    r"介绍|主持|汇报|牵头|在场|签字|到场|家|的|之|本人|夫妇|等|一家|：|:)"
)


def _ends(pattern: re.Pattern, text: str) -> set[int]:
    return {m.end() for m in pattern.finditer(text)}


def _starts(pattern: re.Pattern, text: str) -> set[int]:
    return {m.start() for m in pattern.finditer(text)}


def features(text: str, tokens: list[tuple[int, str, str]]) -> list[list[str]]:
    """One feature list per character of ``text``; ``tokens`` are jieba's (start, word, flag)."""
    n = len(text)
    # word of each character
    wpos = [""] * n
    wflag = [""] * n
    wlen = [0] * n
    wfreq = [""] * n
    pword = [""] * n
    nword = [""] * n
    pflag = [""] * n
    nflag = [""] * n
    for k, (start, word, flag) in enumerate(tokens):
        prev_w, prev_f = (tokens[k - 1][1], tokens[k - 1][2]) if k else ("^", "^")
        next_w, next_f = (tokens[k + 1][1], tokens[k + 1][2]) if k + 1 < len(tokens) else ("$", "$")
        bucket = _freq_bucket(freq(word))
        for j in range(len(word)):
            i = start + j
            if i >= n:
                break
            if len(word) == 1:
                wpos[i] = "S"
            else:
                wpos[i] = "B" if j == 0 else ("E" if j == len(word) - 1 else "M")
            wflag[i] = flag
            wlen[i] = min(len(word), 5)
            wfreq[i] = bucket
            pword[i] = prev_w if len(prev_w) <= 4 else prev_w[-3:]
            nword[i] = next_w if len(next_w) <= 4 else next_w[:3]
            pflag[i] = prev_f
            nflag[i] = next_f

    cue_end = _ends(_CUE_BEFORE, text)  # a cue word ends right before position i
    cue_start = _starts(_CUE_AFTER, text)  # a cue word starts at position i
    left_end = _ends(_SLOT_LEFT, text)
    right_start = _starts(_SLOT_RIGHT, text)

    # how often the 2- and 3-character strings starting with a surname recur in the text
    # (the 4-character count only matters at the end of a line, where a slice is shorter;
    # it is kept because the trained model saw it)
    grams: Counter[str] = Counter()
    for i, ch in enumerate(text):
        if ch in SURNAMES or text[i : i + 2] in COMPOUND_SURNAMES:
            grams[text[i : i + 2]] += 1
            grams[text[i : i + 3]] += 1
            grams[text[i : i + 4]] += 1

    def ch_at(i: int) -> str:
        if i < 0:
            return "^"
        if i >= n:
            return "$"
        c = text[i]
        return "␣" if c.isspace() else c

    rows = []
    for i in range(n):
        c = text[i]
        cm1, cm2, cp1, cp2 = ch_at(i - 1), ch_at(i - 2), ch_at(i + 1), ch_at(i + 2)
        f = [
            "b",
            "c=" + ch_at(i),
            "c-1=" + cm1,
            "c-2=" + cm2,
            "c+1=" + cp1,
            "c+2=" + cp2,
            "c-1c=" + cm1 + ch_at(i),
            "cc+1=" + ch_at(i) + cp1,
            "c-2c-1=" + cm2 + cm1,
            "c+1c+2=" + cp1 + cp2,
            "t=" + _char_class(c),
            "t-1=" + (_char_class(text[i - 1]) if i else "^"),
            "t+1=" + (_char_class(text[i + 1]) if i + 1 < n else "$"),
            "wp=" + wpos[i],
            "wf=" + wflag[i],
            "wpf=" + wpos[i] + wflag[i],
            "wl=" + str(wlen[i]),
            "wq=" + wfreq[i],
            "wpq=" + wpos[i] + wfreq[i],
            "pw=" + pword[i],
            "nw=" + nword[i],
            "pf=" + pflag[i],
            "nf=" + nflag[i],
        ]
        if c in SURNAMES:
            f.append("sur")
            if c in AMBIGUOUS_SURNAMES:
                f.append("sur_amb")
        if text[i : i + 2] in COMPOUND_SURNAMES:
            f.append("csur")
        if i and text[i - 1 : i + 1] in COMPOUND_SURNAMES:
            f.append("csur_2")
        if i and text[i - 1] in SURNAMES:
            f.append("sur-1")
        if i > 1 and text[i - 2] in SURNAMES:
            f.append("sur-2")
        if c in GIVEN_CHARS:
            f.append("giv")
        if cp1 in GIVEN_CHARS:
            f.append("giv+1")
        if cm1 in GIVEN_CHARS:
            f.append("giv-1")
        if c in STOPCHARS:
            f.append("stop")
        if cp1 in STOPCHARS:
            f.append("stop+1")
        for d in (0, 1, 2):
            if i - d in cue_end:
                f.append(f"cueb-{d}")
            if i - d in left_end:
                f.append(f"slotl-{d}")
        for d in (1, 2, 3):
            if i + d in cue_start:
                f.append(f"cuea+{d}")
            if i + d in right_start:
                f.append(f"slotr+{d}")
        if c in SURNAMES or text[i : i + 2] in COMPOUND_SURNAMES:
            for size in (2, 3):
                count = grams[text[i : i + size]]
                if count > 1:
                    f.append(f"rep{size}={min(count, 3)}")
            f.append("w2q=" + _freq_bucket(freq(text[i : i + 2])))
            f.append("w3q=" + _freq_bucket(freq(text[i : i + 3])))
        rows.append(f)
    return rows


@lru_cache(maxsize=1)
def tagger():
    """The trained model, opened on first use and kept for the process (None without a file)."""
    if not MODEL_PATH.exists():
        return None
    import pycrfsuite

    crf = pycrfsuite.Tagger()
    crf.open(str(MODEL_PATH))
    return crf


def available() -> bool:
    return tagger() is not None


def spans_from_labels(labels: list[str]) -> list[tuple[int, int]]:
    spans = []
    start = None
    for i, label in enumerate(labels + ["O"]):
        if label == "B" or label == "O":
            if start is not None:
                spans.append((start, i))
                start = None
            if label == "B":
                start = i
        elif label == "I" and start is None:
            start = i
    return spans


def _decode(crf, rows) -> tuple[list[tuple[int, int]], list[float], list[float]]:
    """Viterbi's names, plus any span the model gives at least ``THRESHOLD`` probability of
    beginning a name (extended over characters at least as likely inside a name); and for
    every character the probability that a name begins there."""
    labels = crf.tag(rows)
    found = spans_from_labels(labels)
    n = len(rows)
    begin = [crf.marginal("B", i) for i in range(n)]
    inside = [crf.marginal("I", i) for i in range(n)]
    taken = set()
    for s, e in found:
        taken.update(range(s, e))
    for i in range(n):
        if i in taken or begin[i] < THRESHOLD:
            continue
        end = i + 1
        while end < n and end not in taken and inside[end] >= THRESHOLD:
            end += 1
        if 2 <= end - i <= 4:
            found.append((i, end))
            taken.update(range(i, end))
    return sorted(found), begin, inside


def analyse(text: str, tokens) -> tuple[list[tuple[int, int]], list[float], list[float]]:
    """The model's name spans in ``text`` and, per character, the probabilities that a name
    begins there and that it is inside a name (no spans and zeros without a model file)."""
    crf = tagger()
    begin = [0.0] * len(text)
    inside = [0.0] * len(text)
    if crf is None or not text:
        return [], begin, inside
    rows = features(text, tokens)
    found: list[tuple[int, int]] = []
    # tag line by line: names never span lines, and short sequences tag faster
    pos = 0
    for line in text.split("\n"):
        if line.strip():
            spans, b, i = _decode(crf, rows[pos : pos + len(line)])
            found += [(pos + s, pos + e) for s, e in spans]
            begin[pos : pos + len(line)] = b
            inside[pos : pos + len(line)] = i
        pos += len(line) + 1
    return found, begin, inside
