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
