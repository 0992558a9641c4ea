"""The pure regulation parser: numerals, spaces, items, headers and broken input."""

from datetime import date

import pytest

from courses.parsing import (
    NumeralError,
    chinese_to_int,
    parse_article_numbers,
    parse_regulation,
)


@pytest.mark.parametrize(
    ("numeral", "value"),
    [("一", 1), ("十", 10), ("十一", 11), ("二十", 20), ("三十四", 34), ("一百", 100),
     ("一百零二", 102), ("一百一十", 110), ("一百二十三", 123), ("两百零五", 205), ("34", 34)],
)  # fmt: skip
def test_chinese_numerals(numeral, value):
    """Chinese numerals with 十 and 百 (and 零 gaps) become the right Arabic numbers."""
    assert chinese_to_int(numeral) == value


@pytest.mark.parametrize("number", [1, 10, 11, 20, 34, 100, 102, 110, 123, 205, 1001])
def test_numerals_round_trip(number):
    """Article labels are written back in Chinese numerals that parse to the same number."""
    from courses.parsing import int_to_chinese

    assert chinese_to_int(int_to_chinese(number)) == number


def test_bad_numeral_is_refused():
    """Something that is not a numeral raises, rather than guessing."""
    with pytest.raises(NumeralError):
        chinese_to_int("三X")


SAMPLE = """# 示例条例

2020年1月2日 某某机关通过
2020年3月4日 某某机关发布

<!-- INFO END -->

## 第一章\u3000总则

第一条\u3000为了测试，制定本条例。

第二条 本条例所称事项，包括：

（一）第一项；

(二)第二项；

前款规定的事项，另行规定。

## 第二章 分则

### 第一节 一般规定

第三条 见本条例第二条第一项规定。

第十条 跳号的条文。
"""


def test_structure_of_a_sample_text():
    """Chapters, a section, articles with items in order and trailing paragraphs are found;
    full-width spaces do not leak into headings or text."""
    result = parse_regulation(SAMPLE)
    assert result.title == "示例条例"
    assert result.issued_on == date(2020, 3, 4)
    assert result.issuing_bodies == "某某机关"
    assert [d.heading for d in result.divisions] == [
        "第一章 总则",
        "第二章 分则",
        "第一节 一般规定",
    ]
    assert result.divisions[2].parent == 1
    assert result.chapter_count == 2
    assert [a.number for a in result.articles] == [1, 2, 3, 10]
    first, second, third, _tenth = result.articles
    assert first.text == "为了测试，制定本条例。"
    assert second.items == ["（一）第一项；", "(二)第二项；"]
    assert second.text == "本条例所称事项，包括：\n前款规定的事项，另行规定。"
    assert [p["kind"] for p in second.paragraphs] == ["text", "item", "item", "text"]
    assert third.division == 2  # in the section, not just the chapter
    assert "\u3000" not in first.text


def test_cross_reference_does_not_start_an_article():
    """ "第二条第一项" inside an article is a reference, not article 2 again."""
    result = parse_regulation(SAMPLE)
    assert result.articles[2].text == "见本条例第二条第一项规定。"


def test_gaps_and_stray_text_are_warned_with_line_numbers():
    """A numbering gap, a duplicate article, an unknown heading and text outside any
    article each give a warning naming the line; nothing is dropped silently."""
    text = "\n".join(
        [
            "# 坏条例",  # 1
            "<!-- INFO END -->",  # 2
            "第一条 正文。",  # 3
            "## 附录 甲",  # 4
            "第三条 跳号。",  # 5
            "第三条 重复。",  # 6
            "## 第二章 其他",  # 7
            "没有条号的一段话。",  # 8
        ]
    )
    result = parse_regulation(text)
    lines = {w.line: w.message for w in result.warnings}
    assert set(lines) == {4, 5, 6, 8}
    assert "follows article 1" in lines[5]
    assert "appears again" in lines[6]
    assert [a.number for a in result.articles] == [1, 3]
    assert result.articles[1].text == "跳号。"


def test_text_without_articles_warns():
    """A text with no 第X条 at all says so, and has no title warning if it has a title."""
    result = parse_regulation("# 只有标题\n\n一段话。")
    assert result.articles == []
    assert any("no articles" in w.message for w in result.warnings)


def test_in_force_date_from_last_article():
    """Without a dated 施行 line, "本条例自…起施行" in an article gives the in-force date."""
    result = parse_regulation("# 甲\n<!-- INFO END -->\n第一条 本条例自2022年5月1日起施行。")
    assert result.in_force_on == date(2022, 5, 1)


@pytest.mark.parametrize(
    ("text", "numbers"),
    [("34", [34]), ("20, 22", [20, 22]), ("28-33", [28, 29, 30, 31, 32, 33]),
     ("第5条、7", [5, 7]), ("1–2，2", [1, 2])],
)  # fmt: skip
def test_article_number_lists(text, numbers):
    """Citation blocks accept numbers, lists and ranges."""
    assert parse_article_numbers(text) == numbers


@pytest.mark.parametrize("text", ["", "abc", "33-28", "0", "1-500"])
def test_bad_article_number_lists(text):
    """Empty, non-numeric, backwards or huge ranges are refused."""
    with pytest.raises(ValueError):
        parse_article_numbers(text)


def test_article_numbers_are_spelled_in_chinese_beyond_ten_thousand():
    """An imported text may number an article 第99999999999条 (the fuzzer did): its label was
    an IndexError, and the import a 500. 1-9999 still read back as they were."""
    from courses.parsing import chinese_to_int, int_to_chinese

    assert int_to_chinese(10010) == "一万零一十"
    assert int_to_chinese(100000) == "十万"
    assert int_to_chinese(123456789) == "一亿二千三百四十五万六千七百八十九"
    assert int_to_chinese(99999999999) == "九百九十九亿九千九百九十九万九千九百九十九"
    assert all(chinese_to_int(int_to_chinese(n)) == n for n in range(1, 10000))
