"""HTTP (issue #10): a wrong Host header is a 400, request bodies are capped at the upload
limit before they are read, and the data folder and database are private to the server."""

from __future__ import annotations

import io
import logging
import os
import stat
from pathlib import Path
from typing import Any

from django.conf import settings
from django.test import Client, override_settings

from uppsikt.web.private import private_file, private_folder, private_sqlite

from .web_support import World


def test_wrong_host_header_is_400_not_500(world: World) -> None:  # noqa: ARG001
    client = Client(raise_request_exception=False)
    response = client.get("/konto/logga-in/", HTTP_HOST="angripare.example")
    assert response.status_code == 400
    assert "Felaktig begäran" in response.content.decode()


def test_wrong_host_header_on_a_post_is_400(world: World) -> None:  # noqa: ARG001
    client = Client(raise_request_exception=False)
    response = client.post(
        "/konto/logga-in/", {"username": "x", "password": "y"}, HTTP_HOST="angripare.example"
    )
    assert response.status_code == 400


def test_a_wrong_host_is_logged_in_one_line(world: World) -> None:  # noqa: ARG001
    """Each request with a foreign Host logged a whole traceback: anyone could fill the log."""
    stream = io.StringIO()
    logger = logging.getLogger("django.security.DisallowedHost")
    handler = logging.StreamHandler(stream)
    handler.filters = [f for h in logger.handlers for f in h.filters]
    assert handler.filters, "the settings give this logger a filter"
    logger.addHandler(handler)
    try:
        Client(raise_request_exception=False).get("/", HTTP_HOST="angripare.example")
    finally:
        logger.removeHandler(handler)
    assert "angripare.example" in stream.getvalue()
    assert "Traceback" not in stream.getvalue()


class _Unreadable(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: object) -> int:  # noqa: ARG002
        raise AssertionError("the request body was read")


def _environ(**meta: str) -> dict[str, Any]:
    """Extra WSGI environ of a request whose body must not be read."""
    return {"wsgi.input": _Unreadable(), **meta}


def test_huge_anonymous_post_is_refused_before_its_body_is_read(world: World) -> None:  # noqa: ARG001
    client = Client(raise_request_exception=False)
    response = client.generic(
        "POST",
        "/konto/logga-in/",
        b"",
        content_type="multipart/form-data; boundary=xyz",
        **_environ(CONTENT_LENGTH=str(500 * 1024 * 1024)),
    )
    assert response.status_code == 413
    assert "för stor" in response.content.decode()


def test_a_body_without_length_is_refused(world: World) -> None:  # noqa: ARG001
    client = Client(raise_request_exception=False)
    response = client.generic(
        "POST",
        "/konto/logga-in/",
        b"",
        content_type="multipart/form-data; boundary=xyz",
        **_environ(HTTP_TRANSFER_ENCODING="chunked", CONTENT_LENGTH=""),
    )
    assert response.status_code == 411


@override_settings(MAX_UPLOAD_BYTES=1024 * 1024, MAX_REQUEST_BYTES=2 * 1024 * 1024)
def test_uploads_within_the_limit_still_pass(world: World) -> None:
    response = world.client("admin").post("/arbetsytor/importera/", {"namnd": world.a.pk})
    assert response.status_code == 400  # the form's own answer: no file chosen


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_data_folder_database_and_key_are_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    private_folder(data)
    database = private_file(data / "uppsikt.sqlite3")
    assert _mode(data) == 0o700
    assert _mode(database) == 0o600


def test_existing_readable_files_are_made_private(tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir(mode=0o755)
    data.chmod(0o755)
    database = data / "uppsikt.sqlite3"
    database.write_bytes(b"")
    database.chmod(0o644)
    wal = data / "uppsikt.sqlite3-wal"
    wal.write_bytes(b"")
    wal.chmod(0o644)
    private_folder(data)
    private_sqlite(database)
    assert (_mode(data), _mode(database), _mode(wal)) == (0o700, 0o600, 0o600)


def test_this_servers_data_folder_is_private() -> None:
    data = Path(settings.DATA_DIR)
    assert _mode(data) == 0o700
    key = data / "secret.key"
    if key.exists():
        assert _mode(key) == 0o600


def test_settings_make_a_fresh_data_folder_private(tmp_path: Path) -> None:
    """A new server process (settings read from scratch) creates everything private, with
    a umask that would otherwise leave it readable by all."""
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    data = tmp_path / "ny-data"
    script = (
        "import os; os.umask(0o022); "
        "os.environ['DJANGO_SETTINGS_MODULE'] = 'uppsikt.web.settings'; "
        "import django; django.setup(); "
        "from django.core.management import call_command; "
        "call_command('migrate', interactive=False, verbosity=0)"
    )
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG")}
    env.update(UPPSIKT_DATA=str(data), UPPSIKT_CACHE=str(tmp_path / "cache"))
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=300)
    assert _mode(data) == 0o700
    assert _mode(data / "secret.key") == 0o600
    assert _mode(data / "uppsikt.sqlite3") == 0o600
    for companion in data.glob("uppsikt.sqlite3-*"):
        assert _mode(companion) == 0o600, companion
