"""Department oversight and the office's annual figures, from the officials' lines of a year.

Everything here is computed from ``closing.year_lines`` (the same lines as each official's page
and export, live or archived) plus one ledger query for months and one for sessions and
trainings, so the figures add up and the number of queries does not grow with officials.
No individual is ranked: people appear only in the list of who is behind, by what is missing.
"""

import statistics
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import QuerySet, Sum
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from records.models import MONTHS, StudyYearTotal

from .selectors import KINDS, STUDY_KINDS, _hours, live_records

ZERO = Decimal("0")
SCORE_BANDS = (
    (0, 60, "<60"),
    (60, 70, "60–69"),
    (70, 80, "70–79"),
    (80, 90, "80–89"),
    (90, 1000, "90–100"),
)


def _percent(part, whole) -> str:
    if not whole:
        return "—"
    return f"{Decimal(part * 100) / Decimal(whole):.1f}%"


@dataclass
class Figures:
    """A group of officials' year (a department, a section, the office)."""

    officials: int = 0
    met: int = 0
    participants: int = 0  # officials with at least one live record
    hours: Decimal = ZERO
    hours_list: list = field(default_factory=list)
    hours_by_kind: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    required_total: int = 0
    required_done: int = 0
    exam_takers: int = 0
    exam_passed: int = 0
    exam_excellent: int = 0
    scores: list = field(default_factory=list)
    checks: dict = field(default_factory=dict)  # label -> [met, total]
    sessions_held: set = field(default_factory=set)
    session_times: int = 0
    trainings_held: set = field(default_factory=set)
    training_times: int = 0

    def add(self, line: dict) -> None:
        self.officials += 1
        self.met += line["met"]
        hours = Decimal(line["hours"])
        self.hours += hours
        self.hours_list.append(hours)
        if any(line["counts"].values()):
            self.participants += 1
        for kind, value in line["hours_by_kind"].items():
            self.hours_by_kind[kind] = self.hours_by_kind.get(kind, ZERO) + Decimal(value)
        for kind, value in line["counts"].items():
            self.counts[kind] = self.counts.get(kind, 0) + value
        self.required_total += line["required_total"]
        self.required_done += line["required_done"]
        exam = line["exam"]
        if exam is not None:
            self.exam_takers += 1
            self.exam_passed += exam["passed"]
            self.exam_excellent += exam["excellent"]
            if exam["score"] is not None and not exam["hidden"]:
                self.scores.append(Decimal(exam["score"]))
        for check in line["checks"]:
            tally = self.checks.setdefault(check["label"], [0, 0])
            tally[0] += check["met"]
            tally[1] += 1

    @property
    def mean_hours(self) -> str:
        return _hours(self.hours / self.officials) if self.officials else "0"

    @property
    def median_hours(self) -> str:
        return _hours(statistics.median(self.hours_list)) if self.hours_list else "0"

    @property
    def exam_participation(self) -> str:
        return _percent(self.exam_takers, self.officials)

    @property
    def pass_rate(self) -> str:
        return _percent(self.exam_passed, self.exam_takers)

    @property
    def excellent_rate(self) -> str:
        return _percent(self.exam_excellent, self.exam_takers)

    @property
    def required_rate(self) -> str:
        return _percent(self.required_done, self.required_total)

    @property
    def score_distribution(self) -> list[tuple[str, int]]:
        return [
            (label, sum(1 for s in self.scores if low <= s < high))
            for low, high, label in SCORE_BANDS
        ]

    @property
    def completion(self) -> list[dict]:
        return [
            {"label": label, "met": met, "total": total, "percent": _percent(met, total)}
            for label, (met, total) in self.checks.items()
        ]

    def kind_lines(self) -> list[dict]:
        return [
            {
                "label": str(KINDS(k).label),
                "count": self.counts.get(k, 0),
                "hours": _hours(self.hours_by_kind.get(k, ZERO)),
            }
            for k in STUDY_KINDS
        ]


def month_hours(*, user_ids: list[int] | None, year: int) -> list[dict]:
    """Credit hours by kind and month for these officials (ids or a query of ids; None:
    everyone), in one query over the officials' year totals (``records.StudyYearTotal``), not
    the year's records."""
    totals = StudyYearTotal.objects.filter(year=year)
    if user_ids is not None:
        totals = totals.filter(user_id__in=user_ids)
    sums = {f"m{m}": Sum(f"m{m}") for m in MONTHS}
    found = {row["kind"]: row for row in totals.order_by().values("kind").annotate(**sums)}
    return [
        {
            "label": str(KINDS(k).label),
            "months": [found.get(k, {}).get(f"m{m}") or ZERO for m in MONTHS],
        }
        for k in STUDY_KINDS
    ]


GATHERINGS = (KINDS.GROUP_SESSION, KINDS.OFFLINE_TRAINING)


def gatherings_attended(*, groups: dict, year: int) -> dict:
    """Which group sessions and offline trainings each group of officials attended — the
    distinct sources of their live records, per kind — in one query for any number of groups.
    ``groups`` maps a key to its officials' ids (an official is in one group). For one group the database returns only the
    distinct (kind, source) pairs; for several, the distinct (official, kind, source) rows (one
    per attendance, tens of thousands for a whole office), sorted into groups here: a CASE
    naming each row's group made SQLite test every row against every group's ids (2 s at a
    million records)."""
    found = {key: {kind: set() for kind in GATHERINGS} for key in groups}
    # One group may be given as a query of ids (the officials' own, a subquery).
    groups = {
        key: ids if isinstance(ids, QuerySet) else list(ids)
        for key, ids in groups.items()
        if isinstance(ids, QuerySet) or ids
    }
    if not groups:
        return found
    # No ordering: the ledger's default order would put occurred_at and id into the DISTINCT.
    records = live_records(year=year).filter(kind__in=GATHERINGS).order_by()
    if len(groups) == 1:
        ((key, ids),) = groups.items()
        for kind, source in (
            records.filter(user_id__in=ids).values_list("kind", "source").distinct()
        ):
            found[key][kind].add(source)
        return found
    groups = {key: list(ids) for key, ids in groups.items()}
    group_of = {user_id: key for key, ids in groups.items() for user_id in ids}
    rows = (
        records.filter(user_id__in=list(group_of))
        .values_list("user_id", "kind", "source")
        .distinct()
    )
    for user_id, kind, source in rows:
        found[group_of[user_id]][kind].add(source)
    return found


def _add_gatherings(figures: Figures, attended: dict) -> None:
    """Sessions and trainings held (distinct sources) and attendances (the officials' live
    records of those kinds, already counted in their lines)."""
    figures.sessions_held = attended[KINDS.GROUP_SESSION]
    figures.trainings_held = attended[KINDS.OFFLINE_TRAINING]
    figures.session_times = figures.counts.get(KINDS.GROUP_SESSION, 0)
    figures.training_times = figures.counts.get(KINDS.OFFLINE_TRAINING, 0)


def figures_for(lines: list[dict], *, year: int, user_ids=None) -> Figures:
    """One group's figures (a department with its sections): sums over the officials' lines,
    and the sessions and trainings they attended from one grouped query."""
    figures = Figures()
    for line in lines:
        figures.add(line)
    if user_ids is None:
        user_ids = [line["id"] for line in lines]
    attended = gatherings_attended(groups={0: user_ids}, year=year)
    _add_gatherings(figures, attended[0])
    return figures


def by_department(lines: list[dict], *, year: int, names: dict[int, str]):
    """The office summary: one ``Figures`` per department (its own officials) and the total."""
    groups: dict = {}
    for line in lines:
        groups.setdefault(line["department_id"], []).append(line)
    total = Figures()
    per = {key: Figures() for key in groups}
    for line in lines:
        total.add(line)
        per[line["department_id"]].add(line)
    attended = gatherings_attended(
        groups={key: [line["id"] for line in members] for key, members in groups.items()},
        year=year,
    )
    for key, figures in per.items():
        _add_gatherings(figures, attended[key])
    _add_gatherings(
        total,
        {
            kind: set().union(*(attended[key][kind] for key in per)) if per else set()
            for kind in GATHERINGS
        },
    )
    rows = sorted(
        ((names.get(key, line_name(groups[key])), per[key]) for key in groups),
        key=lambda item: item[0],
    )
    return rows, total


def line_name(lines):
    return lines[0]["department"] if lines else ""


def summary_paragraph(figures: Figures, *, year: int) -> str:
    """“2026年，共组织集中学法X次、参学X人次……” for the office's annual report."""
    return _(
        "In %(year)s, %(sessions)s group study sessions were held with %(session_times)s "
        "attendances, and %(trainings)s offline trainings with %(training_times)s attendances; "
        "%(participants)s of %(officials)s officials took part in study, with %(mean)s credit "
        "hours per official on average (median %(median)s); required courses were %(required)s "
        "completed; the annual exam was taken by %(participation)s of officials, with a pass "
        "rate of %(pass)s and an excellent rate of %(excellent)s; typical cases were studied "
        "%(cases)s times."
    ) % {
        "year": year,
        "sessions": len(figures.sessions_held),
        "session_times": figures.session_times,
        "trainings": len(figures.trainings_held),
        "training_times": figures.training_times,
        "participants": figures.participants,
        "officials": figures.officials,
        "mean": figures.mean_hours,
        "median": figures.median_hours,
        "required": figures.required_rate,
        "participation": figures.exam_participation,
        "pass": figures.pass_rate,
        "excellent": figures.excellent_rate,
        "cases": figures.counts.get(KINDS.CASE_REVIEWED, 0),
    }


# Charts --------------------------------------------------------------------------------------


def bar_chart(items: list[tuple[str, float]], *, title: str, unit: str = "", max_value=None):
    """A horizontal bar chart as inline SVG (no script, no library), labelled for screen
    readers by its title and a text value on every bar."""
    width, label_w, bar_h, gap = 560, 150, 22, 8
    values = [float(v) for _label, v in items]
    top = float(max_value) if max_value else max(values + [1])
    height = len(items) * (bar_h + gap) + gap
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'xmlns="http://www.w3.org/2000/svg" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    span = width - label_w - 70
    for index, ((label, _v), value) in enumerate(zip(items, values, strict=True)):
        y = gap + index * (bar_h + gap)
        w = 0 if top == 0 else max(0.0, min(1.0, value / top)) * span
        text = f"{value:g}{unit}"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + bar_h * 0.72:.1f}" text-anchor="end" '
            f'class="chart__label">{escape(label)}</text>'
            f'<rect x="{label_w}" y="{y}" width="{w:.1f}" height="{bar_h}" class="chart__bar"/>'
            f'<text x="{label_w + w + 6:.1f}" y="{y + bar_h * 0.72:.1f}" '
            f'class="chart__value">{escape(text)}</text>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 — every label and value is escaped above


def charts(figures: Figures, months: list[dict]) -> list:
    """The department's charts: completion per target part, scores, hours by kind and month."""
    completion = [
        (c["label"], round(c["met"] * 100 / c["total"], 1) if c["total"] else 0)
        for c in figures.completion
    ]
    month_totals = [
        (
            pgettext("chart", "Month %(m)s") % {"m": m},
            float(sum(k["months"][m - 1] for k in months)),
        )
        for m in range(1, 13)
    ]
    return [
        bar_chart(
            completion,
            title=_("Share of officials meeting each part of the target"),
            unit="%",
            max_value=100,
        ),
        bar_chart(figures.score_distribution, title=_("Annual exam scores")),
        bar_chart(
            [(k["label"], float(k["hours"])) for k in figures.kind_lines()],
            title=_("Credit hours by kind"),
        ),
        bar_chart(month_totals, title=_("Credit hours by month")),
    ]


def behind(lines: list[dict]) -> list[dict]:
    """Who is behind and on what: furthest from the target first, then by name; never by score."""
    return sorted((o for o in lines if not o["met"]), key=lambda o: (-len(o["missing"]), o["name"]))
