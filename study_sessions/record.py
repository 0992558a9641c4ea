"""The session record (集体学习记录) for A4 print and as a Word document: heading, what was
studied, the attendance table, the minutes and the signature lines. One reading of the
session (``session_record``) feeds both, so the print and the download say the same."""

import io
from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop, pgettext

from . import selectors
from .models import StudySession


@dataclass
class SessionRecord:
    session: StudySession
    modules: list
    questions: list
    rows: list
    summary: selectors.AttendanceSummary
    speeches: list
    follow_ups: list

    @property
    def title(self) -> str:
        return _("Record of a group study session")

    @property
    def facts(self) -> list[tuple[str, str]]:
        s = self.session
        return [
            (_("Topic"), s.topic),
            (_("Type"), s.get_session_type_display()),
            (_("Time"), f"{s.date:%Y-%m-%d} {s.starts_at:%H:%M}–{s.ends_at:%H:%M}"),
            (_("Place"), s.place),
            (_("Organising department"), s.department.name),
            (_("Organiser"), s.organiser.display_name),
            (_("Lead (领学人)"), s.lead_display or "—"),
            (_("Credit hours"), f"{s.credit_hours.normalize():f}"),
            (
                _("Attendance"),
                _("%(a)s attended of %(i)s invited; %(e)s excused, %(b)s absent, %(w)s walk-ins")
                % {
                    "a": self.summary.attended,
                    "i": self.summary.invited,
                    "e": self.summary.excused,
                    "b": self.summary.absent,
                    "w": self.summary.walk_ins,
                },
            ),
            (_("Status"), s.get_status_display()),
        ]


def session_record(*, session: StudySession) -> SessionRecord:
    rows = list(selectors.attendance_rows(session=session))
    minutes = selectors.session_minutes(session=session)
    return SessionRecord(
        session=session,
        modules=list(selectors.session_modules(session=session)),
        questions=list(session.questions.all()),
        rows=rows,
        summary=selectors.attendance_summary(rows=rows),
        speeches=list(minutes["speeches"]),
        follow_ups=list(minutes["follow_ups"]),
    )


SIGNATURES = (
    gettext_noop("Recorded by (记录人)"),
    gettext_noop("Chaired by (主持人)"),
    gettext_noop("Checked by (审核人)"),
)


def signature_labels() -> list[str]:
    return [_(label) for label in SIGNATURES]


def _east_asian(run, font="SimSun"):
    from docx.oxml.ns import qn

    run.font.name = font
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)


def record_docx(record: SessionRecord) -> bytes:
    """The record as a Word document (A4, SimSun), for the file and for signing."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = Mm(20)
    section.top_margin = section.bottom_margin = Mm(20)
    normal = document.styles["Normal"]
    normal.font.size = Pt(11)
    normal.font.name = "SimSun"
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(
        "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}eastAsia", "SimSun"
    )

    def para(text="", *, bold=False, size=None, align=None, style=None):
        p = document.add_paragraph(style=style)
        if align:
            p.alignment = align
        run = p.add_run(text)
        run.bold = bold
        if size:
            run.font.size = Pt(size)
        _east_asian(run, "SimHei" if bold else "SimSun")
        return p

    def heading(text):
        p = para(text, bold=True, size=13)
        p.paragraph_format.space_before = Pt(12)
        p.paragraph_format.keep_with_next = True

    def fill(table, widths, *, header=False):
        """Column widths (Word reads them per cell, LibreOffice from the table grid), the
        site's fonts, a repeated header row."""
        table.autofit = False
        for column, width in zip(table.columns, widths, strict=True):
            column.width = Mm(width)
        for r, row in enumerate(table.rows):
            for cell, width in zip(row.cells, widths, strict=True):
                cell.width = Mm(width)
                for p in cell.paragraphs:
                    p.paragraph_format.space_after = Pt(0)
                    for run in p.runs:
                        run.bold = header and r == 0
                        _east_asian(run, "SimHei" if run.bold else "SimSun")
        if header:
            from docx.oxml import OxmlElement
            from docx.oxml.ns import qn

            properties = table.rows[0]._tr.get_or_add_trPr()
            repeat = OxmlElement("w:tblHeader")
            repeat.set(qn("w:val"), "true")
            properties.append(repeat)

    s = record.session
    para(record.title, bold=True, size=18, align=WD_ALIGN_PARAGRAPH.CENTER)
    para(s.topic, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)

    facts = document.add_table(rows=0, cols=2)
    facts.style = "Table Grid"
    for label, value in record.facts:
        cells = facts.add_row().cells
        cells[0].text, cells[1].text = label, value
    fill(facts, (32, 138))
    heading(_("What was studied"))
    for i, module in enumerate(record.modules, start=1):
        note = f"（{module.note}）" if module.note else ""
        para(f"{i}. {module.title} · {module.get_kind_display()}{note}")
    if record.questions:
        heading(_("Discussion questions"))
        for i, question in enumerate(record.questions, start=1):
            para(f"{i}. {question.text}")

    heading(_("Attendance"))
    table = document.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, label in zip(
        table.rows[0].cells,
        (_("No."), pgettext("person", "Name"), _("Department"), _("Attendance"), _("Reason")),
        strict=True,
    ):
        cell.text = label
    for i, row in enumerate(record.rows, start=1):
        cells = table.add_row().cells
        status = row.get_status_display()
        if not row.invited:
            status = f"{status}（{_('walk-in')}）"
        values = (str(i), row.user.display_name, getattr(row.user.department, "name", ""))
        for cell, value in zip(cells, (*values, status, row.reason), strict=True):
            cell.text = value
    fill(table, (14, 28, 46, 30, 52), header=True)

    heading(_("Minutes"))
    if not record.speeches and not s.conclusions and not record.follow_ups:
        para(_("No minutes yet."))
    for speech in record.speeches:
        p = para(f"{speech.speaker_display}（{speech.get_kind_display()}）：", bold=True)
        run = p.add_run(speech.summary)
        _east_asian(run)
    if s.conclusions:
        heading(_("Conclusions"))
        for line in s.conclusions.splitlines():
            if line.strip():
                para(line)
    if record.follow_ups:
        heading(_("Follow-up actions"))
        for f in record.follow_ups:
            para(
                f"{f.description} —— {f.owner.display_name}，"
                + _("due %(d)s") % {"d": f"{f.due_on:%Y-%m-%d}"}
            )

    para()
    for label in signature_labels():
        para(f"{label}：____________________    " + _("Date") + "：____________")

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
