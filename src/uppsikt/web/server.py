"""`uppsikt serve`: migrate, load the demo into an empty database, serve with waitress (one
process, several threads) or, with several workers, gunicorn (several processes)."""

from __future__ import annotations

import os
from pathlib import Path

HOST = "127.0.0.1"
PORT = 8000


def setup(data: Path | None) -> None:
    """Point Django at the settings (and the data folder) and set it up."""
    if data is not None:
        os.environ["UPPSIKT_DATA"] = str(data)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "uppsikt.web.settings")
    import django  # noqa: PLC0415 - Django is set up only when the web is used

    django.setup()


def prepare(*, demo: bool = True) -> tuple[str, bool]:
    """Migrate, and on an empty database load the demo: (demo password or '', new demo)."""
    from django.conf import settings  # noqa: PLC0415
    from django.core.management import call_command  # noqa: PLC0415

    from uppsikt.web.services import demo as demo_data  # noqa: PLC0415

    call_command("migrate", interactive=False, verbosity=0)
    data_dir = Path(settings.DATA_DIR)
    if demo and demo_data.is_empty():
        return demo_data.seed(data_dir), True
    return demo_data.saved_password(data_dir), False


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
    waitress_serve(
        application,
        host=host,
        port=port,
        threads=threads,
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
