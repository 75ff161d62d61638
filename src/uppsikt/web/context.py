"""Template context for every page: the user's role for the navigation."""

from __future__ import annotations

from django.http import HttpRequest

from uppsikt.web import access
from uppsikt.web.models import GlobalRole


def navigation(request: HttpRequest) -> dict[str, object]:
    # An error page for a request refused before the middleware ran (a wrong Host header)
    # has no user: it is shown as to someone not logged in.
    user = getattr(request, "user", None)
    role = access.global_role(user) if user is not None else ""
    return {
        "is_admin": role == GlobalRole.ADMIN,
        "is_ks": role == GlobalRole.KS,
        "role_label": GlobalRole(role).label if role else "",
    }
