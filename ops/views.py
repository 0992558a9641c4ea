from django.contrib.auth.decorators import login_not_required
from django.http import Http404, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .health import health_report


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """Readiness for load balancers and monitoring: database, Redis and the worker queue."""
    report, status = health_report(now=timezone.now())
    return JsonResponse(report, status=status)


@login_not_required
@never_cache
@require_GET
def healthz_live(request):
    """Liveness: the process answers. Touches nothing else (the rush benchmark's trivial view)."""
    return JsonResponse({"status": "ok"})


def not_found(request):
    """Answers 404: stands in front of Wagtail's /admin/failwhale/, a page that raises an
    error on purpose for any admin user (a 500 by design, nothing anyone here needs)."""
    raise Http404
