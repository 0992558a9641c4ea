from django.urls import path

from . import present_views, sign_in_views, views

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
    path("<int:pk>/record/", views.session_record, name="record"),
    path("<int:pk>/record.docx", views.session_record_docx, name="record_docx"),
    # Presenter mode
    path("<int:pk>/present/", present_views.present_session, name="present"),
    path("present/lesson/<int:pk>/", present_views.present_lesson, name="present_lesson"),
    path("present/case/<int:pk>/", present_views.present_case, name="present_case"),
    path("present/chapter/<int:pk>/", present_views.present_chapter, name="present_chapter"),
    # QR sign-in
    path("<int:pk>/sign-in/", sign_in_views.sign_in, name="sign_in"),
    path("<int:pk>/sign-in/qr.svg", sign_in_views.sign_in_qr, name="sign_in_qr"),
    path("<int:pk>/sign-in/status.json", sign_in_views.sign_in_status, name="sign_in_status"),
]
