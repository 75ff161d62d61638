"""The URL map (documented in docs/web.md). Every view of a report goes through access.py."""

from __future__ import annotations

from django.conf import settings
from django.urls import URLPattern, URLResolver, include, path

from uppsikt.web.views import (
    account,
    checks,
    forecast_accuracy,
    forecast_entry,
    goals,
    indicators,
    kommuner,
    monthly,
    overview,
    publish,
    reports,
    texts,
    uploads,
    workspaces,
)

R = "rapporter/<int:report_id>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", reports.home, name="home"),
    path("konto/logga-in/", account.login_view, name="login"),
    path("konto/logga-ut/", account.logout_view, name="logout"),
    path("konto/losenord/", account.password_change, name="password_change"),
    path("oversikt/", overview.overview, name="overview"),
    path("oversikt/manad/<int:kommun_id>/", monthly.monthly, name="monthly"),
    path(
        "oversikt/prognossakerhet/<int:kommun_id>/",
        forecast_accuracy.forecast_accuracy,
        name="forecast_accuracy",
    ),
    path("arbetsytor/importera/", workspaces.import_workspace, name="import_workspace"),
    path("kommuner/importera/", kommuner.import_kommun, name="import_kommun"),
    path("kommuner/<int:kommun_id>/", kommuner.detail, name="kommun"),
    path("kommuner/<int:kommun_id>/filer/", kommuner.replace, name="kommun_replace"),
    path(R, reports.detail, name="report"),
    path(R + "arbetsflode/", reports.workflow, name="workflow"),
    path(R + "kommentarer/", reports.comment, name="comment"),
    path(R + "historik/", reports.history, name="history"),
    path(R + "arbetsyta.zip", workspaces.export_workspace, name="export_workspace"),
    path(R + "text/<slug:section>/", texts.edit, name="text"),
    path(R + "text/<slug:section>/forhandsvisning/", texts.preview, name="text_preview"),
    path(R + "referenser/", texts.references, name="references"),
    path(R + "mal/", goals.goals, name="goals"),
    path(R + "mal/omrade/<str:area_id>/", goals.area, name="goal_area"),
    path(R + "mal/kf/<str:goal_id>/", goals.stance, name="goal_stance"),
    path(R + "indikatorer/", indicators.index, name="indicators"),
    path(R + "indikatorer/<str:indicator_id>/", indicators.edit, name="indicator"),
    path(
        R + "indikatorer/<str:indicator_id>/validera/",
        indicators.validate,
        name="indicator_validate",
    ),
    path(R + "ekonomi/", uploads.upload, name="upload"),
    path(R + "ekonomi/ta-bort/", uploads.remove, name="remove_import"),
    path(R + "ekonomi/prognos/", forecast_entry.forecast, name="forecast"),
    path(R + "kontroller/", checks.checks, name="checks"),
    path(R + "publicera/", publish.publish_page, name="publish"),
    path(R + "ladda-ner/<str:fmt>/", publish.download, name="download"),
]

if getattr(settings, "OIDC_ENABLED", False):  # pragma: no cover - needs the oidc extra
    urlpatterns.append(path("oidc/", include("mozilla_django_oidc.urls")))

handler400 = "uppsikt.web.views.errors.bad_request"
handler403 = "uppsikt.web.views.errors.forbidden"
handler404 = "uppsikt.web.views.errors.not_found"
handler500 = "uppsikt.web.views.errors.server_error"
