from django.urls import path

from . import admin_views

app_name = "study_years"

urlpatterns = [path("", admin_views.study_years, name="index")]
