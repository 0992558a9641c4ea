"""Issue 15: real legal prose — words, places, organisations, case numbers and pseudonyms are
not people; recall on petition-style text is kept (a plate of letters only, a name after a
leader's title)."""

import pytest

from case_library.anonymiser import find, find_many, redact
from case_library.anonymiser.evidence import context_spans, doubt
from case_library.anonymiser.words import tokens


def names(text):
    return [f.text for f in find(text) if f.kind == "person_name"]


@pytest.mark.parametrize(
    "text",
    [
        "第二十条 持原发证机关核发的许可证件的，应当在期限内换领新证。",
        "组织农民专业合作社开展宣传，查清事实，不得迟报、漏报、谎报。",
        "县级以上人民政府应当建立健全易燃易爆危险品管理制度，弘扬文明新风。",
        "试点地区为吉林、江苏、安徽、福建等省。",
        "检察官享有下列权利和其他权利；实施封锁，严禁相互勾结。",
    ],
)
def test_legal_prose_without_personal_data_gives_no_names(text):
    """Law text holds no personal data: vocabulary (原发证, 农民, 许可, 迟报), a cut through a
    word (权利|和) and a list of provinces are no names."""
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "not_a_name"),
    [
        ("张莉诉北京合力华通汽车服务有限公司买卖合同纠纷案", "华通"),
        ("原告在欧尚超市江宁店购买了商品。", "江宁"),
        ("怀宁国土局作出了处罚决定。", "怀宁国"),
        ("依据劳部发〔1994〕489号文的规定。", "劳部发"),
        ("见（2013）陕民三终字第38号民事判决。", "陕民三"),
        ("岳阳仲裁委员会以岳仲决字〔2017〕8号决定驳回异议。", "岳仲决"),
        ("工行岳阳分行与湖南巴陵建设有限公司签订合同。", "巴陵"),
    ],
)
def test_organisations_and_case_numbers_are_not_people(text, not_a_name):
    """A string inside an organisation's name, a case number or a document number is no
    person's name."""
    assert not_a_name not in names(text)


def test_context_spans_cover_organisations_numbers_and_pseudonyms():
    text = "向宁某某支付合力华通汽车服务有限公司，依劳部发〔1994〕489号"
    spans = [text[a:b] for a, b in context_spans(text, tokens(text))]
    assert "宁某某" in spans
    assert any(s.endswith("劳部发〔1994〕489号") for s in spans)
    assert any(s.endswith("合力华通汽车服务有限公司") for s in spans)


@pytest.mark.parametrize(
    ("text", "wrong"),
    [
        ("当事人向宁某某借款五万元。", "向宁"),
        ("被告未支付林某工资。", "付林"),
        ("此后张甲称其不知情。", "后张甲"),
        ("受害人小胡（化名）在校期间，同学成小胡（化名）……", "成小胡"),
    ],
)
def test_pseudonyms_are_safe_and_never_cut(text, wrong):
    """Already pseudonymised forms (X某某, X某, 张甲, 小X introduced as 化名) are not
    re-flagged, and no proposal swallows a character before them."""
    found = names(text)
    assert wrong not in found
    assert not any("某" in n or n.endswith("甲") for n in found)


def test_a_named_party_keeps_its_boundary():
    """退还张莉购车款: the name is 张莉, not 张莉购 (张莉 is a party named in the title)."""
    found = names("张莉诉合力华通公司纠纷案。合力华通公司应退还张莉购车款。")
    assert set(found) == {"张莉"}


@pytest.mark.parametrize(
    "text", ["待脱敏：某小区业主群体来访", "业主反映延期交房（草稿，尚未脱敏）。"]
)
def test_the_demo_drafts_title_is_no_person(text):
    """「待脱敏：…」 gave a false person 脱敏: a dictionary word without a surname needs a cue."""
    assert names(text) == []


def test_doubt_levels():
    assert doubt("安全") == 2  # recurs as a word of legal prose
    assert doubt("脱敏") == 2  # a dictionary word without a surname
    assert doubt("岳阳") == 1  # a place
    assert doubt("王建国") == 0
    assert doubt("老王") == 0


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("副县长高峰带队到现场。", "高峰"),
        ("县长万里到场听取意见。", "万里"),
        ("县委书记赵刚说，要依法处理。", "赵刚"),
        ("区长方圆表示同意。", "方圆"),
    ],
)
def test_a_name_right_after_a_leaders_title_is_found(text, expected):
    """A name right after a leader's title (even one that is also a word) is found with its
    boundary and does not survive redaction."""
    assert names(text) == [expected]
    assert expected not in redact(text)


@pytest.mark.parametrize("text", ["车牌渝A·DFGHK的轿车", "驾驶车牌号为渝ABCDEF的车辆"])
def test_a_plate_of_letters_only_after_a_plate_cue(text):
    """A plate written with letters only is found when the text says it is a plate."""
    found = [f for f in find(text) if f.kind == "plate"]
    assert found
    assert found[0].text not in redact(text)


def test_letters_alone_are_no_plate():
    assert [f for f in find("渝ABCDE") if f.kind == "plate"] == []


def test_real_names_in_a_published_case_stay_found():
    """Real parties and judges of a published judgment are still names."""
    text = (
        "被告人李开祥制作一款软件。上海市奉贤区人民法院判决李开祥犯侵犯公民个人信息罪。"
        "（生效裁判审判人员：李晓杰、管玉洁、高晔涛）"
    )
    assert set(names(text)) == {"李开祥", "李晓杰", "管玉洁", "高晔涛"}


def test_words_in_one_text_do_not_spread_to_the_others():
    texts = ["国家保障安全生产。", "信访人王建国反映安全问题。"]
    found = [[f.text for f in r if f.kind == "person_name"] for r in find_many(texts)]
    assert found == [[], ["王建国"]]


def _names_in(text):
    return [f.text for f in find(text) if f.kind == "person_name"]


@pytest.mark.parametrize(
    ("text", "not_a_name"),
    [
        # an organisation whose name holds what it does (处置, 服务) and a place before it
        ("检察院诉郎溪华远固体废物处置有限公司、宁波米泰贸易有限公司环境污染案", "郎溪华"),
        ("2015年初，郎溪华远固体废物处置有限公司收购了废渣。", "郎溪华"),
        # a preposition jieba glued to the first characters of a company's name
        ("常力蜂业公司应向斯万斯克公司支付286230美元。", "向斯万"),
        # staff of a body named by its short name
        ("交由中银通工作人员用于批量注册激活。", "银通"),
        # inside a quoted term, not at its start: a forum, a card
        ('发布于暗网"茶马古道"论坛售卖。', "马古道"),
        ('注册激活"中银通·魔方元"联名预付费卡。', "银通·魔方元"),
        # a word before a quantity
        ("血液酒精浓度含量高达213mg/100ml，处于严重醉酒状态。", "高达"),
        ("造成高达10815021元的生态环境损害。", "高达"),
        # a place before 水域 at one of its occurrences counts for all of them
        ("驾快艇围堵在微山湖水域张楼湖面捕鱼的群众。此前执法船在张楼水域巡逻。", "张楼"),
        # a surname and a one-character noun, as jieba reads them
        ("二人商定共同在长江盗采江砂。何某东低价收购盗采的江砂。", "江砂"),
    ],
)
def test_published_case_words_places_and_companies_are_no_people(text, not_a_name):
    """Issue 15's remaining classes on published cases: company names (郎溪华远…有限公司,
    斯万斯克公司, 中银通), quoted names of things, words before a quantity, a place named
    before 水域, a surname character with a noun (江|砂)."""
    assert not_a_name not in _names_in(text)


@pytest.mark.parametrize(
    ("text", "not_a_name"),
    [
        ("禁止将含有汞、镉、砷、铬、铅、氰化物、黄磷等的可溶性剧毒废渣排入水体。", "黄磷"),
        ("如粮食、豆、棉花、油、麻、烟草、籽仁、干果、鲜果等产品。", "籽仁"),
        ("在三门峡、小浪底、故县、陆浑、河口村水库库区养殖。", "陆浑"),
        ("经营者可以以明示方式向交易相对方支付折扣，或者向中间人支付佣金。", "向中"),
        ("投保人指定受益人时须经被保险人同意。", "时须"),
    ],
)
def test_legal_prose_lists_and_cut_words_are_no_people(text, not_a_name):
    """A list whose other items are things holds things; a proposal ending inside a word
    (向中|间人) or read by jieba as one adverb (时须) is no name."""
    assert not_a_name not in _names_in(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("由方志远会同镇政府重新测量圈舍面积。区生态环境局方志远介绍了关停依据。", "方志远"),
        ("参会人员：戚永福（区人力社保局）。戚永福要求公司先行垫付社保费。", "戚永福"),
        ("被告人熊昌恒5.8万余元，被告人熊昌林2.9万余元。", "熊昌恒"),
        ("被告人张坤、朱旭东、李开祥到案。", "朱旭东"),
    ],
)
def test_names_near_bodies_lists_and_sums_stay_found(text, name):
    """The organisation, list and quantity evidence leaves people: a name before 会同镇政府
    or 要求公司, a defendant before a sum, names in a list of names."""
    assert name in _names_in(text)


@pytest.mark.parametrize(
    ("text", "not_a_name"),
    [
        ("在当事人已达成仲裁协议的情况下，对于合同是否成立的争议。", "已达成"),
        ("提名并报请中央人民政府任命下列主要官员：各司司长、廉政专员、审计长。", "司司长"),
        ("按照德才兼备的标准。法官等级的确定，以法官德才表现、业务水平为依据。", "德才"),
        ("按照规定提出国家共享惠益的方案，并遵守我国法律。", "惠益"),
    ],
)
def test_weak_evidence_is_no_name(text, not_a_name):
    """A role word before legal vocabulary the model doubts (当事人|已达成, 法官|德才), a
    surname with a body's head (司|司长), and a string only jieba's tag calls a name with no cue
    and a doubting model (惠益) are no names."""
    assert not_a_name not in _names_in(text)
