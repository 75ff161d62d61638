"""Error pages in Swedish, with no internals: a message written for the user, or none."""

from __future__ import annotations

import logging

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from uppsikt.web.access import Refused

log = logging.getLogger("uppsikt.web")


def page(request: HttpRequest, status: int, title: str, message: str) -> HttpResponse:
    return render(
        request,
        "uppsikt_web/error.html",
        {"title": title, "message": message, "status": status},
        status=status,
    )


def bad_request(
    request: HttpRequest,
    exception: Exception | None = None,  # noqa: ARG001 - Django passes it by name
) -> HttpResponse:
    return page(request, 400, "Felaktig begäran", "Begäran kunde inte tolkas. Försök igen.")


def forbidden(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = (
        str(exception)
        if isinstance(exception, Refused) and str(exception)
        else "Du har inte behörighet till den här sidan."
    )
    return page(request, 403, "Åtkomst nekad", message)


def not_found(
    request: HttpRequest,
    exception: Exception | None = None,  # noqa: ARG001 - Django passes it by name
) -> HttpResponse:
    return page(
        request,
        404,
        "Sidan finns inte",
        "Sidan eller rapporten finns inte, eller så har du inte behörighet till den.",
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return page(
        request,
        500,
        "Något gick fel",
        "Ett oväntat fel inträffade och har loggats. Inget sparades av begäran. Försök igen.",
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    log.warning("CSRF-kontrollen underkände en begäran till %s: %s", request.path, reason)
    return page(
        request,
        403,
        "Formuläret har gått ut",
        "Formuläret kunde inte skickas (säkerhetskontroll). Ladda om sidan och försök igen.",
    )
