"""Highlighted titles and snippets: the query's words marked in the stored text, escaped."""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from . import text

SNIPPET_CHARS = 110
LEAD_CHARS = 24


def _article_surfaces(number: int) -> list[str]:
    chinese = _int_to_chinese(number)
    return [f"第{chinese}条", f"第{number}条", f"{number}条", f"第 {number} 条"]


def _int_to_chinese(number: int) -> str:
    names = "零一二三四五六七八九"
    parts, zero = [], False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, number = divmod(number, unit)
        if digit:
            if zero and parts:
                parts.append("零")
            parts.append(
                ("" if (name == "十" and digit == 1 and not parts) else names[digit]) + name
            )
            zero = False
        elif parts:
            zero = True
    return "".join(parts) or "零"


def pattern_for(terms: list[str]) -> re.Pattern | None:
    """One pattern for every surface form of ``terms`` (article tokens as 第三十四条 etc.)."""
    surfaces = set()
    for term in terms:
        match = text.ARTICLE_TOKEN.match(term)
        if match:
            surfaces.update(_article_surfaces(int(match[1])))
        elif term:
            surfaces.add(term)
    if not surfaces:
        return None
    ordered = sorted(surfaces, key=len, reverse=True)
    return re.compile("|".join(re.escape(s) for s in ordered))


def _haystack(value: str) -> str:
    folded = text.simplified(value).lower()
    return folded if len(folded) == len(value) else value.lower()


def _marked(value: str, spans: list[tuple[int, int]]) -> SafeString:
    out, last = [], 0
    for start, end in spans:
        out.append(escape(value[last:start]))
        out.append(f"<mark>{escape(value[start:end])}</mark>")
        last = end
    out.append(escape(value[last:]))
    return mark_safe("".join(out))  # noqa: S308 — every piece is escaped above


def _spans(value: str, pattern) -> list[tuple[int, int]]:
    if pattern is None or not value:
        return []
    return [m.span() for m in pattern.finditer(_haystack(value))]


def highlight(value: str, pattern) -> SafeString:
    return _marked(value, _spans(value, pattern))


def snippet(body: str, pattern, *, length: int = SNIPPET_CHARS) -> tuple[str, SafeString]:
    """The passage of ``body`` with the most distinct matches: (plain text, marked HTML)."""
    body = " ".join(body.split())
    spans = _spans(body, pattern)
    start = 0
    if spans:
        best, best_count = spans[0][0], 0
        hay = _haystack(body)
        for s, _e in spans:
            window = {hay[a:b] for a, b in spans if s <= a and b <= s + length}
            if len(window) > best_count:
                best, best_count = s, len(window)
        start = max(0, best - LEAD_CHARS)
    end = min(len(body), start + length)
    piece = body[start:end]
    inside = [(a - start, b - start) for a, b in spans if a >= start and b <= end]
    prefix = "…" if start > 0 else ""
    suffix = "…" if end < len(body) else ""
    plain = f"{prefix}{piece}{suffix}"
    marked = mark_safe(f"{escape(prefix)}{_marked(piece, inside)}{escape(suffix)}")  # noqa: S308
    return plain, marked
