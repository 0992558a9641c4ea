from django.urls import path

from . import admin_views

app_name = "records_admin"

urlpatterns = [
    path("", admin_views.ledger_index, name="index"),
    path("offline/", admin_views.offline_training, name="offline_training"),
    path("<int:pk>/correct/", admin_views.correct_record, name="correct"),
    path("<int:pk>/restore/", admin_views.restore_record, name="restore"),
]
