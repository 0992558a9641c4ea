"""Personal data with a fixed shape: ID numbers, phones, bank cards, plates, e-mail, social-media
ids, property certificates, dates of birth, addresses and long numbers — patterns and the
validators behind them (GB 11643 check digit, Luhn).

Everything here works on normalised text (:func:`normalise`: full-width digits and letters as
ASCII, same length), so offsets are those of the text passed in.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from .lexicon import CJK as _CJK

MASK = "×××"
BIRTH_MASK = "××××年××月××日"

# --- normalisation -----------------------------------------------------------------------

# Full-width digits, letters and the signs used inside numbers and addresses (＋－．＠＿) to
# ASCII, odd hyphens to "-". Chinese punctuation (，：（） …) stays as it is. Every mapping is
# one character to one character, so offsets never move.
_FULLWIDTH = {
    code: code - 0xFEE0
    for code in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]
}
_FULLWIDTH.update({ord(c): ord(c) - 0xFEE0 for c in "＋－．＠＿"})
_FULLWIDTH.update({0x2010: 0x2D, 0x2011: 0x2D, 0x2012: 0x2D, 0x2013: 0x2D})


def normalise(text: str) -> str:
    """Same length as ``text``: full-width digits and letters become ASCII."""
    return text.translate(_FULLWIDTH)


# --- validation --------------------------------------------------------------------------

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK = "10X98765432"


def id_card_is_valid(number: str) -> bool:
    """GB 11643-1999: 17 digits + check digit (0-9 or X), with a plausible date of birth."""
    number = normalise(number).upper()
    if not re.fullmatch(r"[1-9]\d{16}[\dX]", number):
        return False
    year, month, day = int(number[6:10]), int(number[10:12]), int(number[12:14])
    if not (1900 <= year <= 2100 and 1 <= month <= 12 and 1 <= day <= 31):
        return False
    total = sum(int(d) * w for d, w in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK[total % 11] == number[17]


# The first two digits of a resident ID number: the province (GB/T 2260; 71 台湾, 81 香港, 82
# 澳门, 83 台湾 on residence permits).
_ID_PROVINCES = frozenset(
    str(code)
    for code in (*range(11, 16), *range(21, 24), *range(31, 38), *range(41, 47), *range(50, 55))
    + (*range(61, 66), 71, 81, 82, 83)
)


def id_card_shape(number: str) -> bool:
    """An ID number's shape, whatever its check digit: 18 characters, a province's code first
    and a real calendar date of birth in positions 7–14 (430104|19850312|6712). A mistyped
    check digit does not make a person's ID number anything else."""
    number = normalise(number).upper()
    if not re.fullmatch(r"[1-9]\d{16}[\dX]", number) or number[:2] not in _ID_PROVINCES:
        return False
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    return 1900 <= born.year <= 2100


def luhn_is_valid(number: str) -> bool:
    digits = [int(d) for d in re.sub(r"\D", "", normalise(number))]
    if len(digits) < 12:
        return False
    total = 0
    for i, digit in enumerate(reversed(digits)):
        if i % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


# --- patterns ----------------------------------------------------------------------------

_NB = r"(?<![0-9A-Za-z])"  # no digit or letter before
_NA = r"(?![0-9A-Za-z])"  # no digit or letter after

_EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")
_ID18 = re.compile(_NB + r"[1-9]\d{5}(?:19|20)\d{2}[01]\d[0-3]\d{4}[\dXx]" + _NA)
# …written in its three parts (110105 19491231 002X, 110105-19491231-002X): region, date of
# birth, sequence and check digit
_ID18_GROUPED = re.compile(_NB + r"[1-9]\d{5}([ -])(?:19|20)\d{2}[01]\d[0-3]\d\1\d{3}[\dXx]" + _NA)
# Words that say the number after them is a person's ID number (身份证号码, 公民身份号码, 证件号).
_ID_CUE = re.compile(r"(?:身份证|身份号码|证件)[^0-9\n]{0,8}$")
# …or a social security number (社会保障号码, 社保号, 社保卡号): the same digits, another kind.
_SOCIAL_SECURITY = re.compile(
    r"(?:社会保障|社会保险(?:个人)?|社保)(?:卡号码|卡号|号码|号|编号)[^0-9\n]{0,6}?(?<![0-9])(\d{17}[\dXx]|\d{9,16})(?![0-9])"
)
_ID15 = re.compile(r"(?:身份证|证件)[^0-9\n]{0,8}?(?<!\d)(\d{15})(?!\d)")
_BANK_CUE = re.compile(
    r"(?:账号|帐号|卡号|账户|帐户|银行卡|存折|收款账号|开户行)[^0-9\n]{0,12}?"
    r"(?<![0-9])(\d(?:[ -]?\d){9,27})(?![0-9])"
)
_BANK_BARE = re.compile(r"(?<![0-9])(\d{4}(?:[ -]?\d{4}){3}(?:[ -]?\d{1,3})?)(?![0-9])")
_MOBILE = re.compile(
    r"(?<![0-9])(?:(?:\+|00)?86[- ]?)?1[3-9]\d(?:\d{8}|[- ]\d{4}[- ]\d{4}|\d[- ]\d{3}[- ]\d{4})(?![0-9])"
)
_LANDLINE = re.compile(
    # the local number whole or in two groups (0571-8888 6666, (010)6552-1234)
    r"(?<![0-9])(?:[(（]0\d{2,3}[)）][- ]?|0\d{2,3}[- —])(?:\d{7,8}|\d{3,4}[- ]\d{4})"
    r"(?:[-转]\d{1,5})?(?![0-9])"
    r"|(?<![0-9])0(?:10|2\d|[3-9]\d{2})\d{7,8}(?![0-9])"
)
_PHONE_CUE = re.compile(
    r"(?:电话|手机|联系方式|座机|号码|热线|联系电话)[^0-9\n]{0,6}?(?<![0-9])(\d{7,8})(?![0-9])"
)
# Province abbreviations, as on plates and certificates.
_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼"
_PLATE = re.compile(
    r"[" + _PROVINCES + r"][A-HJ-NP-Z][·•・‧∙.\- ]?"
    r"(?:[DF][A-HJ-NP-Z0-9]{5}|\d{5}[DF]|[A-HJ-NP-Z0-9]{4}[A-HJ-NP-Z0-9挂学警港澳])" + _NA
)
_PLATE_CUE = re.compile(r"(?:车牌|牌照|号牌|车号|牌号|车辆|驾驶|轿车|货车|汽车|车)")
_SOCIAL = re.compile(
    r"(?:(?:QQ|qq|Qq|扣扣)(?:号码|号)?[:：\s]*(?P<qq>[1-9]\d{4,11})(?![0-9])"
    r"|(?:微信|weixin|WeChat|wechat|vx|VX)(?:号码|号|ID|id)?[:：\s为是]*(?P<wx>[A-Za-z][-_A-Za-z0-9]{5,19}|1[3-9]\d{9})"
    # an account, not the text of a post: after 号/账号/昵称/ID or a colon, or written @… or in
    # Latin letters and digits (微博反映的内容 is no account)
    r"|(?:微博|抖音|快手|小红书)(?:(?:号|账号|昵称|ID|id)[:：\s为是]*|[:：]\s*|[\s为是]*(?=@|[A-Za-z0-9]))"
    r"(?P<weibo>@?[A-Za-z0-9_\-" + _CJK + r"]{2,20}?)(?=[，。；、,;\s)）]|$))"
)
_PROPERTY = re.compile(
    r"[" + _PROVINCES + r"][(（]\d{4}[)）][" + _CJK + r"]{0,12}?不动产(?:权|证明)第\d+号"
    r"|(?:房|房屋所有|土地使用|集体土地使用|房地产)权?证?[" + _CJK + r"]{0,10}?字第[\d-]+号"
    # 某集用（1993）字第0412号, 某国用（2004）第12号: a land certificate's number, led by the
    # county's abbreviation (one to three characters after a cue or a punctuation mark)
    r"|(?<![^为是:：\s(（，,、])[" + _CJK + r"]{1,3}?(?:集用|国用|集建|房权证)[(（]\d{4}[)）]"
    r"[" + _CJK + r"]{0,3}?第[\d-]+号"
    r"|(?:不动产权证|房产证|产权证|土地证|房屋所有权证)(?:号码|号|编号)[:：\s为是]*[A-Za-z0-9\-()（）]{5,30}"
)
_DATE = r"(?:19|20)\d{2}\s?(?:年\s?\d{1,2}\s?月\s?\d{1,2}\s?日?|[-./]\d{1,2}[-./]\d{1,2})"
_BIRTH = re.compile(
    r"(?:出生于|生于|出生日期[:：为是]?|生日[:：为是]?|出生年月日[:：]?)\s*(" + _DATE + r")(?!\d)"
    # 桂林生于2023年8月15日签收: a name ending in 生, then 于 + the date of an action
    r"(?!日?\s?(?:签收|来访|来信|提出|向|到|在|前往|领取|收到|递交|反映|申请|致电|参加|接受|签字))"
    r"|(" + _DATE + r")\s?(?=出生|生人|生[，,）)；;。])"
)
_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{11,}(?![0-9A-Za-z])")

# Addresses: a street, village or estate followed by house-level detail (号, 栋, 单元, 室…).
_ADDR_STOP = "住在于至到址位是的和与及向从往区县市省旗州某人称其系为将把被因对、，,。；;：:（）()《》“”\"'\\s"
_ADDR_CH = (
    r"(?:(?![" + _ADDR_STOP + r"])[" + _CJK + r"A-Za-z0-9]"
    # 某小区, 某巷, 某弄: a place the writer left unnamed is still followed by a house number
    r"|某(?=小区|巷|弄|村|社区|路|街|大厦|花园|公寓|苑|组|栋|号)"
    # 泉水H区8号楼: a lettered or numbered part of an estate; 某小区 after a crossing
    r"|(?<=[A-Za-z0-9一二三四五六七八九十])区|小区)"
)
# 潜山路与长江西路交口西南侧: a crossing of two streets, after the first
_ADDR_CROSSING = (
    r"(?:[与和][" + _CJK + r"]{1,8}?(?:路|街|大道)(?:交口|交叉口|交汇处)[东南西北]{0,2}侧?)?"
)
_ADDR_PLACE = (
    r"(?:" + _ADDR_CH + r"{1,10}?(?:街道|镇|乡))?"
    r"(?:" + _ADDR_CH + r"{1,10}?(?:村|社区|居委会))?"
    r"(?:"
    + _ADDR_CH
    + r"{1,10}?(?:路|街|大道|大街|巷|弄|胡同|小区|花园|新村|家园|公寓|大厦|苑|广场|村|组|社"
    # 望京西园三区312号楼: a numbered part of an estate ends the place like a street
    r"|(?<=[一二三四五六七八九十])区))"
)
_ADDR_UNIT = (
    # 9座1806房: 座 for a tower and 房 for a flat, as written in Guangdong
    r"(?:[0-9一二三四五六七八九十]+(?:号楼|号院|号|栋|幢|座|单元|楼|层|室|房|组|社|附[0-9]+号)[-—]?)"
)
_ADDR_HOUSE = _ADDR_UNIT + r"+(?:[0-9]+(?:-[0-9]+)*号?)?"
_ADDRESS = re.compile(
    r"(?:" + _ADDR_CH + r"{1,10}?(?:街道|镇|乡))?"
    r"(?:"
    + _ADDR_CH
    + r"{1,10}?(?:村|社区))?"
    + _ADDR_PLACE
    + _ADDR_CROSSING
    + r"(?:"
    + _ADDR_CH
    + r"{0,8}?)"
    + _ADDR_HOUSE
    # 粤海街道科技园社区海岸城东座2216室: a subdistrict or a community, then a building with
    # no street word, then the house
    + r"|(?P<building>"
    + _ADDR_CH
    + r"{1,10}?(?:街道|社区)"
    r"(?:" + _ADDR_CH + r"{1,10}?社区)?" + _ADDR_CH + r"{0,10}?" + _ADDR_HOUSE + ")"
)
# …but a public body's building is no one's home (古美路街道社区党群服务中心二楼), and a
# building without a street needs a flat or a house number (2216室, 8号楼3单元)
_ADDR_PUBLIC = re.compile(r"中心|办事处|居委会|村委会|服务|大厅|政府|办公")
_ADDR_FLAT = re.compile(r"[0-9一二三四五六七八九十]+(?:室|号|单元)")


# Titles of laws and documents in 《》: no personal data inside, and names are not read there.
QUOTED_TITLE = re.compile(r"《[^《》\n]{1,60}》")


@dataclass
class Span:
    """A pattern's finding; where two overlap, the lower ``priority`` wins."""

    kind: str
    start: int
    end: int
    priority: int


def pattern_spans(norm: str) -> list[Span]:
    """Every pattern's findings in normalised text, overlaps resolved."""
    spans: list[Span] = []

    def add(kind, start, end, priority):
        spans.append(Span(kind, start, end, priority))

    for m in _EMAIL.finditer(norm):
        add("email", m.start(), m.end(), 0)
    for m in _PROPERTY.finditer(norm):
        add("property_cert", m.start(), m.end(), 1)
    for m in _SOCIAL_SECURITY.finditer(norm):
        add("social_id", m.start(1), m.end(1), 1)
    for m in _ID18.finditer(norm):
        # a valid check digit, or the shape of one after a word that says it is one (身份证号码
        # 430104198503126712: a mistyped check digit is still a person's ID number)
        if id_card_is_valid(m.group()) or (
            id_card_shape(m.group()) and _ID_CUE.search(norm, max(0, m.start() - 14), m.start())
        ):
            add("id_card", m.start(), m.end(), 2)
    for m in _ID18_GROUPED.finditer(norm):
        digits = re.sub(r"[ -]", "", m.group())
        if id_card_is_valid(digits) or (
            id_card_shape(digits) and _ID_CUE.search(norm, max(0, m.start() - 14), m.start())
        ):
            add("id_card", m.start(), m.end(), 2)
    for m in _ID15.finditer(norm):
        add("id_card", m.start(1), m.end(1), 2)
    for m in _SOCIAL.finditer(norm):
        group = next(g for g in ("qq", "wx", "weibo") if m.group(g))
        add("social_id", m.start(group), m.end(group), 3)
    for m in _BANK_CUE.finditer(norm):
        add("bank_card", m.start(1), m.end(1), 4)
    for m in _BANK_BARE.finditer(norm):
        # an ID number's shape is no bank card, even when the digits happen to pass Luhn
        if luhn_is_valid(m.group(1)) and not id_card_shape(re.sub(r"\D", "", m.group(1))):
            add("bank_card", m.start(1), m.end(1), 4)
    for m in _MOBILE.finditer(norm):
        add("phone", m.start(), m.end(), 5)
    for m in _LANDLINE.finditer(norm):
        add("phone", m.start(), m.end(), 5)
    for m in _PHONE_CUE.finditer(norm):
        add("phone", m.start(1), m.end(1), 6)
    for m in _PLATE.finditer(norm):
        # letters only (渝A·DFGHK) only next to a word that says it is a vehicle: before it
        # (车牌渝A·DFGHK) or after it (渝ADFGHK号小型轿车, 渝ADFGHK的车)
        if (
            any(ch.isdigit() for ch in m.group())
            or _PLATE_CUE.search(norm, max(0, m.start() - 30), m.start())
            or _PLATE_CUE.search(norm, m.end(), m.end() + 12)
        ):
            add("plate", m.start(), m.end(), 6)
    for m in _BIRTH.finditer(norm):
        group = 1 if m.group(1) else 2
        add("birth_date", m.start(group), m.end(group), 7)
    for m in _ADDRESS.finditer(norm):
        if m.group().startswith("某"):
            continue  # 某村3组, 某小区7栋: already anonymised, nothing named is left
        if m.group("building") and (
            _ADDR_PUBLIC.search(m.group()) or not _ADDR_FLAT.search(m.group())
        ):
            continue
        if m.end() - m.start() >= 4:
            add("address", m.start(), m.end(), 8)
    for m in _NUMBER.finditer(norm):
        add("number", m.start(), m.end(), 9)
    return join_addresses(resolve(spans))


def join_addresses(spans: list[Span]) -> list[Span]:
    """Address spans that touch are one address: a street's number and the estate, building
    and flat written right after it (花园街88号|阳光花苑5号楼1202室) are one place to live."""
    joined: list[Span] = []
    for span in spans:
        last = joined[-1] if joined else None
        if last and last.kind == span.kind == "address" and last.end == span.start:
            joined[-1] = Span("address", last.start, span.end, last.priority)
        else:
            joined.append(span)
    return joined


def resolve(spans: list[Span]) -> list[Span]:
    """Drop spans overlapping a span of higher priority (lower number), then a longer one."""
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.priority, -(s.end - s.start), s.start)):
        if all(span.end <= c.start or span.start >= c.end for c in chosen):
            chosen.append(span)
    return sorted(chosen, key=lambda s: s.start)


def blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """Replace the given spans with a separator char (keeps offsets, stops jieba merging)."""
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            chars[i] = "\u3001" if chars[i] != "\n" else "\n"
    return "".join(chars)


def replacement(kind: str, text: str) -> str:
    """What a finding of ``kind`` becomes in redacted text."""
    if kind == "birth_date":
        return BIRTH_MASK
    if kind == "plate":
        return text[:2] + "×××××"
    return MASK
