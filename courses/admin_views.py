"""Wagtail admin views for trainers: paste a regulation to import it, see an article's
uses, and see lessons citing articles that no longer exist."""

from django import forms
from django.contrib.auth.decorators import permission_required
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext_lazy as _

from accounts.roles import user_sees_drafts

from .models import ArticleCitation, Regulation
from .selectors import broken_citations
from .services import RegulationImportError, regulation_import


class RegulationImportForm(forms.Form):
    text = forms.CharField(
        label=_("Regulation text"),
        widget=forms.Textarea(attrs={"rows": 20}),
        help_text=_(
            "Paste the whole text: a '# title' line, optional dated lines, "
            "'<!-- INFO END -->', then chapters (第X章) and articles (第X条)."
        ),
        max_length=2_000_000,
    )
    slug = forms.SlugField(
        label=_("Slug"),
        required=False,
        help_text=_(
            "The regulation's address, e.g. xinfang-gongzuo-tiaoli. Give the slug of an "
            "existing regulation to update it; leave empty to match by title."
        ),
    )


@permission_required("courses.add_regulation", raise_exception=True)
def regulation_import_view(request):
    report = error = None
    form = RegulationImportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report = regulation_import(
                text=form.cleaned_data["text"], slug=form.cleaned_data["slug"] or None
            )
        except RegulationImportError as exc:
            error = str(exc)
    return render(
        request,
        "courses/admin/regulation_import.html",
        {"form": form, "report": report, "error": error},
        status=400 if error else 200,
    )


@permission_required("courses.view_regulation", raise_exception=True)
def regulation_articles_view(request, pk):
    """Every article of a regulation with the lessons that cite it ("where is Art. 31 used?")."""
    regulation = get_object_or_404(Regulation, pk=pk)
    uses: dict[int, list] = {}
    citations = _citations_seen_by(
        request.user, ArticleCitation.objects.filter(regulation=regulation)
    )
    for citation in citations.select_related("lesson"):
        uses.setdefault(citation.article_number, []).append(citation.lesson)
    articles = list(regulation.articles.select_related("division").order_by("number"))
    rows = [{"article": a, "lessons": uses.pop(a.number, [])} for a in articles]
    # Citations of numbers the regulation never had are broken too.
    missing = sorted(uses.items())
    return render(
        request,
        "courses/admin/regulation_articles.html",
        {"regulation": regulation, "rows": rows, "missing": missing},
    )


@permission_required("courses.view_regulation", raise_exception=True)
def broken_citations_view(request):
    citations = broken_citations(viewer=request.user)
    return render(request, "courses/admin/broken_citations.html", {"citations": citations})


def _citations_seen_by(user, citations):
    """A draft lesson's title is for authors only (accounts.roles.user_sees_drafts)."""
    return citations if user_sees_drafts(user) else citations.filter(lesson__live=True)


@permission_required("courses.view_regulation", raise_exception=True)
def quotation_mismatches_view(request):
    """Every quotation presented as an article's words that is not its current text."""
    from .quotations import quotation_mismatches_everywhere

    return render(
        request,
        "courses/admin/quotation_mismatches.html",
        {"rows": quotation_mismatches_everywhere()},
    )
