from django.urls import path

from . import admin_views

app_name = "case_library_admin"

urlpatterns = [
    path("<int:page_id>/findings/", admin_views.findings, name="findings"),
    path("<int:page_id>/findings/act/", admin_views.finding_action, name="finding_action"),
    path("<int:page_id>/raw-revisions/purge/", admin_views.raw_purge, name="raw_purge"),
]
