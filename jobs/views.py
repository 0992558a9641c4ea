from django.http import FileResponse, Http404, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .registry import JOB_KINDS
from .selectors import jobs_visible_to
from .services import job_file_path


@require_GET
def job_list(request):
    jobs = jobs_visible_to(request.user).select_related("owner")[:50]
    return render(request, "jobs/job_list.html", {"jobs": jobs})


def _job_for(request, job_id):
    return get_object_or_404(jobs_visible_to(request.user), pk=job_id)


@never_cache
@require_GET
def job_detail(request, job_id):
    job = _job_for(request, job_id)
    if request.GET.get("format") == "json":
        return JsonResponse(
            {
                "id": str(job.pk),
                "status": job.status,
                "status_display": str(job.get_status_display()),
                "progress": job.progress,
                "message": job.message,
                "finished": job.finished,
                "has_file": bool(job.result_path),
                "report": job.report,
            }
        )
    kind = JOB_KINDS.get(job.kind)
    labels = kind.report_labels if kind is not None else {}
    return render(
        request,
        "jobs/job_detail.html",
        {
            "job": job,
            "has_file": job_file_path(job) is not None,
            "report_rows": [(labels.get(key, key), value) for key, value in job.report.items()],
        },
    )


@require_GET
def job_download(request, job_id):
    job = _job_for(request, job_id)
    path = job_file_path(job)
    if path is None:
        raise Http404
    return FileResponse(path.open("rb"), as_attachment=True, filename=job.result_name)
