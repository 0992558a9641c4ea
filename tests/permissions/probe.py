"""Visiting one route as one role, and naming the answer's class (see ``matrix.py``).

Every visit runs in a savepoint that is rolled back, so a POST that deletes, publishes or
signs out changes nothing for the next visit; the client's cookies are put back likewise.
"""

from urllib.parse import urlsplit

from django.contrib.messages import ERROR
from django.db import transaction

LOGIN_PATHS = {"/accounts/login/", "/admin/login/", "/_util/login/"}
BAD_STATUSES = {400, 405, 409, 413, 415}


def answer_class(response, role: str) -> str:
    """``ok``, ``login``, ``forbidden``, ``missing``, ``bad`` or ``error``, as ``matrix.py``
    defines them. A redirect to a sign-in page asking to come back (``?next=``) is ``login``
    for the signed-out; for a signed-in user it is Wagtail's refusal (no admin access), as is
    its redirect to the admin's home with an error message (no permission for this view):
    both ``forbidden``. Signing out, which ends on the sign-in page with no ``next``, is
    ``ok``."""
    status = response.status_code
    if status >= 500:
        return "error"
    if status == 401:
        return "login"  # the JSON endpoints' answer to the signed-out
    if status in BAD_STATUSES:
        return "bad"
    if status == 403:
        return "forbidden"
    if status == 404:
        return "missing"
    if 300 <= status < 400:
        location = urlsplit(response["Location"])
        if location.path in LOGIN_PATHS and "next=" in location.query:
            return "login" if role == "anonymous" else "forbidden"
        path = location.path
        if path == "/admin/" and _error_message_queued(response):
            return "forbidden"
        return "ok"
    if 200 <= status < 300:
        return "ok"
    return f"status {status}"


def _error_message_queued(response) -> bool:
    storage = getattr(response.wsgi_request, "_messages", None)
    queued = getattr(storage, "_queued_messages", ())
    return any(message.level == ERROR for message in queued)


def visit(world, route, role: str, method: str):
    """The response of ``method`` (``get``/``post``, an empty POST) on ``route`` as ``role``."""
    client = world.client(role)
    cookies = client.cookies
    client.cookies = cookies.__class__()
    for key, morsel in cookies.items():
        client.cookies[key] = morsel.value
    url = world.url(route)
    try:
        with transaction.atomic():
            response = getattr(client, method)(url)
            transaction.set_rollback(True)
    finally:
        client.cookies = cookies
    return url, response
