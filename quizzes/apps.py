from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QuizzesConfig(AppConfig):
    name = "quizzes"
    verbose_name = _("Quizzes and exams")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from . import jobs  # noqa: F401 — registers the re-score job and the overdue submit
        from .draw import questions_changed
        from .models import Question, QuestionBank

        for model in (Question, QuestionBank):
            post_save.connect(questions_changed, sender=model, dispatch_uid=f"paper-size-{model}")
            post_delete.connect(
                questions_changed, sender=model, dispatch_uid=f"paper-size-x{model}"
            )
