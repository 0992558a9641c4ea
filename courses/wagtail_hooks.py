from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from accounts.admin_menu import PermissionMenuItem
from kit.deletion import ProtectedSnippetDeleteView
from kit.hooks import DashboardPanel, MenuItem
from kit.pages import index_page_url
from kit.wagtail_guards import GuardedSnippetChooserViewSet

from . import admin_views
from .models import Regulation


def _articles_link(regulation):
    return format_html(
        '<a href="{}">{}</a>',
        reverse("courses_admin:regulation_articles", args=[regulation.pk]),
        _("Articles and uses"),
    )


class RegulationViewSet(SnippetViewSet):
    model = Regulation
    icon = "doc-full"
    menu_label = _("Regulations")
    menu_name = "regulations"
    menu_order = 250
    add_to_admin_menu = True
    delete_view_class = ProtectedSnippetDeleteView
    chooser_viewset_class = GuardedSnippetChooserViewSet
    list_display = [
        "title",
        "status",
        "issued_on",
        Column("articles", label=_("Articles"), accessor=_articles_link),
    ]
    list_filter = ["status"]
    search_fields = ["title", "document_number"]
    # Articles and divisions come from imports, not from this form.
    form_fields = [
        "title",
        "slug",
        "issuing_bodies",
        "document_number",
        "issued_on",
        "in_force_on",
        "status",
    ]


register_snippet(RegulationViewSet)


@hooks.register("register_admin_urls")
def courses_admin_urls():
    urls = [
        path("import/", admin_views.regulation_import_view, name="regulation_import"),
        path(
            "regulations/<int:pk>/articles/",
            admin_views.regulation_articles_view,
            name="regulation_articles",
        ),
        path("citations/broken/", admin_views.broken_citations_view, name="broken_citations"),
        path(
            "quotations/mismatches/",
            admin_views.quotation_mismatches_view,
            name="quotation_mismatches",
        ),
    ]
    return [path("courses/", include((urls, "courses_admin")))]


@hooks.register("register_admin_menu_item")
def regulation_import_menu_item():
    return PermissionMenuItem(
        _("Import a regulation"),
        reverse("courses_admin:regulation_import"),
        icon_name="upload",
        order=260,
        permission="courses.add_regulation",
    )


@hooks.register("register_reports_menu_item")
def broken_citations_menu_item():
    return PermissionMenuItem(
        _("Citations of missing articles"),
        reverse("courses_admin:broken_citations"),
        icon_name="warning",
        order=900,
        permission="courses.view_regulation",
    )


@hooks.register("register_reports_menu_item")
def quotation_mismatches_menu_item():
    return PermissionMenuItem(
        _("Quotations that differ from the article"),
        reverse("courses_admin:quotation_mismatches"),
        icon_name="openquote",
        order=901,
        permission="courses.view_regulation",
    )


@hooks.register("register_rich_text_features")
def register_article_quote_feature(features):
    """The inline mark 引用条文: <q data-article="slug:number">words</q>, checked on save and
    in the mismatch report (courses.quotations)."""
    from draftjs_exporter.dom import DOM
    from wagtail.admin.rich_text.converters.html_to_contentstate import (
        InlineEntityElementHandler,
    )
    from wagtail.admin.rich_text.editors.draftail import features as draftail_features

    from .quotations import MARK_ATTRIBUTE

    class ArticleQuoteElementHandler(InlineEntityElementHandler):
        mutability = "MUTABLE"

        def get_attribute_data(self, attrs):
            return {"article": attrs.get(MARK_ATTRIBUTE, "")}

    def article_quote_decorator(props):
        return DOM.create_element(
            "q", {MARK_ATTRIBUTE: props.get("article", "")}, props["children"]
        )

    features.register_editor_plugin(
        "draftail",
        "article-quote",
        draftail_features.EntityFeature(
            {
                "type": "ARTICLE_QUOTE",
                "icon": "openquote",
                "description": _("Quotation of an article"),
                "articleQuote": {
                    "prompt": _(
                        "Which article do these words quote? Regulation slug and article "
                        "number, e.g. xinfang-gongzuo-tiaoli:20. Empty removes the mark."
                    ),
                },
            },
            js=["courses/js/article-quote.js"],
            css={"all": ["courses/article-quote-editor.css"]},
        ),
    )
    features.register_converter_rule(
        "contentstate",
        "article-quote",
        {
            "from_database_format": {
                f"q[{MARK_ATTRIBUTE}]": ArticleQuoteElementHandler("ARTICLE_QUOTE")
            },
            "to_database_format": {"entity_decorators": {"ARTICLE_QUOTE": article_quote_decorator}},
        },
    )


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def quotation_warning_after_save(request, page):
    """Warn, without refusing the save, when quoted words are not the article's: a trainer's
    work is kept as a draft or published as they chose, and the warning says what to mend.
    (Refusing would block saving a draft mid-edit; a wrong quotation is also found again by
    the report whenever a regulation is re-imported, which no save-time check can do.)"""
    from django.contrib import messages

    from .quotations import page_quotation_mismatches

    if not request.accepts("text/html"):
        return None  # autosave: the panel and the next full save say it
    mismatches = page_quotation_mismatches(page)
    for mismatch in mismatches[:5]:
        messages.warning(request, _quotation_message(mismatch))
    if len(mismatches) > 5:
        messages.warning(
            request,
            _("%(count)d more quotations differ from their article; see the report.")
            % {"count": len(mismatches) - 5},
        )
    return None


def _quotation_message(mismatch):
    from django.utils.text import Truncator

    q = mismatch.quotation
    return _("Quotation of %(article)s does not match the article: “%(words)s” — %(reason)s") % {
        "article": mismatch.reference,
        "words": Truncator(q.text).chars(40),
        "reason": mismatch.reason,
    }


class BrokenCitationsPanel(Component):
    name = "broken_citations"
    order = 90
    template_name = "courses/admin/broken_citations_panel.html"

    def __init__(self, count):
        self.count = count

    def get_context_data(self, parent_context=None):
        return {"count": self.count}


@hooks.register("construct_homepage_panels")
def broken_citations_panel(request, panels):
    from .selectors import broken_citations

    if request.user.has_perm("courses.view_regulation"):
        count = len(broken_citations())
        if count:
            panels.append(BrokenCitationsPanel(count))


@hooks.register("xuefa_main_menu")
def courses_menu(request):
    from .models import CourseIndexPage

    items = [
        MenuItem(_("Regulations"), reverse("courses:regulation_list"), order=30, name="regulations")
    ]
    url = index_page_url(CourseIndexPage)
    if url is not None:
        items.append(MenuItem(_("Courses"), url, order=20, name="courses"))
    return items


@hooks.register("xuefa_dashboard_panels")
def required_courses_panel(request, year):
    from .models import CourseIndexPage
    from .selectors import required_courses_for_user

    return DashboardPanel(
        template="courses/includes/dashboard_panel.html",
        order=20,
        context={
            "cards": required_courses_for_user(user=request.user, year=year),
            "index": CourseIndexPage.objects.live().first(),
        },
    )


@hooks.register("xuefa_load_demo", order=10)
def load_demo_courses(stdout):
    from . import demo

    demo.load(stdout)


@hooks.register("register_role_permissions")
def courses_role_permissions():
    # Course and lesson pages are authored through Wagtail page permissions, which
    # accounts.roles.page_permissions_sync grants to trainers on the site's root page.
    regulation_perms = [
        "courses.view_regulation",
        "courses.add_regulation",
        "courses.change_regulation",
        "courses.view_article",
    ]
    return {
        "trainer": regulation_perms,
        "administrator": [*regulation_perms, "courses.delete_regulation"],
        "lead": ["courses.view_regulation"],
    }


@hooks.register("xuefa_quiz_passed")
def quiz_passed_recheck_courses(quiz_page, user, attempt, now):
    from .models import CoursePage
    from .services import course_completion_check

    for course in CoursePage.objects.ancestor_of(quiz_page).live():
        course_completion_check(course=course, user=user, now=now)


@hooks.register("xuefa_search_providers")
def search_providers():
    from .search import search_providers

    return search_providers()


@hooks.register("xuefa_required_courses")
def required_courses_for_users(users, year):
    """The courses each of ``users`` must complete in ``year`` (three queries in all)."""
    from accounts.models import Department

    from .models import CoursePage

    parents = dict(Department.objects.values_list("pk", "parent_id"))

    def with_ancestors(department_id):
        found, node = set(), department_id
        while node is not None and node not in found:
            found.add(node)
            node = parents.get(node)
        return found

    courses = list(
        CoursePage.objects.live()
        .filter(requirements__year=year)
        .distinct()
        .order_by("path")
        .prefetch_related("requirements")
    )
    requirements = [(course, list(course.requirements.all())) for course in courses]
    by_place: dict = {}  # (department, rank) -> the courses: an office has a few dozen

    def required_for(department_id, rank):
        if (department_id, rank) not in by_place:
            department_ids = with_ancestors(department_id)
            by_place[department_id, rank] = [
                {"source": f"courses.course:{course.pk}", "title": course.title}
                for course, rules in requirements
                if any(
                    r.applies_to(year=year, department_ids=department_ids, rank=rank) for r in rules
                )
            ]
        return by_place[department_id, rank]

    # Each official gets their own list (callers add to it).
    return {user.pk: list(required_for(user.department_id, user.rank)) for user in users}
