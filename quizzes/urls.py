from django.urls import path

from . import api, views

app_name = "quizzes"

urlpatterns = [
    path("mine/", views.my_results, name="my_results"),
    path("wrong/", views.wrong_book, name="wrong_book"),
    path("wrong/practice/", views.wrong_practice, name="wrong_practice"),
    path("q/<int:quiz_id>/", views.quiz_by_id, name="quiz"),
    path("attempts/<int:attempt_id>/", views.attempt_take, name="attempt"),
    path("attempts/<int:attempt_id>/submit/", views.attempt_submit_view, name="attempt_submit"),
    path("attempts/<int:attempt_id>/result/", views.attempt_result, name="attempt_result"),
    path("api/attempts/<int:attempt_id>/answer/", api.answer_save_api, name="api_answer"),
    path("api/attempts/<int:attempt_id>/state/", api.attempt_state_api, name="api_state"),
    path("api/attempts/<int:attempt_id>/leave/", api.tab_leave_api, name="api_leave"),
    path("api/attempts/<int:attempt_id>/submit/", api.attempt_submit_api, name="api_submit"),
]
