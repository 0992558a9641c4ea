"""The context around a name: words before and after it that only a person takes (信访人 …,
… 女士, 等3人, 走访了 …), as compiled patterns the name rules and the name model share.

The cue word lists are data (``lexicon/cues_before.txt``, ``cues_after.txt``); what is here is
how they are anchored.
"""

from __future__ import annotations

import re

from .lexicon import CJK as _CJK
from .lexicon import COMPOUND_SURNAMES, CUES_AFTER, CUES_BEFORE, SURNAMES

# One alternation matching any surname, compound ones first.
SURNAME_RE = (
    "|".join(sorted(COMPOUND_SURNAMES, key=len, reverse=True)) + "|[" + "".join(SURNAMES) + "]"
)

# Cues after a name strong enough to accept a surname that is also a word (施建平等32名,
# 高明亮，男, 方晓明副局长): a title, a sex marker or a head count.
# A leader's title (a post that one person holds)
LEADER_TITLES = (
    r"副?(?:主任|科长|局长|处长|书记|区长|镇长|乡长|县长|市长|省长|州长|厅长|旗长|村长|所长|站长|"
    r"院长|队长|组长|部长|主席|董事长|总经理|校长|经理|委员|检察长|庭长|审判长|政委|教导员|指导员)"
)
STRONG_AFTER = re.compile(
    r"(?:女士|先生|同志|师傅|夫妇|等人|等[0-9一二三四五六七八九十百]+[人名户位]|"
    # 杞云祥等业主反映: "X and other owners" — X is one of them
    r"等(?:[0-9一二三四五六七八九十百]+[名户位])?(?:业主|村民|居民|群众|职工|员工|工人|农民工|"
    r"住户|商户|家属|信访人|来访人|访民)|"
    r"[（(，,]\s?[男女][，,）)]|" + LEADER_TITLES + r"|律师|法官|检察官|警官|医生|老师|教师|代表)"
)
ORG_END = frozenset("部委局办所队站厂院司处科组会社村校庭")
SEX_AFTER = re.compile(r"[（(，,]\s?[男女][，,）)]")
# A sex marker and then a birth year, an age or an ethnicity (夏天，男，1968年生; 文明（女，45岁）):
# how judgments and petitions introduce a person, whatever the name's string is otherwise.
SEX_AND_BIRTH_AFTER = re.compile(
    r"[（(，,]\s?[男女][，,、]\s?(?:[0-9]{4}年|[0-9]{1,3}岁|[\u4e00-\u9fff]{1,3}族|生于|出生)"
)
# Verbs whose object is often a person: 接待了王建国, 约谈了刘洋, 走访了冯玉兰.
VERB_NAME = re.compile(
    r"(?:接待|约谈|约见|联系|告知|通知|走访|协调|询问|看望|慰问|会见|召集|推选|找到|答复|"
    r"陪同|带领|安排|劝导|教育|批评|劝返)了?(?=("
    + "|".join(sorted(COMPOUND_SURNAMES, key=len, reverse=True))
    + "|["
    + "".join(SURNAMES)
    + "]))"
)
# …the same verbs right before a position (询问宝音: a cue for a name without a surname)
VERB_BEFORE = re.compile(VERB_NAME.pattern.split("(?=")[0] + "$")
# Nicknames: 老张, 小李 (only for a surname of a name found in the same text).
NICK = re.compile(r"[老小]([" + "".join(SURNAMES) + r"])")
NICK_PAREN = re.compile(r"[老小]([" + "".join(SURNAMES) + r"])[（(](\1[" + _CJK + r"]{1,2})[）)]")
PUBLIC_SUFFIX = frozenset("区县市省镇乡村路街局厅委院司厂校")
# Person slots. A name-shaped string (surname + one or two given-name characters) counts when
# it sits between a word that takes a person (走访了, 约谈, 会同, 由 …, or just the start of a
# clause) and a continuation that only a person takes (家, 的儿子, 之妻, 本人, 夫妇, 等3人, 反映,
# 称 …). Strong slots score 2, weak ones 1; a string that begins or is a dictionary word loses a
# point; a surname that is an everyday word needs 3, any other 2.
SLOT_LEFT_STRONG = re.compile(
    r"(?:走访|约谈|约见|接待|告知|通知|联系|会同|看望|慰问|会见|召集|询问|答复|督促|责令|"
    r"转告|委托|陪同|安排|邀请|协助|帮助|送达|交由|由|经)了?$"
)
SLOT_LEFT_WEAK = re.compile(r"(?:^|[，。；：:、！？\n“”（(\s]|向|与|和|对|给|及|同|让|请|叫)$")
SLOT_RIGHT_STRONG = re.compile(
    r"(?:[：:]\s?(?:你|您)|家(?=[，。；、！？\s,;]|中|里|属|人|门口|的)|一家|本人|夫妇|夫妻|父子|母子|母女|父女|"
    r"兄弟|姐妹|等人|等[0-9一二三四五六七八九十百]+[人名户位]|"
    r"的(?:儿子|女儿|妻子|丈夫|父亲|母亲|爱人|老伴|儿媳|女婿|孙子|孙女|家属|家人|亲属|哥哥|"
    r"姐姐|弟弟|妹妹|诉求|信访事项|来信|复查申请)|之(?:子|女|妻|夫|父|母))"
)
# Surnames that are above all function words: 和新录用, 向人民法院, 于法有据.
LIST_END = re.compile(
    r"(?:走访|约谈|接待|陪同|参加|出席|到场|来访|来信|反映|称|表示|说|认为|夫妇|等人|"
    r"等[0-9一二三四五六七八九十百]+[人名户位]|二人|三人|两人|[，。；、])"
)
SLOT_RIGHT_WEAK = re.compile(
    r"(?:反映|称|表示|说|认为|来访|来信|诉称|辩称|签收|拒绝|不服|撤回|提出|承认|同意|坚持|"
    r"介绍|主持|汇报|牵头|在场|签字|到场|"
    r"于\s?[0-9])"
)
CUE_END = re.compile(r"(?:" + CUES_BEFORE + r")[:：\s]?$")
CUE_NAME = re.compile(r"(?:" + CUES_BEFORE + r")[:：\s]?(?:<[a-z]{1,6}>)?(?=(" + SURNAME_RE + r"))")
NAME_BEFORE_CUE = re.compile(r"(" + SURNAME_RE + r")([" + _CJK + r"]{1,2}?)(?=" + CUES_AFTER + r")")
ENUM_NEXT = re.compile(r"\s*(?:、|和|与|及|以及|,|，)\s*(?=(" + SURNAME_RE + r"))")
# A surname at the start of a clause (after punctuation or a line break).
CLAUSE_NAME = re.compile(
    r"(?:^|(?<=[，。；：、！？\n“”‘’（）()\s,;:!?]))(?:" + SURNAME_RE + r")(?=[" + _CJK + r"])",
    re.M,
)

# After a leader's title, what only a person does next: 市长万里指出, 书记高明主持, 县长向阳、
LEADER_TITLE = re.compile(LEADER_TITLES)
LEADER_NAME_AFTER = re.compile(
    r"(?:"
    + LIST_END.pattern
    + r"|"
    + SLOT_RIGHT_WEAK.pattern
    + r"|"
    + STRONG_AFTER.pattern
    + r"|带队|一行|指出|讲话|强调|要求|批示|部署|和|与|及)"
)
