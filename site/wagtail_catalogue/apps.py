from django.apps import AppConfig


class WagtailCatalogueConfig(AppConfig):
    name = "wagtail_catalogue"
    verbose_name = "Wagtail 中文补充"

    def ready(self):
        from wagtail.admin.views.pages.search import SearchView
        from wagtail.models import Page

        # Wagtail 8's page search gives its result count no model name ("共 30 个None，第 1–20
        # 个"): its view is a BaseListingView, whose verbose names are None. Name the pages.
        if SearchView.verbose_name is None:
            SearchView.verbose_name = Page._meta.verbose_name
            SearchView.verbose_name_plural = Page._meta.verbose_name_plural
