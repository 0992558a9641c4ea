from django.apps import AppConfig


class WagtailCatalogueConfig(AppConfig):
    name = "wagtail_catalogue"
    verbose_name = "Wagtail 中文补充"
