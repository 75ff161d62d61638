"""Benchmark: 200 simulated users of the web application on PostgreSQL, for a bounded time,
served by one and then by two server processes.

Starts `uppsikt serve` on a fresh PostgreSQL database (created and dropped by the script), adds
nämnder with a copy of the example each and one redaktör per simulated user (through Django
in a subprocess), and lets every user, in its own thread with its own keep-alive connection,
log in and then browse (report overview, text editor, indicator table and one indicator's
values, the overview) and save (its own indicator value and its own text section, so that
saves never legitimately conflict), with a think time between requests. Alongside, pairs of
extra users save the same unit at the same moment, to show that the second save is refused
(409) rather than lost.

The same load runs twice on the same database, first against one server process and then
against two (`uppsikt serve --workers`), each with caches of its own. For each it prints
requests per second; the server's CPU time per request; p50 and p95 latency for pages and
for saves; errors (any 5xx or unexpected status) and conflicts (409) separately; and a
baseline measured in the same run: a static file and the login page, idle before the load and
during it, with ratios. Afterwards every unit's last successful save is compared with what
the database holds: «lost updates». Last, the scaling from one process to two, and OK or MISS
against the targets.

Targets (issue #15): with two processes, p95 < 200 ms for pages and for saves, no errors, no
lost updates.

Logins: every user logs in before the first run's clock starts, through the real Argon2
hasher with Django's default cost (as in production); only creating the users reuses one
hash, and the later runs reuse the sessions (they are in the database).

    python bench/web_load.py [--seconds 20] [--users 200] [--reports N] [--think 1.0]
                             [--processes 1,2] [--server-threads 8]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from web_load_report import Cpu, Outcome, compare, show
from web_load_users import (
    PASSWORD,
    YEAR,
    Client,
    Figures,
    User,
    baseline,
    conflicts,
    idle_baseline,
    simulate,
    timed_login,
)

POSTGRES_ADMIN = "postgres://postgres@127.0.0.1:5432/postgres"
SECTIONS = (
    "forslag-till-beslut",
    "forvaltningschefens-bedomning",
    "sammanfattande-iakttagelser",
    "malomraden",
    "ekonomi",
    "fem-ar-i-sammandrag",
)

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
from django.contrib.auth.hashers import make_password
from uppsikt.examples import bundled_example
from uppsikt.web.models import Membership, Namnd, NamndRole
from uppsikt.web.services.store import folder_files, import_files

files = folder_files(bundled_example())
users = get_user_model()
reports = []
for number in range({reports}):
    namnd = Namnd.objects.create(code=f"last-{{number:02d}}", name=f"Lastnämnd {{number:02d}}")
    reports.append([import_files(files, namnd, None).pk, namnd.pk])
# One Argon2 hash for every user (hashing 200 passwords would take the setup minutes); each
# login still checks it with the real hasher.
hashed = make_password({password!r})
for number in range({users} + 2):
    report, namnd = reports[number % len(reports)] if number < {users} else reports[0]
    user = users.objects.create(username=f"last-{{number:02d}}", password=hashed)
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

    def cpu_seconds(self) -> float:
        """CPU time (user and system) of the server process and its children so far."""
        return sum(
            seconds for pid, ppid, seconds in _processes() if self.process.pid in (pid, ppid)
        )

    def database_cpu_seconds(self) -> float:
        """CPU time of the PostgreSQL backends serving this run's database so far."""
        import psycopg  # noqa: PLC0415

        name = self.env["DATABASE_URL"].rsplit("/", 1)[1]
        with psycopg.connect(POSTGRES_ADMIN, autocommit=True) as admin:
            rows = admin.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = %s", (name,)
            ).fetchall()
        backends = {pid for (pid,) in rows}
        return sum(seconds for pid, _, seconds in _processes() if pid in backends)

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


def _processes() -> Iterator[tuple[int, int, float]]:
    """(pid, parent pid, CPU seconds so far) of every process of the machine."""
    ticks = os.sysconf("SC_CLK_TCK")
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError, ValueError, IndexError):
            fields = stat.read_text().rsplit(")", 1)[1].split()
            yield int(stat.parent.name), int(fields[1]), (int(fields[11]) + int(fields[12])) / ticks


def _free_port() -> int:
    import socket  # noqa: PLC0415

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--users", type=int, default=200)
    parser.add_argument(
        "--reports", type=int, default=0, help="reports (nämnder) the users share; default users/5"
    )
    parser.add_argument("--think", type=float, default=1.0, help="mean think time (s)")
    parser.add_argument("--server-threads", type=int, default=8)
    parser.add_argument(
        "--processes",
        default="1,2",
        help="uppsikt serve --workers of each run, comma-separated (default 1,2: the scaling)",
    )
    args = parser.parse_args()
    args.reports = args.reports or max(1, -(-args.users // 5))
    counts = [int(n) for n in args.processes.split(",") if n.strip()]

    from uppsikt.examples import bundled_example  # noqa: PLC0415
    from uppsikt.workspace.reader import read_workspace  # noqa: PLC0415

    workspace, _ = read_workspace(bundled_example())
    assert workspace is not None
    indicators = [i.id for i in workspace.indicators if i.derived is None]
    per_report = -(-args.users // args.reports)
    if per_report > len(SECTIONS) or per_report + 1 > len(indicators):
        sys.exit(f"at most {len(SECTIONS)} users per report (each its own text): use --reports")

    folder = Path(tempfile.mkdtemp(prefix="uppsikt-last-"))
    try:
        with postgres_database() as url:
            env = environment(url, folder / "data")
            reports: list[int] = []
            sessions: dict[str, dict[str, str]] = {}
            outcomes = []
            for processes in counts:
                # Each configuration with caches of its own: none starts warm from the other.
                run_env = {**env, "UPPSIKT_CACHE": f"{env['UPPSIKT_CACHE']}-{processes}"}
                server = Server(run_env, folder / "data", args.server_threads, processes)
                try:
                    if not reports:  # once the first server has migrated the database
                        reports = setup(run_env, args)
                    outcomes.append(
                        run(server, run_env, reports, indicators, processes, sessions, args)
                    )
                finally:
                    server.stop()
            compare(outcomes, args)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        for processes in counts:
            shutil.rmtree(CACHE / f"{folder.name}-{processes}", ignore_errors=True)
        shutil.rmtree(CACHE / folder.name, ignore_errors=True)


def setup(env: dict[str, str], args: argparse.Namespace) -> list[int]:
    started = time.perf_counter()
    reports: list[int] = django(
        env, SETUP.format(reports=args.reports, users=args.users, password=PASSWORD)
    )
    took = time.perf_counter() - started
    print(f"setup: {args.reports} reports, {args.users + 2} users in {took:.1f} s")
    return reports


def run(server: Server, env: dict[str, str], reports: list[int], indicators: list[str],
        processes: int, sessions: dict[str, dict[str, str]],
        args: argparse.Namespace) -> Outcome:  # fmt: skip
    count = len(reports)
    # Each user has a unit of its own in its report: the n-th user of a report its n-th
    # section and indicator; the pair that saves together shares the next indicator.
    users = [
        User(f"last-{n:02d}", reports[n % count], indicators[n // count], SECTIONS[n // count])
        for n in range(args.users)
    ]
    # Warm the report caches as the first visitor of each report would (in every process, as
    # far as the server hands the requests round), then measure the trivial requests idle.
    warm = Client(server.url)
    warm.login("admin")
    for report in reports * processes:
        warm.request("GET", f"/rapporter/{report}/")
    idle = idle_baseline(server.url)

    # Everyone logs in before the clock starts: a login hashes the password with Argon2
    # (deliberately slow and memory-hard), which is not the steady state being measured.
    # A later configuration reuses the sessions of the first (they are in the database).
    figures = Figures()
    names = [u.username for u in users] + [f"last-{n:02d}" for n in (args.users, args.users + 1)]
    if sessions:
        clients = [Client(server.url) for _ in names]
        for client, name in zip(clients, names, strict=True):
            client.cookies = dict(sessions[name])
    else:
        with ThreadPoolExecutor(max_workers=4) as pool:
            clients = list(pool.map(lambda name: timed_login(server.url, name, figures), names))
        sessions.update((name, dict(c.cookies)) for name, c in zip(names, clients, strict=True))
    stop = time.monotonic() + args.seconds
    threads = [
        threading.Thread(target=simulate, args=(server.url, client, u, figures, stop, args.think))
        for client, u in zip(clients, users, strict=False)
    ]
    shared = indicators[-(-args.users // count)]
    threads.append(
        threading.Thread(target=conflicts, args=(clients[-2:], reports[0], shared, figures, stop))
    )
    threads.append(threading.Thread(target=baseline, args=(server.url, figures, stop)))
    cpu_before = server.cpu_seconds()
    database_before = server.database_cpu_seconds()
    generator_before = time.process_time()
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - began
    cpu = Cpu(
        server.cpu_seconds() - cpu_before,
        server.database_cpu_seconds() - database_before,
        time.process_time() - generator_before,
    )

    units: dict[str, tuple[int, str, str, int]] = {}
    for key in figures.last_saved:
        kind, report_id, name = key.split(":")
        units[key] = (int(report_id), kind, f"text/{name}.md" if kind == "text" else name, YEAR)
    stored = django(env, READ_BACK.format(units=repr(units)))
    lost = sum(1 for key, value in figures.last_saved.items() if stored.get(key) != value)
    for key, value in figures.last_saved.items():
        if stored.get(key) != value:
            print(f"  LOST {key}: saved {value!r}, stored {stored.get(key)!r}")
    return show(figures, idle, seconds, lost, cpu, processes, args)


if __name__ == "__main__":
    main()
