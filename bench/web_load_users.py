"""The simulated users of bench/web_load.py: a keep-alive HTTP client with Django's cookies,
and what a user does (browse, save its own units, two users saving one unit together), with
every latency recorded in :class:`Figures`."""

from __future__ import annotations

import http.client
import http.cookies
import random
import re
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field

PASSWORD = "lasttest-ett-langt-losenord-7"
YEAR = 2020
CONFLICT_EVERY = 2.0
"""Seconds between two deliberate concurrent saves of the same unit."""


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
            value = str(20 + (round_number * 2 + number) % 60)
            if value == field_value(html, f"o-{key}"):
                # Saving the value already stored changes nothing and is not refused: both
                # saves would be confirmed (a later run on the same database repeats values).
                value = str(80 + number)
            forms.append(
                {
                    f"v-{key}": value,
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
