"""Spreadsheet uploads are bounded before and while parsing (issue 9).

The hostile files are built here, a few kilobytes on disk each: a sheet that declares twenty
million rows, rows far below the data, a member that unpacks to a gigabyte (one huge cell),
an implausibly tight compression ratio, sixteen thousand columns, an over-long cell. Each is
refused with a message for the person uploading, and reading it stays small in memory."""

import io
import tracemalloc
import zipfile

import pytest
from django.utils import translation
from openpyxl import Workbook

from kit.spreadsheets import SpreadsheetError, read_sheet

COLUMNS = ["姓名", "工号"]


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def _workbook(rows=(("李明", "1001"),)) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append(COLUMNS)
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _replace_member(data: bytes, name: str, content, *, level=9) -> bytes:
    """The same workbook with one member replaced; ``content`` is bytes or an iterable of
    byte chunks (streamed, so a gigabyte member never sits in memory)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as target:
        for info in source.infolist():
            if info.filename != name:
                target.writestr(info, source.read(info.filename))
        with target.open(name, "w", force_zip64=True) as stream:
            for chunk in [content] if isinstance(content, bytes) else content:
                stream.write(chunk)
    return out.getvalue()


SHEET = "xl/worksheets/sheet1.xml"
NS = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
HEADER_ROW = b'<row r="1"><c r="A1" t="inlineStr"><is><t>\xe5\xa7\x93\xe5\x90\x8d</t></is></c>'
HEADER_ROW += b'<c r="B1" t="inlineStr"><is><t>\xe5\xb7\xa5\xe5\x8f\xb7</t></is></c></row>'


def _sheet(*, dimension: bytes = b"", rows: bytes = b"") -> bytes:
    return NS + dimension + b"<sheetData>" + HEADER_ROW + rows + b"</sheetData></worksheet>"


def _read(data: bytes):
    return read_sheet(io.BytesIO(data), required_columns=COLUMNS)


def test_an_ordinary_workbook_reads():
    """The control: a normal file gives its rows."""
    rows = _read(_workbook())
    assert [(r.number, r.get("姓名")) for r in rows] == [(2, "李明")]


def test_twenty_million_declared_rows_are_refused_before_reading():
    """A sheet declaring A1:B20000000 (openpyxl would pad every row up to it) is refused,
    and refusing it costs little memory."""
    data = _replace_member(_workbook(), SHEET, _sheet(dimension=b'<dimension ref="A1:B20000000"/>'))
    assert len(data) < 20_000
    tracemalloc.start()
    try:
        with pytest.raises(SpreadsheetError, match="20000000"):
            _read(data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * 1024 * 1024


def test_a_row_twenty_million_rows_down_is_refused():
    """Without a declared range, a row numbered 20,000,000 would still make openpyxl yield
    every empty row before it: reading stops at the row limit."""
    far = b'<row r="20000000"><c r="A20000000" t="inlineStr"><is><t>x</t></is></c></row>'
    data = _replace_member(_workbook(), SHEET, _sheet(rows=far))
    with pytest.raises(SpreadsheetError, match="20000"):
        _read(data)


def test_a_gigabyte_cell_is_refused_before_parsing():
    """A member that unpacks to 1 GB (one enormous shared string) is refused by its real
    unpacked size before openpyxl sees it; the file on disk is about a megabyte."""
    chunk = b"a" * (1024 * 1024)
    strings = [b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><si><t>']
    strings += (chunk for _ in range(1024))
    strings += [b"</t></si></sst>"]
    data = _replace_member(_workbook(), "xl/sharedStrings.xml", strings, level=1)
    assert len(data) < 8 * 1024 * 1024
    tracemalloc.start()
    try:
        with pytest.raises(SpreadsheetError, match="MB"):
            _read(data)
        _current, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 64 * 1024 * 1024  # the upload itself (a few MB) and one 64 KB chunk


def test_an_implausible_compression_ratio_is_refused():
    """A member of 10 MB of spaces (under the size limit, but packed 1000:1) is refused."""
    data = _replace_member(_workbook(), "xl/padding.xml", b" " * (10 * 1024 * 1024))
    with pytest.raises(SpreadsheetError, match="MB"):
        _read(data)


def test_sixteen_thousand_declared_columns_are_refused():
    """A declared range out to column XFD is refused before reading."""
    data = _replace_member(_workbook(), SHEET, _sheet(dimension=b'<dimension ref="A1:XFD3"/>'))
    with pytest.raises(SpreadsheetError, match="16384"):
        _read(data)


def test_a_cell_beyond_the_column_limit_is_ignored():
    """Without a declared range, a cell at column XFD is not read (rows are cut at 100)."""
    far = b'<row r="2"><c r="A2" t="inlineStr"><is><t>x</t></is></c>'
    far += b'<c r="XFD2" t="inlineStr"><is><t>y</t></is></c></row>'
    rows = _read(_replace_member(_workbook(), SHEET, _sheet(rows=far)))
    assert [r.get("姓名") for r in rows] == ["x"]


def test_a_cell_longer_than_excel_allows_is_refused():
    """A cell of more than 32,767 characters (Excel's own limit) names its row and column."""
    # written as XML: openpyxl itself would cut the text at 32,767 characters
    long = ("李" * 40_000).encode()
    row = b'<row r="2"><c r="A2" t="inlineStr"><is><t>' + long + b"</t></is></c></row>"
    with pytest.raises(SpreadsheetError, match="Row 2, column “姓名”"):
        _read(_replace_member(_workbook(), SHEET, _sheet(rows=row)))


def test_a_real_formula_is_refused_but_text_starting_with_equals_is_kept():
    """A formula cell is refused; a text cell holding "=1+1" is text and read exactly."""
    wb = Workbook()
    ws = wb.active
    ws.append(COLUMNS)
    ws.append(["=1+1", "1"])
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(SpreadsheetError, match="formula"):
        _read(out.getvalue())
    ws["A2"].data_type = "s"
    out = io.BytesIO()
    wb.save(out)
    assert _read(out.getvalue())[0].get("姓名") == "=1+1"


def test_not_a_zip_and_broken_zip_are_refused():
    """Garbage and a truncated archive give the 'not an Excel file' or 'could not be opened'
    message, never an exception of another kind."""
    for data in (b"hello", _workbook()[:500], b"PK\x03\x04" + b"\x00" * 100):
        with pytest.raises(SpreadsheetError):
            _read(data)
