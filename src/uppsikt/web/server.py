"""`uppsikt serve`: migrate, load the demo into an empty database when asked for (``--demo``),
serve with waitress (one process, several threads) or, with several workers, gunicorn
(several processes)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"
PORT = 8000
CONNECTION_LIMIT = 1000
"""Open connections one waitress process accepts (gunicorn's gthread workers: 1000 each)."""


def setup(data: Path | None) -> None:
    """Point Django at the settings (and the data folder) and set it up."""
    if data is not None:
        os.environ["UPPSIKT_DATA"] = str(data)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uppsikt.web.settings")
    import django  # noqa: PLC0415 - Django is set up only when the web is used

    django.setup()


@dataclass(frozen=True, slots=True)
class Prepared:
    passwords: dict[str, str]
    """The demo users' passwords when the demo was loaded now (shown once); else empty."""
    notes: tuple[str, ...]
    """What the operator should know (Swedish)."""


def prepare(*, demo: bool = False) -> Prepared:
    """Migrate; with ``demo``, load the demo into an empty database.

    Raises demo.DemoRefused when the demo is asked for in HTTPS mode (before the database is
    migrated or anything loaded).
    """
    from django.conf import settings  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415

    from uppsikt.web.services import demo as demo_data  # noqa: PLC0415

    if demo:
        reason = demo_data.refusal(settings.HTTPS)
        if reason is not None:
            raise demo_data.DemoRefused(reason)
    call_command("migrate", interactive=False, verbosity=0)
    notes: list[str] = []
    if demo_data.forget_old_password(Path(settings.DATA_DIR)):
        notes.append(
            f"Den gamla filen {demo_data.OLD_PASSWORD_FILE} med demolösenordet i klartext är "
            "borttagen; byt lösenord med «uppsikt manage changepassword ANVÄNDARE»."
        )
    if not demo:
        return Prepared({}, tuple(notes))
    if not demo_data.is_empty():
        notes.append("Databasen är inte tom, så demon laddades inte (den finns redan, eller data).")
        return Prepared({}, tuple(notes))
    return Prepared(demo_data.seed(), tuple(notes))


def serve(host: str, port: int, threads: int, workers: int = 1) -> None:
    from django.db import connections  # noqa: PLC0415

    # The migration's connection must not be shared by the processes that serve.
    connections.close_all()
    if workers > 1:
        _serve_processes(host, port, threads, workers)
        return
    from waitress import serve as waitress_serve  # noqa: PLC0415

    from uppsikt.web.wsgi import application  # noqa: PLC0415

    proxy = os.environ.get("UPPSIKT_TRUSTED_PROXY", "")
    behind_proxy: dict[str, object] = (
        {"trusted_proxy": proxy, "trusted_proxy_headers": "x-forwarded-proto x-forwarded-for"}
        if proxy
        else {}
    )
    from django.conf import settings  # noqa: PLC0415

    waitress_serve(
        application,
        # Waitress reads a body before the application sees it: bound it the same way, so a
        # huge POST is refused instead of spooled to disk (BodyLimitMiddleware says why).
        max_request_body_size=settings.MAX_REQUEST_BYTES,
        host=host,
        port=port,
        threads=threads,
        # Every open browser keeps a connection; waitress's default of 100 would leave the
        # 101st user waiting for one to close.
        connection_limit=CONNECTION_LIMIT,
        ident="uppsikt",
        clear_untrusted_proxy_headers=True,
        **behind_proxy,
    )


def _serve_processes(host: str, port: int, threads: int, workers: int) -> None:
    """Several processes, each with its threads: the Python work of pages runs on as many
    cores as there are workers (one process runs it on one at a time)."""
    from gunicorn.app.base import BaseApplication  # noqa: PLC0415

    from uppsikt.web.wsgi import application  # noqa: PLC0415

    options: dict[str, object] = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "gthread",
        "threads": threads,
        "proc_name": "uppsikt",
        "forwarded_allow_ips": os.environ.get("UPPSIKT_TRUSTED_PROXY", "") or "127.0.0.1",
        "graceful_timeout": 10,
    }

    class Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> object:
            return application

    Server().run()
