"""jieba, loaded once per process: its segmentation with part-of-speech flags, and word
frequencies (is a string an ordinary word of the dictionary?)."""

from __future__ import annotations

import logging

# A string whose jieba frequency is at least this is an ordinary word (反映, 陪同, 高度 …).
COMMON_WORD_FREQ = 100

_jieba_ready = False


def posseg():
    """``jieba.posseg``, initialised on first use (about a second) and then kept."""
    global _jieba_ready
    import jieba
    import jieba.posseg

    if not _jieba_ready:
        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()
        _jieba_ready = True
    return jieba.posseg


def tokens(text: str) -> list[tuple[int, str, str]]:
    """jieba's words with their part-of-speech flags: (start, word, flag)."""
    result = []
    pos = 0
    for pair in posseg().cut(text):
        result.append((pos, pair.word, pair.flag))
        pos += len(pair.word)
    return result


def freq(word: str) -> int:
    """How often jieba's dictionary has seen ``word`` (0: not a dictionary word)."""
    posseg()
    import jieba

    return jieba.dt.FREQ.get(word, 0) or 0


def tag(word: str) -> str:
    """The dictionary's part-of-speech tag of ``word`` ("" when it has none)."""
    return posseg().dt.word_tag_tab.get(word, "")


def is_word(word: str) -> bool:
    return freq(word) >= COMMON_WORD_FREQ


def starts_word(text: str, index: int) -> bool:
    """True when ``text[index]`` begins a common two-character word (反映, 陪同, 表示 …)."""
    posseg()
    import jieba

    frequencies = jieba.dt.FREQ
    pair = text[index : index + 2]
    return len(pair) == 2 and frequencies.get(pair, 0) >= COMMON_WORD_FREQ
