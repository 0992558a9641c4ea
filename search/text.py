"""Chinese text for the index: one normaliser and one segmenter, used at index and query time.

``normalise`` folds what a reader sees as the same text to one form: full-width to half-width
(NFKC), traditional to simplified characters (OpenCC ``t2s``), lower case. ``article_tokens``
writes every way of naming an article number (第三十四条, 第34条, 34条, 条例34) as one token,
``art34``, so the number is found whichever way it was written or asked. ``tokens`` segments
with jieba in search mode (a long word and the words inside it) over its own dictionary plus
the regulation and petition vocabulary in ``data/vocabulary.txt``; it has its own tokenizer so
the anonymiser's segmentation (which uses jieba's default one) is not changed by ours.
"""

import re
import threading
import unicodedata
from functools import cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_UNITS = {"十": 10, "百": 100, "千": 1000}
_NUMERAL = r"[零〇一二两三四五六七八九十百千\d]+"

# 第三十四条 / 第34条 (in text and queries).
_ARTICLE_FULL = re.compile(rf"第\s*({_NUMERAL})\s*条")
# 34条, and 条例34 / 法34 / 条例第34 (queries, and the rare text that writes them so).
_ARTICLE_DIGITS_AFTER = re.compile(r"(?<![\d.])(\d{1,4})\s*条(?![例件款])")
_ARTICLE_AFTER_TITLE = re.compile(r"(条例|法)\s*第?\s*(\d{1,4})(?![\d.])(?:\s*条)?")
# 三十四条 without 第: only in queries (in running text "一条意见" is not an article).
_ARTICLE_CHINESE_BARE = re.compile(r"(?<![第\w])([一二两三四五六七八九十百]{1,6})条(?![例件款])")

ARTICLE_TOKEN = re.compile(r"^art(\d+)$")
MAX_ARTICLE = 9999  # no regulation has more; beyond it a "number" is noise


def chinese_number(text: str) -> int | None:
    """``三十四`` → 34, ``一百零二`` → 102, ``34`` → 34; None when it is no numeral."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    total, current = 0, None
    for char in text:
        if char in _DIGITS:
            current = _DIGITS[char] if current is None else current * 10 + _DIGITS[char]
        elif char in _UNITS:
            total += (1 if current is None else current) * _UNITS[char]
            current = None
        else:
            return None
    number = total + (current or 0)
    return number or None


@cache
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


def simplified(text: str) -> str:
    return _t2s().convert(text) if text else text


def normalise(text: str) -> str:
    """Full-width → half-width, traditional → simplified, lower case."""
    return simplified(unicodedata.normalize("NFKC", text or "")).lower()


_NOT_ALNUM = re.compile(r"[\W_]+")
PHRASE_TEXT_CHARS = 20000


def compact(text: str) -> str:
    """The text as letters and digits only, normalised: where a query's phrase is looked for.
    Stored with each index entry, so a query does not normalise every candidate again."""
    return _NOT_ALNUM.sub("", normalise(text))


def article_tokens(text: str, *, query: bool = False) -> str:
    """Every article number written as `` art34 `` (the text around it is kept)."""

    def full(match):
        number = chinese_number(match[1])
        return f" art{number} " if number and number <= MAX_ARTICLE else match[0]

    text = _ARTICLE_FULL.sub(full, text)
    text = _ARTICLE_AFTER_TITLE.sub(lambda m: f"{m[1]} art{int(m[2])} ", text)
    text = _ARTICLE_DIGITS_AFTER.sub(lambda m: f" art{int(m[1])} ", text)
    if query:
        text = _ARTICLE_CHINESE_BARE.sub(full, text)
    return text


class _Segmenter:
    """jieba's tokenizer with our vocabulary, loaded once per process on first use."""

    def __init__(self):
        self._lock = threading.Lock()
        self._tokenizer = None

    def get(self):
        if self._tokenizer is None:
            with self._lock:
                if self._tokenizer is None:
                    import jieba

                    tokenizer = jieba.Tokenizer()
                    tokenizer.initialize()
                    for word in vocabulary():
                        tokenizer.add_word(word, freq=_word_freq(tokenizer, word))
                    self._tokenizer = tokenizer
        return self._tokenizer


def _word_freq(tokenizer, word: str) -> int:
    # High enough that jieba keeps the term whole (suggest_freq's rule), never lower than
    # the word's own frequency in jieba's dictionary.
    return max(tokenizer.suggest_freq(word, tune=False), tokenizer.FREQ.get(word, 0), 10)


_segmenter = _Segmenter()


@cache
def vocabulary() -> tuple[str, ...]:
    return _word_list("vocabulary.txt")


@cache
def stopwords() -> frozenset[str]:
    return frozenset(_word_list("stopwords.txt"))


@cache
def concepts() -> dict[str, str]:
    """``data/concepts.txt``: each text word → the concept word it also stands for
    (``日内`` → ``期限``: a time limit is written "30日内" but asked as 期限)."""
    found = {}
    for line in _word_list("concepts.txt"):
        concept, _sep, written = line.partition("=")
        for word in written.split():
            found[word.strip()] = concept.strip()
    return found


def _word_list(name: str) -> tuple[str, ...]:
    lines = (DATA / name).read_text("utf-8").splitlines()
    return tuple(
        normalise(line.split("#")[0].strip()) for line in lines if line.split("#")[0].strip()
    )


def _is_word(token: str) -> bool:
    # Letters and digits only (CJK included): safe inside any engine's quoted term.
    return token.isalnum()


def tokens(text: str, *, query: bool = False) -> list[str]:
    """Index tokens of ``text`` in search mode: 分类处理 → 分类, 处理, 分类处理."""
    text = article_tokens(normalise(text), query=query)
    out = []
    for token in _segmenter.get().cut_for_search(text, HMM=True):
        if not _is_word(token):
            continue
        out.append(token)
        concept = concepts().get(token)
        if concept and not query:
            out.append(concept)
    return out


def words(text: str) -> list[str]:
    """The query's words (precise mode, no stopwords, in order, each once)."""
    text = article_tokens(normalise(text), query=True)
    seen, out = set(), []
    for word in _segmenter.get().cut(text, HMM=True):
        word = concepts().get(word.strip(), word.strip())
        if not _is_word(word) or word in stopwords() or word in seen:
            continue
        seen.add(word)
        out.append(word)
    return out


def subwords(word: str) -> list[str]:
    """The words jieba's search mode finds inside ``word`` (without ``word`` itself)."""
    if ARTICLE_TOKEN.match(word) or len(word) < 3:
        return []
    found = [
        concepts().get(t, t)
        for t in _segmenter.get().cut_for_search(word, HMM=False)
        if _is_word(t)
    ]
    inner = [t for t in found if t != word and t not in stopwords()]
    seen, out = set(), []
    for t in inner:
        if t not in seen:
            seen.add(t)
            out.append(t)
    return out
