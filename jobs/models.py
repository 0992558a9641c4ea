import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Job(models.Model):
    """后台任务 — one piece of long work asked for by a person, run by the worker.

    The task queue (django-tasks) carries only the job's id; what the person sees — progress,
    message, the report and the file — lives here, so it is the same whichever queue ran it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Done")
        FAILED = "failed", _("Failed")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=pgettext_lazy("person", "requested by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="jobs",
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    message = models.CharField(_("message"), max_length=300, blank=True)
    report = models.JSONField(_("report"), default=dict, blank=True)
    result_name = models.CharField(_("file name"), max_length=200, blank=True)
    result_path = models.CharField(max_length=300, blank=True, editable=False)
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        indexes = [models.Index(fields=["owner", "-created_at"])]

    def __str__(self):
        return self.title

    @property
    def finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}


class PeriodicRun(models.Model):
    """When a periodic task (e.g. expiring attempts) is next due. Claimed with one conditional
    UPDATE, so several workers on several servers run each due task once."""

    name = models.CharField(max_length=80, unique=True)
    next_run_at = models.DateTimeField()
    last_run_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return self.name


class WorkerHeartbeat(models.Model):
    """A worker process says it is alive; /healthz reports workers seen recently."""

    worker_id = models.CharField(max_length=120, unique=True)
    seen_at = models.DateTimeField()

    def __str__(self):
        return self.worker_id
