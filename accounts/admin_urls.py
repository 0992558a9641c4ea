from django.urls import path

from . import admin_views

app_name = "accounts_admin"

urlpatterns = [
    path("import/", admin_views.staff_import_view, name="staff_import"),
    path("import/template.xlsx", admin_views.staff_template_view, name="staff_template"),
    path("import/passwords.xlsx", admin_views.staff_passwords_view, name="staff_passwords"),
]
