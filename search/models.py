"""The site search's index: one row per searchable thing, with its text segmented.

``title_tokens`` and ``body_tokens`` hold jieba's search-mode tokens joined by spaces (see
``search.text``), so each database searches them with its own full-text engine without
knowing any Chinese: SQLite through an FTS5 table kept in step by triggers, PostgreSQL
through a stored ``tsvector`` column with a GIN index (both made in migration 0002).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexEntry(models.Model):
    key = models.CharField(_("key"), max_length=100, unique=True)
    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("address"), max_length=500)
    context = models.CharField(_("context"), max_length=300, blank=True)
    permission = models.CharField(_("permission needed"), max_length=100, blank=True)
    page_id = models.BigIntegerField(_("page"), null=True, blank=True, db_index=True)
    title_tokens = models.TextField(_("title tokens"), blank=True)
    body_tokens = models.TextField(_("body tokens"), blank=True)
    body_length = models.PositiveIntegerField(_("body length in tokens"), default=0)
    # The title and the body's beginning as letters and digits only, normalised
    # (search.text.compact): where the ranking looks for the query as a phrase.
    title_compact = models.TextField(_("title as a phrase"), blank=True, editable=False)
    body_compact = models.TextField(_("body as a phrase"), blank=True, editable=False)
    prominence = models.IntegerField(_("prominence"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("search index entry")
        verbose_name_plural = _("search index entries")
        indexes = [
            models.Index(fields=["kind", "permission"]),
            # SQLite counts the entries and their mean length (BM25) from this narrow index
            # rather than the wide table: 23 ms a query at 10,000 entries (docs/performance.md).
            models.Index(fields=["body_length"], name="search_entry_length_idx"),
        ]

    def __str__(self):
        return self.key
