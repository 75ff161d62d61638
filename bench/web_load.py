"""Benchmark: 50 simulated users of the web application on PostgreSQL, for a bounded time.

Starts `uppsikt serve` on a fresh PostgreSQL database (created and dropped by the script), adds
nämnder with a copy of the example each and one redaktör per simulated user (through Django
in a subprocess), and lets every user, in its own thread with its own keep-alive connection,
log in and then browse (report overview, text editor, indicator table and one indicator's
values, the overview) and save (its own indicator value and its own text section, so that
saves never legitimately conflict), with a think time between requests. Alongside, pairs of
extra users save the same unit at the same moment, to show that the second save is refused
(409) rather than lost.

Prints requests per second; p50 and p95 latency for pages and for saves; errors (any 5xx or
unexpected status) and conflicts (409) separately; and a baseline measured in the same run:
a static file and the login page, idle before the load and during it, with ratios. Afterwards
every unit's last successful save is compared with what the database holds: «lost updates».

Targets: p95 < 200 ms for pages and for saves, no errors, no lost updates.

    python bench/web_load.py [--seconds 30] [--users 50] [--reports 10] [--think 1.0]
                             [--server-processes 2] [--server-threads 8]
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import http.cookies
import json
import os
import random
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

POSTGRES_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
PASSWORD = "lasttest-ett-langt-losenord-7"
SECTIONS = (
    "forslag-till-beslut",
    "forvaltningschefens-bedomning",
    "sammanfattande-iakttagelser",
    "malomraden",
    "ekonomi",
    "fem-ar-i-sammandrag",
)
YEAR = 2020
TARGET_MS = 200.0
CONFLICT_EVERY = 2.0
"""Seconds between two deliberate concurrent saves of the same unit."""

# ---------------------------------------------------------------------------------------------
# The server and the database


@contextlib.contextmanager
def postgres_database() -> Iterator[str]:
    import psycopg  # noqa: PLC0415 - the web application's own PostgreSQL driver

    name = f"uppsikt_last_{secrets.token_hex(5)}"
    with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://postgres@127.0.0.1:5432/{name}"
    finally:
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


CACHE = Path("/dev/shm") if Path("/dev/shm").is_dir() else Path(tempfile.gettempdir())


def environment(database_url: str, data: Path) -> dict[str, str]:
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(
        UPPSIKT_DATA=str(data),
        # In memory, as `uppsikt serve` chooses by default, and removed with the run's folder.
        UPPSIKT_CACHE=str(CACHE / data.parent.name),
        DATABASE_URL=database_url,
        UPPSIKT_DEMO_PASSWORD=PASSWORD,
        UPPSIKT_SECRET_KEY="last-" + "x" * 60,
    )
    return env


def django(env: dict[str, str], code: str) -> Any:
    """Run ``code`` with Django set up on the server's database; the value of ``result``."""
    script = (
        "import json, os, django\n"
        'os.environ["DJANGO_SETTINGS_MODULE"] = "uppsikt.web.settings"\n'
        "django.setup()\nresult = None\n" + code + "\nprint('\\n@@' + json.dumps(result))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=False
    )
    if done.returncode != 0:
        sys.exit(f"Django-skriptet misslyckades:\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.rsplit("\n@@", 1)[1])


SETUP = """
from django.contrib.auth import get_user_model
from uppsikt.examples import bundled_example
from uppsikt.web.models import Membership, Namnd, NamndRole
from uppsikt.web.services.store import folder_files, import_files

files = folder_files(bundled_example())
users = get_user_model()
reports = []
for number in range({reports}):
    namnd = Namnd.objects.create(code=f"last-{{number:02d}}", name=f"Lastnämnd {{number:02d}}")
    reports.append([import_files(files, namnd, None).pk, namnd.pk])
for number in range({users} + 2):
    report, namnd = reports[number % len(reports)] if number < {users} else reports[0]
    user = users.objects.create_user(f"last-{{number:02d}}", password={password!r})
    Membership.objects.create(user=user, namnd_id=namnd, role=NamndRole.EDITOR)
result = [r for r, _ in reports]
"""

READ_BACK = """
from uppsikt.web.models import WorkspaceFile
from uppsikt.workspace.edit import read_value
units = {units}
result = {{}}
for key, (report, kind, a, b) in units.items():
    row = WorkspaceFile.objects.filter(report_id=report, path=a if kind == "text" else
                                       "indikatorvarden.csv", deleted=False).first()
    text = bytes(row.content).decode("utf-8") if row else ""
    if kind == "text":
        result[key] = text
    else:
        cell = read_value(text, a, "tot", int(b))
        result[key] = cell.value if cell else None
"""


class Server:
    def __init__(self, env: dict[str, str], data: Path, threads: int, processes: int) -> None:
        self.env = env
        self.data = data
        self.port = _free_port()
        self.log = (data.parent / "serve.log").open("wb")
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "uppsikt", "serve", "--host", "127.0.0.1",
                "--port", str(self.port), "--data", str(data), "--threads", str(threads),
                "--workers", str(processes), "--demo",
            ],
            env=env, stdout=self.log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                sys.exit(f"uppsikt serve avslutades:\n{self.tail()}")
            with contextlib.suppress(OSError):
                urllib.request.urlopen(f"{self.url}/konto/logga-in/", timeout=5).close()
                return
            time.sleep(0.2)
        sys.exit(f"uppsikt serve svarade inte:\n{self.tail()}")

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def tail(self) -> str:
        self.log.flush()
        return (self.data.parent / "serve.log").read_text(errors="replace")[-3000:]

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


def _free_port() -> int:
    import socket  # noqa: PLC0415

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


# ---------------------------------------------------------------------------------------------
# One user's HTTP connection


class Client:
    """A keep-alive connection with Django's cookies; unsafe requests carry the CSRF token."""

    def __init__(self, url: str) -> None:
        parsed = urllib.parse.urlsplit(url)
        self.host, self.port = parsed.hostname or "127.0.0.1", parsed.port or 80
        self.cookies: dict[str, str] = {}
        self.connection: http.client.HTTPConnection | None = None

    def request(
        self, method: str, path: str, form: dict[str, str] | None = None
    ) -> tuple[int, bytes, float, str]:
        """(status, body, seconds, location) of one request."""
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if form is not None:
            form = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **form}
            body = urllib.parse.urlencode(form).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        for attempt in (1, 2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
            started = time.perf_counter()
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
            except (ConnectionError, http.client.HTTPException):
                self.connection.close()
                self.connection = None
                if attempt == 2:
                    raise
                continue
            seconds = time.perf_counter() - started
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    for morsel in http.cookies.SimpleCookie(value).values():
                        self.cookies[morsel.key] = morsel.value
            return response.status, data, seconds, response.getheader("Location", "")
        raise AssertionError("unreachable")

    def login(self, username: str) -> None:
        self.request("GET", "/konto/logga-in/")
        status, _, _, _ = self.request(
            "POST", "/konto/logga-in/", {"username": username, "password": PASSWORD}
        )
        if status != 302:
            sys.exit(f"inloggningen som {username} misslyckades ({status})")


def field_value(html: bytes, name: str) -> str:
    found = re.search(rb'name="' + re.escape(name.encode()) + rb'" value="([^"]*)"', html)
    if not found:
        raise LookupError(name)
    return found.group(1).decode()


# ---------------------------------------------------------------------------------------------
# The load


@dataclass
class Figures:
    """Everything measured, shared by the threads (under a lock)."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    latency: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    conflicts: int = 0
    conflict_rounds: int = 0
    requests: int = 0
    last_saved: dict[str, str] = field(default_factory=dict)
    """Per unit, the value of the last save the server confirmed."""

    def record(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latency[kind].append(seconds * 1000)
            self.requests += 1

    def error(self, message: str) -> None:
        with self.lock:
            self.errors.append(message)


@dataclass(frozen=True)
class User:
    username: str
    report: int
    indicator: str
    section: str


def page(client: Client, figures: Figures, path: str, name: str = "") -> bytes:
    status, body, seconds, _ = client.request("GET", path)
    figures.record("page", seconds)
    if name:
        with figures.lock:
            figures.latency[f"page: {name}"].append(seconds * 1000)
    if status != 200:
        figures.error(f"GET {path}: {status}")
    return body


def save_value(client: Client, figures: Figures, user: User, number: int) -> None:
    path = f"/rapporter/{user.report}/indikatorer/{user.indicator}/"
    html = page(client, figures, path)
    key = f"tot-{YEAR}"
    value = str(10 + (number * 7 + len(user.username)) % 80)
    form = {
        f"v-{key}": value,
        f"s-{key}": "",
        f"b-{key}": field_value(html, f"b-{key}"),
        f"o-{key}": field_value(html, f"o-{key}"),
        f"m-{key}": field_value(html, f"m-{key}"),
    }
    status, _, seconds, location = client.request("POST", path, form)
    figures.record("save", seconds)
    if status == 302:
        with figures.lock:
            figures.last_saved[f"value:{user.report}:{user.indicator}"] = value
        page(client, figures, location)
    else:
        figures.error(f"POST {path} ({value}): {status}")


def save_text(client: Client, figures: Figures, user: User, number: int) -> None:
    path = f"/rapporter/{user.report}/text/{user.section}/"
    html = page(client, figures, path)
    text = f"# Lasttest\n\n{user.username} sparade version {number}.\n"
    form = {"base": field_value(html, "base"), "markdown": text, "action": "spara"}
    status, _, seconds, location = client.request("POST", path, form)
    figures.record("save", seconds)
    if status == 302:
        with figures.lock:
            figures.last_saved[f"text:{user.report}:{user.section}"] = text
        page(client, figures, location)
    else:
        figures.error(f"POST {path}: {status}")


def simulate(
    url: str, client: Client, user: User, figures: Figures, stop: float, think: float
) -> None:
    r = user.report
    pages = (
        ("report overview", f"/rapporter/{r}/"),
        ("text editor", f"/rapporter/{r}/text/{user.section}/"),
        ("indicator table", f"/rapporter/{r}/indikatorer/"),
        ("indicator values", f"/rapporter/{r}/indikatorer/{user.indicator}/"),
        ("KS overview", "/oversikt/"),
    )
    rng = random.Random(user.username)
    number = 0
    time.sleep(rng.uniform(0, think))  # users do not all start at the same instant
    while time.monotonic() < stop:
        number += 1
        try:
            choice = rng.random()
            if choice < 0.15:
                save_value(client, figures, user, number)
            elif choice < 0.25:
                save_text(client, figures, user, number)
            else:
                name, path = rng.choice(pages)
                page(client, figures, path, name)
        except (OSError, LookupError, http.client.HTTPException) as exc:
            figures.error(f"{user.username}: {exc!r}")
            client = Client(url)
            client.login(user.username)
        time.sleep(rng.expovariate(1 / think) if think else 0)


def conflicts(clients: list[Client], report: int, indicator: str,
              figures: Figures, stop: float) -> None:  # fmt: skip
    """Two users open the same indicator value and save different values at the same moment:
    one save is confirmed, the other refused with 409; never both confirmed."""
    path = f"/rapporter/{report}/indikatorer/{indicator}/"
    key = f"tot-{YEAR}"
    round_number = 0
    while time.monotonic() + CONFLICT_EVERY < stop:
        time.sleep(CONFLICT_EVERY)
        round_number += 1
        forms = []
        for number, client in enumerate(clients):
            html = page(client, figures, path)
            forms.append(
                {
                    f"v-{key}": str(20 + (round_number * 2 + number) % 60),
                    f"s-{key}": "",
                    f"b-{key}": field_value(html, f"b-{key}"),
                    f"o-{key}": field_value(html, f"o-{key}"),
                    f"m-{key}": field_value(html, f"m-{key}"),
                }
            )
        statuses: list[int] = [0, 0]
        gate = threading.Barrier(2)
        threads = [
            threading.Thread(
                target=_post_together,
                args=(clients[n], path, forms[n], gate, figures, statuses, n),
            )
            for n in (0, 1)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        with figures.lock:
            figures.conflict_rounds += 1
            figures.conflicts += statuses.count(409)
            if sorted(statuses) != [302, 409]:
                figures.errors.append(f"samtidiga sparningar gav {statuses}, väntat 302 och 409")
            if 302 in statuses:
                figures.last_saved[f"value:{report}:{indicator}"] = forms[statuses.index(302)][
                    f"v-{key}"
                ]


def _post_together(
    client: Client,
    path: str,
    form: dict[str, str],
    gate: threading.Barrier,
    figures: Figures,
    statuses: list[int],
    number: int,
) -> None:
    gate.wait()
    status, _, seconds, _ = client.request("POST", path, form)
    figures.record("save", seconds)
    statuses[number] = status


def timed_login(url: str, username: str, figures: Figures) -> Client:
    client = Client(url)
    started = time.perf_counter()
    client.login(username)
    with figures.lock:
        figures.latency["login-post"].append((time.perf_counter() - started) * 1000)
    return client


def baseline(url: str, figures: Figures, stop: float) -> None:
    """The trivial requests, measured during the load like the others."""
    client = Client(url)
    while time.monotonic() < stop:
        for kind, path in (
            ("static", "/static/uppsikt_web/app.css"),
            ("login", "/konto/logga-in/"),
        ):
            status, _, seconds, _ = client.request("GET", path)
            figures.record(kind, seconds)
            if status != 200:
                figures.error(f"GET {path}: {status}")
        time.sleep(0.1)


def idle_baseline(url: str) -> dict[str, list[float]]:
    client = Client(url)
    found: dict[str, list[float]] = defaultdict(list)
    for _ in range(50):
        for kind, path in (
            ("static", "/static/uppsikt_web/app.css"),
            ("login", "/konto/logga-in/"),
        ):
            _, _, seconds, _ = client.request("GET", path)
            found[kind].append(seconds * 1000)
    return found


# ---------------------------------------------------------------------------------------------
# Report


def percentile(values: list[float], share: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def show(figures: Figures, idle: dict[str, list[float]], seconds: float, lost: int,
         args: argparse.Namespace) -> bool:  # fmt: skip
    base = percentile(figures.latency["static"], 0.5)
    print(
        f"\n{args.users} users, {args.reports} reports, think time {args.think} s, "
        f"{args.server_processes} server process(es) × {args.server_threads} threads, "
        f"PostgreSQL, {seconds:.0f} s"
    )
    print(f"  requests: {figures.requests} ({figures.requests / seconds:.1f} per second)")
    print(
        f"  {'':<24} {'count':>7} {'p50 ms':>9} {'p95 ms':>9} {'p50 × base':>11} {'p95 × base':>11}"
    )
    rows = [
        ("pages", figures.latency["page"]),
        ("saves", figures.latency["save"]),
        *sorted((k, v) for k, v in figures.latency.items() if k.startswith("page: ")),
        ("logins (before the load)", figures.latency["login-post"]),
        ("baseline: static file", figures.latency["static"]),
        ("baseline: login page", figures.latency["login"]),
        ("idle: static file", idle["static"]),
        ("idle: login page", idle["login"]),
    ]
    for name, values in rows:
        p50, p95 = percentile(values, 0.5), percentile(values, 0.95)
        print(
            f"  {name:<24} {len(values):>7} {p50:>9.1f} {p95:>9.1f} "
            f"{p50 / base:>11.1f} {p95 / base:>11.1f}"
        )
    print(f"  (base = the static file's p50 under load, {base:.1f} ms)")
    print(f"  errors: {len(figures.errors)}")
    for message in sorted(set(figures.errors))[:10]:
        print(f"    {message}")
    print(f"  conflicts (409): {figures.conflicts} in {figures.conflict_rounds} rounds of two "
          "concurrent saves of the same unit")  # fmt: skip
    print(f"  lost updates: {lost}")
    pages95 = percentile(figures.latency["page"], 0.95)
    saves95 = percentile(figures.latency["save"], 0.95)
    ok = pages95 < TARGET_MS and saves95 < TARGET_MS and not figures.errors and not lost
    verdict = "OK" if ok else "OVER TARGET"
    print(f"  target p95 < {TARGET_MS:.0f} ms (pages and saves), no errors, none lost: {verdict}")
    return ok


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=30.0)
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--reports", type=int, default=10, help="reports (nämnder) the users share")
    parser.add_argument("--think", type=float, default=1.0, help="mean think time (s)")
    parser.add_argument("--server-threads", type=int, default=8)
    parser.add_argument(
        "--server-processes",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="uppsikt serve --workers (gunicorn); default: one per core, at most 2",
    )
    args = parser.parse_args()

    from uppsikt.examples import bundled_example  # noqa: PLC0415
    from uppsikt.workspace.reader import read_workspace  # noqa: PLC0415

    workspace, _ = read_workspace(bundled_example())
    assert workspace is not None
    indicators = [i.id for i in workspace.indicators if i.derived is None]
    if len(indicators) < args.users + 1:
        sys.exit(
            f"the example has {len(indicators)} indicators; at most {len(indicators) - 1} users"
        )

    folder = Path(tempfile.mkdtemp(prefix="uppsikt-last-"))
    try:
        with postgres_database() as url:
            env = environment(url, folder / "data")
            server = Server(env, folder / "data", args.server_threads, args.server_processes)
            try:
                run(server, env, indicators, args)
            finally:
                server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(CACHE / folder.name, ignore_errors=True)


def run(
    server: Server, env: dict[str, str], indicators: list[str], args: argparse.Namespace
) -> None:
    started = time.perf_counter()
    reports: list[int] = django(
        env, SETUP.format(reports=args.reports, users=args.users, password=PASSWORD)
    )
    took = time.perf_counter() - started
    print(f"setup: {args.reports} reports, {args.users + 2} users in {took:.1f} s")
    per_report = -(-args.users // args.reports)
    if per_report > len(SECTIONS):
        sys.exit(f"at most {len(SECTIONS)} users per report (each its own text)")
    users = [
        User(f"last-{n:02d}", reports[n % len(reports)], indicators[n], SECTIONS[n // len(reports)])
        for n in range(args.users)
    ]
    # Warm the report caches as the first visitor of each report would, then measure the
    # trivial requests on the idle server.
    warm = Client(server.url)
    warm.login("admin")
    for report in reports:
        warm.request("GET", f"/rapporter/{report}/")
    idle = idle_baseline(server.url)

    # Everyone logs in before the clock starts: a login hashes the password with Argon2
    # (deliberately slow and memory-hard), which is not the steady state being measured.
    figures = Figures()
    names = [u.username for u in users] + [f"last-{n:02d}" for n in (args.users, args.users + 1)]
    with ThreadPoolExecutor(max_workers=4) as pool:
        clients = list(pool.map(lambda name: timed_login(server.url, name, figures), names))
    stop = time.monotonic() + args.seconds
    threads = [
        threading.Thread(target=simulate, args=(server.url, client, u, figures, stop, args.think))
        for client, u in zip(clients, users, strict=False)
    ]
    shared = indicators[args.users]
    threads.append(
        threading.Thread(target=conflicts, args=(clients[-2:], reports[0], shared, figures, stop))
    )
    threads.append(threading.Thread(target=baseline, args=(server.url, figures, stop)))
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - began

    units: dict[str, tuple[int, str, str, int]] = {}
    for key in figures.last_saved:
        kind, report_id, name = key.split(":")
        units[key] = (int(report_id), kind, f"text/{name}.md" if kind == "text" else name, YEAR)
    stored = django(env, READ_BACK.format(units=repr(units)))
    lost = sum(1 for key, value in figures.last_saved.items() if stored.get(key) != value)
    for key, value in figures.last_saved.items():
        if stored.get(key) != value:
            print(f"  LOST {key}: saved {value!r}, stored {stored.get(key)!r}")
    show(figures, idle, seconds, lost, args)


if __name__ == "__main__":
    main()
