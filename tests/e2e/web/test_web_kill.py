"""Kill safety: the server killed with SIGKILL in the middle of an upload or of saves, then
started again on the same database, leaves the database as it was before each unfinished
request, and consistent (every file's current content is its last revision, every write has
its audit row), on SQLite and on PostgreSQL.

The database is looked at through Django's ORM in a separate process, also while the server
is dead. The server's TMPDIR is a folder of the test's, so the test sees when the server has
received an upload and is importing it (the core imports into a private copy of the workspace
there) and kills it exactly then.
"""

from __future__ import annotations

import random
import re
import socket
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from .conftest import DATABASES
from .support import HttpClient, Server, database, form_value, multipart, sie_file

SNAPSHOT = """
import hashlib
from uppsikt.web.models import (
    Change, ChangeKind, FileRevision, ImportRun, Report, Transition, WorkspaceFile,
)
report = Report.objects.get(pk={report_id})
files = {{}}
problems = []
for row in WorkspaceFile.objects.filter(report=report):
    content = bytes(row.content)
    last = FileRevision.objects.filter(file=row).order_by("-revision").first()
    count = FileRevision.objects.filter(file=row).count()
    files[row.path] = [row.sha, row.revision, row.deleted]
    if hashlib.sha256(content).hexdigest() != row.sha:
        problems.append(f"{{row.path}}: the content does not match its sha")
    if last is None or last.revision != row.revision or bytes(last.content) != content:
        problems.append(f"{{row.path}}: the current content is not its last revision")
    if count != row.revision:
        problems.append(f"{{row.path}}: revision {{row.revision}} but {{count}} revisions")
writes = Change.objects.filter(report=report).exclude(kind=ChangeKind.WORKSPACE).count()
if writes != report.revision:
    problems.append(f"report revision {{report.revision}} but {{writes}} recorded writes")
result = {{
    "state": {{
        "revision": report.revision,
        "status": report.status,
        "files": files,
        "file_revisions": FileRevision.objects.filter(file__report=report).count(),
        "changes": Change.objects.filter(report=report).count(),
        "imports": ImportRun.objects.filter(report=report).count(),
        "transitions": Transition.objects.filter(report=report).count(),
    }},
    "problems": problems,
    "texts": {{
        row.path: bytes(row.content).decode("utf-8")
        for row in WorkspaceFile.objects.filter(report=report, path__startswith="text/")
    }},
}}
"""

SECTIONS = (
    "forslag-till-beslut",
    "forvaltningschefens-bedomning",
    "sammanfattande-iakttagelser",
    "ekonomi",
)


def snapshot(server: Server, report_id: int) -> dict[str, Any]:
    found: dict[str, Any] = server.orm(SNAPSHOT.format(report_id=report_id))
    assert not found["problems"], found["problems"]
    return found


def import_report(admin: HttpClient, zip_file: Path) -> int:
    """The administratör imports the journey's workspace (it has a mapping for SIE files)."""
    status, page = admin.get("/arbetsytor/importera/")
    assert status == 200
    namnd = re.search(rb'<option value="(\d+)"[^>]*>Vuxenutbildnings', page)
    assert namnd, "nämnden finns inte i listan"
    status, headers, _ = admin.post(
        "/arbetsytor/importera/",
        {"namnd": namnd.group(1).decode()},
        {"fil": ("van-import.zip", zip_file.read_bytes())},
    )
    assert status == 302, status
    found = re.search(r"/rapporter/(\d+)/", headers["location"])
    assert found
    return int(found.group(1))


def raw_request(
    server: Server, client: HttpClient, path: str, body: bytes, content_type: str
) -> bytes:
    """The bytes of a POST as a browser would send them."""
    cookies = "; ".join(f"{k}={v}" for k, v in client.cookies.items())
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\nCookie: {cookies}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


def upload_body(client: HttpClient, content: bytes) -> tuple[bytes, str]:
    fields = {"csrfmiddlewaretoken": client.cookies["csrftoken"], "kalla": ""}
    return multipart(fields, {"fil": ("huvudbok-2020.se", content)})


def wait_for(condition: Callable[[], bool], seconds: float, what: str) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.005)
    raise AssertionError(f"{what} hände inte inom {seconds} s")


def kill_during_upload_body(server: Server, editor: HttpClient, report_id: int) -> None:
    """Half of a large upload has arrived when the server dies."""
    body, content_type = upload_body(editor, sie_file(vouchers=40_000, rows_per_voucher=4))
    request = raw_request(server, editor, f"/rapporter/{report_id}/ekonomi/", body, content_type)
    with socket.create_connection(("127.0.0.1", server.port)) as connection:
        half = len(request) // 2
        for start in range(0, half, 64 * 1024):
            connection.sendall(request[start : min(start + 64 * 1024, half)])
            time.sleep(0.002)  # a slow client
        server.kill()


def kill_during_import(server: Server, editor: HttpClient, report_id: int, tmp: Path) -> None:
    """The whole upload has arrived and the core is importing it when the server dies."""
    body, content_type = upload_body(editor, sie_file(vouchers=40_000, rows_per_voucher=4))
    request = raw_request(server, editor, f"/rapporter/{report_id}/ekonomi/", body, content_type)
    with socket.create_connection(("127.0.0.1", server.port)) as connection:
        connection.sendall(request)
        wait_for(
            lambda: any(tmp.glob(f"uppsikt-r{report_id}-*/uppladdning/fil.se")),
            60,
            "importen",
        )
        server.kill()


def kill_during_saves(server: Server, report_id: int) -> dict[str, tuple[str, set[str]]]:
    """Four redaktörer save their own text over and over; the server dies in the middle.

    Returns, per text file, the last text the server confirmed and the texts it was sent but
    did not confirm (one of which may have been committed just before the kill).
    """
    outcome: dict[str, tuple[str, set[str]]] = {}
    started = threading.Barrier(len(SECTIONS) + 1)
    saved_once = threading.Semaphore(0)

    def save_repeatedly(section: str) -> None:
        client = HttpClient(server.url, timeout=10)
        client.login("van-redaktor")
        path = f"/rapporter/{report_id}/text/{section}/"
        confirmed, unconfirmed = "", set()
        started.wait()
        for number in range(10_000):
            try:
                status, page = client.get(path)
                if status != 200:
                    break
                text = f"{section}: sparning nummer {number}.\n"
                unconfirmed.add(text)
                status, _, _ = client.post(
                    path, {"base": form_value(page, "base"), "markdown": text, "action": "spara"}
                )
            except (OSError, AssertionError):
                break  # the server is gone
            if status != 302:
                break
            if not confirmed:
                saved_once.release()
            confirmed = text
            unconfirmed.discard(text)
        outcome[f"text/{section}.md"] = (confirmed, unconfirmed)

    threads = [threading.Thread(target=save_repeatedly, args=(s,)) for s in SECTIONS]
    for thread in threads:
        thread.start()
    started.wait()
    # Every redaktör has saved once (so the saves run), then the kill comes at a random moment.
    for _ in SECTIONS:
        assert saved_once.acquire(timeout=60), "sparandet kom aldrig igång"
    time.sleep(random.uniform(0.0, 1.0))
    server.kill()
    for thread in threads:
        thread.join(timeout=30)
    return outcome


@pytest.mark.parametrize("kind", DATABASES)
def test_sigkill_leaves_the_database_as_before_the_request(
    kind: str, tmp_path: Path, journey_zip: Path
) -> None:
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    with database(kind) as db:
        server = Server(db, tmp_path / "data", threads=8, extra_env={"TMPDIR": str(tmp)})
        server.start()
        try:
            admin = HttpClient(server.url)
            admin.login("admin")
            report_id = import_report(admin, journey_zip)
            editor = HttpClient(server.url)
            editor.login("van-redaktor")
            before = snapshot(server, report_id)

            kill_during_upload_body(server, editor, report_id)
            assert snapshot(server, report_id)["state"] == before["state"]
            server.start()

            kill_during_import(server, editor, report_id, tmp)
            assert snapshot(server, report_id)["state"] == before["state"]
            server.start()

            # Saves in flight: each text is the last confirmed one or one sent but not
            # confirmed (committed just before the kill); never a mix, never lost.
            outcome = kill_during_saves(server, report_id)
            after = snapshot(server, report_id)
            assert any(confirmed for confirmed, _ in outcome.values()), "inget sparades alls"
            for path, (confirmed, unconfirmed) in outcome.items():
                allowed = {confirmed or before["texts"][path], *unconfirmed}
                assert after["texts"][path] in allowed, (path, after["texts"][path], allowed)
            server.start()

            # The restarted server works: the upload it lost is imported now.
            editor = HttpClient(server.url)
            editor.login("van-redaktor")
            status, _, page = editor.post(
                f"/rapporter/{report_id}/ekonomi/",
                {"kalla": ""},
                {"fil": ("huvudbok-2020.se", sie_file(vouchers=3))},
            )
            assert status == 200, page[-2000:]
            final = snapshot(server, report_id)["state"]
            assert final["imports"] == before["state"]["imports"] + 1
        finally:
            server.stop()
