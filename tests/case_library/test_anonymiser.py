"""The anonymiser on its own: one behaviour per test, bad input on purpose."""

import pytest

from case_library import anonymiser
from case_library.anonymiser import find, find_in_html, redact, redact_html


def kinds(text):
    return [(f.kind, f.text) for f in find(text)]


def only(text, kind):
    return [f.text for f in find(text) if f.kind == kind]


# --- ID numbers -----------------------------------------------------------------------------


def test_valid_id_card_is_found_and_masked():
    """An 18-digit number with a correct GB 11643 check digit is an id_card, replaced by ×."""
    text = "身份证号500104196803053314，"
    assert only(text, "id_card") == ["500104196803053314"]
    assert "500104196803053314" not in redact(text)
    assert "×" in redact(text)


def test_id_card_with_x_check_digit():
    """Check digit X (and lower-case x) is accepted when it is the right one."""
    assert anonymiser.id_card_is_valid("11010519491231002X")
    assert anonymiser.id_card_is_valid("11010519491231002x")
    assert only("证件号11010519491231002X。", "id_card") == ["11010519491231002X"]


def test_bad_check_digit_is_not_an_id_card():
    """One digit changed: the check digit fails, so it is not reported as an id_card (a long
    bare number is still flagged, as kind 'number', so it cannot slip through unseen)."""
    text = "号码500104196803053315。"
    assert only(text, "id_card") == []
    assert only(text, "number") == ["500104196803053315"]
    assert not anonymiser.id_card_is_valid("500104196803053315")


def test_impossible_birth_date_in_id_is_invalid():
    """Month 13 cannot be a date of birth, whatever the check digit."""
    assert not anonymiser.id_card_is_valid("500104196813053314")


# --- phones -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "phone",
    [
        "13812345678",
        "138-1234-5678",
        "138 1234 5678",
        "+86 139 1234 5678",
        "023-68812345",
        "(023)68812345",
        "（023）68812345",
        "02368812345",
    ],
)
def test_phone_formats(phone):
    """Mobile numbers with and without separators, with +86, and landlines with area codes."""
    assert only(f"联系电话{phone}，请回电。", "phone") == [phone]


def test_ten_digit_number_starting_with_1_is_not_a_mobile():
    """A mobile number has 11 digits; ten is something else (an amount, a file number)."""
    assert only("编号1381234567。", "phone") == []


def test_hotline_12345_is_not_personal():
    """Public hotlines stay: 12345 is the citizen hotline."""
    assert kinds("拨打12345热线反映。") == []


# --- bank cards --------------------------------------------------------------------------------


def test_bank_card_with_luhn_is_found():
    """A 19-digit number passing Luhn is a bank card, even without a cue."""
    assert only("转入6222020830166131862后", "bank_card") == ["6222020830166131862"]


def test_bank_card_in_groups_of_four():
    """Spaces between groups of four are part of the card number."""
    card = "6228 4882 4628 1948 217"
    assert anonymiser.luhn_is_valid(card)
    assert only(f"卡号为{card}。", "bank_card") == [card]


def test_luhn_failure_without_cue_is_not_a_bank_card():
    """A 16-digit number failing Luhn, with no account cue, is not a bank card."""
    assert not anonymiser.luhn_is_valid("6222020830166131")
    assert only("编号6222020830166131。", "bank_card") == []


def test_account_number_after_cue_even_without_luhn():
    """Company accounts often fail Luhn: after 账号 they are still an account number."""
    assert only("账号6228480402564890018。", "bank_card") == ["6228480402564890018"]


# --- plates ------------------------------------------------------------------------------------


@pytest.mark.parametrize("plate", ["渝A12345", "渝B·D12345", "渝AD52618", "京A12345D", "川AT5518"])
def test_plate_formats(plate):
    """Province abbreviation + letter + 5 characters, or 6 for new-energy plates."""
    assert only(f"车牌{plate}的车辆", "plate") == [plate]


def test_plate_keeps_province_and_city_letter():
    """Readable redaction: 渝B××××× says where the car is from, not whose it is."""
    assert redact("车牌渝B12345。") == "车牌渝B×××××。"


def test_plate_letters_i_and_o_are_not_plate_letters():
    """Plates never use I or O as the city letter."""
    assert only("渝I12345", "plate") == []


# --- other kinds -------------------------------------------------------------------------------


def test_email_social_and_property_certificate():
    """E-mail, QQ, WeChat ids and property certificates are each recognised."""
    text = (
        "邮箱zhang@example.com，QQ：123456789，微信号zjg_1968，"
        "不动产权证号：渝（2019）大渡口区不动产权第000123456号。"
    )
    found = kinds(text)
    assert ("email", "zhang@example.com") in found
    assert ("social_id", "123456789") in found
    assert ("social_id", "zjg_1968") in found
    assert ("property_cert", "渝（2019）大渡口区不动产权第000123456号") in found


def test_exact_birth_date_but_not_year_of_birth():
    """An exact date of birth is removed; the year alone (1972年出生) stays, as courts do."""
    assert only("张某，1968年3月5日出生。", "birth_date") == ["1968年3月5日"]
    assert only("张某，1972年出生。", "birth_date") == []
    assert only("2024年3月5日，张某来访。", "birth_date") == []


def test_address_below_district_is_masked_district_kept():
    """住大渡口区翠柏路88号3栋2单元5-1 → 住大渡口区×××."""
    assert redact("住大渡口区翠柏路88号3栋2单元5-1。") == "住大渡口区×××。"


def test_street_name_without_house_number_stays():
    """A street mentioned as a place, with no house number, is not an address."""
    assert only("在翠柏路口设置了候客区。", "address") == []


# --- names -------------------------------------------------------------------------------------


def test_name_becomes_surname_mou():
    """信访人张建国 → 信访人张某."""
    assert redact("信访人张建国反映工资被拖欠。") == "信访人张某反映工资被拖欠。"


def test_two_people_with_one_surname_become_jia_and_yi():
    """Two different 张 in one text become 张某甲 and 张某乙, in order of appearance."""
    text = "信访人张建国与工友张大海来访。"
    assert redact(text) == "信访人张某甲与工友张某乙来访。"


def test_same_person_same_pseudonym_also_later_by_full_name():
    """A name seen once with a cue is also replaced where it is mentioned without one."""
    text = "信访人张建国来访。张大海作为证人。后来张建国再次来访，张建国称已收到。"
    out = redact(text)
    assert "张建国" not in out
    assert out.count("张某甲") == 3
    assert "张某乙" in out


def test_compound_surname():
    """欧阳明辉 → 欧阳某 (the compound surname is kept whole)."""
    assert redact("申请人欧阳明辉不服。") == "申请人欧阳某不服。"


def test_context_cues_after_the_name():
    """王芳女士, 李明同志: the title marks the name; two-character names stay two characters."""
    assert only("王芳女士与李明同志陪同来访。", "person_name") == ["王芳", "李明"]


def test_list_of_names():
    """张三丰、李四海和王五洲 — a list after a role word is all names."""
    found = only("代表张三丰、李思海和王武洲进入接待室。", "person_name")
    assert found == ["张三丰", "李思海", "王武洲"]


@pytest.mark.parametrize(
    "text",
    [
        "区委高度重视，马上张贴通知。",
        "当事人陈述了理由，周年纪念活动推迟。",
        "黄金周期间，林业局工作人员何时到岗？",
        "区人大常委会审议了路线调整方案。",
        "在王府井购买的李子。",
        "当事人可以向人民法院提起诉讼。",
        "告知信访人向有权处理的机关提出。",
        "应当建立健全年轻干部和新录用干部到信访工作岗位锻炼的制度。",
    ],
)
def test_ordinary_words_starting_with_a_surname_are_not_names(text):
    """Words like 高度, 张贴, 陈述, 周年, 黄金, 林业, 何时, 常委会, 路线, 方案 are not names."""
    assert only(text, "person_name") == []


def test_public_bodies_and_laws_untouched():
    """大渡口区信访办公室 and 《信访工作条例》 are not personal data."""
    text = "大渡口区信访办公室依据《信访工作条例》第二十二条，会同区人力社保局办理。"
    assert find(text) == []
    assert redact(text) == text


def test_already_anonymised_text_is_left_alone():
    """Running twice changes nothing: 张某甲, 李某 and ××× are not found again."""
    once = redact("信访人张建国、张大海和李明来访，电话13812345678。")
    assert find(once) == []


# --- offsets, scripts, HTML, sizes -------------------------------------------------------------


def test_offsets_with_full_width_digits():
    """Full-width digits are found, and start/end index the original text."""
    text = "手机：１３９１２３４５６７８，身份证５００１０４１９６８０３０５３３１４。"
    for f in find(text):
        assert text[f.start : f.end] == f.text
    assert {f.kind for f in find(text)} == {"phone", "id_card"}


def test_offsets_with_mixed_scripts_and_emoji():
    """Latin, emoji and CJK mixed: offsets still point at the right characters."""
    text = "😀 Mr. Smith说：信访人张建国 (Tel: 13812345678) came again. 👍"
    for f in find(text):
        assert text[f.start : f.end] == f.text
    assert ("phone", "13812345678") in kinds(text)
    assert ("person_name", "张建国") in kinds(text)


def test_html_offsets_index_the_markup_and_redaction_keeps_tags():
    """In rich text, offsets index the HTML; redaction changes text nodes only."""
    markup = '<p>信访人<b>张建国</b>，电话<a href="tel:13812345678">13812345678</a>。</p><p>张建国称&nbsp;未领到工资。</p>'
    findings = find_in_html(markup)
    name = next(f for f in findings if f.kind == "person_name")
    assert markup[name.start : name.end] == "张建国"
    out = redact_html(markup, findings)
    assert out.startswith("<p>信访人<b>张某</b>，电话<a href=")
    assert out.count("<p>") == 2 and out.count("</p>") == 2 and "<b>" in out
    assert "张建国" not in out and ">13812345678<" not in out


def test_html_name_split_by_a_tag_is_found_and_redacted():
    """A name split by inline markup (<b>张</b>建国) is still one name; tags survive."""
    markup = "<p>申请人<b>张</b>建国不服。</p>"
    out = redact_html(markup)
    assert "建国" not in out
    assert out == "<p>申请人<b>张某</b>不服。</p>"


def test_paragraphs_do_not_run_together():
    """Text in two paragraphs is not read as one word."""
    markup = "<p>经办人</p><p>王府井大街。</p>"
    assert [f for f in find_in_html(markup) if f.kind == "person_name"] == []


def test_empty_and_none_input():
    """Empty text: no findings, nothing to redact, no crash."""
    assert find("") == []
    assert find_in_html("") == []
    assert redact("") == ""
    assert redact_html("") == ""
    assert find("   \n\t") == []


def test_very_long_text_keeps_offsets_to_the_end():
    """A 200-page case (~200,000 characters): the data on its last line is found, with offsets
    into the whole text. (How long it takes is measured in bench/anonymiser, not asserted.)"""
    page = "大渡口区信访办公室依据《信访工作条例》第二十二条登记转送，相关部门依法办理并答复。" * 25
    text = (page + "\n") * 200 + "信访人张建国，电话13812345678。"
    assert len(text) > 200_000
    findings = find(text)
    assert findings[0].start > 200_000
    assert [(f.kind, f.text) for f in findings] == [
        ("person_name", "张建国"),
        ("phone", "13812345678"),
    ]
    assert all(text[f.start : f.end] == f.text for f in findings)


def test_redaction_reads_as_chinese():
    """Redaction keeps the sentence readable: pseudonyms and × in place of the data only."""
    text = "信访人张建国（联系电话13812345678）住大渡口区翠柏路88号3栋2单元5-1，反映欠薪。"
    assert redact(text) == "信访人张某（联系电话×××）住大渡口区×××，反映欠薪。"
