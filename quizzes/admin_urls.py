from django.urls import path

from . import admin_views

app_name = "quizzes_admin"

urlpatterns = [
    path("import/", admin_views.question_import_view, name="question_import"),
    path("import/confirm/", admin_views.question_import_confirm, name="question_import_confirm"),
    path("import/template.xlsx", admin_views.question_template_view, name="question_template"),
    path("banks/<int:bank_id>/export.xlsx", admin_views.bank_export_view, name="bank_export"),
    path("marking/", admin_views.marking_queue_view, name="marking_queue"),
    path("marking/<int:answer_id>/", admin_views.answer_mark_view, name="answer_mark"),
    path("overlap/<int:quiz_id>/", admin_views.exam_overlap_view, name="exam_overlap"),
    path("reports/", admin_views.reports_index_view, name="reports"),
    path("reports/<int:quiz_id>/", admin_views.quiz_report_view, name="quiz_report"),
    path(
        "reports/<int:quiz_id>/results.xlsx", admin_views.quiz_report_xlsx, name="quiz_report_xlsx"
    ),
]
