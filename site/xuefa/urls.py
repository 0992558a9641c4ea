from django.conf import settings
from django.urls import include, path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from home import views as home_views
from kit.wagtail_guards import guard_admin_urls
from ops import views as ops_views

# Wagtail views that would 500 on a POST missing the fields they read (kit.wagtail_guards).
guard_admin_urls(wagtailadmin_urls.urlpatterns)

urlpatterns = [
    path("healthz", ops_views.healthz, name="healthz"),
    path("healthz/live", ops_views.healthz_live, name="healthz_live"),
    path("i18n/setlang/", home_views.set_language, name="set_language"),
    path("accounts/", include("accounts.urls")),
    path("records/", include("records.urls")),
    path("reports/", include("reports.urls")),
    path("regulations/", include("courses.urls")),
    path("quizzes/", include("quizzes.urls")),
    path("cases/tools/", include("case_library.urls")),
    path("jobs/", include("jobs.urls")),
    path("study-sessions/", include("study_sessions.urls")),
    path("search/", include("search.urls")),
    path("admin/failwhale/", ops_views.not_found, name="failwhale_hidden"),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail's page serving catches everything else, so it comes last.
urlpatterns += [path("", include(wagtail_urls))]
