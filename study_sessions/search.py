"""What the site search finds in group study sessions (集体学习): one entry per session.

An entry holds what the session page shows everyone who may open it — the topic, the type,
the date, the place, the 领学人, the purpose and arrangements, what is studied (with its
notes), the discussion questions and the conclusions. Never the attendance list, the
speeches, the follow-up actions or the lead's notes on the questions: the page shows those
only to the people who run or oversee the session (or, for notes, only when presenting).

Who sees an entry is the session's own rule, ``permissions.sessions_visible_to`` (the list
form of ``can_view``), asked at every query: invitations change without a save of the
session, so the index holds no audience of its own. Entries are ``PER_VIEWER``.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from kit.search import PER_VIEWER, SearchEntry, SearchProvider

from .models import DiscussionQuestion, SessionModule, SessionStatus, StudySession
from .permissions import sessions_visible_to

KIND = "session"


def _key(pk: int) -> str:
    return f"study_sessions.session:{pk}"


def _module_line(module: SessionModule) -> str:
    return f"{module.title}（{module.note}）" if module.note else module.title


def _session_entry(session: StudySession) -> SearchEntry:
    # Indexed in the site's language (Chinese), whichever language the request that saved the
    # session was in, so the type is found as 中心组学习 by everyone.
    with translation.override(settings.LANGUAGE_CODE):
        session_type = str(session.get_session_type_display())
        label = gettext("Group study")
        context = [session_type, f"{session.date:%Y-%m-%d}", session.place]
        if session.lead_display:
            context.append(gettext("Lead (领学人)") + f" {session.lead_display}")
        if session.status == SessionStatus.CANCELLED:
            context.append(str(session.get_status_display()))
    modules = sorted(session.modules.all(), key=lambda m: (m.position, m.pk))
    questions = sorted(session.questions.all(), key=lambda q: (q.position, q.pk))
    body = [
        session.summary,
        *(_module_line(m) for m in modules),
        *(q.text for q in questions),
        session.conclusions,
    ]
    return SearchEntry(
        key=_key(session.pk),
        kind=KIND,
        title=session.topic,
        body="\n".join(part for part in body if part),
        url=session.get_absolute_url(),
        context=" · ".join(part for part in context if part),
        keywords=f"{label} {session_type}",
        permission=PER_VIEWER,
    )


def _sessions():
    return StudySession.objects.select_related("lead").prefetch_related(
        "questions",
        "modules__lesson",
        "modules__case",
        "modules__division__regulation",
        "modules__article__regulation",
    )


def session_entries():
    for session in _sessions().order_by("pk").iterator(chunk_size=200):
        yield _session_entry(session)


def session_refresh(instance, deleted):
    """A session, or one of its modules or discussion questions, changed."""
    if isinstance(instance, StudySession):
        pk = instance.pk
        if deleted:
            return [_key(pk)], []
    else:
        pk = instance.session_id
    session = _sessions().filter(pk=pk).first()
    return [_key(pk)], ([_session_entry(session)] if session is not None else [])


def session_visible_keys(user):
    return [_key(pk) for pk in sessions_visible_to(user).values_list("pk", flat=True)]


def search_providers() -> list[SearchProvider]:
    return [
        SearchProvider(
            kind=KIND,
            label=_("Group study"),
            order=40,
            entries=session_entries,
            refresh=session_refresh,
            watches=(
                StudySession._meta.label,
                SessionModule._meta.label,
                DiscussionQuestion._meta.label,
            ),
            visible_keys=session_visible_keys,
        )
    ]
