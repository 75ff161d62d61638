"""The Django app of uppsikt's web application."""

from __future__ import annotations

from django.apps import AppConfig


class UppsiktWebConfig(AppConfig):
    name = "uppsikt.web"
    label = "uppsikt_web"
    verbose_name = "uppsikt"
    default_auto_field = "django.db.models.BigAutoField"
