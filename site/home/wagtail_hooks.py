from wagtail import hooks


@hooks.register("xuefa_load_demo", order=1)
def load_demo_home(stdout):
    from . import demo

    demo.load(stdout)
