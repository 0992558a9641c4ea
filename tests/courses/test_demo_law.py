"""The demo lessons and cases say what the articles say (issue 10, "The law as the texts say it").

Each test is one error found by reading the demo content against the regulation texts in
courses/demo_data/; the articles are read from those files, not copied here.
"""

import re
from pathlib import Path

import pytest

from case_library import demo as case_demo
from courses import demo as course_demo
from courses.parsing import parse_regulation
from quizzes.demo_questions import QUESTIONS

DATA = Path(course_demo.__file__).resolve().parent / "demo_data"


def _articles(filename):
    parsed = parse_regulation((DATA / filename).read_text("utf-8"))
    return {a.number: "".join(p["text"] for p in a.paragraphs) for a in parsed.articles}


XF = _articles("信访工作条例.md")


def _strip(html):
    return re.sub(r"<[^>]+>", "", html)


def _block_texts(value):
    if isinstance(value, str):
        yield _strip(value)
    elif isinstance(value, dict):
        for v in value.values():
            yield from _block_texts(v)
    elif isinstance(value, list | tuple):
        for v in value:
            yield from _block_texts(v)


def _lesson(slug):
    for course in (course_demo.MAIN_COURSE, course_demo.SHORT_COURSE):
        for lesson in course["lessons"]:
            if lesson["slug"] == slug:
                return "\n".join(
                    [lesson["title"], lesson["summary"], *_block_texts(lesson["body"])]
                )
    raise KeyError(slug)


def _all_lessons():
    return "\n".join(
        _lesson(lesson["slug"])
        for course in (course_demo.MAIN_COURSE, course_demo.SHORT_COURSE)
        for lesson in course["lessons"]
    )


def _case(slug):
    return next(c for c in case_demo.CASES if c["slug"] == slug)


def _case_text(case):
    fields = ["title", "summary", "outcome", "facts", "handling", "issues", "analysis"]
    fields += ["review", "lessons", "questions"]
    return "\n".join(_strip(case[f]) for f in fields)


def _all_text():
    return _all_lessons() + "\n".join(_case_text(c) for c in case_demo.CASES)


def test_lecture_2_lists_the_duties_of_article_14_as_written():
    """Error 1: items (五)–(七) of Art. 14 were not the article's text."""
    text = _lesson("di-er-zhang-gongzuo-tizhi")
    for item in (
        "指导本级其他机关、单位和下级的信访工作",
        "提出改进工作、完善政策和追究责任的建议",
    ):
        assert item in XF[14] and item in text
    assert "承担本级党委和政府交办的其他事项" in text
    assert "承办上级和本级党委、政府交办的其他事项" not in text
    assert "给予信访工作有关的指导" not in text


def test_article_27_has_no_fourth_daowei():
    """Error 2: Art. 27 ends 行为违法的依法处理的要求 — there is no "四个到位"."""
    assert "行为违法的依法处理到位" not in XF[27]
    assert "四个到位" not in _all_text()
    assert "行为违法的依法处理到位" not in _all_text()


def test_lecture_5_says_shall_where_article_40_says_shall():
    """Error 3: Art. 40 says 应当 … 提出改进工作的建议 and, for 严重后果, 应当 … 追究责任的建议."""
    text = _lesson("di-wu-zhang-jiandu-zhuize")
    assert "可以提出改进工作的建议" not in text
    assert "必要时提出追责建议" not in text
    assert "应当及时督办，并提出改进工作的建议" in text
    assert "造成严重后果" in text and "应当向有管理权限的机关、单位提出追究责任的建议" in text


def test_article_31_routes_are_the_articles_routes():
    """Error 4: 人事争议 is no route of Art. 31; items (四) and (五) were missing."""
    text = _lesson("fenlei-chuli")
    assert "人事争议" not in XF[31] and "人事争议" not in text
    for words in (
        "行政裁决",
        "行政确认",
        "行政许可",
        "行政处罚",
        "申请查处违法行为",
        "依法履行或者答复",
    ):
        assert words in XF[31] and words in text, words


def test_the_office_routes_by_zhuansong_and_jiaoban_under_article_22():
    """Error 5: under Art. 22 the office's routes are 转送 and 交办; 告知 is Art. 23's."""
    assert "告知" not in XF[22].split("各级党委和政府信访部门对收到的涉法涉诉信件")[0]
    assert "转送、交办或告知" not in _all_text()
    assert "转送、交办或者告知" not in _all_text()


def test_representatives_are_for_a_common_matter():
    """Error 6: Art. 20 says 提出共同的信访事项的 … 代表人数不得超过5人."""
    assert "共同的信访事项" in XF[20]
    text = _all_text()
    assert "同一信访事项" not in _lesson("di-san-zhang-tichu-shouli")
    assert "同一事项多人走访" not in text
    assert "提出同一信访事项的，应当推选代表" not in text
    assert "代表人数不超过5人" not in text
    assert "共同的信访事项" in _case_text(_case("group-visit-representatives"))


def test_review_case_does_not_give_article_35_a_power_to_revoke():
    """Error 7: Art. 35 sets the 30-day review opinion, nothing more; the failings breach
    Art. 28 and Art. 31 (6); 以转代办 contradicted the facts."""
    case = _case("review-revoked-opinion")
    assert "撤销" not in XF[35]
    text = _case_text(case)
    assert not re.search(r"第三十五条[^。]*撤销", text)
    assert "撤销" not in text
    assert "以转代办" not in text
    assert {28, 31, 35} <= set(case["articles"])
    assert "第三十一条第六项" in text and "第二十八条" in text


def test_requisition_case_rests_on_article_31_and_the_requisition_regulation():
    """Error 8: no handling opinion was issued, so Art. 32 is no basis; the basis is Art. 31
    with Art. 26 of the requisition regulation."""
    case = _case("requisition-reconsideration")
    assert 32 not in case["articles"]
    assert 31 in case["articles"]
    assert ("fangwu-zhengshou-buchang", 26) in case["other_articles"]
    assert "第三十二条" not in _case_text(case)


def test_the_60_day_limit_is_for_the_matters_of_article_31_item_6():
    """Error 9: Art. 34's 60 days cover the matters of Art. 31 (6); extension only with the
    head's approval and telling the petitioner why."""
    assert XF[34].startswith("对本条例第三十一条第六项规定的信访事项")
    sixty = [c for c in re.split(r"[；。\n]", _all_text()) if re.search(r"60\s*日", c)]
    assert sixty, "no demo text states the 60 days: the check below would prove nothing"
    for chunk in sixty:
        assert "第三十一条第六项" in chunk, chunk
    text = _lesson("di-si-zhang-banli")
    assert "负责人批准" in text and "告知信访人延期理由" in text


@pytest.mark.parametrize("case", case_demo.CASES, ids=lambda c: c["slug"])
def test_case_articles_exist(case):
    assert all(number in XF for number in case["articles"])


def test_the_routes_of_article_31_in_the_short_course_are_the_items_own_words():
    """Reading against the text (after the nine): the 分流要点 of Art. 31 dropped 应当 from
    item (六) and cut item (一) down to "审判机关、检察机关、公安机关的法律程序", leaving
    out 诉讼程序或者复议程序, 刑事立案程序或者法律监督程序 and 涉法涉诉信访事项未依法终结的.
    Each of the six points now says its item as written."""
    from courses.quotations import normalise

    lesson = next(
        lesson for lesson in course_demo.SHORT_COURSE["lessons"] if lesson["slug"] == "fenlei-chuli"
    )
    [points] = [v for t, v in lesson["body"] if t == "key_point" and v["title"] == "分流要点"]
    items = re.findall(r"<li>(.*?)</li>", points["text"])
    assert len(items) == 6
    article = normalise(XF[31])
    for number, item in enumerate(items, start=1):
        words = re.sub(r"（第[一二三四五六]项）[；。]$", "", _strip(item))
        marker = "（" + "一二三四五六"[number - 1] + "）"
        assert normalise(marker + words) in article, item


def test_lecture_3_states_article_23_2_with_its_exception():
    """Reading against the text (wave 2): Art. 23 (2) tells on the spot where it can and
    makes an exception for a petitioner whose name or address is unclear; the lecture left
    both out, teaching the 15 days as having no exception."""
    assert "但信访人的姓名（名称）、住址不清的除外" in XF[23]
    text = _lesson("di-san-zhang-tichu-shouli")
    assert (
        "能够当场告知的，应当当场书面告知" in XF[23] and "能够当场告知的，应当当场书面告知" in text
    )
    assert "但信访人的姓名（名称）、住址不清的除外" in text


# The demo questions ------------------------------------------------------------------------


EXPLANATION_QUOTE = re.compile(
    r"(?:^|[；。])\s*(第[^：；。，]*?条(?:第[^：；。，]*?[款项])?)：([^；]*)"
)


def _explanation_quotes():
    """(question stem, reference, words) for every explanation passage opened like
    第X条第X款：…, which presents the words after the colon as the article's."""
    for _t, _c, _d, stem, _o, _a, explanation, numbers in QUESTIONS:
        for match in EXPLANATION_QUOTE.finditer(explanation):
            yield stem, match.group(1), match.group(2), numbers


def test_explanations_quote_the_article_in_its_own_words():
    """Reading against the text (wave 2): six explanations put words after 第X条： that the
    article does not say (第二条 "同样适用本条例", 第二十二条 "按照规定方式处理", 第三十三条
    "不得违反…", 第三十六条第二款 "不计算在期限内", 第四十七条 "治安管理处罚由公安机关依法作出").
    Each passage opened like a quotation is now a run of the cited article (the quotation
    check's excerpt rule; the explanation's own closing 。 is not part of the quotation)."""
    from courses.quotations import excerpt_matches

    found = list(_explanation_quotes())
    assert len(found) >= 15, "the pattern finds too few explanations to prove anything"
    wrong = [
        (stem, reference, words)
        for stem, reference, words, numbers in found
        if not excerpt_matches(words.rstrip("。"), "".join(XF[n] for n in numbers))
    ]
    assert wrong == []


def test_questions_on_article_34_name_the_matters_of_article_31_item_6():
    """Error 9 again, in the questions: a stem said "信访事项情况复杂的 … 延长期限不得超过（ ）日"
    and "信访事项延长办理期限的，应当告知信访人延期理由" as if Art. 34 covered every matter."""
    on_34 = [row for row in QUESTIONS if row[7] == [34]]
    assert len(on_34) >= 4
    for row in on_34:
        assert "第三十一条第六项" in row[3], row[3]


def test_the_objection_question_says_or_the_system_as_article_23_3_does():
    """Art. 23 (3): 不属于本机关、单位或者本系统职权范围的 … 5个工作日内提出异议."""
    [row] = [row for row in QUESTIONS if "提出异议" in row[3]]
    assert "不属于本机关、单位或者本系统职权范围的" in XF[23]
    assert "不属于本机关、单位或者本系统职权范围的" in row[3]
