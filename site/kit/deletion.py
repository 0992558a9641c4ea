"""Deleting what history depends on: a clear refusal, never a ``ProtectedError`` 500.

The ledger, attempts, sessions and audit rows point at users, departments, questions, banks,
pages and articles with ``on_delete=PROTECT`` so history cannot vanish. Wagtail's delete
views only know its reference index, which does not see those rows, and let the database
refuse with a 500. Every admin delete view asks :func:`delete_blockers` first (the same
collector Django runs when deleting, so a cascade into protected rows counts too) and shows
:func:`delete_refusal` — what refers to the object and what to do instead — without deleting
anything. A model says what to do instead with a ``delete_refused_advice`` attribute.
"""

from collections import Counter

from django.db import DEFAULT_DB_ALIAS, router, transaction
from django.db.models import ProtectedError, RestrictedError
from django.db.models.deletion import Collector
from django.template.response import TemplateResponse
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

DEFAULT_ADVICE = gettext_lazy("Keep it, or remove what refers to it first.")


def delete_blockers(objects) -> list[str]:
    """What stops deleting ``objects``: one line per kind of protected row, with its count
    ("study records: 12"); empty when the delete would go through."""
    objects = list(objects)
    if not objects:
        return []
    by_model = {}
    for obj in objects:
        by_model.setdefault(type(obj), []).append(obj)
    blocking = []
    for model, group in by_model.items():
        using = router.db_for_write(model, instance=group[0]) or DEFAULT_DB_ALIAS
        try:
            Collector(using=using, origin=group[0]).collect(group)
        except ProtectedError as exc:
            blocking.extend(exc.protected_objects)
        except RestrictedError as exc:
            blocking.extend(exc.restricted_objects)
    return _describe(blocking)


def _describe(rows) -> list[str]:
    counts = Counter(type(row)._meta for row in set(rows))
    return [
        _("%(kind)s: %(count)d") % {"kind": capfirst(opts.verbose_name_plural), "count": count}
        for opts, count in sorted(counts.items(), key=lambda item: str(item[0].verbose_name_plural))
    ]


def delete_advice(objects) -> str:
    adviced = {str(getattr(type(o), "delete_refused_advice", DEFAULT_ADVICE)) for o in objects}
    return " ".join(sorted(adviced))


def delete_refusal(request, objects, *, blockers=None, back_url=None, shown=None):
    """The admin page saying why ``objects`` cannot be deleted (200 on GET so the question is
    answered before anyone confirms; 409 when a delete was posted), or None if nothing blocks."""
    objects = list(objects)
    blockers = delete_blockers(objects) if blockers is None else blockers
    if not blockers:
        return None
    shown = objects if shown is None else list(shown)
    names = "、".join(str(o) for o in shown[:10]) + ("…" if len(shown) > 10 else "")
    return TemplateResponse(
        request,
        "kit/delete_refused.html",
        {
            "page_title": _("Cannot delete"),
            "names": names,
            "blockers": blockers,
            "advice": delete_advice(shown),
            "back_url": back_url or _safe_referer(request),
        },
        status=409 if request.method == "POST" else 200,
    )


def delete_or_refuse(request, objects, delete):
    """Run ``delete()`` in a transaction; if rows appeared since the check and the database
    refuses, nothing is kept and the refusal page is returned instead (else None)."""
    try:
        with transaction.atomic():
            delete()
    except (ProtectedError, RestrictedError) as exc:
        blocking = (
            exc.protected_objects if isinstance(exc, ProtectedError) else exc.restricted_objects
        )
        return delete_refusal(request, objects, blockers=_describe(blocking))
    return None


def _safe_referer(request) -> str:
    from django.utils.http import url_has_allowed_host_and_scheme

    referer = request.META.get("HTTP_REFERER") or ""
    if url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return referer
    return ""


class _Refused(Exception):
    def __init__(self, response):
        self.response = response


class ProtectedDeleteMixin:
    """For Wagtail's generic ``DeleteView`` (models, snippets, users): refuse, with the
    reason, before the confirmation page and before the delete."""

    def run_before_hook(self):
        refusal = delete_refusal(self.request, [self.object], back_url=self._back_url())
        if refusal is not None:
            return refusal
        return super().run_before_hook()

    def delete_action(self):
        refusal = delete_or_refuse(self.request, [self.object], super().delete_action)
        if refusal is not None:
            raise _Refused(refusal)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except _Refused as refused:
            return refused.response

    def _back_url(self):
        if getattr(self, "edit_url_name", None):
            from django.contrib.admin.utils import quote
            from django.urls import reverse

            return reverse(self.edit_url_name, args=(quote(self.object.pk),))
        return None


def _views():
    from wagtail.admin.views.generic import DeleteView
    from wagtail.snippets.views.snippets import DeleteView as SnippetDeleteView

    class ProtectedDeleteView(ProtectedDeleteMixin, DeleteView):
        """The delete view for every ``ModelViewSet`` of ours."""

    class ProtectedSnippetDeleteView(ProtectedDeleteMixin, SnippetDeleteView):
        """The delete view for every ``SnippetViewSet`` of ours."""

    return ProtectedDeleteView, ProtectedSnippetDeleteView


ProtectedDeleteView, ProtectedSnippetDeleteView = _views()
