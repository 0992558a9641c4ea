class ContentSecurityPolicyMiddleware:
    """A strict Content Security Policy for the study site.

    Every script and style is a file the project serves, so no inline code is allowed.
    The Wagtail admin ships inline scripts of its own, so it gets a looser policy.
    """

    STRICT = (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "font-src 'self'; media-src 'self'; connect-src 'self'; frame-ancestors 'self'; "
        "form-action 'self'; base-uri 'self'; object-src 'none'"
    )
    ADMIN = (
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; font-src 'self' data:; media-src 'self' blob:; "
        "connect-src 'self'; frame-ancestors 'self'; base-uri 'self'; object-src 'none'"
    )

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/admin/"

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            is_admin = request.path.startswith(self.admin_prefix) or getattr(
                request, "is_preview", False
            )
            response["Content-Security-Policy"] = self.ADMIN if is_admin else self.STRICT
        return response


class RequestSizeMiddleware:
    """A request body larger than ``XUEFA_MAX_REQUEST_BYTES`` is refused (413) before anything
    reads it.

    Django bounds form fields (``DATA_UPLOAD_MAX_MEMORY_SIZE``) but not uploaded files: a
    multipart body of any size is streamed to a temporary file as soon as something reads
    ``request.POST`` — and the input guard below reads it on every route, the sign-in page
    included, for anyone. nginx refuses bodies over ``client_max_body_size`` (12m, the same
    figure) in production; this holds wherever the site runs. The largest legitimate upload
    (an image of ``WAGTAILIMAGES_MAX_UPLOAD_SIZE``, 10 MB) fits with its form.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        length = request.META.get("CONTENT_LENGTH") or "0"
        if not length.isascii() or not length.isdigit():
            return self._refusal(request, 400)
        if int(length) > settings.XUEFA_MAX_REQUEST_BYTES:
            return self._refusal(request, 413)
        return self.get_response(request)

    @staticmethod
    def _refusal(request, status):
        from django.conf import settings
        from django.http import HttpResponse, JsonResponse
        from django.template.loader import render_to_string
        from django.utils.translation import gettext as _

        message = _("What was sent is too large: at most %(mb)d MB at a time.") % {
            "mb": settings.XUEFA_MAX_REQUEST_BYTES // (1024 * 1024)
        }
        if request.content_type == "application/json" or "application/json" in (
            request.headers.get("Accept", "")
        ):
            return JsonResponse(
                {"ok": False, "error": {"code": "too_large", "message": message}}, status=status
            )
        # No session or user yet (this runs first): the page is rendered as for the signed-out.
        html = render_to_string("400.html", {"message": message}, request=request)
        return HttpResponse(html, status=status)


class OutOfRangeIdMiddleware:
    """An id in the URL that no database column can hold is a page that does not exist.

    Django's ``int`` converter matches any run of digits; a 20-digit id then reaches the
    database, where SQLite raises OverflowError and a foreign-key lookup on PostgreSQL fails
    (500). One guard for every route — ours, Wagtail's, any added later — answers 404.
    A view that speaks another format gives its own 404 as ``out_of_range_response`` (the
    attempt JSON API answers ``{"ok": false, "error": …}``, not the site's HTML page).
    """

    LIMIT = 2**63 - 1  # a signed 64-bit integer: BigAutoField, and every id column we have

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        from django.http import Http404

        for value in (*view_args, *view_kwargs.values()):
            if isinstance(value, int) and not -self.LIMIT - 1 <= value <= self.LIMIT:
                respond = getattr(view_func, "out_of_range_response", None)
                if respond is not None:
                    return respond()
                raise Http404
        return None


class UnstorableTextMiddleware:
    """Refuse, with a 400 and nothing stored, any input holding text no database can store.

    One guard for every route — our views, the Wagtail admin and any route added later: the
    path, the query string, form field names and values (with the JSON that editor widgets
    post inside them) and JSON request bodies are checked against
    ``kit.text`` before a view runs. A cookie holding such text is ignored (an attacker's
    session cookie with a NUL would otherwise reach the session table).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from kit.text import text_storable

        for name in [n for n, v in request.COOKIES.items() if not (text_storable(n + v))]:
            del request.COOKIES[name]
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if self._request_storable(request):
            return None
        return self._refusal(request)

    @staticmethod
    def _request_storable(request) -> bool:
        import json

        from django.conf import settings

        from kit.text import data_storable, form_value_storable, text_storable

        if not text_storable(request.path_info):
            return False
        for query in (request.GET, request.POST):
            for key, values in query.lists():
                if not text_storable(key) or not all(form_value_storable(v) for v in values):
                    return False
        if request.content_type == "application/json":
            length = request.META.get("CONTENT_LENGTH") or "0"
            if length.isdigit() and 0 < int(length) <= settings.DATA_UPLOAD_MAX_MEMORY_SIZE:
                body = request.body
                if b"\x00" in body or b"\\u" in body:
                    try:
                        parsed = json.loads(body)
                    except (ValueError, RecursionError):
                        return b"\x00" not in body  # not JSON: the view says so
                    return data_storable(parsed)
        return True

    @staticmethod
    def _refusal(request):
        from django.http import JsonResponse
        from django.shortcuts import render

        from kit.text import UNSTORABLE_MESSAGE

        message = str(UNSTORABLE_MESSAGE)
        wants_json = request.content_type == "application/json" or "application/json" in (
            request.headers.get("Accept", "")
        )
        if wants_json:
            return JsonResponse(
                {"ok": False, "error": {"code": "bad_text", "message": message}}, status=400
            )
        return render(request, "400.html", {"message": message}, status=400)
