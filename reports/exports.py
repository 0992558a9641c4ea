"""The year's documents as files: one official's DOCX and XLSX, a department's XLSX and ZIP.

Every writer takes the plain data of ``reports.documents`` and a ``stamp`` (the moment the
figures stand for): the same data and stamp give the same bytes, so a closed year's exports,
read from its snapshot, are reproducible.
"""

import copy
import io
import zipfile

from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.run import Run

from kit.spreadsheets import Sheet, stable_archive, write_workbook

from .selectors import KINDS, STUDY_KINDS

FONT = "宋体"
HEADING_FONT = "黑体"


def _set_cjk(run, font, size, bold):
    run.font.name = font
    rpr = run._element.get_or_add_rPr()
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), font)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = rpr.makeelement(qn("w:lang"), {})
        rpr.append(lang)
    lang.set(qn("w:eastAsia"), "zh-CN")
    if size:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold


_RUN_PROPERTIES: dict = {}


def _cjk(run, font=FONT, size=None, bold=None):
    """The run in a CJK font (宋体 by default), Chinese as its East Asian language. A new run gets
    a copy of the properties built once per font, size and weight: building them through
    python-docx for every table cell took most of a long document's time."""
    if run._element.rPr is not None:
        _set_cjk(run, font, size, bold)
        return run
    key = (font, size, bold)
    template = _RUN_PROPERTIES.get(key)
    if template is None:
        scratch = Run(OxmlElement("w:r"), None)
        _set_cjk(scratch, font, size, bold)
        template = _RUN_PROPERTIES[key] = scratch._element.rPr
    run._element.insert(0, copy.deepcopy(template))
    return run


def _new_document():
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.6)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(12)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    return document


_TEMPLATE = None


def _document():
    """A fresh A4 document. python-docx parses its default template on every Document(): copy
    one parsed template instead (a department's ZIP writes hundreds)."""
    global _TEMPLATE
    if _TEMPLATE is None:
        _TEMPLATE = _new_document()
    return copy.deepcopy(_TEMPLATE)


def _para(document, text, *, size=12, bold=False, align=None, font=FONT, indent=False):
    paragraph = document.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    paragraph.paragraph_format.space_after = Pt(4)
    _cjk(paragraph.add_run(text), font=font, size=size, bold=bold)
    return paragraph


def _heading(document, text):
    return _para(document, text, size=14, bold=True, font=HEADING_FONT)


def _table(document, header: list[str], rows: list[list], widths: list[float] | None = None):
    """A bordered table. Cells are filled through their first paragraph (python-docx's
    cell.text setter builds a run without the CJK font)."""
    table = document.add_table(rows=1 + len(rows), cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    # One pass over the rows: python-docx's ``table.rows[r]`` lists every row each time, which
    # made a long table (a year's 150 lessons) quadratic.
    for r, (row, values) in enumerate(zip(table.rows, [header, *rows], strict=True)):
        cells = row.cells
        for c, value in enumerate(values):
            paragraph = cells[c].paragraphs[0]
            _cjk(paragraph.add_run("" if value is None else str(value)), size=10.5, bold=r == 0)
            if widths:
                cells[c].width = Cm(widths[c])
    return table


def official_docx(doc: dict, *, stamp) -> bytes:
    """One official's year as a DOCX (A4, 宋体): the 年度学法档案 for the 述职述法 report."""
    official = doc["official"]
    document = _document()
    _para(
        document,
        _("Annual study record of %(name)s, %(year)s")
        % {"name": official["name"], "year": doc["year"]},
        size=18,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        font=HEADING_FONT,
    )
    _para(
        document,
        _(
            "Annual study record for the year-end report on performance and rule of law (述职述法), %(year)s"
        )
        % {"year": doc["year"]},
        size=10.5,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _table(
        document,
        [pgettext("person", "Name"), _("Staff number"), _("Department"), _("Job title"), _("Rank")],
        [
            [
                official["name"],
                official["staff_number"],
                official["department"] or "—",
                official["job_title"] or "—",
                official["rank"] or "—",
            ]
        ],
    )
    _heading(document, _("Against the year's study target"))
    _para(document, official["missing_text"], bold=True)
    _table(
        document,
        [
            pgettext("year target", "Target"),
            pgettext("year target", "Required"),
            _("Reached"),
            _("Status"),
        ],
        [[c["label"], c["required"], c["reached"], c["status"]] for c in official["checks"]],
        widths=[3.5, 3.5, 3.5, 5.3],
    )
    _heading(document, _("For the year-end report (述职述法)"))
    _para(document, doc["paragraph"], indent=True)
    _heading(document, _("Credit hours by kind"))
    _table(
        document,
        [_("Kind"), _("Records"), _("Credit hours")],
        [[k["label"], k["count"], k["hours"]] for k in doc["kinds"]]
        + [[_("Total"), sum(k["count"] for k in doc["kinds"]), official["hours"]]],
    )
    if official["required_courses"]:
        _heading(document, _("Required courses"))
        _table(
            document,
            [_("Required course"), _("Status")],
            [
                [c["title"], _("completed") if c["done"] else _("not completed")]
                for c in official["required_courses"]
            ],
        )
    _heading(document, pgettext("year record", "Quizzes and exams"))
    if doc["quizzes"]:
        _table(
            document,
            [
                _("Date"),
                _("Title"),
                _("Kind"),
                pgettext("score", "Grade"),
                _("Result"),
                _("Credit hours"),
            ],
            [
                [q["date"], q["title"], q["mode"], q["score"], q["result"], q["hours"]]
                for q in doc["quizzes"]
            ],
        )
    else:
        _para(document, _("None this year."))
    for section in doc["sections"]:
        _heading(document, section["title"])
        if section["lines"]:
            _table(
                document,
                [_("Date"), _("Title"), _("Credit hours")],
                [[line["date"], line["title"], line["hours"]] for line in section["lines"]],
                widths=[2.8, 10.5, 2.5],
            )
        else:
            _para(document, _("None this year."))
    if doc["corrections"]:
        _heading(document, _("Corrections"))
        _table(
            document,
            [_("Date"), _("Title"), _("Credit hours"), _("Reason")],
            [[c["date"], c["title"], c["hours"], c["reason"]] for c in doc["corrections"]],
        )
    document.add_paragraph()
    for line in (
        _("Signature of the official") + "：__________________　" + _("Date") + "：__________",
        _("Opinion of the department") + "：________________________________________",
        _("Signature of the department lead") + "：______________　" + _("Department seal") + "：",
        _("Year    Month    Day"),
    ):
        _para(document, line)
    out = io.BytesIO()
    document.core_properties.title = str(
        _("Annual study record of %(name)s, %(year)s")
        % {"name": official["name"], "year": doc["year"]}
    )
    document.core_properties.author = "Xuefa"
    document.save(out)
    return stable_archive(out.getvalue(), stamp)


def official_xlsx(doc: dict, *, stamp) -> bytes:
    """One official's year as a workbook: the summary and targets, then every item."""
    official = doc["official"]
    summary = [
        [pgettext("person", "Name"), official["name"]],
        [_("Staff number"), official["staff_number"]],
        [_("Department"), official["department"]],
        [_("Job title"), official["job_title"]],
        [_("Rank"), official["rank"]],
        [_("Year"), doc["year"]],
        [_("Credit hours"), f"{official['hours']} / {official['target_hours']}"],
        [_("What is missing"), official["missing_text"]],
        [_("For the year-end report (述职述法)"), doc["paragraph"]],
    ]
    summary += [
        [c["label"], f"{c['reached']} / {c['required']} · {c['status']}"]
        for c in official["checks"]
    ]
    items = []
    for q in doc["quizzes"]:
        items.append([q["date"], q["mode"], q["title"], _num(q["hours"]), q["score"], q["result"]])
    for section in doc["sections"]:
        for line in section["lines"]:
            items.append(
                [line["date"], section["title"], line["title"], _num(line["hours"]), "", ""]
            )
    items.sort(key=lambda r: (r[0], r[1], r[2]))
    corrections = [
        [c["date"], c["title"], _num(c["hours"]), c["reason"]] for c in doc["corrections"]
    ]
    sheets = [
        Sheet(
            title=str(_("Year summary")),
            columns=[pgettext("sheet", "Item"), pgettext("sheet", "Value")],
            rows=summary,
            widths=[26, 90],
            wrap=True,
        ),
        Sheet(
            title=str(_("Every record")),
            columns=[
                _("Date"),
                _("Kind"),
                _("Title"),
                _("Credit hours"),
                pgettext("score", "Grade"),
                _("Result"),
            ],
            rows=items,
            widths=[12, 16, 48, 10, 8, 14],
        ),
    ]
    if corrections:
        sheets.append(
            Sheet(
                title=str(_("Corrections")),
                columns=[_("Date"), _("Title"), _("Credit hours"), _("Reason")],
                rows=corrections,
                widths=[12, 48, 10, 40],
            )
        )
    return write_workbook(sheets, stamp=stamp)


def _num(text):
    """Hours as a number in the sheet (so Excel sums them), from the documents' text."""
    if text in ("", None, "—"):
        return text
    value = float(text)
    return int(value) if value.is_integer() else value


def department_columns() -> list[str]:
    return [
        pgettext("person", "Name"),
        _("Staff number"),
        _("Department"),
        _("Rank"),
        _("Credit hours"),
        _("Target (h)"),
        *[str(KINDS(k).label) for k in STUDY_KINDS],
        _("Required courses done"),
        _("Required courses"),
        _("Annual exam"),
        _("Group sessions"),
        _("Target met"),
        _("What is missing"),
    ]


def department_line(o: dict) -> list:
    exam = o["exam"]
    return [
        o["name"],
        o["staff_number"],
        o["department"],
        o["rank"],
        _num(o["hours"]),
        _num(o["target_hours"]),
        *[_num(o["hours_by_kind"].get(k, "0")) for k in STUDY_KINDS],
        o["required_done"],
        o["required_total"],
        exam["band"] if exam else _("not taken"),
        o["sessions"],
        pgettext("target met", "yes") if o["met"] else pgettext("target met", "no"),
        "" if o["met"] else o["missing_text"],
    ]


def department_xlsx(*, title: str, officials: list[dict], extra_sheets=(), stamp) -> bytes:
    """A department's year: one line per official (by name or by what is missing, as given),
    then the oversight tables (``extra_sheets``)."""
    sheets = [
        Sheet(
            title=title,
            columns=department_columns(),
            rows=(department_line(o) for o in officials),
            widths=[12, 12, 22, 12, 10, 9, 9, 9, 9, 9, 9, 9, 9, 9, 12, 9, 8, 40],
        ),
        *extra_sheets,
    ]
    return write_workbook(sheets, stamp=stamp)


def documents_zip(documents, *, stamp, progress=None, total=0) -> bytes:
    """One DOCX per official in one ZIP (``<department> <name> <staff number>.docx``)."""
    out = io.BytesIO()
    moment = stamp.replace(tzinfo=None, microsecond=0).timetuple()[:6]
    seen = set()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, doc in enumerate(documents, start=1):
            official = doc["official"]
            name = f"{doc['year']}-{official['name']}-{official['staff_number']}"
            name = "".join("_" if ch in '\\/:*?"<>|' else ch for ch in name)
            while name in seen:
                name += "_"
            seen.add(name)
            entry = zipfile.ZipInfo(f"{name}.docx", date_time=moment)
            entry.compress_type = zipfile.ZIP_STORED  # a DOCX is already compressed
            entry.external_attr = 0o600 << 16
            archive.writestr(entry, official_docx(doc, stamp=stamp))
            if progress and total and index % 20 == 0:
                progress(
                    index / total, _("%(n)s of %(total)s documents") % {"n": index, "total": total}
                )
    return out.getvalue()


def oversight_sheets(figures, months) -> list[Sheet]:
    """A department's oversight tables as sheets: overview, completion, scores, months."""
    overview = [
        [_("Officials"), figures.officials],
        [_("Met the whole target"), figures.met],
        [_("Credit hours per official (mean)"), _num(figures.mean_hours)],
        [_("Credit hours per official (median)"), _num(figures.median_hours)],
        [_("Annual exam participation"), figures.exam_participation],
        [_("Pass rate"), figures.pass_rate],
        [_("Excellent rate"), figures.excellent_rate],
        [_("Required courses completed"), figures.required_rate],
    ]
    return [
        Sheet(
            title=str(_("Overview")),
            columns=[pgettext("sheet", "Item"), pgettext("sheet", "Value")],
            rows=overview,
            widths=[34, 16],
        ),
        Sheet(
            title=str(_("Completion")),
            columns=[
                pgettext("year target", "Target"),
                _("Met the target part"),
                _("Officials"),
                "%",
            ],
            rows=[[c["label"], c["met"], c["total"], c["percent"]] for c in figures.completion],
            widths=[20, 12, 10, 10],
        ),
        Sheet(
            title=str(_("Exam scores")),
            columns=[_("Score band"), _("Officials")],
            rows=[list(item) for item in figures.score_distribution],
        ),
        Sheet(
            title=str(_("Hours by month")),
            columns=[
                _("Kind"),
                *[pgettext("chart", "Month %(m)s") % {"m": m} for m in range(1, 13)],
            ],
            rows=[[k["label"], *[_num(f"{h:.2f}") for h in k["months"]]] for k in months],
            widths=[16] + [8] * 12,
        ),
    ]


def _summary_line(name, f) -> list:
    return [
        name,
        len(f.sessions_held),
        f.session_times,
        len(f.trainings_held),
        f.training_times,
        f.officials,
        f.participants,
        f.required_rate,
        f.exam_participation,
        f.pass_rate,
        f.excellent_rate,
        f.counts.get(KINDS.CASE_REVIEWED, 0),
        _num(_fmt(f.hours)),
        _num(f.mean_hours),
        _num(f.median_hours),
    ]


def _fmt(value) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text or "0"


def summary_columns() -> list[str]:
    return [
        _("Department"),
        _("Group sessions held"),
        _("Group session attendances"),
        _("Trainings held"),
        _("Training attendances"),
        _("Officials"),
        _("Participants"),
        _("Required courses completed"),
        _("Annual exam participation"),
        _("Pass rate"),
        _("Excellent rate"),
        _("Cases studied"),
        _("Credit hours"),
        _("Credit hours per official (mean)"),
        _("Credit hours per official (median)"),
    ]


def summary_sheets(summary: dict) -> list[Sheet]:
    rows = [_summary_line(name, f) for name, f in summary["rows"]]
    rows.append(_summary_line(str(_("Total")), summary["total"]))
    return [
        Sheet(
            title=f"{summary['year']}",
            columns=summary_columns(),
            rows=rows,
            widths=[26] + [11] * 14,
        ),
        Sheet(
            title=str(_("Paragraph")),
            columns=[_("For the annual report")],
            rows=[[summary["paragraph"]]],
            widths=[120],
            wrap=True,
        ),
    ]


def office_docx(summary: dict, *, stamp) -> bytes:
    """The office's annual figures as a DOCX section: the paragraph, then the table."""
    document = _document()
    section = document.sections[0]
    section.orientation = 1  # landscape: fifteen columns
    section.page_width, section.page_height = Cm(29.7), Cm(21)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2)
    _para(
        document,
        _("Study of law in %(year)s: the office's figures") % {"year": summary["year"]},
        size=16,
        bold=True,
        align=WD_ALIGN_PARAGRAPH.CENTER,
        font=HEADING_FONT,
    )
    _para(document, summary["paragraph"], indent=True)
    rows = [_summary_line(name, f) for name, f in summary["rows"]]
    rows.append(_summary_line(str(_("Total")), summary["total"]))
    table = _table(document, summary_columns(), rows)
    for row in table.rows:
        for cell in row.cells:
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(8)
    out = io.BytesIO()
    document.core_properties.title = str(
        _("Study of law in %(year)s: the office's figures") % {"year": summary["year"]}
    )
    document.core_properties.author = "Xuefa"
    document.save(out)
    return stable_archive(out.getvalue(), stamp)
