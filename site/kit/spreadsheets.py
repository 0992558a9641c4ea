"""Reading and writing the Excel sheets trainers exchange with Xuefa.

One careful reader for every import (staff, questions, …): it refuses files that are not
real .xlsx workbooks, too large, or carry formulas, and hands back rows with their
spreadsheet row numbers so that errors can name a row and a column.
"""

import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from kit.text import UNSTORABLE_MESSAGE, text_storable

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class SpreadsheetError(Exception):
    """The file as a whole cannot be read; the message says why, for the person uploading."""


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict:
        return {"row": self.row, "column": self.column, "message": self.message}

    def __str__(self):
        if self.column:
            return _("Row %(row)s, column “%(column)s”: %(message)s") % {
                "row": self.row,
                "column": self.column,
                "message": self.message,
            }
        return _("Row %(row)s: %(message)s") % {"row": self.row, "message": self.message}


@dataclass
class SheetRow:
    number: int  # the row number as Excel shows it
    values: dict[str, str] = field(default_factory=dict)

    def get(self, column: str) -> str:
        return self.values.get(column, "")


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value).strip()


# Bounds checked before and while parsing: a workbook is a ZIP of XML, and a few kilobytes
# of it can declare millions of rows or a gigabyte cell (issue 9).
MAX_COLUMNS = 100
MAX_CELL_CHARS = 32767  # Excel's own limit for one cell
MAX_BLANK_ROWS = 1000  # empty rows tolerated between and after the data rows
MAX_MEMBERS = 1000
MAX_MEMBER_RATIO = 200  # uncompressed : compressed, for members over 1 MB


def read_sheet(
    upload,
    *,
    required_columns: Iterable[str],
    optional_columns: Iterable[str] = (),
    max_rows: int = 20000,
) -> list[SheetRow]:
    """Read the first worksheet of an uploaded .xlsx file into rows keyed by header.

    ``upload`` is a file object or a path. Raises ``SpreadsheetError`` with a message for
    the person uploading when the file is not a usable workbook. Bounded before parsing (the
    file's size, its members' real uncompressed sizes and ratios, the sheet's declared range)
    and while reading (rows, columns, cell length), so a hostile file costs little.
    """
    data = _read_bytes(upload)
    if len(data) > settings.XUEFA_MAX_SPREADSHEET_BYTES:
        raise SpreadsheetError(
            _("The file is larger than %(mb)s MB. Split it into smaller files.")
            % {"mb": settings.XUEFA_MAX_SPREADSHEET_BYTES // (1024 * 1024)}
        )
    if not data.startswith(b"PK") or not zipfile.is_zipfile(io.BytesIO(data)):
        raise SpreadsheetError(
            _("This is not an Excel .xlsx file. Save it from Excel or WPS as .xlsx and try again.")
        )
    _archive_check(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for broken archives
        raise SpreadsheetError(
            _("The workbook could not be opened (%(reason)s). Save it again as .xlsx.")
            % {"reason": exc.__class__.__name__}
        ) from exc
    try:
        if not workbook.worksheets:
            raise SpreadsheetError(_("The first worksheet is empty."))
        sheet = workbook.worksheets[0]
        _dimension_check(sheet, max_rows=max_rows)
        last_row = max_rows + MAX_BLANK_ROWS + 1
        rows_iter = sheet.iter_rows(max_col=MAX_COLUMNS, max_row=last_row + 1)
        header_row = next(rows_iter, None)
        if header_row is None:
            raise SpreadsheetError(_("The first worksheet is empty."))
        headers = [_cell_text(_cell_value(cell, 1, "")) for cell in header_row]
        missing = [c for c in required_columns if c not in headers]
        if missing:
            raise SpreadsheetError(
                _("The header row is missing the column(s): %(columns)s. Use the template.")
                % {"columns": "、".join(missing)}
            )
        known = set(required_columns) | set(optional_columns)
        rows: list[SheetRow] = []
        for offset, raw in enumerate(rows_iter, start=2):
            if len(rows) >= max_rows or offset > last_row:
                raise SpreadsheetError(
                    _("The sheet has more than %(max)s rows. Split it into smaller files.")
                    % {"max": max_rows}
                )
            values = {}
            for header, cell in zip(headers, raw, strict=False):
                if header in known:
                    values[header] = _cell_text(_cell_value(cell, offset, header))
            if any(values.values()):
                rows.append(SheetRow(number=offset, values=values))
        return rows
    finally:
        workbook.close()


def _archive_check(data: bytes) -> None:
    """The ZIP's members, decompressed as a stream (their headers can lie), stay within the
    uncompressed limit and a plausible compression ratio; nothing is kept in memory."""
    limit = settings.XUEFA_MAX_SPREADSHEET_UNZIPPED_BYTES
    too_big = SpreadsheetError(
        _(
            "The workbook unpacks to more than %(mb)s MB (or is packed unusually tightly). "
            "Delete empty rows and columns, or split it into smaller files."
        )
        % {"mb": limit // (1024 * 1024)}
    )
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
            if len(members) > MAX_MEMBERS:
                raise too_big
            total = 0
            for info in members:
                if info.file_size > limit or total + info.file_size > limit:
                    raise too_big
                size = 0
                with archive.open(info) as stream:
                    while chunk := stream.read(64 * 1024):
                        size += len(chunk)
                        if total + size > limit:
                            raise too_big
                if size > 1024 * 1024 and size > MAX_MEMBER_RATIO * max(info.compress_size, 1):
                    raise too_big
                total += size
    except SpreadsheetError:
        raise
    except Exception as exc:  # a broken or encrypted archive
        raise SpreadsheetError(
            _("The workbook could not be opened (%(reason)s). Save it again as .xlsx.")
            % {"reason": exc.__class__.__name__}
        ) from exc


def _dimension_check(sheet, *, max_rows: int) -> None:
    """The range the sheet declares (``<dimension ref="A1:K20">``): openpyxl pads every row
    to it, so A1:XFD20000000 would mean twenty million rows of 16,384 empty cells."""
    try:
        declared_rows, declared_columns = sheet.max_row, sheet.max_column
    except Exception:  # an unreadable range: ignore it and read what is there
        declared_rows = declared_columns = None
    if (declared_rows or 0) > max_rows + MAX_BLANK_ROWS + 1:
        raise SpreadsheetError(
            _(
                "The sheet says it has %(n)s rows; at most %(max)s can be imported. Delete the "
                "empty rows below the data (or split the file) and save it again."
            )
            % {"n": declared_rows, "max": max_rows}
        )
    if (declared_columns or 0) > MAX_COLUMNS:
        raise SpreadsheetError(
            _(
                "The sheet says it has %(n)s columns; at most %(max)s are read. Delete the "
                "empty columns to the right of the data and save it again."
            )
            % {"n": declared_columns, "max": MAX_COLUMNS}
        )


def _cell_value(cell, row: int, column: str):
    """A cell's value; formulas and over-long text are refused with the row and column."""
    value = getattr(cell, "value", None)
    if getattr(cell, "data_type", None) == "f":
        raise SpreadsheetError(
            _(
                "Row %(row)s, column “%(column)s” holds a formula. "
                "Paste values only (Paste Special → Values) and try again."
            )
            % {"row": row, "column": column}
        )
    if isinstance(value, str):
        if len(value) > MAX_CELL_CHARS:
            raise SpreadsheetError(
                _("Row %(row)s, column “%(column)s” holds more than %(max)s characters.")
                % {"row": row, "column": column, "max": MAX_CELL_CHARS}
            )
        if not text_storable(value):
            raise SpreadsheetError(
                _("Row %(row)s, column “%(column)s”: %(message)s")
                % {"row": row, "column": column, "message": UNSTORABLE_MESSAGE}
            )
    return value


def _read_bytes(upload) -> bytes:
    if isinstance(upload, str | bytes) or hasattr(upload, "__fspath__"):
        with open(upload, "rb") as handle:
            return handle.read(settings.XUEFA_MAX_SPREADSHEET_BYTES + 1)
    if hasattr(upload, "seek"):
        upload.seek(0)
    return upload.read(settings.XUEFA_MAX_SPREADSHEET_BYTES + 1)


@dataclass
class Sheet:
    """One worksheet to write: a bold header row, then the rows; ``widths`` per column."""

    title: str
    columns: list[str]
    rows: Iterable[Iterable] = ()
    widths: list[int] = field(default_factory=list)
    wrap: bool = False


def write_workbook(sheets: Iterable[Sheet], *, notes: Iterable[str] = (), stamp=None) -> bytes:
    """A workbook of several sheets. With ``stamp`` (a datetime) the file is reproducible:
    the same sheets give the same bytes (the workbook's dates and the archive's entry times
    are ``stamp``), which a closed year's exports rely on."""
    workbook = Workbook(write_only=True)
    header_fill = PatternFill("solid", fgColor="DCE6F0")
    used_titles: set[str] = set()
    for spec in sheets:
        sheet = workbook.create_sheet(sheet_title(spec.title, taken=used_titles))
        for index, _name in enumerate(spec.columns, start=1):
            width = spec.widths[index - 1] if index <= len(spec.widths) else 18
            sheet.column_dimensions[get_column_letter(index)].width = width
        sheet.freeze_panes = "A2"
        header = []
        for name in spec.columns:
            cell = _text_cell(sheet, name)
            cell.font = Font(bold=True)
            cell.fill = header_fill
            header.append(cell)
        sheet.append(header)
        wrap = Alignment(wrap_text=True, vertical="top") if spec.wrap else None
        for row in spec.rows:
            cells = []
            for v in row:
                cell = _text_cell(sheet, v) if isinstance(v, str) else WriteOnlyCell(sheet, v)
                if wrap is not None:
                    cell.alignment = wrap
                cells.append(cell)
            sheet.append(cells)
    notes = list(notes)
    if notes:
        help_sheet = workbook.create_sheet(sheet_title(_("Instructions"), taken=used_titles))
        help_sheet.column_dimensions["A"].width = 100
        for line in notes:
            cell = _text_cell(help_sheet, line)
            cell.alignment = Alignment(wrap_text=True)
            help_sheet.append([cell])
    if stamp is not None:
        workbook.properties.created = stamp.replace(tzinfo=None, microsecond=0)
        workbook.properties.modified = stamp.replace(tzinfo=None, microsecond=0)
    out = io.BytesIO()
    workbook.save(out)
    data = out.getvalue()
    return stable_archive(data, stamp) if stamp is not None else data


def stable_archive(data: bytes, stamp) -> bytes:
    """Rewrite an Office file (a ZIP) so that it depends only on its contents and ``stamp``:
    every entry dated ``stamp``, and the core properties' created/modified set to it (writers
    put the time of writing there)."""
    moment = stamp.replace(tzinfo=None, microsecond=0)
    iso = moment.strftime("%Y-%m-%dT%H:%M:%SZ")
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "docProps/core.xml":
                content = re.sub(
                    rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)",
                    lambda m: m.group(1) + iso.encode() + m.group(2),
                    content,
                )
            entry = zipfile.ZipInfo(info.filename, date_time=moment.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o600 << 16
            target.writestr(entry, content)
    return out.getvalue()


def write_sheet(
    *, title: str, columns: list[str], rows: Iterable[Iterable], notes: Iterator[str] = ()
) -> bytes:
    """A workbook with a bold header row, sensible widths and optional notes on a second sheet."""
    return write_workbook([Sheet(title=title, columns=columns, rows=rows)], notes=notes)


def xlsx_response(data: bytes, filename: str) -> HttpResponse:
    """A workbook as a download, named ``filename`` (UTF-8 safe)."""
    response = HttpResponse(data, content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


_TITLE_FORBIDDEN = re.compile(r"[\\/?*\[\]:]")


def sheet_title(title: str, *, taken: set[str] | None = None) -> str:
    """A worksheet name Excel accepts, made from ``title``: none of ``\\ / ? * [ ] :``
    (replaced by ``_``), no control characters, no apostrophe at either end, 1–31
    characters, and (with ``taken``, which it updates) unique in the workbook regardless of
    case. Every sheet the kit writes is named through here."""
    text = _TITLE_FORBIDDEN.sub("_", ILLEGAL_CHARACTERS_RE.sub("", str(title)))
    text = text.strip().strip("'").strip() or "Sheet"
    text = text[:31]
    if taken is not None:
        base, n = text, 2
        while text.casefold() in {t.casefold() for t in taken}:
            suffix = f" ({n})"
            text = base[: 31 - len(suffix)] + suffix
            n += 1
        taken.add(text)
    return text


def _text_cell(sheet, value) -> WriteOnlyCell:
    """A text cell holding exactly ``value``. A value starting with ``=`` is typed as text,
    not a formula: Excel shows it as written and never runs it (formula injection), and a
    re-import reads back the same characters — no apostrophe added. Characters XML cannot
    carry (control characters other than tab and line breaks) are left out; without that
    openpyxl refuses the whole export."""
    cell = WriteOnlyCell(sheet, value=ILLEGAL_CHARACTERS_RE.sub("", str(value)))
    cell.data_type = "s"
    return cell
