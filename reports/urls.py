from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("my-year/", views.my_year, name="my_year"),
    path("officials/<int:pk>/", views.official_year_redirect, name="official_year_redirect"),
    path("officials/<int:pk>/<int:year>/", views.official_year_page, name="official_year"),
    path(
        "officials/<int:pk>/<int:year>/<slug:fmt>/",
        views.official_file_view,
        name="official_file",
    ),
    path("departments/", views.departments_index, name="departments"),
    path("departments/<slug:code>/", views.department_year, name="department_year"),
    path("departments/<slug:code>/<int:year>/", views.department_page, name="department"),
    path(
        "departments/<slug:code>/<int:year>/<slug:fmt>/",
        views.department_file_view,
        name="department_file",
    ),
    path("office/", views.office_year, name="office_year"),
    path("office/<int:year>/", views.office_page, name="office"),
    path("office/<int:year>/<slug:fmt>/", views.office_file_view, name="office_file"),
]
