import logging

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.views.decorators.http import require_POST
from django.views.i18n import set_language as django_set_language

logger = logging.getLogger(__name__)


@login_not_required
@require_POST
def set_language(request):
    """Django's language switch, also remembered as the user's Wagtail admin language."""
    response = django_set_language(request)
    language = request.POST.get("language", "")
    user = request.user
    if user.is_authenticated and language in dict(settings.LANGUAGES):
        from wagtail.users.models import UserProfile

        profile = UserProfile.get_for_user(user)
        if profile.preferred_language != language:
            profile.preferred_language = language
            profile.save(update_fields=["preferred_language"])
    return response
