"""A changed key re-scores every submitted attempt that had the question."""

from django.db.models.signals import post_save, pre_save
from django.utils import timezone


def remember_old_key(sender, instance, **kwargs):
    if instance.pk:
        old = sender.objects.filter(pk=instance.pk).values_list("answer", "question_type").first()
        instance._old_key = old
    else:
        instance._old_key = None


def rescore_on_key_change(sender, instance, created, **kwargs):
    old = getattr(instance, "_old_key", None)
    if created or old is None or old == (instance.answer, instance.question_type):
        return
    from .services import question_rescore

    question_rescore(question=instance, now=timezone.now())


def connect():
    from .models import Question

    pre_save.connect(remember_old_key, sender=Question, dispatch_uid="quizzes_old_key")
    post_save.connect(rescore_on_key_change, sender=Question, dispatch_uid="quizzes_rescore")
