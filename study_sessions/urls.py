from django.urls import path

from . import views

app_name = "study_sessions"

urlpatterns = [
    path("", views.session_index, name="index"),
    path("new/", views.session_create, name="create"),
    path("<int:pk>/", views.session_detail, name="detail"),
    path("<int:pk>/edit/", views.session_edit, name="edit"),
    path("<int:pk>/agenda/", views.session_agenda, name="agenda"),
    path("<int:pk>/attendance/", views.session_attendance, name="attendance"),
    path("<int:pk>/minutes/", views.session_minutes, name="minutes"),
    path("<int:pk>/confirm/", views.session_confirm, name="confirm"),
    path("<int:pk>/cancel/", views.session_cancel, name="cancel"),
]
