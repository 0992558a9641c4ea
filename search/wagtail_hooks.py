from wagtail import hooks


@hooks.register("xuefa_load_demo", order=90)
def load_demo_search(stdout):
    """After every app's demo content: build the index in one pass (idempotent)."""
    from .services import index_rebuild

    counts = index_rebuild()
    stdout.write(f"search: {sum(counts.values())} entries indexed")
