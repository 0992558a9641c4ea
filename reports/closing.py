"""Year closing (年度归档) and where a year's figures come from.

An administrator closes a year (``year_close``): the ledger refuses every record dated in it
(``records.services``, the ledger's single entry) and the year's figures are stored as a
snapshot with a checksum. From then on every report and export of the year reads the snapshot
(``year_lines``) and is written with the closing time as its stamp, so the same export gives
the same bytes every time, whatever later happens to names, departments or targets. A
correction needs ``year_reopen`` (who and why are recorded); closing again takes a new
snapshot.
"""

import hashlib
import json
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import Department
from kit.hooks import record_scores_withheld
from records.models import ClosedStudyYear
from records.services import (
    LedgerError,
    study_year_close,
    study_year_is_closed,
    study_year_reopen,
)

from .documents import (
    DOCUMENT_PARTS,
    LINE_USER_FIELDS,
    official_documents,
    official_rows,
    official_users,
)
from .models import YearSnapshot, YearSnapshotDocument
from .selectors import KINDS, ids_for_sql, live_records, officials_for_year


class SnapshotDamaged(LedgerError):
    """The stored snapshot no longer matches its checksum."""


def canonical(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def checksum(data) -> str:
    return hashlib.sha256(canonical(data)).hexdigest()


def ledger_digest(year: int) -> dict:
    """How many live records the year holds, their hours and a SHA-256 over them, in order."""
    digest, count, hours = hashlib.sha256(), 0, 0
    rows = (
        live_records(year=year)
        .order_by("pk")
        .values_list("pk", "user_id", "kind", "source", "revision", "credit_hours", "occurred_at")
    )
    for pk, user_id, kind, source, revision, credit_hours, occurred_at in rows.iterator(
        chunk_size=20000
    ):
        digest.update(
            f"{pk}|{user_id}|{kind}|{source}|{revision}|{credit_hours:.2f}|"
            f"{occurred_at.isoformat()}\n".encode()
        )
        count += 1
        hours += credit_hours
    return {"records": count, "credit_hours": f"{hours:.2f}", "sha256": digest.hexdigest()}


def _hidden_sources(year: int, now) -> dict[str, str]:
    """Quizzes whose scores an official could not yet see at closing (rare after the year):
    those the quizzes withhold from anyone (``xuefa_record_scores_withheld``) that have records
    in the year."""
    withheld = record_scores_withheld(None, now)
    if not withheld:
        return {}
    present = (
        live_records(year=year)
        .filter(kind=KINDS.QUIZ_ATTEMPT, source__in=list(withheld))
        .order_by()
        .values_list("source", flat=True)
        .distinct()
    )
    return {source: str(withheld[source]) for source in sorted(present)}


def snapshot_data(*, year: int, now, progress=None) -> tuple[dict, dict[str, dict]]:
    """The year's figures as an official would see them at ``now``, in the site's language:
    the snapshot's data (every official's line) and each official's document by id, which is
    stored apart (``YearSnapshotDocument``) with its checksum listed in the data."""
    with translation.override(settings.LANGUAGE_CODE):
        # The documents name each official's department: its row is joined here.
        users = officials_for_year(departments=Department.objects.all(), year=year).only(
            *LINE_USER_FIELDS, "department__name"
        )
        hidden = _hidden_sources(year, now)
        officials = official_rows(users=users, year=year, viewer=None, now=now)
        _say(progress, 0.35, _("Officials' figures read"))
        documents = official_documents(
            officials=officials, year=year, viewer=None, now=now, hidden_sources=hidden
        )
        _say(progress, 0.7, _("Officials' documents written"))
        # Each official's lists (courses, quizzes, cases, …) as their document shows them,
        # so a closed year's page and files never read the live ledger.
        bodies = {
            str(doc["official"]["id"]): {part: doc[part] for part in DOCUMENT_PARTS}
            for doc in documents
        }
        data = {
            "year": year,
            "taken_at": now.isoformat(),
            "officials": officials,
            "document_checksums": {key: checksum(body) for key, body in bodies.items()},
            "hidden_sources": hidden,
            "ledger": ledger_digest(year),
        }
        return data, bodies


def _say(progress, share: float, message) -> None:
    if progress is not None:
        progress(share, message)


def year_close_check(*, year: int, now=None) -> None:
    """Refuse, before any work, a year that cannot be closed (LedgerError): the current or a
    future year, or one already closed (``study_year_close`` refuses that too, inside its
    transaction, for two closings at once)."""
    now = now or timezone.now()
    if year >= timezone.localtime(now).year:
        raise LedgerError(_("Only a past year can be closed."))
    if study_year_is_closed(year):
        raise LedgerError(_("The study year %(year)s is already closed.") % {"year": year})


def year_close(*, year: int, actor, now=None, progress=None) -> YearSnapshot:
    """Close ``year`` and store its snapshot and documents, in one transaction (minutes at a
    million records: the admin runs it as the job ``reports.year_close``). ``progress(share,
    message)``, when given, hears each stage."""
    now = now or timezone.now()
    year_close_check(year=year, now=now)
    with transaction.atomic():
        study_year_close(year=year, actor=actor, now=now)
        _say(progress, 0.05, _("The ledger is closed for the year"))
        data, bodies = snapshot_data(year=year, now=now, progress=progress)
        snapshot = YearSnapshot.objects.create(
            year=year, taken_at=now, taken_by=actor, data=data, checksum=checksum(data)
        )
        YearSnapshotDocument.objects.bulk_create(
            (
                YearSnapshotDocument(
                    snapshot=snapshot,
                    official_id=int(key),
                    data=body,
                    checksum=data["document_checksums"][key],
                )
                for key, body in bodies.items()
            ),
            batch_size=500,
        )
        return snapshot


def year_reopen(*, year: int, actor, reason: str, now=None):
    """Reopen a closed year for a correction; its snapshot stays as history."""
    return study_year_reopen(year=year, actor=actor, reason=reason, now=now or timezone.now())


@dataclass
class Archive:
    """A closed year's stored figures, checked against their checksum."""

    snapshot: YearSnapshot

    @property
    def stamp(self):
        return self.snapshot.taken_at

    @property
    def officials(self) -> list[dict]:
        return self.snapshot.data["officials"]

    @property
    def hidden_sources(self) -> dict:
        return self.snapshot.data.get("hidden_sources", {})

    def documents(self, officials: list[dict]) -> list[dict] | None:
        """The archived documents of these officials' lines, each checked against the checksum
        the snapshot lists for it (None for a snapshot taken before documents were archived:
        those are rebuilt from the ledger)."""
        data = self.snapshot.data
        stored = data.get("documents")  # snapshots of 2026-12 kept them inside their data
        sums = data.get("document_checksums")
        if stored is None and sums is None:
            return None
        if stored is None:
            rows = self.snapshot.documents.filter(
                official_id__in=[o["id"] for o in officials]
            ).values_list("official_id", "data")
            stored = {}
            for official_id, body in rows:
                key = str(official_id)
                if checksum(body) != sums.get(key):
                    raise SnapshotDamaged(
                        _(
                            "The archived document of %(official)s (%(year)s) does not match its checksum."
                        )
                        % {"official": official_id, "year": data["year"]}
                    )
                stored[key] = body
            missing = [
                o["id"] for o in officials if str(o["id"]) in sums and str(o["id"]) not in stored
            ]
            if missing:
                raise SnapshotDamaged(
                    _("The archived documents of %(year)s are incomplete.") % {"year": data["year"]}
                )
        empty = dict.fromkeys(DOCUMENT_PARTS, [])
        return [
            {
                "year": data["year"],
                "official": o,
                "paragraph": o["paragraph"],
                **stored.get(str(o["id"]), empty),
            }
            for o in officials
        ]


def year_archive(year: int) -> Archive | None:
    """The closed year's snapshot, or None while the year is open."""
    if not ClosedStudyYear.objects.filter(year=year).exists():
        return None
    snapshot = YearSnapshot.objects.filter(year=year).order_by("-taken_at", "-pk").first()
    if snapshot is None:
        return None
    if checksum(snapshot.data) != snapshot.checksum:
        raise SnapshotDamaged(
            _("The archived figures of %(year)s do not match their checksum.") % {"year": year}
        )
    return Archive(snapshot=snapshot)


@dataclass
class YearLines:
    """Officials' lines of a year, from the archive when closed, else from the live ledger."""

    officials: list[dict]
    archive: Archive | None
    stamp: object
    user_query: object = None  # live lines: the officials' ids as a query

    @property
    def hidden_sources(self):
        return self.archive.hidden_sources if self.archive else None

    @property
    def user_ids(self):
        """The officials' ids as the figures' queries filter on them: their own query for live
        lines (a subquery, not thousands of values prepared one by one), else the list."""
        if self.user_query is not None:
            return self.user_query
        return [o["id"] for o in self.officials]


def year_lines(
    *, department_ids: set[int] | None, year: int, viewer, now=None, paragraphs: bool = True
) -> YearLines:
    """Every official's line for ``department_ids`` (None: the whole office) and ``year``;
    live lines carry the 述职述法 paragraph only with ``paragraphs`` (archived lines always)."""
    now = now or timezone.now()
    archive = year_archive(year)
    if archive is not None:
        lines = [
            o
            for o in archive.officials
            if department_ids is None or o["department_id"] in department_ids
        ]
        return YearLines(officials=lines, archive=archive, stamp=archive.stamp)
    departments = Department.objects.all() if department_ids is None else department_ids
    users = official_users(officials_for_year(departments=departments, year=year))
    return YearLines(
        officials=official_rows(
            users=users, year=year, viewer=viewer, now=now, paragraphs=paragraphs
        ),
        archive=None,
        stamp=now,
        user_query=ids_for_sql(users),
    )


def official_line(*, official, year: int, viewer, now=None) -> YearLines:
    """One official's line of the year (from the archive when the year is closed)."""
    now = now or timezone.now()
    archive = year_archive(year)
    if archive is not None:
        lines = [o for o in archive.officials if o["id"] == official.pk]
        if lines:
            return YearLines(officials=lines, archive=archive, stamp=archive.stamp)
    return YearLines(
        officials=official_rows(users=[official], year=year, viewer=viewer, now=now),
        archive=archive,
        stamp=archive.stamp if archive else now,
    )
