from django.urls import path

from . import views

app_name = "records"

urlpatterns = [
    path("", views.my_records, name="my_records"),
    path("export.xlsx", views.my_records_export, name="my_records_export"),
]
