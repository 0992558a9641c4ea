"""Running the site-wide hooks (see kit.contracts for every hook's contract)."""

from dataclasses import dataclass, field

from wagtail import hooks


@dataclass(frozen=True)
class MenuItem:
    label: str
    url: str
    order: int = 100
    name: str = ""  # for marking the current section


@dataclass
class DashboardPanel:
    template: str
    order: int = 100
    context: dict = field(default_factory=dict)
    wide: bool = False


def main_menu(request) -> list[MenuItem]:
    items = []
    for fn in hooks.get_hooks("xuefa_main_menu"):
        items.extend(fn(request) or [])
    return sorted(items, key=lambda item: item.order)


def dashboard_panels(request, year: int) -> list[DashboardPanel]:
    panels = []
    for fn in hooks.get_hooks("xuefa_dashboard_panels"):
        panel = fn(request, year)
        if panel is not None:
            panels.append(panel)
    return sorted(panels, key=lambda panel: panel.order)


def record_score_hidden(record, viewer, now) -> str | None:
    """Why ``viewer`` may not see ``record``'s score or pass/fail now, or None when they may.

    The app that wrote the record decides (its ``xuefa_record_score_hidden`` handler); the
    first reason given wins. Every surface that shows a ledger score asks this first.
    """
    for fn in hooks.get_hooks("xuefa_record_score_hidden"):
        reason = fn(record, viewer, now)
        if reason:
            return reason
    return None


def record_scores_withheld(viewer, now) -> dict[str, str]:
    """Every ledger source whose score ``viewer`` may not see now, with the reason shown
    instead (``xuefa_record_scores_withheld``; agrees with ``record_score_hidden`` record by
    record). The first reason given for a source wins, as there."""
    withheld: dict[str, str] = {}
    for fn in hooks.get_hooks("xuefa_record_scores_withheld"):
        for source, reason in (fn(viewer, now) or {}).items():
            if reason:
                withheld.setdefault(source, reason)
    return withheld
