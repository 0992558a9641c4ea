"""Rich text (HTML): findings in text nodes only, with offsets into the markup, and redaction
that changes text nodes and leaves every tag as it was."""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .detect import Finding, find_many

_TAG = re.compile(r"<!--.*?-->|<[^>]*>|&(?:#\d+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);", re.S)
_BLOCK_TAG = re.compile(r"</?(?:p|br|li|ul|ol|h[1-6]|div|blockquote|tr|td|th|table|hr)\b", re.I)


@dataclass
class HtmlText:
    """The text of an HTML fragment, and for every text char its (start, end) in the HTML."""

    text: str
    where: list[tuple[int, int]]


def html_text(markup: str) -> HtmlText:
    """The text of ``markup`` (entities decoded, a line break per block tag) and where each
    character came from."""
    chars: list[str] = []
    where: list[tuple[int, int]] = []
    pos = 0
    for m in _TAG.finditer(markup):
        for i in range(pos, m.start()):
            chars.append(markup[i])
            where.append((i, i + 1))
        token = m.group()
        if token.startswith("&"):
            decoded = html_lib.unescape(token)
            for ch in decoded:
                chars.append(ch)
                where.append((m.start(), m.end()))
        elif _BLOCK_TAG.match(token):
            chars.append("\n")  # paragraphs never join into one word
            where.append((m.start(), m.start()))
        pos = m.end()
    for i in range(pos, len(markup)):
        chars.append(markup[i])
        where.append((i, i + 1))
    return HtmlText("".join(chars), where)


def _to_html_finding(f: Finding, ht: HtmlText) -> Finding:
    return Finding(f.kind, f.text, ht.where[f.start][0], ht.where[f.end - 1][1], f.replacement)


def find_many_html(fragments: list[tuple[str, bool]], *, progress=None) -> list[list[Finding]]:
    """Like :func:`find_many`; each item is ``(text, is_html)``. HTML offsets index the markup."""
    extracted = [html_text(t) if is_html else None for t, is_html in fragments]
    texts = [ht.text if ht else t for ht, (t, _is_html) in zip(extracted, fragments, strict=True)]
    results = []
    for ht, findings in zip(extracted, find_many(texts, progress=progress), strict=True):
        results.append([_to_html_finding(f, ht) for f in findings] if ht else findings)
    return results


def find_in_html(markup: str) -> list[Finding]:
    """Findings in the text nodes of ``markup``; offsets index ``markup`` itself."""
    return find_many_html([(markup or "", True)])[0]


def redact_html(markup: str, findings: Iterable[Finding] | None = None) -> str:
    """Replace findings inside text nodes only, so the markup stays intact."""
    if findings is None:
        findings = find_in_html(markup)
    ht = html_text(markup)
    start_to_index = {}
    for index, (start, end) in enumerate(ht.where):
        if end > start:
            start_to_index.setdefault(start, index)
    edits: list[tuple[int, int, str]] = []
    for f in findings:
        first = start_to_index.get(f.start)
        if first is None:
            continue
        segments: list[list[int]] = []
        index = first
        while index < len(ht.where) and ht.where[index][0] < f.end:
            start, end = ht.where[index]
            if end > start:
                if segments and segments[-1][1] == start:
                    segments[-1][1] = end
                elif not segments or segments[-1][1] <= start:
                    segments.append([start, end])
            index += 1
        for i, (start, end) in enumerate(segments):
            edits.append(
                (start, end, html_lib.escape(f.replacement, quote=False) if i == 0 else "")
            )
    out = []
    pos = 0
    for start, end, replacement in sorted(edits):
        if start < pos:
            continue
        out.append(markup[pos:start])
        out.append(replacement)
        pos = end
    out.append(markup[pos:])
    return "".join(out)
