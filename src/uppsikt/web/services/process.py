"""What the web application keeps in memory in one process, made once when Django starts.

The loaded reports (:class:`~uppsikt.web.services.loaded.Loads`) and the background checks
(:class:`~uppsikt.web.services.checking.Checks`) live in one object owned by the app config
(:meth:`uppsikt.web.apps.UppsiktWebConfig.ready`), not in module globals: a test starts from
a clean state with ``process().reset()``, and nothing is made or started by an import.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.apps import apps

if TYPE_CHECKING:
    from uppsikt.web.services.checking import Checks
    from uppsikt.web.services.loaded import Loads

APP_LABEL = "uppsikt_web"


@dataclass(frozen=True, slots=True)
class Process:
    loads: Loads
    checks: Checks

    def reset(self) -> None:
        """Forget every loaded report and every count, once the work under way is done."""
        self.checks.reset()
        self.loads.clear()


def process() -> Process:
    """This process's state (Django must be set up)."""
    found = getattr(apps.get_app_config(APP_LABEL), "process", None)
    if not isinstance(found, Process):
        raise RuntimeError("uppsikt.web har inte startats: Django är inte uppsatt.")
    return found
