"""Logging in (throttled), logging out (POST only) and changing one's password."""

from __future__ import annotations

from datetime import timedelta

from django import forms
from django.conf import settings
from django.contrib.auth import authenticate, login, logout, update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST

from uppsikt.web.models import LoginFailure


class LoginForm(forms.Form):
    # autocomplete tells browsers and assistive tools what each field is (WCAG 1.3.5).
    username = forms.CharField(
        label="Användarnamn",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    password = forms.CharField(
        label="Lösenord",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


def _address(request: HttpRequest) -> str:
    return str(request.META.get("REMOTE_ADDR", ""))[:64]


def _throttled(username: str, address: str) -> bool:
    """Too many failures for this user name from this address, or for any user names from
    this address (someone trying many names with a few common passwords each)."""
    since = timezone.now() - timedelta(seconds=settings.LOGIN_FAILURE_WINDOW)
    recent = LoginFailure.objects.filter(address=address, created_at__gte=since)
    if recent.count() >= settings.LOGIN_ADDRESS_FAILURE_LIMIT:
        return True
    return recent.filter(username=username.lower()).count() >= settings.LOGIN_FAILURE_LIMIT


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
@require_http_methods(["GET", "POST"])
def login_view(request: HttpRequest) -> HttpResponse:
    next_url = request.POST.get("next") or request.GET.get("next") or ""
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = ""
    form = LoginForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        address = _address(request)
        if _throttled(username, address):
            form.add_error(
                None,
                "För många misslyckade inloggningar. Vänta 15 minuter och försök igen, "
                "eller kontakta en administratör.",
            )
            status = 429
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                LoginFailure.objects.create(username=username.lower(), address=address)
                form.add_error(None, "Fel användarnamn eller lösenord.")
                status = 400
            else:
                LoginFailure.objects.filter(username=username.lower(), address=address).delete()
                login(request, user)
                return HttpResponseRedirect(next_url or "/")
    elif request.method == "POST":
        status = 400
    return render(
        request,
        "uppsikt_web/login.html",
        {"form": form, "next": next_url, "oidc": settings.OIDC_ENABLED},
        status=status,
    )


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    logout(request)
    return redirect("login")


@sensitive_post_parameters()
@login_required
@require_http_methods(["GET", "POST"])
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    form.fields["old_password"].label = "Nuvarande lösenord"
    form.fields["new_password1"].label = "Nytt lösenord"
    form.fields["new_password1"].help_text = "Minst 10 tecken, inte bara siffror, inte vanligt."
    form.fields["new_password2"].label = "Nytt lösenord igen"
    done = False
    if request.method == "POST" and form.is_valid():
        user = form.save()
        update_session_auth_hash(request, user)
        done = True
        form = PasswordChangeForm(request.user)
    return render(
        request,
        "uppsikt_web/password_change.html",
        {"form": form, "done": done},
        status=400 if request.method == "POST" and not done else 200,
    )
