"""How the apps contribute to the shared pages, through Wagtail hooks.

Each app registers, in its own ``wagtail_hooks.py``:

- ``xuefa_main_menu``: ``fn(request) -> list[MenuItem]`` — links in the top navigation.
- ``xuefa_dashboard_panels``: ``fn(request, year) -> DashboardPanel | None`` — a panel on the
  home dashboard (what is required this year, progress, recent activity …).
- ``xuefa_load_demo``: ``fn(stdout) -> None`` — demo content, run by ``manage.py load_demo``
  in hook order (register with ``order=``); it must be idempotent.
- ``register_role_permissions``: ``fn() -> {role_key: ["app.codename", …]}`` (see accounts.roles).

So the home page never imports the apps, and an app can be read on its own.
"""

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
