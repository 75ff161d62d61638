"""Login (throttled), logout by POST, password change, security settings and error pages."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth.hashers import get_hasher
from django.test import Client

from uppsikt.web.views import reports

from .web_support import PASSWORD, World


@pytest.mark.usefixtures("world")
def test_login_and_logout() -> None:
    client = Client(enforce_csrf_checks=True)
    page = client.get("/konto/logga-in/")
    assert 'for="id_username"' in page.content.decode()
    token = page.cookies["csrftoken"].value
    response = client.post(
        "/konto/logga-in/",
        {"username": "red_a", "password": PASSWORD, "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert client.get("/konto/logga-ut/").status_code == 405
    token = client.cookies["csrftoken"].value
    assert client.post("/konto/logga-ut/", {"csrfmiddlewaretoken": token}).status_code == 302
    assert client.get("/").status_code == 302


def test_post_without_csrf_token_is_refused(world: World) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.users["red_a"])
    response = client.post(
        f"/rapporter/{world.report_a.pk}/kommentarer/", {"kommentar": "utan token"}
    )
    assert response.status_code == 403
    assert "Formuläret har gått ut" in response.content.decode()


@pytest.mark.usefixtures("world")
def test_login_is_throttled() -> None:
    client = Client()
    for _ in range(settings.LOGIN_FAILURE_LIMIT):
        bad = client.post("/konto/logga-in/", {"username": "red_a", "password": "fel"})
        assert bad.status_code == 400
        assert "Fel användarnamn eller lösenord" in bad.content.decode()
    refused = client.post("/konto/logga-in/", {"username": "red_a", "password": PASSWORD})
    assert refused.status_code == 429
    assert "För många misslyckade inloggningar" in refused.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_change(world: World) -> None:
    client = world.client("red_a")
    response = client.post(
        "/konto/losenord/",
        {
            "old_password": PASSWORD,
            "new_password1": "ett-helt-nytt-lösenord-42",
            "new_password2": "ett-helt-nytt-lösenord-42",
        },
    )
    assert response.status_code == 200
    assert "Lösenordet är bytt" in response.content.decode()
    assert Client().login(username="red_a", password="ett-helt-nytt-lösenord-42")
    weak = client.post(
        "/konto/losenord/",
        {"old_password": "x", "new_password1": "123", "new_password2": "123"},
    )
    assert weak.status_code == 400
    assert 'aria-invalid="true"' in weak.content.decode()


def test_passwords_are_hashed_with_argon2(world: World) -> None:
    assert get_hasher().algorithm == "argon2"
    assert world.users["red_a"].password.startswith("argon2")


def test_cookie_and_header_settings(world: World) -> None:
    assert settings.SESSION_COOKIE_HTTPONLY
    assert settings.SESSION_COOKIE_SAMESITE == "Lax"
    assert not settings.DEBUG
    response = world.client("red_a").get("/")
    assert "default-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_errors_show_no_internals(world: World) -> None:
    response = world.client("red_a").get("/rapporter/999999/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Sidan finns inte" in html
    assert "Traceback" not in html
    assert 'lang="sv"' in html


def test_server_error_page_has_no_traceback(world: World, monkeypatch: object) -> None:
    def boom(*_args: object) -> None:
        raise RuntimeError("hemlig intern detalj")

    monkeypatch.setattr(reports, "load", boom)  # type: ignore[attr-defined]
    client = world.client("red_a")
    client.raise_request_exception = False
    response = client.get(f"/rapporter/{world.report_a.pk}/")
    assert response.status_code == 500
    assert "hemlig" not in response.content.decode()
    assert "Något gick fel" in response.content.decode()
