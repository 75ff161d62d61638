"""What the browser tests of the web application share: the real server (`uppsikt serve`) as a
subprocess on SQLite or a fresh PostgreSQL database, Django's ORM from outside the server,
logging in through the form, axe-core, and the files the journey uploads.

Nothing here imports Django: the server and the ORM queries run in their own processes, with
an environment built from scratch, so the tests see the application as a user and an operator
would (and Django settings of other test folders in the same pytest run do not leak in).
"""

from __future__ import annotations

import contextlib
import http.client
import http.cookies
import io
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, ViewportSize

from ..browser import AXE, WCAG_TAGS, describe_violations

REPO = Path(__file__).resolve().parents[3]
TIMEOUT_MS = 30_000
DESKTOP: ViewportSize = {"width": 1280, "height": 900}
MOBILE: ViewportSize = {"width": 360, "height": 740}

DEMO_PASSWORD = "e2e-ett-långt-demolösenord-42"
"""Given to the server (UPPSIKT_DEMO_PASSWORD) so the tests know the demo users' password."""
VAN = "Vuxenutbildnings- och arbetsmarknadsnämnden"
DEMO_NAMND = "Exempelnämnden (demo)"

POSTGRES_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
IMPORT_EXAMPLE = REPO / "examples" / "orebro-van-2020-import"
ACCEPTED_FINDINGS = REPO / "examples" / "orebro-van-2020" / "kontroller.yaml"
EXPORTS = (
    "export/ansvar-utfall.csv",
    "export/ansvar-budget-2020.csv",
    "export/huvudbok-per-konto.xlsx",
    "export/verksamhet.csv",
)
STARTUP_SECONDS = 90.0

# ---------------------------------------------------------------------------------------------
# Databases


@dataclass(frozen=True, slots=True)
class Database:
    """Where a server keeps its data: SQLite in its data folder, or a PostgreSQL database."""

    kind: str
    """'sqlite' or 'postgresql'."""
    url: str = ""
    """DATABASE_URL ('' for SQLite in the data folder)."""


def postgres_available() -> bool:
    try:
        import psycopg  # noqa: PLC0415 - only needed when PostgreSQL is used

        with psycopg.connect(POSTGRES_ADMIN, connect_timeout=3):
            return True
    except Exception:
        return False


@contextlib.contextmanager
def postgres_database(prefix: str = "uppsikt_e2e") -> Iterator[Database]:
    """A fresh PostgreSQL database, dropped afterwards (also when a server still holds it)."""
    import psycopg  # noqa: PLC0415

    name = f"{prefix}_{secrets.token_hex(6)}"
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield Database("postgresql", f"postgres://postgres@127.0.0.1:5432/{name}")
    finally:
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@contextlib.contextmanager
def database(kind: str) -> Iterator[Database]:
    if kind == "postgresql":
        with postgres_database() as found:
            yield found
    else:
        yield Database("sqlite")


# ---------------------------------------------------------------------------------------------
# The server


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def server_env(db: Database, data: Path, **extra: str) -> dict[str, str]:
    """The environment of a server or ORM process: only what the application reads."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        UPPSIKT_DATA=str(data),
        UPPSIKT_CACHE=str(data / "cache"),  # with the test's folder, not in /dev/shm
        UPPSIKT_DEMO_PASSWORD=DEMO_PASSWORD,
        UPPSIKT_SECRET_KEY="e2e-" + "x" * 60,
        PYTHONUNBUFFERED="1",
    )
    if db.url:
        env["DATABASE_URL"] = db.url
    env.update(extra)
    return env


@dataclass
class Server:
    """`uppsikt serve` in a subprocess, on a free port of 127.0.0.1."""

    db: Database
    data: Path
    threads: int = 8
    processes: int = 1
    extra_env: dict[str, str] = field(default_factory=dict)
    demo: bool = True
    """Start with `--demo` (the demo is loaded into an empty database only when asked for)."""
    port: int = 0
    process: subprocess.Popen[bytes] | None = None
    starts: int = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def env(self) -> dict[str, str]:
        return server_env(self.db, self.data, **self.extra_env)

    def log(self) -> str:
        parts = []
        for name in ("serve.out", "serve.err"):
            path = self.data.parent / f"{self.data.name}-{name}"
            if path.is_file():
                parts.append(path.read_text(encoding="utf-8", errors="replace")[-4000:])
        return "\n".join(parts)

    def start(self) -> Server:
        """Start (or restart, on the same port and database) and wait until it answers."""
        assert self.process is None, "already running"
        self.data.mkdir(parents=True, exist_ok=True)
        self.port = self.port or free_port()
        self.starts += 1
        out = (self.data.parent / f"{self.data.name}-serve.out").open("ab")
        err = (self.data.parent / f"{self.data.name}-serve.err").open("ab")
        command = [
            sys.executable,
            "-m",
            "uppsikt",
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(self.port),
            "--data",
            str(self.data),
            "--threads",
            str(self.threads),
            "--workers",
            str(self.processes),
            *(["--demo"] if self.demo else []),
        ]
        self.process = subprocess.Popen(
            command, env=self.env, stdout=out, stderr=err, cwd=self.data, start_new_session=True
        )
        out.close()
        err.close()
        self._wait_ready()
        return self

    def _wait_ready(self) -> None:
        deadline = time.monotonic() + STARTUP_SECONDS
        assert self.process is not None
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(
                    f"uppsikt serve avslutades ({self.process.returncode}):\n{self.log()}"
                )
            try:
                with urllib.request.urlopen(f"{self.url}/konto/logga-in/", timeout=5) as answer:
                    if answer.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"uppsikt serve svarade inte inom {STARTUP_SECONDS} s:\n{self.log()}")

    def kill(self) -> None:
        """SIGKILL: no chance to finish a request or close the database."""
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=30)
        self.process = None

    def stop(self) -> None:
        if self.process is None:
            return
        with contextlib.suppress(ProcessLookupError):
            self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.kill()
        self.process = None

    def orm(self, code: str) -> Any:
        """Run ``code`` with Django set up on this server's database; the value of ``result``.

        Used to look at the database from outside the server (it may be dead), e.g. after a
        SIGKILL. ``code`` assigns a JSON-serialisable value to ``result``.
        """
        return run_orm(self.db, self.data, code)


ORM_PRELUDE = """
import json, os, django
os.environ["DJANGO_SETTINGS_MODULE"] = "uppsikt.web.settings"
django.setup()
result = None
"""


def run_orm(db: Database, data: Path, code: str) -> Any:
    script = ORM_PRELUDE + code + "\nprint('\\n@@' + json.dumps(result, default=str))\n"
    done = subprocess.run(
        [sys.executable, "-c", script],
        env=server_env(db, data),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=data,
    )
    if done.returncode != 0:
        raise RuntimeError(f"ORM-skriptet misslyckades:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.rsplit("\n@@", 1)[1])


# ---------------------------------------------------------------------------------------------
# Files the tests upload


def sie_file(vouchers: int = 1, rows_per_voucher: int = 2) -> bytes:
    """A valid SIE 4 file (PC8, i.e. CP437) for 2020 whose vouchers move an amount within one
    account and one ansvar, so that the report's figures stay as they were after the import.

    The accounts and objects are the import example's (mappning.yaml maps account 5410 to
    kontogrupp OVR/PERS, ansvar 5010 to FL and verksamhet 41 to VUXU).
    """
    lines = [
        "#FLAGGA 0",
        '#PROGRAM "uppsikt e2e" 1.0',
        "#FORMAT PC8",
        "#GEN 20210115",
        "#SIETYP 4",
        '#FNAMN "Örebro kommun"',
        "#RAR 0 20200101 20201231",
        '#DIM 1 "Ansvar"',
        '#DIM 20 "Verksamhet"',
        '#KONTO 5410 "Förbrukningsinventarier"',
    ]
    for number in range(1, vouchers + 1):
        lines += [f'#VER A {number} 20201215 "Omföring {number}"', "{"]
        half = rows_per_voucher // 2
        for row in range(half):
            amount = f"{100 + row}.00"
            lines.append(f'#TRANS 5410 {{1 "5010" 20 "41"}} {amount}')
            lines.append(f'#TRANS 5410 {{1 "5010" 20 "41"}} -{amount}')
        lines.append("}")
    return ("\r\n".join(lines) + "\r\n").encode("cp437")


def journey_workspace_zip(work: Path) -> bytes:
    """The import example as a zipped workspace with its ledger already imported from its
    exports (so it builds without errors) and a mapping, so a SIE upload can be imported."""
    from uppsikt.importers.ledger_import import import_file  # noqa: PLC0415 - core, no Django

    folder = work / "van-import"
    if folder.exists():
        shutil.rmtree(folder)
    shutil.copytree(IMPORT_EXAMPLE, folder)
    if not (folder / "kontroller.yaml").exists() and ACCEPTED_FINDINGS.is_file():
        # The published figures' known contradictions, accepted as in the typed-in example.
        shutil.copy(ACCEPTED_FINDINGS, folder / "kontroller.yaml")
    for export in EXPORTS:
        result = import_file(folder, folder / export)
        assert result.summary is not None, [d.format() for d in result.diagnostics]
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                archive.write(path, f"van-import/{path.relative_to(folder).as_posix()}")
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# axe-core


_AXE_SOURCE: list[str] = []


def run_axe(page: Page) -> list[dict[str, Any]]:
    """axe-core's WCAG 2.1 A and AA violations on the page as it is now.

    axe is evaluated through the DevTools protocol rather than added as a <script>, so the
    application's Content-Security-Policy (script-src 'self') stays on during the tests.
    """
    if not _AXE_SOURCE:
        _AXE_SOURCE.append(AXE.read_text(encoding="utf-8"))
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate("() => {" + _AXE_SOURCE[0] + "\n}")
    result: dict[str, Any] = page.evaluate(
        """tags => axe.run(document, {runOnly: {type: "tag", values: tags}})""", WCAG_TAGS
    )
    assert result["passes"], "axe ran no checks at all"
    violations: list[dict[str, Any]] = result["violations"]
    return violations


def axe_at_both_widths(page: Page) -> dict[str, list[dict[str, Any]]]:
    """Violations at the desktop width and at a mobile width (the same page, resized), by
    width; the page is left at the desktop width."""
    found: dict[str, list[dict[str, Any]]] = {}
    for name, size in (("desktop", DESKTOP), ("mobil", MOBILE)):
        page.set_viewport_size(size)
        found[name] = run_axe(page)
    page.set_viewport_size(DESKTOP)
    return found


def assert_accessible(page: Page, what: str) -> None:
    found = axe_at_both_widths(page)
    problems = [
        f"{what} ({width}, {page.url}):\n{describe_violations(violations)}"
        for width, violations in found.items()
        if violations
    ]
    assert not problems, "axe-core hittade WCAG 2.1 A/AA-fel:\n" + "\n".join(problems)


# ---------------------------------------------------------------------------------------------
# A small HTTP client (keep-alive, cookies, CSRF, multipart), for what needs no browser


class HttpClient:
    """One user's connection to the server: Django's session and CSRF cookies are kept, and
    every unsafe request carries the CSRF token (the cookie's value, which Django accepts)."""

    def __init__(self, base_url: str, timeout: float = 60.0) -> None:
        parsed = urllib.parse.urlsplit(base_url)
        self.host = parsed.hostname or "127.0.0.1"
        self.port = parsed.port or 80
        self.timeout = timeout
        self.cookies: dict[str, str] = {}
        self._connection: http.client.HTTPConnection | None = None

    def close(self) -> None:
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    def request(
        self, method: str, path: str, body: bytes | None = None, content_type: str = ""
    ) -> tuple[int, dict[str, str], bytes]:
        headers = {"Host": f"{self.host}:{self.port}"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if content_type:
            headers["Content-Type"] = content_type
        for attempt in (1, 2):
            if self._connection is None:
                self._connection = http.client.HTTPConnection(
                    self.host, self.port, timeout=self.timeout
                )
            try:
                self._connection.request(method, path, body=body, headers=headers)
                response = self._connection.getresponse()
                data = response.read()
            except (ConnectionError, http.client.HTTPException):
                # A kept-alive connection the server closed meanwhile: reconnect once.
                self.close()
                if attempt == 2:
                    raise
                continue
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    for morsel in http.cookies.SimpleCookie(value).values():
                        self.cookies[morsel.key] = morsel.value
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            return response.status, {k.lower(): v for k, v in response.getheaders()}, data
        raise AssertionError("unreachable")

    def get(self, path: str) -> tuple[int, bytes]:
        status, _, data = self.request("GET", path)
        return status, data

    def post(
        self, path: str, fields: dict[str, str], files: dict[str, tuple[str, bytes]] | None = None
    ) -> tuple[int, dict[str, str], bytes]:
        fields = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **fields}
        if files:
            body, content_type = multipart(fields, files)
        else:
            body = urllib.parse.urlencode(fields).encode()
            content_type = "application/x-www-form-urlencoded"
        return self.request("POST", path, body, content_type)

    def login(self, username: str, password: str = DEMO_PASSWORD) -> None:
        self.get("/konto/logga-in/")
        status, headers, _ = self.post(
            "/konto/logga-in/", {"username": username, "password": password}
        )
        assert status == 302, f"inloggningen som {username} misslyckades ({status})"
        assert "sessionid" in self.cookies, headers


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body and its content type."""
    boundary = "----uppsikt-e2e-" + secrets.token_hex(12)
    parts: list[bytes] = []
    for name, value in fields.items():
        head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
        parts.append(f"{head}{value}\r\n".encode())
    for name, (filename, content) in files.items():
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: application/octet-stream\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def form_value(html: bytes, name: str) -> str:
    """The value of a form field in a page (e.g. the hidden «base» of an editor)."""
    found = re.search(rb'name="' + re.escape(name.encode()) + rb'" value="([^"]*)"', html)
    assert found, f"fältet {name} finns inte på sidan"
    return found.group(1).decode()
