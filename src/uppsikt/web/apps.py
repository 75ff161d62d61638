"""The Django app of uppsikt's web application."""

from __future__ import annotations

from django.apps import AppConfig

from uppsikt.web.services.process import APP_LABEL, Process


class UppsiktWebConfig(AppConfig):
    name = "uppsikt.web"
    label = APP_LABEL
    verbose_name = "uppsikt"
    default_auto_field = "django.db.models.BigAutoField"

    process: Process
    """What this process keeps in memory: loaded reports and background checks."""

    def ready(self) -> None:
        # Imported here: they import the models, which exist only once the apps are ready.
        from uppsikt.web.services.checking import Checks  # noqa: PLC0415
        from uppsikt.web.services.loaded import Loads  # noqa: PLC0415

        self.process = Process(loads=Loads(), checks=Checks())
