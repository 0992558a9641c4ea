from django.shortcuts import get_object_or_404, render

from .models import Article, Regulation


def regulation_detail(request, slug):
    regulation = get_object_or_404(Regulation, slug=slug)
    articles = regulation.articles.filter(is_current=True).order_by("position", "number")
    return render(
        request,
        "courses/regulation_detail.html",
        {"regulation": regulation, "articles": articles},
    )


def article_detail(request, slug, number):
    article = get_object_or_404(
        Article.objects.select_related("regulation", "division"),
        regulation__slug=slug,
        number=number,
    )
    return render(request, "courses/article_detail.html", {"article": article})
