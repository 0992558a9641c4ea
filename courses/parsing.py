"""The regulation text parser: plain text in, a structure out. No database, no Django models.

The format is the one of the national database of laws and regulations, as Markdown:

    # 信访工作条例
    2022年2月25日 中共中央、国务院发布       ← dated header lines (optional)
    <!-- INFO END -->
    ## 第一章 总则                            ← parts (编), chapters (章), sections (节)
    第一条 为了……                             ← an article starts with 第X条
    （一）……                                   ← items (项) on their own lines
    ……                                         ← further paragraphs (款) of the same article

Numbers are Chinese numerals (第一百零二条) or Arabic ones; number and heading may be
separated by a full-width space (U+3000). Nothing is dropped silently: a line the parser
cannot place becomes a warning with its line number.
"""

import re
from dataclasses import dataclass, field
from datetime import date

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL = r"[零〇一二两三四五六七八九十百千\d]+"

HEADING_RE = re.compile(
    rf"^(?:#{{1,6}}\s*第({NUMERAL})(编|章|节)\s*|第({NUMERAL})(编|章|节)(?:\s+|$))(.*)$"
)
ARTICLE_RE = re.compile(rf"^第({NUMERAL})条(\s*)(.*)$")
ITEM_RE = re.compile(r"^[（(]([零〇一二两三四五六七八九十百]+)[）)]\s*(.*)$")
TITLE_RE = re.compile(r"^#\s+(.+)$")
DATE_RE = re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日")
DOC_NUMBER_RE = re.compile(r"(\S*(?:令第\d+号|〔\d{4}〕\d+号))")
INFO_END = "<!-- INFO END -->"
LEVELS = {"编": "part", "章": "chapter", "节": "section"}
LEVEL_RANK = {"part": 0, "chapter": 1, "section": 2}


class NumeralError(ValueError):
    pass


def chinese_to_int(text: str) -> int:
    """``"三十四"`` → 34, ``"一百零二"`` → 102, ``"十"`` → 10, ``"34"`` → 34."""
    text = text.strip()
    if not text:
        raise NumeralError("empty numeral")
    if text.isdigit():
        return int(text)
    total, current = 0, None
    for char in text:
        if char in DIGITS:
            current = DIGITS[char] if current is None else current * 10 + DIGITS[char]
        elif char in UNITS:
            total += (1 if current is None else current) * UNITS[char]
            current = None
        else:
            raise NumeralError(f"not a numeral: {text}")
    return total + (current or 0)


def int_to_chinese(number: int) -> str:
    """34 → ``"三十四"``, 102 → ``"一百零二"``, 10 → ``"十"``, 10010 → ``"一万零一十"``: how
    article numbers are written (an imported text may carry any number the column holds)."""
    if number <= 0:
        return str(number)
    return _spell(number, leading=True)


def _spell(number: int, *, leading: bool) -> str:
    for value, name in ((10**8, "亿"), (10**4, "万")):
        if number >= value:
            high, low = divmod(number, value)
            text = _spell(high, leading=leading) + name
            if low:
                text += ("零" if low < value // 10 else "") + _spell(low, leading=False)
            return text
    return _below_ten_thousand(number, leading=leading)


def _below_ten_thousand(number: int, *, leading: bool) -> str:
    names = "零一二三四五六七八九"
    parts, zero = [], False
    for unit, name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit, number = divmod(number, unit)
        if digit:
            if zero and parts:
                parts.append("零")
            one_ten = name == "十" and digit == 1 and not parts and leading
            parts.append(("" if one_ten else names[digit]) + name)
            zero = False
        else:
            zero = True
    return "".join(parts)


def normalise_line(line: str) -> str:
    """Full-width and non-breaking spaces become plain spaces; the ends are trimmed."""
    return re.sub(r"[\u3000\u00a0\t ]+", " ", line).strip()


@dataclass
class ParseWarning:
    line: int
    message: str
    text: str = ""

    def __str__(self):
        return f"line {self.line}: {self.message}" + (f" — {self.text[:60]}" if self.text else "")


@dataclass
class ParsedDivision:
    level: str  # part | chapter | section
    number: int
    heading: str  # e.g. "第一章 总则"
    parent: int | None  # index into ParsedRegulation.divisions
    line: int


@dataclass
class ParsedArticle:
    number: int
    division: int | None  # index into ParsedRegulation.divisions
    line: int
    paragraphs: list[dict] = field(default_factory=list)  # {"kind": "text"|"item", "text": …}

    @property
    def text(self) -> str:
        """The article's paragraphs (款) without its items, one per line."""
        return "\n".join(p["text"] for p in self.paragraphs if p["kind"] == "text")

    @property
    def items(self) -> list[str]:
        return [p["text"] for p in self.paragraphs if p["kind"] == "item"]


@dataclass
class ParsedRegulation:
    title: str = ""
    header_lines: list[str] = field(default_factory=list)
    issuing_bodies: str = ""
    document_number: str = ""
    issued_on: date | None = None
    in_force_on: date | None = None
    preamble: str = ""
    divisions: list[ParsedDivision] = field(default_factory=list)
    articles: list[ParsedArticle] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)

    @property
    def chapter_count(self) -> int:
        return sum(1 for d in self.divisions if d.level == "chapter")


def _parse_date(text: str) -> date | None:
    match = DATE_RE.search(text)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def _read_header(result: ParsedRegulation, lines: list[tuple[int, str]]) -> None:
    """Dated lines before ``<!-- INFO END -->``: the last dated line is the issue date
    (通过 → 公布/发布 → 施行), a line saying 施行 or 起施行 gives the in-force date."""
    issued = None
    for lineno, line in lines:
        result.header_lines.append(line)
        found = _parse_date(line)
        if found is None:
            if DATE_RE.search(line):
                result.warnings.append(ParseWarning(lineno, "date in header is not valid", line))
            continue
        if "施行" in line:
            result.in_force_on = found
        else:
            issued = found
        rest = DATE_RE.sub("", line, count=1).strip()
        doc_number = DOC_NUMBER_RE.search(rest)
        if doc_number:
            result.document_number = doc_number[1]
        elif rest.endswith(("发布", "公布")):
            result.issuing_bodies = rest[:-2].strip()
    result.issued_on = issued


def parse_regulation(text: str) -> ParsedRegulation:
    """Parse a regulation text. Never raises on bad content: problems become warnings."""
    result = ParsedRegulation()
    raw_lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    lines = [(index + 1, normalise_line(line)) for index, line in enumerate(raw_lines)]

    body_start = 0
    for position, (_lineno, line) in enumerate(lines):
        if line == INFO_END:
            body_start = position + 1
            header = lines[:position]
            break
    else:
        header = []

    # Title: the first "# …" line, in the header or (without a header) at the top.
    for lineno, line in header or lines[:5]:
        match = TITLE_RE.match(line)
        if match and not HEADING_RE.match(line):
            result.title = match[1].strip()
            if not header:
                body_start = max(body_start, lineno)
            break
    if header:
        _read_header(result, [(n, ln) for n, ln in header if ln and not TITLE_RE.match(ln)])
    if not result.title:
        result.warnings.append(ParseWarning(1, "no title line ('# title') found"))

    current_division: dict[str, int | None] = {"part": None, "chapter": None, "section": None}
    article: ParsedArticle | None = None
    preamble: list[str] = []
    seen_numbers: dict[int, int] = {}

    for lineno, line in lines[body_start:]:
        if not line or line == INFO_END:
            continue
        heading = HEADING_RE.match(line)
        if heading:
            numeral, kind = heading[1] or heading[3], heading[2] or heading[4]
            try:
                number = chinese_to_int(numeral)
            except NumeralError:
                result.warnings.append(ParseWarning(lineno, "heading number not understood", line))
                continue
            level = LEVELS[kind]
            parent = None
            for upper in ("section", "chapter", "part"):
                if LEVEL_RANK[upper] < LEVEL_RANK[level] and current_division[upper] is not None:
                    parent = current_division[upper]
                    break
            title = heading[5].strip()
            label = f"第{numeral}{kind}" + (f" {title}" if title else "")
            result.divisions.append(ParsedDivision(level, number, label, parent, lineno))
            index = len(result.divisions) - 1
            current_division[level] = index
            # A new chapter closes the previous chapter's sections, a part closes both.
            for lower, rank in LEVEL_RANK.items():
                if rank > LEVEL_RANK[level]:
                    current_division[lower] = None
            article = None
            continue
        if line.startswith("#"):
            result.warnings.append(ParseWarning(lineno, "heading not understood", line))
            continue
        start = ARTICLE_RE.match(line)
        expected = result.articles[-1].number + 1 if result.articles else 1
        number = None
        if start:
            try:
                number = chinese_to_int(start[1])
            except NumeralError:
                result.warnings.append(ParseWarning(lineno, "article number not understood", line))
                article = None
                continue
            # "第三十一条第六项规定的……" inside an article is a cross-reference, not a new
            # article: without a space after 条 only the next expected number starts one.
            if not start[2] and number != expected:
                start = None
        if start:
            if number in seen_numbers:
                result.warnings.append(
                    ParseWarning(
                        lineno,
                        f"article {number} appears again (first on line {seen_numbers[number]}); "
                        "the later text is ignored",
                        line,
                    )
                )
                article = None
                continue
            if number != expected:
                result.warnings.append(
                    ParseWarning(lineno, f"article {number} follows article {expected - 1}", line)
                )
            division = (
                current_division["section"]
                if current_division["section"] is not None
                else current_division["chapter"]
                if current_division["chapter"] is not None
                else current_division["part"]
            )
            article = ParsedArticle(number=number, division=division, line=lineno)
            seen_numbers[number] = lineno
            if start[3].strip():
                article.paragraphs.append({"kind": "text", "text": start[3].strip()})
            else:
                result.warnings.append(ParseWarning(lineno, f"article {number} has no text"))
            result.articles.append(article)
            continue
        if article is None:
            if not result.articles and not result.divisions:
                preamble.append(line)  # text before the first chapter: a preamble (序言)
            else:
                result.warnings.append(
                    ParseWarning(lineno, "text outside any article was not imported", line)
                )
            continue
        if ITEM_RE.match(line):
            article.paragraphs.append({"kind": "item", "text": line})
        else:
            article.paragraphs.append({"kind": "text", "text": line})

    result.preamble = "\n".join(preamble)
    if result.in_force_on is None:
        # "本条例自2022年5月1日起施行。" — usually the last article.
        for parsed in reversed(result.articles):
            if "施行" in parsed.text and (found := _parse_date(parsed.text)):
                result.in_force_on = found
                break
    if not result.articles:
        result.warnings.append(ParseWarning(len(lines), "no articles (第X条) found"))
    return result


ARTICLE_RANGE_RE = re.compile(r"^(\d+)\s*(?:[-–—~～至到]\s*(\d+))?$")


def parse_article_numbers(text: str, *, limit: int = 60) -> list[int]:
    """``"28-33, 35"`` → [28, 29, 30, 31, 32, 33, 35]. Raises ValueError on anything else."""
    numbers: list[int] = []
    for part in re.split(r"[,，、;；\s]+", (text or "").strip()):
        if not part:
            continue
        part = part.removeprefix("第").removesuffix("条")
        match = ARTICLE_RANGE_RE.match(part)
        if not match:
            raise ValueError(part)
        first = int(match[1])
        last = int(match[2]) if match[2] else first
        if first < 1 or last < first or last - first >= limit:
            raise ValueError(part)
        numbers.extend(n for n in range(first, last + 1) if n not in numbers)
    if not numbers or len(numbers) > limit:
        raise ValueError(text)
    return numbers
