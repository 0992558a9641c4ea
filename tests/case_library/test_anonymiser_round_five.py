"""Issue 15, round five: the classes of error a third writer's petition-style set showed
(`bench/anonymiser/regression/petitions_j.txt`, traced after its first run). Every sentence
here was written for the test; none is copied from a bench set."""

import pytest

from case_library.anonymiser import find, redact


def only(text, kind):
    return [f.text for f in find(text) if f.kind == kind]


def names(text):
    return only(text, "person_name")


# --- 1. Shapes: new-energy plates, social insurance numbers, land certificates, addresses ----


@pytest.mark.parametrize("plate", ["浙B·F52H71", "苏E·D8K305", "鲁A·DA1234"])
def test_a_new_energy_plate_with_letters_among_its_six_characters(plate):
    text = f"他的车停在门口，车牌{plate}，是白色的。"
    assert only(text, "plate") == [plate]
    assert plate not in redact(text)


@pytest.mark.parametrize("cue", ["社会保险个人编号：", "社会保险编号", "社会保险号码为"])
def test_a_social_insurance_number_after_its_cue(cue):
    number = "3301000026418852"  # 16 digits, as some provinces number them
    text = f"申请人吕芸，{cue}{number}，工作单位不详。"
    assert only(text, "social_id") == [number]
    assert only(text, "number") == []


@pytest.mark.parametrize(
    "cert", ["吴集用（1988）字第0233号", "临国用（2004）第157号", "江集建（1996）字第12号"]
)
def test_a_land_certificate_led_by_a_county_abbreviation(cert):
    text = f"老宅持有土地使用证，证号为{cert}，面积一亩。"
    found = only(text, "property_cert")
    assert found == [cert]


def test_a_numbered_part_of_an_estate_and_a_flat_without_room_word():
    text = "现住址：海淀区清河西园二区21号楼3单元402，电话另附。"
    assert only(text, "address") == ["清河西园二区21号楼3单元402"]


def test_a_tower_and_a_flat_as_written_in_guangdong():
    text = "住在南宁市青秀区东葛路万象花园7座2203房，电话未留。"
    assert only(text, "address") == ["东葛路万象花园7座2203房"]


def test_floors_and_bridges_are_no_address():
    assert only("会议在三楼会议室召开，附近有三座桥。", "address") == []


# --- 2. Names the surname knowledge lacked: Yi clan names, Tibetan parts, rare surnames -----


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("申请人：沙玛伍各，男，彝族，美姑县人。", "沙玛伍各"),
        ("代理人：其妻曲木阿果，电话另附。", "曲木阿果"),
        ("经办人：吉伍阿支 审核人：李卫东", "吉伍阿支"),
        ("回访人：才让东周（州民政局）、马建军。", "才让东周"),
    ],
)
def test_a_yi_or_tibetan_name_is_read_whole(text, name):
    assert name in names(text)
    assert not any(n != name and (n in name) for n in names(text))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("店长卿文博答：我们下周就换设备。", "卿文博"),
        ("承办单位联系人：言思远，电话另附。", "言思远"),
        ("编辑：张丽　核稿：字丽萍", "字丽萍"),
        ("被反映人公兆林，男，现住本村。", "公兆林"),
    ],
)
def test_a_rare_single_surname_after_a_role(text, name):
    assert name in names(text)


def test_a_rare_surname_recurs_as_the_same_person():
    text = "被反映人公兆林，男。北至公兆林家的院墙，去年公兆林家翻盖了新房。"
    assert names(text) == ["公兆林"] * 3
    assert "公兆林" not in redact(text)


# --- 3. Where a name ends, and who takes one -------------------------------------------------


def test_a_degree_adverb_ends_a_name():
    assert names("你们窗口那个郑刚很热情，帮我填了表。") == ["郑刚"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("楼长高远和我一起上门签字。", "高远"),
        ("店长向明答：下周就整改。", "向明"),
        ("他的战友旺堆也来了。", "旺堆"),
        ("他说还有个叫顿珠的，也是本乡的。", "顿珠"),
    ],
)
def test_building_heads_shop_managers_comrades_and_a_naming_take_a_person(text, name):
    assert names(text) == [name]


# --- 4. Words the model was sure of, against the evidence -----------------------------------


def test_a_time_word_with_a_persons_cues_is_still_a_name():
    assert "白天" in names("信访人白天，男，1968年生，反映拆迁补偿问题。")


def test_a_dictionary_word_the_model_alone_proposes_without_any_cue_is_no_name():
    text = "区政府成立专班，负责推进项目复工续建。通报了续建资金筹措情况。"
    assert names(text) == []


def test_a_place_jieba_reads_running_past_the_name_is_no_name():
    text = "信访人：原泉州市某纺织厂退休职工彭淑华等5人"
    assert names(text) == ["彭淑华"]


def test_a_name_before_a_place_word_after_it_is_still_a_name():
    assert "钱永军" in names("信访人钱永军，现住泉州市丰泽区。")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("审签：黎明　　校对：邹丽娟　　拟稿：蔡文", "黎明"),
        ("出席：郝建、吕卫国 列席：向阳（区财政局）、岳敏（区民政局）", "向阳"),
    ],
)
def test_a_word_like_name_after_a_fields_label_stays_a_name(text, name):
    assert name in names(text)


@pytest.mark.parametrize(
    ("text", "name"),
    [("其弟高远在外地打工。", "高远"), ("其姐向红在县城开店。", "向红")],
)
def test_a_brother_or_sister_after_its_possessive_takes_a_person(text, name):
    assert names(text) == [name]


@pytest.mark.parametrize("text", ["其母亲属无异议。", "其父母均已退休。", "其兄弟姐妹三人。"])
def test_parents_and_siblings_as_words_are_no_names(text):
    assert names(text) == []


def test_a_word_starting_with_a_rare_surname_needs_a_cue_even_when_the_model_is_sure():
    assert names("学校教育应当坚持言传与身教相结合，循序渐进。") == []
    assert "言思远" in names("承办单位联系人：言思远，电话另附。")


@pytest.mark.parametrize(
    ("text", "name"),
    [("房东邱永来可以作证。", "邱永来"), ("出租人戴福来的说明已附卷。", "戴福来")],
)
def test_jieba_reading_a_name_with_a_stop_character_whole_keeps_it_whole(text, name):
    assert names(text) == [name]
    assert "来" not in redact(text)[:6]


@pytest.mark.parametrize(
    ("text", "name"), [("他说王明来了以后再谈。", "王明"), ("张伟来信反映问题。", "张伟")]
)
def test_a_verb_after_a_name_stays_outside_it(text, name):
    assert names(text) == [name]


def test_the_copula_after_a_name_stays_outside_it():
    assert names("原告孔丽系被告之女，二人同住。") == ["孔丽"]


def test_a_function_word_jieba_reads_is_cut_off_a_proposed_name():
    assert names("经查，该车驾驶员证已于2024年5月注销。") == []
    assert names("被申请人李明确实收到了通知。") == ["李明"]


def test_a_year_after_a_name_is_no_sign_of_a_word():
    assert names("化解情况：申请人之妻许来娣1971年随迁落户。") == ["许来娣"]
    assert names("造成损失高达10815021元。") == []
