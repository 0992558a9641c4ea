"""Finding and redacting personal data in plain text: the patterns' findings, the names (the
rules' and the model's, merged), and one pseudonym per person across the texts of a case."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import asdict, dataclass

from . import cues, evidence, patterns, rules
from .lexicon import GIVEN_CHARS, STOPCHARS, SURNAMES
from .merge import Covered, merge_with_odds
from .pseudonyms import pseudonyms_for
from .words import freq, is_word
from .words import tokens as jieba_tokens

KINDS = (
    "person_name",
    "id_card",
    "phone",
    "bank_card",
    "plate",
    "email",
    "social_id",
    "property_cert",
    "birth_date",
    "address",
    "number",
)


@dataclass(frozen=True)
class Finding:
    kind: str
    text: str
    start: int
    end: int
    replacement: str

    def as_dict(self) -> dict:
        return asdict(self)


def prepare(text: str) -> tuple[list[patterns.Span], str]:
    """Pattern spans, and the text names are read from: normalised, with those spans and
    titles in 《》 blanked out (same length, same offsets)."""
    norm = patterns.normalise(text)
    spans = patterns.pattern_spans(norm)
    blanked = patterns.blank(norm, [(s.start, s.end) for s in spans])
    quoted = [(m.start(), m.end()) for m in patterns.QUOTED_TITLE.finditer(blanked)]
    return spans, patterns.blank(blanked, quoted)


def detect(text: str) -> tuple[list[patterns.Span], list[tuple[int, int]]]:
    """Pattern spans and name spans (names found without the pattern spans in the way)."""
    spans, names, _tokens = _detect(text)
    return spans, names


def _detect(text: str):
    if not text:
        return [], [], []
    spans, blanked = prepare(text)
    tokens = jieba_tokens(blanked)
    candidates = rules.name_candidates(blanked, tokens)
    names, odds = merge_with_odds(blanked, candidates, tokens)
    judged = _double_surnames(
        blanked, evidence.judge(blanked, names, tokens, odds, ruled=candidates), tokens
    )
    return spans, sorted(judged + _spaced_names(blanked, judged)), tokens


def _double_surnames(text: str, names: list[tuple[int, int]], tokens) -> list[tuple[int, int]]:
    """A married woman's name with her husband's surname before her own (张王秀英, 刘张淑珍):
    where a three-character name was found, introduced as a person, and jieba reads two
    surnames as one name and the next two characters, both given-name characters, as a word of
    their own, the name is all four (not 张王秀, which would leave 英 behind)."""
    words_at = {start: (word, flag) for start, word, flag in tokens}
    result = []
    for s, e in names:
        first, _flag = words_at.get(s, ("", ""))
        nxt, _f = words_at.get(s + 2, ("", ""))
        if (
            e - s == 3
            and len(first) == 2
            and _flag.startswith("nr")
            and all(ch in SURNAMES for ch in first)
            and len(nxt) == 2
            and all(ch in GIVEN_CHARS for ch in nxt)
            and not is_word(text[s : s + 4])
            # introduced as a person: a role before or a sex marker or title after (not the
            # idiom 绿水青山就是金山银山, which jieba reads 金山|银山)
            and (
                evidence.strong_role_before(text, s)
                or cues.SEX_AFTER.match(text, s + 4)
                or cues.STRONG_AFTER.match(text, s + 4)
            )
        ):
            e = s + 4
        result.append((s, e))
    return result


# A two-character name padded to the width of three in a signature block or a form (审判长
# 王　伟, 姓名：李 娜): after a role word or a field's label, a surname, one or two spaces and one
# given character, then a space, a punctuation mark or the end of the line.
_SPACED_NAME = re.compile(
    r"(?:" + cues.CUES_BEFORE + r"|姓名|签名|签字)[:：]?[ \u3000]*"
    r"((?:" + cues.SURNAME_RE + r")[ \u3000]{1,2}[\u4e00-\u9fff])"
    r"(?=[ \u3000\n，,。；;、）)]|$)",
    re.M,
)


def _spaced_names(text: str, taken: list[tuple[int, int]]) -> list[tuple[int, int]]:
    covered = Covered(len(text), taken)
    found = []
    for m in _SPACED_NAME.finditer(text):
        start, end = m.span(1)
        given = text[end - 1]
        if given in STOPCHARS or given in "某×" or not covered.clear(start, end):
            continue
        if len(m.group(1).replace(" ", "").replace("\u3000", "")) != 2:
            continue  # a compound surname alone (欧阳 明) is not read here
        found.append((start, end))
    return found


def _key(name: str) -> str:
    """The name without the spaces that pad it (王　伟 is 王伟)."""
    return name.replace(" ", "").replace("\u3000", "")


# A dictionary word this frequent that starts where a known name starts and runs past its
# end is that word, not the name (施工员高峰 … 高峰期; 主任白雪 … 白雪皑皑).
LONGER_WORD_FREQ = 5


def _longer_words(tokens) -> dict[int, int]:
    """Where each dictionary word of jieba's reading (not a person's name) starts: its end."""
    return {
        start: start + len(word)
        for start, word, flag in tokens
        if len(word) > 2 and not flag.startswith("nr") and freq(word) >= LONGER_WORD_FREQ
    }


def _all_occurrences(
    text: str,
    names: Iterable[str],
    taken: list[tuple[int, int]],
    judged: Iterable[tuple[int, int]] = (),
    tokens=(),
):
    """Every place a known full name occurs, also where only a later mention gives it away;
    not where it is only the start of a longer dictionary word that jieba reads there
    (高峰 found after 施工员 stays in 高峰期), unless the name was judged a name right there."""
    result = []
    covered = Covered(len(text), taken)
    judged = set(judged)
    longer = _longer_words(tokens)
    for name in sorted(set(names), key=len, reverse=True):
        start = text.find(name)
        while start != -1:
            end = start + len(name)
            if (start, end) not in judged and longer.get(start, 0) > end:
                start = text.find(name, end)
                continue
            if covered.clear(start, end):
                result.append((start, end))
                taken.append((start, end))
                covered.add(start, end)
            start = text.find(name, end)
    return result


def find_many(texts: list[str], *, progress=None) -> list[list[Finding]]:
    """Findings for several texts of one case, with pseudonyms consistent across them.
    ``progress(fraction)``, when given, is called after each text with the share of the
    characters read so far (each text is read whole: a name's evidence is the whole text)."""
    total = sum(len(t) for t in texts) or 1
    done = 0
    detected = []
    for text in texts:
        detected.append(_detect(text))
        done += len(text)
        if progress is not None:
            progress(done / total)
    spaced = {
        text[s:e]
        for text, (_spans, names, _t) in zip(texts, detected, strict=True)
        for s, e in names
        if _key(text[s:e]) != text[s:e]
    }
    found = [
        _key(text[s:e])
        for text, (_spans, names, _t) in zip(texts, detected, strict=True)
        for s, e in names
    ]
    mapping = pseudonyms_for(found)
    results = []
    for text, (spans, names, tokens) in zip(texts, detected, strict=True):
        taken = [(s.start, s.end) for s in spans]
        findings = [
            Finding(
                s.kind,
                text[s.start : s.end],
                s.start,
                s.end,
                patterns.replacement(s.kind, text[s.start : s.end]),
            )
            for s in spans
        ]
        known = list(mapping) + [n for n in spaced if _key(n) in mapping]
        for start, end in _all_occurrences(text, known, taken, names, tokens):
            name = text[start:end]
            findings.append(Finding("person_name", name, start, end, mapping[_key(name)]))
        results.append(sorted(findings, key=lambda f: f.start))
    return results


def find(text: str) -> list[Finding]:
    """Personal data in plain ``text``, with offsets into ``text``."""
    return find_many([text or ""])[0]


def redact(text: str, findings: Iterable[Finding] | None = None) -> str:
    """``text`` with each finding replaced (all findings when none are given)."""
    if findings is None:
        findings = find(text)
    out = []
    pos = 0
    for f in sorted(findings, key=lambda f: f.start):
        if f.start < pos:
            continue
        out.append(text[pos : f.start])
        out.append(f.replacement)
        pos = f.end
    out.append(text[pos:])
    return "".join(out)


def anonymise(text: str) -> tuple[list[Finding], str]:
    findings = find(text)
    return findings, redact(text, findings)
