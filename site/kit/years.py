"""The study year a page is asked for."""

from django.utils import timezone


def year_from_request(request) -> int:
    """The ?year= asked for, or this year when it is missing or not a sensible year."""
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        return this_year
    return year if 2000 <= year <= this_year + 1 else this_year
