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


class OutOfRangeIdMiddleware:
    """An id in the URL that no database column can hold is a page that does not exist.

    Django's ``int`` converter matches any run of digits; a 20-digit id then reaches the
    database, where SQLite raises OverflowError and a foreign-key lookup on PostgreSQL fails
    (500). One guard for every route — ours, Wagtail's, any added later — answers 404.
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
                raise Http404
        return None
