from django.urls import path

from . import admin_views

app_name = "ops_admin"

urlpatterns = [
    path("", admin_views.audit_index, name="audit"),
]
