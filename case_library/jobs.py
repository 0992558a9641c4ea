"""The case library's work for the background worker (jobs.registry)."""

from datetime import timedelta

from jobs.registry import periodic


@periodic("case_library.raw_revisions_purge", every=timedelta(hours=24))
def raw_revisions_purge(*, now):
    """Delete redacted cases' raw revisions once their retention period has passed."""
    from .services import case_raw_revisions_purge

    return case_raw_revisions_purge(now=now)
