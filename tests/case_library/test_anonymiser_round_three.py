"""Issue 15, round three: evidence from the whole document decides, not word lists.

- a string only the model proposes, with no cue at any of its occurrences, is a person only
  when the model is sure (a person in a judgment or a petition is introduced as one);
- a name introduced by a role at two occurrences or more is not undone by one occurrence next
  to things;
- the length of a name comes from where it stands alone;
- a role before and a sex marker after outweigh the model's doubt;
- a leader's title followed by what only a person does marks a name, also one that is a word;
- a plate of letters only is a plate next to a vehicle word on either side;
- the text of a post after 微博 is no account.
"""

import pytest

from case_library.anonymiser import find, redact


def names(text):
    return [f.text for f in find(text) if f.kind == "person_name"]


@pytest.mark.parametrize(
    ("text", "not_a_name"),
    [
        ("原告长期在e龙西祠胡同网站登记上网，并主持讨论版。", "龙西祠"),
        ("被告提交了业务受理单和入网服务协议，借以证明双方存在合同关系。", "单和"),
        ("申请人还声称，曾为被告垫付奥轮因滞留而产生的其他费用。", "付奥轮"),
        ("该帖发表于网站，文中有攻击他人的言词。", "文中有"),
        ("她在微博反映的内容与客观事实基本一致。", "微博"),
    ],
)
def test_what_only_the_model_proposes_without_any_cue_is_no_name(text, not_a_name):
    """No role, title, verb or list anywhere around it and a model that is not sure: a word."""
    assert not any(not_a_name in n or n in not_a_name for n in names(text))


def test_a_name_introduced_by_roles_survives_one_occurrence_next_to_things():
    text = (
        "被告人：梁德顺，男，44岁。公诉机关指控被告人梁德顺毁坏他人财物。"
        "证据有：证券营业部提供的情况证明、梁德顺于2002年5月16日书写的供词。"
        "被告人梁德顺对指控不持异议。"
    )
    assert names(text) == ["梁德顺"] * 4


def test_the_length_of_a_name_comes_from_where_it_stands_alone():
    text = (
        "受害人邵尧在站台候车。邵尧横穿线路。工作人员向邵尧大声示警。"
        "事故的原因，邵尧负本起事故的全部责任。"
    )
    assert names(text) == ["邵尧"] * 4


def test_a_role_before_and_a_sex_marker_after_outweigh_the_model():
    assert names("被告人：班保存，男，31岁，住所地甘肃省平凉市。") == ["班保存"]


def test_a_one_part_minority_name_after_a_verb_that_takes_a_person():
    assert names("派出所民警询问宝音，宝音称当晚在家。") == ["宝音", "宝音"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("会上，市长万里指出，要依法接待群众。", ["万里"]),
        ("副市长万里、区长向阳出席了接访活动。", ["万里", "向阳"]),
        ("村主任文明同志带队走访。", ["文明"]),
        ("局长方圆主持会议，研究信访事项。", ["方圆"]),
    ],
)
def test_a_name_right_after_a_leaders_title(text, expected):
    assert names(text) == expected
    redacted = redact(text)
    assert not any(name in redacted for name in expected)


@pytest.mark.parametrize(
    "text",
    [
        "县长高度重视此事。",
        "局长于会上强调依法办事。",
        "书记在会上讲话。",
        "县长办公会研究决定。",
        "由总后勤部部长和政治委员组成。",
    ],
)
def test_a_leaders_title_before_ordinary_words_marks_no_name(text):
    assert names(text) == []


@pytest.mark.parametrize(
    ("text", "plate"),
    [
        ("渝ADFGHK号小型轿车在路口撞倒行人。", "渝ADFGHK"),
        ("他驾驶一辆川A・BCDEF的白色面包车离开。", "川A・BCDEF"),
        ("号牌为苏E KLMNP的货车停在门口。", "苏E KLMNP"),
    ],
)
def test_a_plate_of_letters_only_next_to_a_vehicle_word(text, plate):
    assert [(f.kind, f.text) for f in find(text) if f.kind == "plate"] == [("plate", plate)]
    assert plate[2:].strip("・ ") not in redact(text)


@pytest.mark.parametrize(
    ("text", "account"),
    [
        ("她的微博反映的内容属实，微博中也没有侮辱性词语。", None),
        ("其微博号：小明爱吃鱼，粉丝众多。", "小明爱吃鱼"),
        ("他的抖音账号为hello_123，", "hello_123"),
        ("在微博@张三丰，发布了照片。", "@张三丰"),
    ],
)
def test_an_account_after_a_platform_name_but_not_the_text_of_a_post(text, account):
    found = [f.text for f in find(text) if f.kind == "social_id"]
    assert found == ([account] if account else [])


def test_a_lawyer_inside_the_name_of_a_law_firm_is_no_person():
    """江苏马健律师事务所: 律师 is the kind of body, and the name before it is the firm's."""
    assert names("原告与江苏马健律师事务所签订委托代理合同。") == []


def test_a_conjunction_before_a_title_joins_two_people():
    assert names("购买人中包括副总经理李冰和副总经理康杰的妹妹康萍。") == ["李冰", "康杰", "康萍"]


def test_a_function_word_surname_right_after_a_verb_is_a_preposition():
    assert names("机车停车于合宁高铁K304+163米处。") == []
    assert names("信访人于建国反映，工作人员接待了于建国。") == ["于建国", "于建国"]
