"""`uppsikt serve --workers 2`: several processes (gunicorn) serve the same database, and a
session ended in one process is ended in all (sessions are not cached per process then)."""

from __future__ import annotations

from pathlib import Path

from .support import Database, HttpClient, Server


def _fresh_get(client: HttpClient, path: str) -> int:
    """A request on a new connection, so that successive requests reach different processes."""
    client.close()
    status, _ = client.get(path)
    return status


def test_several_processes_share_sessions_and_logout(tmp_path: Path) -> None:
    server = Server(Database("sqlite"), tmp_path / "data", threads=2, processes=2).start()
    try:
        client = HttpClient(server.url)
        client.login("van-redaktor")
        assert [_fresh_get(client, "/") for _ in range(8)] == [200] * 8
        status, headers, _ = client.post("/konto/logga-ut/", {})
        assert status == 302, headers
        after = [_fresh_get(client, "/") for _ in range(8)]
        assert after == [302] * 8  # to the login page, from every process
        client.close()
    finally:
        server.stop()
    assert "Booting worker" in server.log() or "gunicorn" in server.log().lower()
