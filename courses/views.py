"""Regulation pages and the lesson "I have studied this" step. Thin: selectors and services
do the work."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from records.reading import minutes_text

from . import selectors, services
from .models import Regulation


def regulation_list(request):
    return render(
        request, "courses/regulation_list.html", {"regulations": selectors.regulation_list()}
    )


def regulation_detail(request, slug):
    regulation = get_object_or_404(Regulation, slug=slug)
    contents = selectors.regulation_contents(regulation=regulation)
    return render(
        request,
        "courses/regulation_detail.html",
        {
            "regulation": regulation,
            "contents": contents,
            "article_count": sum(len(e.articles) for e in contents),
        },
    )


def article_detail(request, slug, number):
    article = selectors.article_for_page(slug=slug, number=number)
    if article is None:
        raise Http404(_("No such article."))
    previous, following = selectors.article_neighbours(article=article)
    return render(
        request,
        "courses/article_detail.html",
        {
            "article": article,
            "regulation": article.regulation,
            "previous": previous,
            "next": following,
            "lessons": selectors.article_citing_lessons(article=article).live(),
        },
    )


def lesson_serve(lesson, request, default_serve, *args, **kwargs):
    """GET records the first opening (not in preview); POST is the study confirmation."""
    now = timezone.now()
    if getattr(request, "is_preview", False) or not request.user.is_authenticated:
        return default_serve(request, *args, **kwargs)
    if request.method == "POST":
        try:
            services.lesson_confirm(user=request.user, lesson=lesson, now=now)
        except services.LessonNotOpened:
            messages.error(request, _("Open the lesson and read it before confirming."))
            services.lesson_open(user=request.user, lesson=lesson, now=now)
        except services.StudyTooSoon as exc:
            messages.warning(
                request,
                _(
                    "Please take time to study this lesson: you can confirm it in %(time)s. "
                    "The server counts from when you first opened it."
                )
                % {"time": minutes_text(exc.remaining)},
            )
        else:
            messages.success(request, _("Lesson recorded as studied."))
        return redirect(lesson.get_url(request))
    services.lesson_open(user=request.user, lesson=lesson, now=now)
    return default_serve(request, *args, **kwargs)
