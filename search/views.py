"""/search/: the site search page, and the same results as JSON with ``format=json``."""

from django.core.paginator import Paginator
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from . import selectors
from .models import IndexEntry

PER_PAGE = 20


def kinds_named(kinds) -> str:
    """The kinds a viewer searches as one phrase, from the providers' own labels (法规条文、
    法规、课时、课程、案例和集体学习; questions too for trainers), so a new kind is named
    without anyone remembering the hint."""
    labels = [str(p.label).lower() for p in kinds]
    if len(labels) < 2:
        return "".join(labels)
    return _("%(items)s and %(last)s") % {
        "items": pgettext("list separator", ", ").join(labels[:-1]),
        "last": labels[-1],
    }


@require_GET
def search_view(request):
    query = request.GET.get("q", "")
    kind = request.GET.get("type", "")
    results = selectors.search(query=query, user=request.user, kind=kind)
    paginator = Paginator(results.hits, PER_PAGE)
    page = paginator.get_page(request.GET.get("page"))
    hits = selectors.decorate(list(page.object_list), results.query)
    labels = results.labels
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "query": results.query.raw,
                "type": results.kind,
                "count": paginator.count,
                "page": page.number,
                "pages": paginator.num_pages,
                "counts": results.counts,
                "suggestion": results.suggestion,
                "results": [hit.as_dict(labels) for hit in hits],
            },
            json_dumps_params={"ensure_ascii": False},
        )
    fallback = []
    if results.query.raw and not results.hits:
        fallback = IndexEntry.objects.filter(kind="regulation", permission="").order_by("title")
    return render(
        request,
        "search/search.html",
        {
            "results": results,
            "page_obj": page,
            "hits": hits,
            "type_filters": [
                {"kind": p.kind, "label": p.label, "count": results.counts.get(p.kind, 0)}
                for p in results.kinds
            ],
            "total": sum(results.counts.values()),
            "kinds_named": kinds_named(results.kinds),
            "fallback": fallback,
        },
    )
