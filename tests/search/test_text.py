"""The segmenter and normaliser used at index and query time."""

import pytest

from search import text


def test_words_inside_running_text_are_tokens():
    tokens = text.tokens("信访工作条例第三十一条规定依法分类处理信访诉求")
    for word in ("信访", "条例", "分类", "处理", "诉求", "信访工作条例"):
        assert word in tokens, word


def test_the_petition_vocabulary_keeps_terms_whole_and_finds_their_parts():
    tokens = text.tokens("缴存农民工工资保证金")
    assert {"农民工工资保证金", "农民工", "工资", "保证金"} <= set(tokens)


@pytest.mark.parametrize(
    "written", ["第三十四条", "第34条", "34条", "第 34 条", "三十四条", "条例34", "条例第34条"]
)
def test_every_way_of_writing_an_article_number_is_one_token(written):
    assert "art34" in text.tokens(written, query=True)


def test_a_chinese_numeral_without_第_is_no_article_in_running_text():
    # "一条意见" in a lesson is not article 1; only a query reads 三十四条 as an article.
    assert "art1" not in text.tokens("提出一条意见")
    assert "art34" in text.words("三十四条")


def test_large_article_numbers():
    assert "art102" in text.tokens("第一百零二条")
    assert text.chinese_number("一百零二") == 102
    assert text.chinese_number("十") == 10
    assert text.chinese_number("条") is None


def test_traditional_and_full_width_fold_to_simplified_half_width():
    assert text.normalise("信訪事項的複查") == "信访事项的复查"
    assert text.normalise("ＡＢＣ１２３") == "abc123"
    assert text.words("信訪事項複查") == text.words("信访事项复查")


def test_query_words_drop_stopwords_and_punctuation():
    assert text.words("信访事项的复查期限是多久？") == ["信访事项", "复查期限"]
    assert text.words("？！。。。") == []
    assert text.words("😀") == []


def test_tokens_are_letters_and_digits_only():
    # Safe inside FTS5 and tsquery quotes whatever was typed.
    for token in text.tokens("\"'; DROP TABLE x; -- <b>粗</b> a_b ' OR 1=1"):
        assert token.isalnum(), token


def test_our_vocabulary_does_not_change_jiebas_default_dictionary():
    import jieba

    jieba.initialize()
    assert "农民工工资保证金" not in jieba.dt.FREQ


def test_absurd_article_numbers_are_left_as_text():
    assert not any(t.startswith("art") for t in text.tokens("第九九九九九九条", query=True))


def test_a_time_limit_written_as_days_is_found_as_a_time_limit():
    """复查期限 (the issue's own example) must reach 第三十五条, which writes the limit as
    "30日内" and never says 期限: 日内 also indexes the concept 期限, and 时限 asks for it."""
    from search import text

    indexed = text.tokens("可以自收到书面答复之日起30日内请求原办理机关的上一级机关复查")
    assert "期限" in indexed and "复查" in indexed
    assert text.words("办理时限") == ["办理", "期限"]
    assert "期限" in text.subwords("复查期限")


@pytest.mark.parametrize(
    "tokens",
    ["", "信访", "信访 信访", "a a a b a", "复查 信访 复查 复查期限 期限 复查", " 信访  复查 "],
)
def test_term_counts_count_as_a_counter_of_the_words_does(tokens):
    """The ranking counts only the query's words in an entry's tokens (no Counter of every
    token): neighbouring repeats, the first and the last token each count once."""
    from collections import Counter

    from search.selectors import term_counts

    terms = ["信访", "复查", "期限", "复查期限", "a", "b", "访", "缺"]
    expected = Counter(tokens.split())
    assert term_counts(tokens, terms) == {t: expected[t] for t in terms}
