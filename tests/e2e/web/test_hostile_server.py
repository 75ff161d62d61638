"""The real server (`uppsikt serve --demo`) is sent every hostile file of issue #10 and still
answers the next normal request after each: the .xlsx that aborted the Excel reader, a zip
bomb .xlsx, a damaged workspace zip, a workspace zip with a foreign DuckDB store, a 500 MB
body and a wrong Host header. No temporary file is left behind, and nothing was spooled."""

from __future__ import annotations

import http.client
import re
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from web.hostile_files import damaged_zip, xlsx_bomb, xlsx_far_cell, zip_with_foreign_store

from .support import Database, HttpClient, Server


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Server, Path]]:
    work = tmp_path_factory.mktemp("hostile")
    tmp = work / "tmp"
    tmp.mkdir()
    server = Server(
        Database("sqlite"), work / "data", threads=4, extra_env={"TMPDIR": str(tmp)}
    ).start()
    try:
        yield server, tmp
    finally:
        server.stop()


def _still_answers(server: Server) -> None:
    assert server.process is not None
    assert server.process.poll() is None, f"servern dog:\n{server.log()}"
    fresh = HttpClient(server.url)
    status, _ = fresh.get("/konto/logga-in/")
    fresh.close()
    assert status == 200


def _report_id(client: HttpClient) -> int:
    _, html = client.get("/")
    found = re.search(rb"/rapporter/(\d+)/", html)
    assert found, html[-2000:]
    return int(found.group(1))


def _upload(server: Server, name: str, data: bytes, source: str) -> tuple[int, bytes]:
    editor = HttpClient(server.url, timeout=600)
    editor.login("van-redaktor")
    report = _report_id(editor)
    status, _, html = editor.post(
        f"/rapporter/{report}/ekonomi/", {"kalla": source}, files={"fil": (name, data)}
    )
    editor.close()
    return status, html


def _import_zip(server: Server, data: bytes) -> tuple[int, bytes]:
    admin = HttpClient(server.url, timeout=600)
    admin.login("admin")
    status, _, html = admin.post(
        "/arbetsytor/importera/", {"namnd": "1"}, files={"fil": ("arbetsyta.zip", data)}
    )
    admin.close()
    return status, html


def test_xlsx_that_aborts_the_excel_reader(hostile: tuple[Server, Path]) -> None:
    server, tmp = hostile
    status, html = _upload(server, "huvudbok-per-konto.xlsx", xlsx_far_cell(), "konto")
    assert status == 422, html[-2000:]
    assert "avvisades" in html.decode()
    _still_answers(server)
    assert list(tmp.iterdir()) == []


def test_zip_bomb_xlsx(hostile: tuple[Server, Path]) -> None:
    server, tmp = hostile
    status, html = _upload(server, "huvudbok-per-konto.xlsx", xlsx_bomb(), "konto")
    assert status == 422, html[-2000:]
    _still_answers(server)
    assert list(tmp.iterdir()) == []


def test_damaged_workspace_zip(hostile: tuple[Server, Path]) -> None:
    server, tmp = hostile
    status, html = _import_zip(server, damaged_zip())
    assert status == 400, html[-2000:]
    assert "kan inte packas upp" in html.decode()
    _still_answers(server)
    assert list(tmp.iterdir()) == []


def test_workspace_zip_with_a_foreign_store(hostile: tuple[Server, Path], tmp_path: Path) -> None:
    server, tmp = hostile
    secret = server.data / "secret.key"
    if not secret.exists():
        secret = tmp_path / "hemligt.txt"
        secret.write_text("hemlig-rad\n", encoding="utf-8")
    status, html = _import_zip(server, zip_with_foreign_store(tmp_path, secret))
    assert status == 400, html[-2000:]
    assert "huvudbok godtas inte" in html.decode()
    _still_answers(server)
    assert list(tmp.iterdir()) == []


def test_huge_anonymous_body_is_refused_unread(hostile: tuple[Server, Path]) -> None:
    server, tmp = hostile
    with socket.create_connection(("127.0.0.1", server.port), timeout=60) as sock:
        sock.sendall(
            b"POST /konto/logga-in/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: multipart/form-data; boundary=x\r\n"
            b"Content-Length: 524288000\r\n\r\n" + b"x" * 65536
        )
        answer = sock.recv(4096)
    assert answer.startswith(b"HTTP/1.1 413"), answer[:200]
    _still_answers(server)
    spooled = [p for p in tmp.rglob("*") if p.is_file() and p.stat().st_size > 1024 * 1024]
    assert spooled == []


def test_wrong_host_header_is_400(hostile: tuple[Server, Path]) -> None:
    server, _ = hostile
    connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    connection.request("GET", "/konto/logga-in/", headers={"Host": "angripare.example"})
    response = connection.getresponse()
    response.read()
    connection.close()
    assert response.status == 400
    _still_answers(server)
