"""Study-site views that are not pages: confirming that a case was studied."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from records.reading import ReadingNotOpened, ReadingTooSoon, minutes_text
from records.services import CreditWithdrawn

from .models import CasePage
from .services import case_study_confirm


@require_POST
def case_studied(request, page_id: int):
    """An official confirms they have studied a published case (drafts are 404)."""
    page = get_object_or_404(CasePage.objects.live().public(), pk=page_id)
    try:
        case_study_confirm(page=page, user=request.user, now=timezone.now())
    except CreditWithdrawn as exc:
        messages.error(request, str(exc))
    except ReadingNotOpened:
        messages.error(request, _("Open the case and read it before confirming."))
    except ReadingTooSoon as exc:
        messages.warning(
            request,
            _(
                "Please take time to study this case: you can confirm it in %(time)s. "
                "The server counts from when you first opened it."
            )
            % {"time": minutes_text(exc.remaining)},
        )
    else:
        messages.success(request, _("Recorded: you have studied this case."))
    return redirect(page.url)
