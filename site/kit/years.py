"""The study year: the one a page is asked for, and its edges in the site's time zone."""

import datetime

from django.utils import timezone


def year_from_request(request) -> int:
    """The ?year= asked for, or this year when it is missing or not a sensible year."""
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        return this_year
    return year if 2000 <= year <= this_year + 1 else this_year


def month_edges(year: int) -> list[datetime.datetime]:
    """The thirteen edges of the year's months — 1 January, 1 February, …, the next 1 January —
    in the site's time zone: a year or a month is an index range [edge, next edge)."""
    zone = timezone.get_default_timezone()
    return [
        timezone.make_aware(datetime.datetime(year + month // 12, month % 12 + 1, 1), zone)
        for month in range(13)
    ]


def local_year_month(moment: datetime.datetime) -> tuple[int, int]:
    """The year and month ``moment`` falls in, in the site's time zone (as ``month_edges``)."""
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment, timezone.get_default_timezone())
    return moment.year, moment.month
