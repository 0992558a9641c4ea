app_name = "quizzes"

urlpatterns: list = []
