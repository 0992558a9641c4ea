"""Issue 15, round four: the classes of error a petition-style development set showed
(`bench/anonymiser/regression/petitions_i.txt`). Every sentence here was written for the test;
none is copied from a bench set."""

import pytest

from case_library.anonymiser import evidence, find, redact
from case_library.anonymiser.patterns import id_card_shape
from case_library.anonymiser.words import tokens


def only(text, kind):
    return [f.text for f in find(text) if f.kind == kind]


# --- 1. ID numbers with a mistyped check digit ----------------------------------------------

# 320583 (昆山) + 1979-06-21 + 4415: the right check digit would be another one
_BAD_CHECK = "320583197906214415"


def test_an_id_numbers_shape_is_checked_without_the_check_digit():
    assert id_card_shape(_BAD_CHECK)
    assert not id_card_shape("320583197913214415")  # month 13
    assert not id_card_shape("320583197902304415")  # 30 February
    assert not id_card_shape("990583197906214415")  # no province 99


@pytest.mark.parametrize("cue", ["身份证号码", "公民身份号码：", "身份证号为", "证件号码"])
def test_an_id_number_after_its_cue_is_an_id_even_with_a_wrong_check_digit(cue):
    text = f"来访人宋立，{cue}{_BAD_CHECK}，要求复查。"
    assert only(text, "id_card") == [_BAD_CHECK]
    assert _BAD_CHECK not in redact(text)


def test_an_id_numbers_shape_is_no_bank_card_even_when_it_passes_luhn():
    # 430104 + 1985-03-12: a wrong GB 11643 check digit, but the 18 digits pass Luhn
    number = "430104198503126712"
    assert only(f"身份证号码{number}。", "id_card") == [number]
    assert only(f"附件编号{number}。", "bank_card") == []


def test_a_number_labelled_social_security_is_a_social_id():
    for cue in ("社会保障号码", "社保号：", "社保卡号"):
        text = f"申请人的{cue}{_BAD_CHECK}，已核对。"
        assert only(text, "social_id") == [_BAD_CHECK], cue
        assert only(text, "bank_card") == []


def test_bank_cards_stay_bank_cards():
    assert only("转入6222020830166131862后", "bank_card") == ["6222020830166131862"]
    assert only("卡号6228480402564890018。", "bank_card") == ["6228480402564890018"]


# --- 2. ordinary words taken for names --------------------------------------------------------


def names(text):
    return only(text, "person_name")


@pytest.mark.parametrize(
    "text, word",
    [
        # a role word before a dictionary word that nothing a person does follows: the role's
        # thing (the workers' resettlement fee, the owners' cars, the petitioner's own text)
        ("关于改制企业拖欠职工安置费的问题，区人社局已督促企业限期补发。", "安置费"),
        ("【来访人原文】\n我于去年三月搬进新房，至今没有拿到房产证。", "原文"),
        # a role word, a common noun, and a string ending inside the next word
        ("业主车库漏水，业主代表要求物业维修。", "车库漏"),
        # a role word itself is no name, however sure the model is
        ("仓库是租来的，房东说老板欠了三个月租金，他也联系不上人。", "房东"),
        # 任 is the verb 担任 before a post
        ("专班由区委副书记任组长，区长任常务副组长，副区长任副组长。", "任常务"),
        ("专班由区委副书记任组长，区长任常务副组长，副区长任副组长。", "任副"),
    ],
)
def test_ordinary_words_are_no_names(text, word):
    assert word not in names(text)


def judged(text, word, *, odds, ruled):
    """The evidence step alone on one proposal of ``word`` (the model's odds everywhere
    ``odds``; proposed by a rule or by the model alone)."""
    start = text.index(word)
    span = (start, start + len(word))
    kept = evidence.judge(
        text, [span], tokens(text), [odds] * len(text), ruled=[span] if ruled else []
    )
    return span in kept


def test_a_role_before_a_thing_is_the_roles_thing():
    # the model alone proposed 车辆 after 业主, and nothing a person does follows it
    assert not judged("停车场以欠费为由拦截业主车辆进出。", "车辆", odds=0.8, ruled=False)
    assert judged("停车场以欠费为由拦截业主高峰，男，现住该小区。", "高峰", odds=0.8, ruled=False)


def test_a_whole_verb_after_a_role_word_is_no_name():
    # jieba reads 勾选 as one verb; the model gives it no chance
    assert not judged("测评时，被调查人勾选“满意”后签名。", "勾选", odds=0.04, ruled=True)


@pytest.mark.parametrize("lane", ["殷巷", "范巷", "钱弄"])
def test_lanes_are_places(lane):
    assert not judged(f"需结合{lane}安置点剩余房源统筹研究。", lane, odds=0.3, ruled=True)


def test_a_person_with_the_surname_ren_before_a_post_is_still_found():
    text = "区信访局局长任海燕任副组长，负责日常协调。"
    assert "任海燕" in names(text)


def test_a_word_like_name_after_a_role_with_a_person_after_it_stays():
    assert "高峰" in names("信访人高峰反映，其承包地被占用。")
    assert "高峰" in names("业主高峰，男，现住该小区。")


# --- 3. names: boundaries and misses ----------------------------------------------------------


def test_a_tibetan_name_of_known_parts_is_read_whole():
    text = "协调会由副县长泽仁多杰主持，会后泽仁多杰带队走访了两户牧民。"
    assert names(text) == ["泽仁多杰", "泽仁多杰"]


def test_a_rare_surname_before_and_others_like_them():
    # 杞 is a surname; "X等业主" says X is one of the owners
    assert names("杞国强等住户反映漏水。") == ["杞国强"]
    assert names("社区通知：\n杞文华等业主反映小区电梯长期停运。") == ["杞文华"]


@pytest.mark.parametrize(
    "text, name",
    [
        ("据了解，申请人的岳父关永和居住在老屋。", "关永和"),
        ("区信访局接待人员甘露作了登记。", "甘露"),
    ],
)
def test_kinship_words_and_receiving_staff_take_a_person(text, name):
    assert name in names(text)


def test_the_first_and_last_items_of_a_list_of_names_are_names():
    # 向 and 解 are surnames that are also words; in a list of names they are names
    text = "诉求最强烈的是向前勇、邹国平、韩立新。会议请邹国平、韩立新、解长河落实化解责任。"
    found = names(text)
    assert "向前勇" in found
    assert "解长河" in found


def test_a_list_of_things_after_names_stays():
    text = "走访对象为邹国平、韩立新、高度重视的几户困难群众。"
    assert "高度" not in names(text)


# --- 4. long addresses --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, house",
    [
        # a subdistrict and a community, then a building without a street word
        ("现住杭州市西湖区文新街道学院路社区金都大厦南座1508室，", "1508室"),
        # a lettered part of an estate
        ("住沈阳市浑南区五三街道浑南B区12号楼2单元301室。", "301室"),
        # a crossing of two streets and an estate left unnamed
        ("住昆明市五华区华山街道东风路与青年路交叉口东北侧某小区3栋2单元502室。", "502室"),
        # a lane or an alley left unnamed, after a named street
        ("住苏州市姑苏区平江街道临顿路某巷15号，", "15号"),
        ("住上海市徐汇区田林街道钦州路某弄8号1102室。", "1102室"),
    ],
)
def test_long_addresses_are_found_to_the_flat(text, house):
    found = only(text, "address")
    assert found and found[-1].endswith(house)
    assert house not in redact(text)


@pytest.mark.parametrize(
    "text",
    [
        "2024年3月组织对第二层进行了检测。",
        "经走访，某村3组的灌溉渠已修复。",
        "座谈会在文新街道社区党群服务中心三楼召开。",
    ],
)
def test_what_is_no_ones_address_stays(text):
    assert only(text, "address") == []
