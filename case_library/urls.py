from django.urls import path

from . import views

app_name = "case_library"

urlpatterns = [
    path("<int:page_id>/studied/", views.case_studied, name="studied"),
]
