"""The evidence step: of the names the rules and the model propose, which are names.

The rules and the model were built on petition-office passages, where a surname character
followed by one or two characters is usually a name. In legal prose it usually is not: 安全,
许可, 迟报, 权和 (权利|和), 岳阳 (a city), 华通 (inside 合力华通汽车服务有限公司). This step
looks at each proposed string with the whole document in view and keeps it only when the
evidence for a person outweighs the evidence against:

- **what it is part of** — a name inside an organisation's name (…有限公司, …局, …店), a case
  number （2013）陕民三终字第38号 or a document number 劳部发〔1994〕489号 is no person; a
  proposal that cuts a pseudonym (后|张甲, 向|宁某某, 成|小胡（化名）) is no person either;
- **what it is** — a word of the dictionary (jieba's, frequency ≥ 100), a string that recurs
  in legal prose (``lexicon/legal_ngrams.txt``, drawn from law texts), a place
  (``lexicon/places_cn.txt``: provinces, cities, counties), a rare surname with a dictionary
  word (脱敏), or a string that starts or ends inside a dictionary word as jieba cuts the text
  (权利|和): any of these is a *doubtful* name;
- **what is around it** — a doubtful name stays only when one of its occurrences has a strong
  cue: a role word that takes a person (被告人, 信访人, 审判员 …, not the bare ``X人`` of
  债权人|利益), a title, a sex marker or a head count after it (女士, （男，, 等3人);
- **how it recurs** — a name recurs as a name: a string that occurs four times or more but was
  proposed at under a third of its occurrences is a word, unless a strong cue says otherwise;
  a doubtful one (or a two-character dictionary word) that occurs five times or more without a
  cue at any of them is no person either (陆生 ×34 in a wildlife law);
- **how it is introduced** — a person in a judgment or a petition is introduced as one
  somewhere (原告, 被告人, 信访人, 称 …): a string only the model proposed, with no cue at any
  of its occurrences, needs the model to be sure (e龙西祠, 单和, 垫付奥轮, 红绶); a name-shaped
  string introduced by a role at two occurrences or more is a person whatever one occurrence
  stands next to (情况证明、朱建勇于…).

Nothing here adds a name; it only removes proposals (recall is the rules' and the model's).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable

from . import cues
from .lexicon import (
    CJK,
    FUNCTION_SURNAMES,
    GIVEN_CHARS,
    NOT_NAMES,
    RARE_WORD_SURNAMES,
    STOPCHARS,
    SURNAMES,
    entries,
    words,
)
from .names import is_ambiguous, is_foreign, is_nickname, surname_len, syllables
from .words import freq, is_word, tag

LEGAL_NGRAMS = words("legal_ngrams")
PLACE_NAMES = words("places_cn")
COMMON_SURNAMES = frozenset("".join(entries("surnames_common")))

# Role words before a name that take only a person. The cue list's catch-all "X人" (债权人,
# 出资人 …) is left out: in legal prose it is followed by 利益, 权益, 支付 far more often than by
# a name.
_STRONG_ROLES = "|".join(
    sorted(
        {
            c
            for c in entries("cues_before")
            if "\\" not in c and "[" not in c and not re.fullmatch(r".{1,3}人", c)
        }
        | {
            "被告人",
            "原告人",
            "上诉人",
            "被上诉人",
            "申请人",
            "被申请人",
            "申诉人",
            "信访人",
            "来访人",
            "举报人",
            "当事人",
            "代理人",
            "辩护人",
            "被害人",
            "证人",
            "审判长",
            "审判员",
            "书记员",
            "陪审员",
            "法官助理",
            "审判人员",
            "检察员",
            "书记",
            "主任",
            "常委",
            "主席",
            "委员",
            "检察官",
            "法定代表人",
        },
        key=len,
        reverse=True,
    )
)
_STRONG_BEFORE = re.compile(r"(?:" + _STRONG_ROLES + r")[:：\s]?$")
_TITLE_NEXT = re.compile(r"(?:" + _STRONG_ROLES + r"|" + cues.LEADER_TITLES + r")")
# …or a list of names right after one (审判人员：李晓杰、管玉洁、高晔涛)
_LIST_BEFORE = re.compile(r"(?:" + _STRONG_ROLES + r")[:：](?:[" + CJK + r"]{2,4}[、\s])+$")

# Organisation names: a run of words ending in one of these. The run goes back over nouns,
# places and names, and stops at a verb, a preposition, a function word or punctuation.
_ORG_SUFFIX = re.compile(
    r"(?:股份有限公司|有限责任公司|有限公司|分公司|公司|集团|银行|分行|支行|营业部|营业厅|门店|专卖店|"
    r"分店|超市|商场|商店|商行|酒店|饭店|宾馆|餐厅|药店|店|厂|局|委员会|协会|学会|商会|基金会|"
    r"研究院|研究所|设计院|事务所|中心|医院|卫生院|诊所|学校|小学|中学|大学|学院|幼儿园|合作社|"
    r"法院|检察院|仲裁院|派出所|政府|工作室|俱乐部)(?!长)"
)
_COMPANY = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|分公司|公司|集团|店|厂|商行|超市)$")
_ORG_BREAK = frozenset("诉与和及同向对被由在自从给为是将把经或")
_ORG_KEEP_FLAGS = frozenset({"vn", "vg", "d", "j", "l", "i", "b", "eng", "g", "an", "a"})
_ORG_MAX = 24
# What a company does, right before its suffix (固体废物处置有限公司, 汽车服务有限公司): jieba
# tags these as verbs, which otherwise end an organisation's name.
_BUSINESS = frozenset(
    [
        "处置",
        "服务",
        "管理",
        "经营",
        "开发",
        "投资",
        "咨询",
        "建设",
        "销售",
        "回收",
        "运输",
        "租赁",
        "贸易",
        "制造",
        "加工",
        "装饰",
        "安装",
        "维修",
        "代理",
        "置业",
        "发展",
        "生产",
        "养殖",
        "种植",
        "批发",
        "零售",
        "物流",
        "配送",
        "营销",
        "策划",
        "设计",
        "施工",
        "研发",
        "检测",
        "培训",
    ]
)
# 劳部发〔1994〕489号, 岳仲决字〔2017〕8号, （2013）陕民三终字第38号
_CASE_NUMBER = re.compile(
    r"[（(]\s?\d{4}\s?[）)][" + CJK + r"0-9]{1,16}?号"
    r"|[" + CJK + r"]{1,6}[〔\[［【(（]\s?\d{4}\s?[〕\]］】)）][" + CJK + r"]{0,2}第?\s?\d+\s?号"
)
# Pseudonyms: 张某, 张某某, 张某甲, 张甲, 甲乙丙; 小胡（化名） when the text calls it one.
_STEMS = "甲乙丙丁戊己庚辛壬癸"
_PSEUDONYM = re.compile(
    r"(?:["
    + "".join(sorted(SURNAMES))
    + r"](?:某+["
    + _STEMS
    + r"]?|["
    + _STEMS
    + r"](?![方级类等"
    + "".join(sorted(GIVEN_CHARS))
    + r"]))"
    r"|[小老][" + CJK + r"](?=[（(]?(?:化名|系化名|均为化名)))"
)
# …any X人 / X员, or a body (民政办田野, 农业农村委白雪)
_WEAK_BEFORE = re.compile(r"[" + CJK + r"](?:[人员][:：\s]?|[办委局所队站科处室院庭])$")
_PLACE_SUFFIX = frozenset("省市区县镇乡村州盟旗")
_LIST_JOIN = frozenset("、和与及")
_LIST_SEP = re.compile(r"[、和与及]")
_YEAR = re.compile(r"(?:19|20)\d{2}年")
_NEVER_LAST = frozenset("说称讲问答的等了是在系")  # 系: the copula 是 of written prose
# characters that end a proposal only when jieba glued a verb on (徐鹤|犯, 左勇|退, 张欣|发)
_VERBISH = frozenset("犯退发处向对在将把被为与和及说称等是也都就又已未不从到以")
_PLACE_END = frozenset("区县市省镇乡路街段庄巷弄")
# how the names of rivers, lakes and landforms end (山, 川, 江, 峰 end many given names too)
_FEATURE_END = frozenset("河沟渠溪滩湾岛峡谷塘坝湖岭")
_PLACE_AFTER = re.compile(r"(?:段|水域|河段|村|镇|乡|街道|路口|码头|港|[0-9]+号)")
_COMPANY_WORD = re.compile(r"(?:股份有限公司|有限责任公司|有限公司|公司|集团)")
_ORG_AFTER = re.compile(r"(?:公司|集团|有限|股份|图像|鉴定|厂|店|工作人员|员工|职工)")
# A short quoted term: a forum, a product, a card ("茶马古道"论坛, "中银通·魔方元"联名卡).
_QUOTED = re.compile(r'"([^"\n，。；：、！？,.;:!?]{2,15})"|“([^“”\n，。；：、！？]{2,15})”')
# A quantity right after a string: 213mg, 10815021元, 4500吨 (not a date or a head count).
_QUANTITY = re.compile(
    r"\d[\d.,]*\s?(?:余|多)?(?:万|亿)?(?:余|多)?"
    r"(?:元|吨|千克|公斤|克|mg|ml|g|kg|毫克|毫升|升|米|平方米|亩|%|倍|立方米|方)"
)
_CLAUSE_BREAK = frozenset('，。；：:;,！？!?\n（）()“”"')
# jieba's tags of function words (adverb, preposition, conjunction, particle, pronoun, numeral,
# measure word, direction, time)
_FUNCTION_TAGS = frozenset("dpcurmqft")
# …and a body's head (各司司长, 局长)
_TITLE_PART = re.compile(r"副?[司局处科厅部股组队站所院庭署]长")
# Surnames that are also the verb of taking a post (任 = 担任): 区长任常务副组长, 副区长任副组长
# — the "given name" is the start of the post, so the character is the verb.
_POST_VERBS = frozenset("任")
_POST = re.compile(
    r"(?:常务|执行|专职|兼职)?副?(?:"
    + cues.LEADER_TITLES
    + r"|组长|成员|委员|秘书长|召集人|联络员|指挥长|负责人)"
)


def _heading(text: str, start: int, end: int) -> bool:
    """【信访人原文】: the string ends a heading in 【】 that is a line of its own."""
    line_start = text.rfind("\n", 0, start) + 1
    return (
        text[line_start : line_start + 1] == "【"
        and text[end : end + 1] == "】"
        and text[end + 1 : end + 2] in ("\n", "")
    )


# What follows a person (not a thing) right after a string: a title, a sex marker, a verb of
# speech or of what a person does, a colon, a list.
_PERSON_NEXT = re.compile(r"[:：、]|和|与|及")
# A role word before legal vocabulary (当事人|已达成, 法官|德才) counts only when the model
# gives a name beginning there at least this probability.
_MODEL_AGAINST_VOCAB = 0.5
# A proposal with no cue around it at all needs the model to give it at least this much…
_MODEL_DOUBTS = 0.1
# …and one that no rule proposed either (the model alone, never a cue at any occurrence in the
# whole document) needs the model to be sure: a person in a judgment or a petition is
# introduced as one somewhere (原告, 被告人, 信访人, 称 …), a word is not (e龙西祠, 单和, 垫付奥轮).
_MODEL_ALONE = 0.95
_RECUR_MIN = 4
# A string proposed this often without a cue at any of its occurrences is no person's name.
_UNCUED_MAX = 5
# The name model's probability that a name begins here above which a dictionary word (高峰,
# 方圆) may be a name without a strong cue.
MODEL_SURE = 0.95
# …and below which a role word before a doubtful string does not make it a name (员工|宿舍).
_MODEL_AGAINST = 0.3


def _keeps_org(flag: str) -> bool:
    """A word that can be part of an organisation's name: a noun, a place, a name, an
    abbreviation or idiom, a verbal noun (服务), a foreign word."""
    return flag.startswith("n") or flag in _ORG_KEEP_FLAGS


def _org_spans(text: str, tokens: list[tuple[int, str, str]]) -> list[tuple[int, int]]:
    """Organisation names: 合力华通汽车服务有限公司, 怀宁国土局, 江宁店, 工行岳阳分行."""
    token_at: list[int] = []
    for k, (_start, word, _flag) in enumerate(tokens):
        token_at += [k] * len(word)
    spans = []
    for m in _ORG_SUFFIX.finditer(text):
        if m.start() >= len(token_at):
            continue
        k = token_at[m.start()]
        start = min(m.start(), tokens[k][0])  # 国土局: the suffix may close a longer word
        k -= 1
        flags = []
        while k >= 0 and m.end() - tokens[k][0] <= _ORG_MAX:
            _s, word, flag = tokens[k]
            business = not flags and word in _BUSINESS and _COMPANY.match(m.group())
            if (
                not (_keeps_org(flag) or business)  # 固体废物处置|有限公司: its business
                or word in _ORG_BREAK
                or (flags and _STRONG_BEFORE.search(word))  # 律师|事务所: the body's kind
            ):
                break
            if flag.startswith("nr") and len(word) == 3 and word[0] in _ORG_BREAK:
                start = tokens[k][0] + 1  # 应向斯万|斯克公司: a preposition jieba glued on
                flags.append("nz")
                break
            if flag.startswith("nr") and len(word) == 3 and surname_len(word):
                break  # 刘友良无权援引工行岳阳分行: a full name before the body is no part of it
            start = tokens[k][0]
            flags.append(flag)
            k -= 1
        if flags and all(f.startswith("nr") for f in flags) and not _COMPANY.match(m.group()):
            continue  # 其子任梓轩小学入学: a name before a school is a pupil, not a school
        if m.end() - start > len(m.group()):
            spans.append((start, m.end()))
    return spans


def context_spans(text: str, tokens: list[tuple[int, str, str]]) -> list[tuple[int, int]]:
    """Spans no person's name is proposed inside: organisations, case and document numbers,
    pseudonyms."""
    spans = _org_spans(text, tokens)
    spans += [(m.start(), m.end()) for m in _CASE_NUMBER.finditer(text)]
    spans += [(m.start(), m.end()) for m in _PSEUDONYM.finditer(text)]
    return spans


def _boundaries(tokens) -> tuple[set[int], dict[int, tuple[int, str]]]:
    ends = {0}
    covering: dict[int, tuple[int, str]] = {}
    for start, word, _flag in tokens:
        ends.add(start + len(word))
        for i in range(start, start + len(word)):
            covering[i] = (start, word)
    return ends, covering


def _cut(start: int, end: int, ends: set[int], covering) -> int:
    """2 when the proposal starts inside a dictionary word as jieba cuts it (主管|部门 →
    管部门, 权利|和 → 利和), 1 when it ends inside one (宣传教|育), else 0."""
    if start not in ends:
        wstart, word = covering.get(start, (start, ""))
        if wstart < start and (is_word(word) or (len(word) >= 3 and freq(word) > 0)):
            return 2  # 茶马古道 → 马古道
    if end not in ends:
        wstart, word = covering.get(end - 1, (end - 1, ""))
        if (is_word(word) or (len(word) >= 3 and freq(word) > 0)) and wstart + len(word) > end:
            return 1  # 向中|间人: ends inside a dictionary word
    return 0


def doubt(name: str) -> int:
    """How doubtful a proposed name is: 2 — vocabulary of legal prose, or a dictionary word
    without a surname (脱敏); 1 — a dictionary word, a known non-name, a place, an
    organisation's or place's tag, no known surname, or a rare surname with a dictionary word;
    0 — name-shaped and nothing else."""
    if is_foreign(name) or is_nickname(name) or syllables(name):
        return 0  # 约翰·史密斯, 小李, 格桑卓玛 (a minority name of known parts)
    k = surname_len(name)
    if name in LEGAL_NGRAMS or (k == 0 and freq(name) > 0):
        return 2
    if (
        k == 0
        or name in PLACE_NAMES
        or name in NOT_NAMES
        or is_word(name)
        or tag(name).startswith(("ns", "nt"))
        or (k == 1 and name[0] not in COMMON_SURNAMES and freq(name) > 0)
    ):
        return 1
    return 0


def cue(text: str, start: int, end: int) -> int:
    """2: a role word before (被告人, 审判员 …), or a title, sex marker or head count after;
    1: a weaker one — any ``X人`` or ``X员`` or a body before (监察员秦川, 民政办田野), a
    colon or a verb of speech after (万里于2025年…, 张伟称); else 0."""
    before = text[max(0, start - 30) : start]
    if (
        _STRONG_BEFORE.search(before)
        or _LIST_BEFORE.search(before)
        or cues.STRONG_AFTER.match(text, end)
        or cues.SEX_AFTER.match(text, end)
    ):
        return 2
    if (
        _WEAK_BEFORE.search(before)
        or text[end : end + 1] in ("：", ":")
        or cues.VERB_BEFORE.search(before)
        or cues.SLOT_RIGHT_STRONG.match(text, end)
        or cues.SLOT_RIGHT_WEAK.match(text, end)
    ):
        return 1
    return 0


def strong_role_before(text: str, start: int) -> bool:
    """A role word that takes a person right before ``start``: 被告人, 审判员, 副县长."""
    return bool(_STRONG_BEFORE.search(text[max(0, start - 12) : start]))


def leader_before(text: str, start: int, end: int) -> bool:
    """市长万里指出: a leader's title right before and what a person does right after."""
    before = text[max(0, start - 4) : start]
    return bool(
        re.search("(?:" + cues.LEADER_TITLES + ")$", before)
        and cues.LEADER_NAME_AFTER.match(text, end)
    )


def _after_cue(text: str, end: int) -> bool:
    return bool(cues.STRONG_AFTER.match(text, end) or cues.SEX_AFTER.match(text, end))


def _place_list(text: str, start: int, end: int) -> bool:
    """吉林、江苏、安徽: a place in a list of places, or a place before its suffix."""
    after = text[end : end + 1]
    if after in _PLACE_SUFFIX:
        return True
    for m in _LIST_SEP.finditer(text, end, end + 1):
        if any(text[m.end() : m.end() + n] in PLACE_NAMES for n in (2, 3)):
            return True
    if text[start - 1 : start] and text[start - 1] in "、和与及":
        return any(text[start - 1 - n : start - 1] in PLACE_NAMES for n in (2, 3))
    return False


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    """赵刚说 → 赵刚: a verb of speech or a particle never ends a name; 李冰和|副总经理康杰 →
    李冰: 和 before a title joins two people."""
    if end - start == 3 and surname_len(text[start : start + 2]) == 1:
        if text[end - 1] in _NEVER_LAST:
            return start, end - 1
        if text[end - 1] in _LIST_JOIN and _TITLE_NEXT.match(text, end):
            return start, end - 1
    return start, end


def _recurring_boundaries(by_name):
    """The whole-document view of a name's length: 徐鹤犯, 左勇退, 德拉甘·可可托维奇向 are 徐鹤,
    左勇, 德拉甘·可可托维奇 when the shorter string is itself proposed in the text — after a
    verb-like character, or when the shorter string stands alone at least as often (杨尧 ×36,
    杨尧负 ×2: 杨尧|负本起事故的责任)."""
    merged: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    for name, spans in by_name.items():
        shorter = name[:-1]
        if (
            len(shorter) >= 2
            and shorter in by_name
            and (name[-1] in _VERBISH or len(by_name[shorter]) >= max(2, len(spans)))
        ):
            merged[shorter] += [(s, e - 1) for s, e in spans]
        else:
            merged[name] += spans
    return merged


def judge(
    text: str,
    names: Iterable[tuple[int, int]],
    tokens: list[tuple[int, str, str]],
    odds: list[float] | None = None,
    explain: dict | None = None,
    ruled: Iterable[tuple[int, int]] | None = None,
) -> list[tuple[int, int]]:
    """The proposed name spans that the evidence supports (see the module's docstring).

    ``odds``: per character the name model's probability that a name begins there; a name
    that is only a dictionary word (doubt 1) stands on the model's word when it is sure
    (≥ :data:`MODEL_SURE`), as 高峰 does in 信访人高峰反映 … but 安全 (legal vocabulary, doubt
    2) never does.

    ``ruled``: the spans the hand-written rules proposed (the rest came from the model alone);
    without it every proposal counts as a rule's.

    ``explain``, when given, is filled with each proposed string's evidence (level of doubt,
    cue strengths, the model's highest odds, occurrences, verdict) or the reason it was dropped.
    """
    names = sorted(names)
    if not names:
        return []
    odds = odds or []
    blocked = context_spans(text, tokens)
    mask = bytearray(len(text))
    for a, b in blocked:
        mask[a:b] = b"\x01" * (b - a)
    ends, covering = _boundaries(tokens)
    by_name: defaultdict[str, list[tuple[int, int]]] = defaultdict(list)
    names = [_trimmed(text, s, e) for s, e in names]
    # jieba's segmentation: 房东|黄运来|可以 — jieba reads a surname, a given character and a
    # stop character (来, 生 …) as one name, where the rules and the model stopped before the
    # stop character; the name is then three characters wherever the string recurs
    whole = {}
    for _start, word, flag in tokens:
        if (
            flag == "nr"
            and len(word) == 3
            and word[-1] in STOPCHARS
            and word[-1] not in _NEVER_LAST  # 杜丽|系夫妻: the copula, never a name's part
            and surname_len(word) == 1
        ):
            whole[word[:2]] = word
    names = [
        (s, e + 1)
        if e - s == 2 and whole.get(text[s:e]) == text[s : e + 1] and text[e + 1 : e + 2] != "了"
        else (s, e)
        for s, e in names
    ]
    # …and a function word jieba reads (已于, 确实, 并且) that begins inside a proposed name and
    # runs past its end is cut off it: 驾驶员证|已于 leaves one character, no name
    function_at = {
        start: start + len(word)
        for start, word, flag in tokens
        if flag[:1] in "dpc" and len(word) >= 2
    }
    cut = []
    for s, e in names:
        inner = next((p for p in range(s + 1, e) if function_at.get(p, 0) > e), None)
        if inner is None:
            cut.append((s, e))
        elif inner - s >= 2 and not is_foreign(text[s:e]):
            cut.append((s, inner))
    names = cut
    for s, e in names:
        if any(mask[s:e]):
            if explain is not None:
                explain[text[s:e]] = "inside an organisation, a number or a pseudonym"
            continue  # inside an organisation or a number, or cutting a pseudonym
        by_name[text[s:e]].append((s, e))
    by_name = _recurring_boundaries(by_name)
    in_orgs = [text[a:b] for a, b in blocked if b - a > 4]
    full = [n for n in by_name if surname_len(n) and not is_foreign(n)]

    starts_at = {start: (word, flag) for start, word, flag in tokens}
    verb_ends = {start + len(word) for start, word, flag in tokens if flag[:1] == "v"}

    def _verb_ends_at(pos: int) -> bool:
        return pos in verb_ends

    def _org_follows(end: int) -> bool:  # 实正|共盈|公司: nouns, then a company's suffix
        pos, seen = end, 0
        while pos in starts_at and seen < 3:
            word, flag = starts_at[pos]
            if _COMPANY_WORD.fullmatch(word):
                return seen > 0
            if not flag.startswith(("n", "j")) or flag.startswith("nr"):
                return False
            pos += len(word)
            seen += 1
        return False

    def _place_runs_on(s: int, e: int) -> bool:
        return any(
            p in starts_at
            and starts_at[p][1].startswith("ns")
            and p + len(starts_at[p][0]) > e
            and len(starts_at[p][0]) >= 2
            for p in range(s + 1, e)
        )

    def given_part(name: str) -> bool:  # 春燕 after 王春燕: the person's given name alone
        return len(name) >= 2 and any(f != name and f.endswith(name) for f in full)

    quoted = [
        (m.start(m.lastindex), m.end(m.lastindex)) for m in _QUOTED.finditer(text) if m.lastindex
    ]

    def split_word(s: int, e: int) -> bool:  # 盗采江|砂: jieba reads a surname and a noun
        first, second = starts_at.get(s), starts_at.get(s + 1)
        return (
            e - s == 2
            and first is not None
            and second is not None
            and len(first[0]) == 1
            and len(second[0]) == 1
            and not second[1].startswith("nr")
            and second[0] not in GIVEN_CHARS
        )

    proposed = set(by_name)

    def in_plain_list(s: int, e: int) -> bool:
        """产卵场、索饵场、越冬场; 故县、陆浑、河口村: an item of a list whose other items
        (two or more) are no proposed names — a list holds one kind of thing; 六盘山、秦岭北麓、
        贺兰山、白于山、陇中: most other items are no names and one ends as this one does."""
        if text[s - 1 : s] != "、" and text[e : e + 1] != "、":
            return False
        left = s
        while left > 0 and s - left < 60 and text[left - 1] not in _CLAUSE_BREAK:
            left -= 1
        right = e
        while right < len(text) and right - e < 60 and text[right] not in _CLAUSE_BREAK:
            right += 1
        others = [
            item for item in text[left:s].split("、")[:-1] + text[e:right].split("、")[1:] if item
        ]
        plain = [
            item
            for item in others
            if not any(item.startswith(n) or item.endswith(n) for n in proposed)
        ]
        if len(others) >= 2 and len(plain) == len(others):
            return True
        # a few other proposals among them, but more plain items of the same kind (六盘山 …
        # 贺兰山, 白于山: the same last character)
        return (
            len(plain) >= 2
            and len(plain) * 2 > len(others)
            and any(item.endswith(text[e - 1]) for item in plain)
        )

    def level_of(name: str, spans) -> int:
        level = 0 if given_part(name) else doubt(name)
        if any(in_plain_list(s, e) for s, e in spans):
            level = 2
        if all(
            starts_at.get(s, ("", ""))[0] == name and starts_at[s][1][:1] in _FUNCTION_TAGS
            for s, _e in spans
        ):
            level = max(level, 1)  # 时须: jieba reads the whole string as an adverb
        if all(starts_at.get(s, ("", ""))[0] == name and starts_at[s][1] == "v" for s, _e in spans):
            level = max(level, 1)  # 被回访人|勾选: jieba reads the whole string as a verb
        if all(_place_runs_on(s, e) for s, e in spans):
            level = 2  # 原|泉州市, 在|杭州: a place jieba reads begins inside it and runs on
        if len(name) == 3 and all(
            starts_at.get(s, ("", ""))[0] == name[:2] and starts_at[s][1] == "n" and e not in ends
            for s, e in spans
        ):
            level = max(level, 1)  # 业主|车库|漏水: a common noun and the start of the next word
        if not syllables(name):  # 来访|人格|桑卓玛: jieba's cut says nothing about 格桑卓玛
            level = max(level, min(_cut(s, e, ends, covering) for s, e in spans))
        # the whole document: every occurrence of the string, not only the proposed ones
        every = [(m.start(), m.start() + len(name)) for m in re.finditer(re.escape(name), text)]
        if all(split_word(s, e) for s, e in spans):
            level = max(level, 1)
        if any(a < s and e <= b for s, e in spans for a, b in quoted):
            level = max(level, 1)  # "茶马古道"论坛 → 马古道: inside a quoted term, not at its start
        if (
            len(name) == 3
            and name[:2] in LEGAL_NGRAMS
            and freq(name) > 0
            and name[2] not in GIVEN_CHARS
        ):
            level = 2  # 安置费, 宣传栏: a dictionary word made of legal vocabulary and a suffix
        elif len(name) == 3 and name[:2] in LEGAL_NGRAMS:
            # 师级和, 连续满: vocabulary and a function character after it
            level = max(level, 2 if name[2] in STOPCHARS or name[2] in _LIST_JOIN else 1)
        if (
            len(name) == 3
            and is_word(name[:2])
            and all(starts_at.get(s, ("", ""))[0] == name[:2] for s, _e in spans)
            and (
                (
                    name[2] in STOPCHARS
                    and all(starts_at.get(s + 2, ("", ""))[1][:1] in "vpud" for s, _e in spans)
                )
                # 文中|有|攻击: a word jieba reads as no name, then a one-character verb —
                # not in a list of names, where jieba's verb is a given name (肖某、黄金|花)
                or (
                    not starts_at[spans[0][0]][1].startswith("nr")
                    and all(starts_at.get(s + 2, ("", "")) == (name[2], "v") for s, _e in spans)
                    and not any(
                        text[s - 1 : s] in _LIST_JOIN or text[e : e + 1] in _LIST_JOIN
                        for s, e in spans
                    )
                )
            )
        ):
            level = 2  # 文中|有: jieba reads a word and then a verb, not a name
        if all(text[s - 1 : s].isascii() and text[s - 1 : s].isalpha() for s, _e in spans):
            level = 2  # e龙西祠胡同: glued to a Latin letter, a brand or a code
        if name in PLACE_NAMES and any(_place_list(text, s, e) for s, e in spans):
            level = 2
        # a number right after (not a year: 林水生1962年牺牲 tells of a person)
        numbered = any(text[e : e + 1].isdigit() and not _YEAR.match(text, e) for _s, e in every)
        if level == 1 and numbered:
            level = 2  # 高达10815021元: a word before a number
        if any(_QUANTITY.match(text, e) for _s, e in every):
            level = 2  # 含量高达213mg, 造成高达10815021元: a word before a quantity
        elif numbered:
            level = max(level, 1)  # a name is seldom followed by a number
        if level == 1 and any(text[s - 1 : s] in _PLACE_END | {"村"} for s, _e in spans):
            level = 2  # 长怡新村东门: a word after a place
        if name[0] in FUNCTION_SURNAMES and all(
            starts_at.get(s, ("", ""))[0][:1] == name[0] and _verb_ends_at(s) for s, _e in spans
        ):
            level = max(level, 1)  # 停车|于合宁高铁, 位于: a preposition after a verb
        k = surname_len(name)
        if len(name) == 3 and (
            name[:2] in PLACE_NAMES or (is_ambiguous(name) and is_word(name[k:]))
        ):
            level = max(level, 1)  # 郎溪华(远), 成安卓: a place or a function word, then a word
        if len(name) == 3 and name[-1] in _FEATURE_END:
            level = max(level, 1)  # 刁口河, 清水沟: a river, a gully, a lake
        if (name[-1] in _PLACE_END and not is_nickname(name)) or any(
            _PLACE_AFTER.match(text, e) for _s, e in every
        ):
            level = 2  # 万山区, 黄梅段, 张楼水域: a place
        if (
            (len(name) == 2 and any(name in org for org in in_orgs))
            or any(_ORG_AFTER.match(text, e) for _s, e in every)
            or any(all(mask[s:e]) and e not in ends for s, e in every)
        ):
            # 连新 of 杭州连新建材有限公司, 鹏展公司; 郎溪华 where the text also has
            # 郎溪|华远|固体废物处置有限公司: inside an organisation's name, ending inside a word
            level = 2
        return level

    def possession(s: int, e: int, alone: bool) -> bool:
        """业主车辆进出, 职工安置费, 【信访人原文】: a role word right before, jieba's one word,
        and after it nothing a person does (a title, a sex marker, speech, a colon, a list;
        a comma only where the rules proposed it: 申请人高峰，现住…)."""
        word = starts_at.get(s, ("", ""))[0]
        return (
            word == text[s:e]
            # vocabulary (职工|安置费, 业主|车辆) or a heading (【信访人原文】); not 员工文静本周
            and (level_of(word, [(s, e)]) == 2 or _heading(text, s, e))
            and strong_role_before(text, s)
            and not _after_cue(text, e)
            and not cues.SLOT_RIGHT_STRONG.match(text, e)
            and not cues.SLOT_RIGHT_WEAK.match(text, e)
            and not _PERSON_NEXT.match(text, e)
            and (alone or text[e : e + 1] not in _CLAUSE_BREAK or text[e : e + 1] == "\n")
        )

    ruled_starts = None if ruled is None else {s for s, _e in ruled}
    verdicts = {}
    for name, spans in by_name.items():
        k = surname_len(name)
        if (
            k
            and not is_foreign(name)
            and (re.fullmatch(_STRONG_ROLES, name[k:]) or _TITLE_PART.fullmatch(name[k:]))
        ):
            verdicts[name] = False  # 各司司长: a surname and a title says no more than 张某
            continue
        if re.fullmatch(_STRONG_ROLES, name):
            verdicts[name] = False  # 房东说…, 业主: a role word itself is no one's name
            continue
        if name[0] in _POST_VERBS and all(_POST.match(text, s + 1) for s, _e in spans):
            verdicts[name] = False  # 区长任常务副组长: 任 is the verb 担任 before a post
            continue
        if all(_place_runs_on(s, e) for s, e in spans):
            verdicts[name] = False  # 原|泉州市: a place jieba reads runs on past its end
            continue
        level = level_of(name, spans)
        strengths = [cue(text, s, e) for s, e in spans]
        entry = freq(name) > 0
        if level and odds:
            # 员工|宿舍, 检察官|德才: a role before a word the model is sure is no name
            strengths = [
                1
                if c == 2
                and odds[s] < _MODEL_AGAINST
                and not _after_cue(text, e)
                and not leader_before(text, s, e)
                else c
                for c, (s, e) in zip(strengths, spans, strict=True)
            ]
        occurrences = text.count(name)
        alone = (
            ruled_starts is not None
            and not any(s in ruled_starts for s, _e in spans)
            and not (is_nickname(name) and not is_word(name))  # 客服小蔡: nicknames stand alone
        )
        if level and entry:
            # 职工|安置费, 业主|车辆进出, 【信访人|原文】: a role word before a dictionary word
            # that nothing a person does follows is the role's thing, not a person
            strengths = [
                0 if c == 2 and possession(s, e, alone) else c
                for c, (s, e) in zip(strengths, spans, strict=True)
            ]
        strength = max(strengths)
        sure = bool(odds) and max(odds[s] for s, _e in spans) >= MODEL_SURE
        possessed = (
            level and entry and strength < 2 and any(possession(s, e, alone) for s, e in spans)
        )
        if possessed:
            verdicts[name] = None  # a list of names may still vouch for it
        elif level and sure and strengths.count(2) >= 2 and doubt(name) == 0:
            # 被告人朱建勇 … 情况证明、朱建勇于…: a name-shaped string introduced by a role at
            # two occurrences or more is a person, whatever one occurrence is next to
            verdicts[name] = True
        elif occurrences >= _RECUR_MIN and len(spans) * 3 < occurrences and strength < 2:
            verdicts[name] = False  # a name recurs as a name
        elif (
            occurrences >= _UNCUED_MAX
            and strength == 0
            and (level or (len(name) == 2 and freq(name) > 0))
            and not given_part(name)
        ):
            verdicts[name] = False  # 陆生 ×34 and never a cue: a person would be introduced
        elif level == 2:
            # vocabulary of legal prose: a strong cue at half its occurrences or more (被害人|利益
            # once among many 利益 is no name), or a sure model and a name beside it in a list
            # where no rule proposed it either (业主|方面|认为: a role's side), the model must be
            # sure, not merely at even odds
            cued = strengths.count(2) * 2 >= occurrences and (
                not odds
                or max(odds[s] for s, _e in spans)
                >= (MODEL_SURE if alone else _MODEL_AGAINST_VOCAB)
            )
            verdicts[name] = cued or (sure and None)
        elif level == 1:
            # a weak cue is enough where the model does not reject it — where the model alone
            # proposed it, where the model gives it an even chance (微博|反映 0.41: a word)
            likely = not odds or max(odds[s] for s, _e in spans) >= (
                _MODEL_AGAINST_VOCAB if alone else _MODEL_AGAINST
            )
            # the model alone, sure of a dictionary word that nothing at any of its occurrences
            # introduces as a person, where the word recurs (复工|续建 … 续建|资金) or starts
            # with a rare surname that is an everyday character (言传与身教): a list may still
            # vouch, no more; a field's label before it (签发：黎明, 列席：向阳) introduces one
            sure_enough = sure and not (
                alone
                and strength == 0
                and (occurrences >= 2 or name[:1] in RARE_WORD_SURNAMES)
                and entry
                and not any(text[s - 1 : s] in ("：", ":") for s, _e in spans)
            )
            verdicts[name] = (
                strength == 2 or sure_enough or (strength == 1 and likely) or None
            )  # None: a list may still vouch
        elif (
            odds
            and strength == 0
            and max(odds[s] for s, _e in spans) < (_MODEL_ALONE if alone else _MODEL_DOUBTS)
            and not given_part(name)
        ):
            verdicts[name] = None  # 惠益: only jieba's tag says name; a list may still vouch
        else:
            verdicts[name] = True
        if explain is not None:
            explain[name] = {
                "level": level,
                "cues": strengths,
                "odds": round(max(odds[s] for s, _e in spans), 3) if odds else None,
                "occurrences": occurrences,
                "model_alone": alone,
                "verdict": verdicts[name],
            }
    # a doubtful one counts next to a name in a list: 接访人员戴玉洁、安宁
    starts = {s: text[s:e] for n, sp in by_name.items() if verdicts[n] for s, e in sp}
    ends_at = {e: text[s:e] for n, sp in by_name.items() if verdicts[n] for s, e in sp}
    for name, spans in by_name.items():
        if verdicts[name] is None:
            verdicts[name] = any(
                (text[s - 1 : s] in _LIST_JOIN and s - 1 in ends_at)
                or (text[e : e + 1] in _LIST_JOIN and e + 1 in starts)
                for s, e in spans
            )
    return sorted(span for name, spans in by_name.items() if verdicts[name] for span in spans)
