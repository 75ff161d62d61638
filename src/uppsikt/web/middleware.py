"""Security headers Django does not set itself (a strict Content-Security-Policy), and the
bound on request bodies, checked before anything reads them."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Cache-Control", "no-store, private")
        return response


class BodyLimitMiddleware:
    """Refuse a request whose body is larger than MAX_REQUEST_BYTES, or of unknown length
    (chunked), from its headers alone: the body is never read, parsed or spooled to disk.
    First in MIDDLEWARE, so no other middleware (CSRF reads the form) touches it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        from uppsikt.web.views.errors import page  # noqa: PLC0415 - views import settings

        meta = request.META
        chunked = "chunked" in str(meta.get("HTTP_TRANSFER_ENCODING", "")).lower()
        raw = str(meta.get("CONTENT_LENGTH") or "").strip()
        if chunked and not raw:
            return page(
                request,
                411,
                "Längd saknas",
                "Begäran saknar längd (Content-Length). Skicka den igen från formuläret.",
            )
        try:
            length = int(raw) if raw else 0
        except ValueError:
            length = -1
        if length < 0:
            return page(request, 400, "Felaktig begäran", "Begäran har en ogiltig längd.")
        if length > settings.MAX_REQUEST_BYTES:
            limit = settings.MAX_UPLOAD_BYTES // (1024 * 1024)
            return page(
                request,
                413,
                "För stor begäran",
                f"Begäran är för stor: filer får vara högst {limit} MB. Inget lästes in.",
            )
        return self.get_response(request)
