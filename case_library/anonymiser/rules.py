"""The hand-written name rules. Each rule is a function that reads the text (and the names the
rules before it found) and returns the names it claims, each with the rule's name as reason.

They run in the order of :data:`RULES`. A claim says how it combines with an earlier name that
starts at the same place:

- ``keep`` — the earlier name stands (most rules: jieba's cut is as good as theirs);
- ``set`` — this claim wins (a role word before the name knows its length better than jieba);
- ``replace`` — every earlier name starting inside this span goes (dotted names).

Overlapping names are then resolved: the earliest wins, then the longest. The statistical
model's names are merged with these in :mod:`.merge`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType

from . import cues
from .lexicon import (
    AMBIGUOUS_SURNAMES,
    FUNCTION_SURNAMES,
    GIVEN_CHARS,
    NOT_NAMES,
    PLACES,
    STOPCHARS,
    SURNAMES,
    TITLE_WORDS,
)
from .lexicon import DOTTED_STOP as _DOTTED_STOP
from .names import (
    _SYLLABLE_RUN,
    DOT,
    HAN,
    is_ambiguous,
    is_minority,
    name_end,
    plausible_name,
    surname_len,
    syllables,
)
from .words import freq, is_word, starts_word, tag
from .words import tokens as jieba_tokens


@dataclass(frozen=True)
class Doc:
    """The text names are read from (normalised, other findings blanked), jieba's tokens of it
    and the offsets where a token ends (a name may start only at a word boundary in places)."""

    text: str
    tokens: list[tuple[int, str, str]]
    boundaries: frozenset[int]

    @classmethod
    def read(cls, text: str, tokens=None) -> Doc:
        if tokens is None:
            tokens = jieba_tokens(text)
        boundaries = frozenset({0} | {start + len(word) for start, word, _flag in tokens})
        return cls(text, tokens, boundaries)


@dataclass(frozen=True)
class Claim:
    """A name a rule finds: ``text[start:end]``, the rule that found it, and how it combines
    with an earlier name at the same start (``keep``, ``set`` or ``replace``)."""

    start: int
    end: int
    reason: str
    how: str = "keep"


Found = Mapping[int, int]  # start → end of the names found so far
Rule = Callable[[Doc, Found], Iterable[Claim]]


def _claim(
    doc: Doc, start: int, end: int, reason: str, *, strong: bool = False, ambiguous_ok: bool = False
) -> Claim | None:
    """A claim when ``text[start:end]`` is a plausible name for a rule of this strength.

    ``strong``: a role word next to it (the claim then wins over jieba's length);
    ``ambiguous_ok``: a surname that is also a word (向, 高 …) is accepted here.
    """
    name = doc.text[start:end]
    if not (strong or ambiguous_ok) and is_ambiguous(name):
        return None
    relaxed = ambiguous_ok or (strong and not is_ambiguous(name))
    if end > start and plausible_name(name, relaxed):
        return Claim(start, end, reason, "set" if strong else "keep")
    return None


def _kept(claims: Iterable[Claim | None]) -> list[Claim]:
    return [c for c in claims if c is not None]


# --- the rules, in the order they run -------------------------------------------------------


def tagged_names(doc: Doc, found: Found) -> list[Claim]:
    """jieba's person-name tags (``nr``), with their lengths mended: 受宋|美玲委托 joins,
    杜丽|系 loses the verb, 罗文|彬称 takes its third character; 杨家坪 is a place."""
    text, tokens = doc.text, doc.tokens
    claims = []
    for i, (start, word, flag) in enumerate(tokens):
        if (
            flag == "nr"
            and len(word) == 1
            and word in SURNAMES
            and i + 1 < len(tokens)
            and tokens[i + 1][2] == "nr"
            and 1 <= len(tokens[i + 1][1]) <= 2
            and not surname_len(tokens[i + 1][1][:1])
        ):
            claims.append(_claim(doc, start, start + 1 + len(tokens[i + 1][1]), "tagged_names"))
            continue
        if flag != "nr" or not 2 <= len(word) <= 4 or not surname_len(word):
            continue
        end = start + len(word)
        if len(word) - surname_len(word) == 2 and word[-1] in STOPCHARS:
            end -= 1  # jieba glued a verb on: 杜丽|系, 张伟|称
        if end - start - surname_len(word) == 1 and end == start + len(word):
            # jieba often cuts a three-character name after two: 罗文|彬称, 金玉|琴
            nxt = text[end : end + 1]
            if (
                nxt
                and HAN.match(nxt)
                and nxt not in STOPCHARS
                and nxt not in cues.PUBLIC_SUFFIX
                and not starts_word(text, end)
                and not cues.STRONG_AFTER.match(text, end)
            ):
                end += 1
        following = text[end : end + 1]
        if following and following in cues.PUBLIC_SUFFIX:
            continue
        if len(word) == 3 and word[1] == "家" and surname_len(word) == 1:
            continue  # 杨家坪, 李家沱: places named after a family
        ambiguous_ok = (
            len(word) == 3
            and end - start == 3
            and not starts_word(text, start)
            and freq(word[1:]) < 1000
            and not is_word(word)
        )
        # 和易小凤到镇政府: tagged, no word inside
        claims.append(_claim(doc, start, end, "tagged_names", ambiguous_ok=ambiguous_ok))
    return _kept(claims)


def role_before(doc: Doc, found: Found) -> list[Claim]:
    """A role word before the name: 信访人张某某, 申请人：欧阳明辉, 的女儿程琳介绍."""
    text = doc.text
    claims = []
    for m in cues.CUE_NAME.finditer(text):
        start = m.end()
        end = name_end(text, start)
        if end and text[start] in AMBIGUOUS_SURNAMES and surname_len(text[start : start + 2]) == 1:
            # 当事人向人民法院…, 干部和新录用干部: the "name" runs on into ordinary words.
            after = text[end : end + 1]
            if starts_word(text, start + 1) or (
                after and HAN.match(after) and after not in STOPCHARS
            ):
                # 的女儿程琳介绍: still a name when its given characters are name characters,
                # neither it nor its start is a word, and a word begins right after it.
                given = text[start + 1 : end]
                if not (
                    text[start] not in FUNCTION_SURNAMES
                    and all(ch in GIVEN_CHARS for ch in given)
                    and not starts_word(text, start)
                    and not is_word(text[start:end])
                    and starts_word(text, end)
                ):
                    continue
        if end:
            claims.append(_claim(doc, start, end, "role_before", strong=True))
    return _kept(claims)


def title_after(doc: Doc, found: Found) -> list[Claim]:
    """A title, a sex marker, a head count or a verb of speech after the name: 王芳女士,
    李明（男, 赵强等3人, 施建平等32名; not 党支部书记 (a body before the title)."""
    text = doc.text
    claims = []
    for m in cues.NAME_BEFORE_CUE.finditer(text):
        start = m.start(1)
        if start > 0 and HAN.match(text[start - 1]) and start not in doc.boundaries:
            continue
        end = m.end(2)
        strong_after = cues.STRONG_AFTER.match(text, end)
        if strong_after and text[end - 1] in cues.ORG_END:
            continue  # 党支部书记, 司法所所长: a body, not a person, before the title
        # 施建平等32名 yes; 方案等3项, 和公众代表 no: with a surname that is also a word, the
        # "name" must not start a word nor have a common word as given name, unless a sex
        # marker follows (高明亮，男).
        if (
            strong_after
            and is_ambiguous(text[start:end])
            and not cues.SEX_AFTER.match(text, end)
            and (starts_word(text, start) or freq(text[start + 1 : end]) >= 1000)
        ):
            continue
        claims.append(_claim(doc, start, end, "title_after", ambiguous_ok=bool(strong_after)))
    return _kept(claims)


_SEX_AND_BIRTH_NAME = re.compile(
    r"(?:^|(?<=[\n：:；;。]))("
    + cues.SURNAME_RE
    + r")([\u4e00-\u9fff]{1,2}?)(?="
    + cues.SEX_AND_BIRTH_AFTER.pattern
    + r")",
    re.M,
)


def sex_and_birth(doc: Doc, found: Found) -> list[Claim]:
    """At the start of a line or a field, a surname-led string followed by a sex marker and a
    birth year, an age or an ethnicity is a person even when the string is a word: 夏天，男，
    1968年生 (a family's members listed without a role word), 文明（女，45岁）."""
    text = doc.text
    claims = []
    for m in _SEX_AND_BIRTH_NAME.finditer(text):
        start, end = m.start(1), m.end(2)
        given = text[start + len(m.group(1)) : end]
        if given in TITLE_WORDS or any(ch in "某×" for ch in given):
            continue
        claims.append(Claim(start, end, "sex_and_birth", "set"))
    return claims


_CONJUNCTIONS = frozenset("和与及同以从对")


def leader_title(doc: Doc, found: Found) -> list[Claim]:
    """Right after a leader's title, a surname-led string followed by what only a person does
    next (指出, 主持, 带队, 同志, 、, 。 …) is a name even when it is also a word: 市长万里指出,
    县长高峰带队, 书记向阳、. Without such a continuation it stays (县长高度重视, 主任科员)."""
    text = doc.text
    claims = []
    for m in cues.LEADER_TITLE.finditer(text):
        start = m.end()
        k = surname_len(text[start : start + 2])
        if not k or start in found or text[start] in _CONJUNCTIONS:
            continue  # 部长和政治委员: after a title 和, 与, 及 join titles
        for end in (start + k + 2, start + k + 1):
            name = text[start:end]
            if (
                len(name) == end - start
                and all(HAN.match(ch) and ch not in "某×" for ch in name[k:])
                and (is_word(name) or not any(ch in STOPCHARS for ch in name[k:]))
                and name[k:] not in TITLE_WORDS
                and cues.LEADER_NAME_AFTER.match(text, end)
            ):
                claims.append(
                    _claim(doc, start, end, "leader_title", strong=True, ambiguous_ok=True)
                )
                break
    return _kept(claims)


def verb_object(doc: Doc, found: Found) -> list[Claim]:
    """After a verb whose object is a person: 接待了王建国, 走访了冯玉兰."""
    text = doc.text
    claims = []
    for m in cues.VERB_NAME.finditer(text):
        start = m.end()
        end = name_end(text, start)
        if not end or starts_word(text, start) or start in found:
            continue
        after = text[end : end + 1]
        if is_ambiguous(text[start:end]) and after and HAN.match(after):
            continue
        claims.append(_claim(doc, start, end, "verb_object"))
    return _kept(claims)


_DOTTED_LEFT_CUT = re.compile(
    r".*(?:" + cues.CUES_BEFORE + r"|群众|族|籍|对|向|与|和|由|经|将|把|被|给|是|为|及)"
)


def dotted_spans(text: str) -> list[tuple[int, int]]:
    """Names joined by a middle dot however jieba cuts them: 阿布都热依木·艾力, 古丽米拉·阿不都.

    The left part starts after the last role word or function word before it (信访人, 群众,
    向 …), the right part ends before the first common word after it (陈述, 女士, 与). Places
    (中国·重庆) and pairs of common words (党建·引领) stay.
    """
    spans: list[tuple[int, int]] = []
    for dot, ch in enumerate(text):
        if ch not in DOT or (spans and dot < spans[-1][1]):
            continue
        start = dot
        while start > 0 and dot - start < 8 and HAN.match(text[start - 1]):
            start -= 1
        cut = _DOTTED_LEFT_CUT.match(text[start:dot])
        if cut:
            start += cut.end()
        # …and after the last character that ends a clause word (自称, 还有, 人员)
        for i in range(dot - 3, start - 1, -1):
            if text[i] in _DOTTED_STOP or text[i] in "有称叫名姓员村":
                start = i + 1
                break
        end = dot + 1
        while (
            end < len(text)
            and end - dot <= 8
            and HAN.match(text[end])
            and not (end - dot > 2 and (starts_word(text, end) or text[end] in _DOTTED_STOP))
        ):
            end += 1
        parts = (text[start:dot], text[dot + 1 : end])
        if min(len(part) for part in parts) < 2:
            continue
        pairs = [(part, tag(part)) for part in parts]
        if any(part in PLACES or flag[:2] in ("ns", "nt") for part, flag in pairs):
            continue
        if all(is_word(part) and not flag.startswith("nr") for part, flag in pairs):
            continue
        spans.append((start, end))
    return spans


def dotted_names(doc: Doc, found: Found) -> list[Claim]:
    """Transliterated and minority names joined by a middle dot (:func:`dotted_spans`); they
    replace any shorter name found inside them."""
    return [Claim(s, e, "dotted_names", "replace") for s, e in dotted_spans(doc.text)]


_SYLLABLE_LEFT = frozenset("、和与及对向由给是为称其之")
_SYLLABLE_PLACE = frozenset("市县区州旗盟乡镇村山河湖花草路街省")


def syllable_names(doc: Doc, found: Found) -> list[Claim]:
    """Names without a surname, made of the parts of Tibetan, Uyghur, Mongolian or Yi names
    (:func:`names.is_minority`): 来访人格桑卓玛, 申请人其木格, 阿呷木呷称. The name starts where
    the text around allows one (after punctuation, a role word, a function word such as 和 or
    向), is followed by no place suffix (乌兰察布市, 格桑花 stay), and a name of one part (其木格,
    巴特尔, 乌兰 is never taken alone) needs a cue (a role before, a title or a verb of speech
    after); two parts or more (扎西多吉) stand on their own. They replace shorter names inside."""
    from .evidence import cue

    text = doc.text
    dotted = [(a, b) for a, b in found.items() if any(ch in DOT for ch in text[a:b])]
    claims = []
    pos = 0
    while True:
        m = _SYLLABLE_RUN.search(text, pos)
        if not m:
            return claims
        start, end = m.span()
        pos = start + 1
        name = text[start:end]
        after, before = text[end : end + 1], text[start - 1 : start]
        if (
            after in _SYLLABLE_PLACE
            or after in DOT
            or before in DOT
            or any(a < end and start < b for a, b in dotted)
        ):
            continue  # 乌兰察布市, 格桑花; a dotted name is dotted_names'
        strength = cue(text, start, end)
        if cues.VERB_BEFORE.search(text, max(0, start - 6), start):
            strength = 2  # 询问宝音, 约谈了其木格: a verb whose object is a person
        parts = syllables(name)
        if (
            before
            and HAN.match(before)
            and before not in _SYLLABLE_LEFT
            and strength < 2
            and not (parts >= 2 and start in doc.boundaries)
        ):
            continue  # 江苏和: inside a word
        if not is_minority(name) and not (parts == 1 and strength == 2):
            continue  # one part of two characters needs a role before it (乡长平措)
        if parts < 2 and not strength:
            continue
        claims.append(Claim(start, end, "syllable_names", "replace"))
        pos = end


def clause_start(doc: Doc, found: Found) -> list[Claim]:
    """A clause that starts with surname + common given-name characters, the string being no
    dictionary word: 此后，殷桂兰每周都来. 黄金、林业局、金华市 are words or places."""
    text = doc.text
    claims = []
    for m in cues.CLAUSE_NAME.finditer(text):
        start = m.start()
        if start in found:
            continue
        end = name_end(text, start)
        if not end:
            continue
        name = text[start:end]
        k = surname_len(name)
        given = name[k:]
        after = text[end : end + 1]
        if (
            len(given) == 1
            and after
            and (HAN.match(after) and after not in STOPCHARS)
            and not starts_word(text, end)
        ):
            continue  # a one-character given name needs punctuation, 说, 称 … after it
        if (
            is_ambiguous(name)
            or not all(ch in GIVEN_CHARS for ch in given)
            or given[0] == "家"
            or is_word(name)
            or is_word(name[: k + 1])
            or (after and after in cues.PUBLIC_SUFFIX)
        ):
            continue
        claims.append(_claim(doc, start, end, "clause_start"))
    return _kept(claims)


def person_slot(doc: Doc, found: Found) -> list[Claim]:
    """A name-shaped string between a word that takes a person and a continuation only a person
    takes (走访了郑立华家, 由闻晓东本人签收). Strong slots score 2, weak ones 1 (see
    ``cues.SLOT_*``); a string that begins or is a dictionary word loses a point; a surname that
    is an everyday word needs 3, any other 2."""
    text = doc.text
    claims = []
    for start in range(len(text)):
        k = surname_len(text[start : start + 2])
        if not k or start in found:
            continue
        before = text[max(0, start - 4) : start]
        left = (
            2
            if cues.SLOT_LEFT_STRONG.search(before)
            or cues.CUE_END.search(text[max(0, start - 8) : start])
            else 1
            if cues.SLOT_LEFT_WEAK.search(before)
            else 0
        )
        if not left or (
            left == 1 and start and HAN.match(text[start - 1]) and start not in doc.boundaries
        ):
            continue
        for glen in (2, 1):
            end = start + k + glen
            name = text[start:end]
            given = name[k:]
            if len(given) != glen or not all(HAN.match(ch) for ch in given):
                continue
            if any(ch in STOPCHARS or ch in "某×" for ch in given):
                continue
            right = (
                2
                if cues.SLOT_RIGHT_STRONG.match(text, end)
                else 1
                if cues.SLOT_RIGHT_WEAK.match(text, end)
                else 0
            )
            if not right:
                continue
            score = left + right
            if starts_word(text, start) and not (glen == 2 and freq(name) == 0):
                score -= 1
            if is_word(name) or name in NOT_NAMES:
                score -= 1
            need = 3 if is_ambiguous(name) else 2
            if score >= need and plausible_name(name, strong=True) and name not in NOT_NAMES:
                claims.append(Claim(start, end, "person_slot", "set"))
            break
    return claims


def nickname_with_full_name(doc: Doc, found: Found) -> list[Claim]:
    """老王（王德顺）: the full name in brackets after a nickname."""
    return _kept(
        _claim(doc, m.start(2), m.end(2), "nickname_with_full_name", strong=True)
        for m in cues.NICK_PAREN.finditer(doc.text)
    )


def list_items(doc: Doc, found: Found) -> list[Claim]:
    """Lists: 张三、李四和王五 — extend from every name found so far, forwards and backwards
    (推选汪建军、石磊), until nothing changes."""
    text = doc.text
    names = dict(found)
    claims = []

    def claim(start: int, end: int) -> None:
        names[start] = end
        claims.append(Claim(start, end, "list_items", "set"))

    changed = True
    while changed:
        changed = False
        for start, end in list(names.items()):
            m = cues.ENUM_NEXT.match(text, end)
            if m and m.end() not in names:
                nstart = m.end()
                nend = name_end(text, nstart)
                ambiguous = nend and is_ambiguous(text[nstart:nend])
                if ambiguous and not starts_word(text, nstart):
                    # 夏天宇、方晓明。: a list item that is no word and ends at punctuation
                    following = text[nend : nend + 1]
                    ambiguous = bool(following) and bool(HAN.match(following))
                if ambiguous and cues.LIST_END.match(text, nend):
                    # 王芳、安然走访了…: the list ends in a person slot
                    ambiguous = text[nstart:nend] in NOT_NAMES
                if nend and not ambiguous and plausible_name(text[nstart:nend]):
                    claim(nstart, nend)
                    changed = True
            # and backwards: 推选汪建军、石磊 — the name before the separator.
            if start >= 3 and text[start - 1] in "、和与及" and (start - 1) not in names.values():
                for length in (3, 2, 4):
                    pstart = start - 1 - length
                    name = text[max(pstart, 0) : start - 1]
                    if pstart >= 0 and pstart in doc.boundaries and plausible_name(name):
                        claim(pstart, start - 1)
                        changed = True
                        break
    return claims


def nicknames(doc: Doc, found: Found) -> list[Claim]:
    """Nicknames 老张, 小李 — only for the surname of a name found in this text."""
    text = doc.text
    surnames = {text[s] for s, e in found.items() if surname_len(text[s : s + 2]) == 1}
    claims = []
    for m in cues.NICK.finditer(text):
        start, end = m.start(), m.end()
        if m.group(1) not in surnames or start in found:
            continue
        before, after = text[start - 1 : start], text[end : end + 1]
        if before and HAN.match(before) and start not in doc.boundaries:
            continue
        if after and HAN.match(after) and after not in STOPCHARS:
            continue
        if any(s <= start < e for s, e in found.items()):
            continue
        claims.append(Claim(start, end, "nicknames", "set"))
    return claims


RULES: tuple[Rule, ...] = (
    tagged_names,
    role_before,
    title_after,
    sex_and_birth,
    leader_title,
    verb_object,
    dotted_names,
    syllable_names,
    clause_start,
    person_slot,
    nickname_with_full_name,
    list_items,
    nicknames,
)


def explain(text: str, tokens=None) -> list[Claim]:
    """The rules' names in ``text`` (already blanked of other findings), each with the rule
    that decided it; overlaps resolved (the earliest wins, then the longest)."""
    doc = Doc.read(text, tokens)
    found: dict[int, int] = {}
    reasons: dict[int, str] = {}
    for rule in RULES:
        for claim in rule(doc, MappingProxyType(found)):
            if claim.how == "keep" and claim.start in found:
                continue
            if claim.how == "replace":
                for start in [s for s in found if claim.start <= s < claim.end]:
                    del found[start]
            found[claim.start] = claim.end
            reasons[claim.start] = claim.reason
    result = []
    last_end = -1
    for start in sorted(found):
        if start >= last_end:
            result.append(Claim(start, found[start], reasons[start]))
            last_end = found[start]
    return result


def name_candidates(text: str, tokens=None) -> list[tuple[int, int]]:
    """Spans of likely personal names in ``text`` (already blanked of other findings)."""
    return [(c.start, c.end) for c in explain(text, tokens)]
