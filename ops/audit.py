"""The audit trail: who changed what in the admin, kept append-only like the ledger.

django-auditlog records the changes; this module is the one list of what it tracks and why,
and the guard that keeps its entries from being changed or deleted. Registered from
``OpsConfig.ready()``.

What is tracked (and what deliberately is not):

- accounts: users (roles through the ``groups`` many-to-many, superuser and staff status,
  department, leaving date; the password only as "changed", masked), departments, and the
  role groups' permissions;
- quizzes: question banks, questions (keys and explanations included: a key change is what
  re-scores attempts), quiz pages' rules (mode, windows, attempts, pass mark, what is shown
  when), the papers' fixed questions and draw rules;
- cases: publication state only (``live``, go-live and expiry) — never the body, which before
  redaction holds raw personal data (docs/anonymiser.md) — and each redaction: when, how, by
  whom, and when its raw revisions were purged (by the daily job or an administrator);
- regulations: status, title, 文号 and dates (not every article: an import rewrites hundreds
  and is recorded by ``imported_at``);
- reports: the yearly study targets.

The ledger's own corrections are not copied here: a correction is itself an append-only ledger
record carrying its actor and reason (records.services), and the audit page links to them.
"""

from django.apps import apps
from django.db.models.signals import pre_delete, pre_save
from django.utils.translation import gettext_lazy as _

# Wagtail's bookkeeping columns on every page: noise in an audit entry.
PAGE_INTERNALS = [
    "path",
    "depth",
    "numchild",
    "url_path",
    "draft_title",
    "has_unpublished_changes",
    "latest_revision",
    "latest_revision_created_at",
    "live_revision",
    "last_published_at",
    "first_published_at",
    "content_type",
    "translation_key",
    "locale",
    "locked_at",
    "locked_by",
    "alias_of",
    "search_description",
    "seo_title",
    "show_in_menus",
]

# model label -> keyword arguments for auditlog.register
TRACKED = {
    "accounts.User": {
        "exclude_fields": ["last_login"],
        "mask_fields": ["password"],
        "m2m_fields": {"groups", "user_permissions"},
    },
    "accounts.Department": {},
    "auth.Group": {"m2m_fields": {"permissions"}},
    "quizzes.QuestionBank": {},
    "quizzes.Question": {"exclude_fields": ["stem_text"]},
    "quizzes.QuizPage": {"exclude_fields": PAGE_INTERNALS, "m2m_fields": {"audience_departments"}},
    "quizzes.QuizQuestion": {},
    "quizzes.QuizDrawRule": {},
    "case_library.CasePage": {"include_fields": ["live", "go_live_at", "expire_at", "locked"]},
    "case_library.CaseRedaction": {},
    "courses.Regulation": {
        "include_fields": ["title", "slug", "status", "document_number", "issued_on", "in_force_on"]
    },
    "reports.StudyTarget": {},
}

# Who may read the trail: administrators (the role's permission) and superusers.
VIEW_PERMISSION = "auditlog.view_logentry"


class AuditTrailIsAppendOnly(Exception):
    """An audit entry was about to be changed or deleted."""


def tracked_models():
    """The models the trail covers, skipping apps not installed (an app can be removed)."""
    models = []
    for label, options in TRACKED.items():
        try:
            models.append((apps.get_model(label), options))
        except LookupError:
            continue
    return models


def _refuse_change(sender, instance, raw=False, **kwargs):
    if not raw and instance.pk is not None and sender.objects.filter(pk=instance.pk).exists():
        raise AuditTrailIsAppendOnly(_("Audit entries are never changed."))


def _refuse_delete(sender, instance, **kwargs):
    raise AuditTrailIsAppendOnly(_("Audit entries are never deleted."))


def audit_register():
    """Register the tracked models with auditlog and guard its entries (idempotent)."""
    from auditlog.models import LogEntry
    from auditlog.registry import auditlog

    for model, options in tracked_models():
        if not auditlog.contains(model):
            auditlog.register(model, **options)
    pre_save.connect(_refuse_change, sender=LogEntry, dispatch_uid="xuefa-audit-append-only")
    pre_delete.connect(_refuse_delete, sender=LogEntry, dispatch_uid="xuefa-audit-no-delete")
