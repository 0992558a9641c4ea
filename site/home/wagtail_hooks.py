from wagtail import hooks


@hooks.register("xuefa_load_demo", order=1)
def load_demo_home(stdout):
    from . import demo

    demo.load(stdout)


@hooks.register("construct_main_menu")
def hide_external_help(request, menu_items):
    """Wagtail's Help menu links to wagtail.org, which an intranet cannot reach."""
    menu_items[:] = [item for item in menu_items if item.name != "help"]
