"""`uppsikt serve`: migrate, load the demo into an empty database, serve with waitress."""

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


def serve(host: str, port: int, threads: int) -> None:
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
