"""The fuzzed readers of the web application for bench/fuzz.py: workspace zips (the reader the
workspace import uses, then ``load_report`` on what it accepted) and HTTP uploads (Django's
test client POSTing to the upload view and the workspace import view).

A zip case is a zip of the bundled example with its members' contents mutated, their names
made hostile, members added (many, a bomb, a symlink, a foreign ``ekonomi.duckdb`` whose
ledger is a view over a secret file) or its bytes broken. The reader also checks that no
accepted name leaves the workspace and that the secret never shows in a message."""

from __future__ import annotations

import functools
import io
import logging
import os
import random
import shutil
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import duckdb
from fuzz_case import EXAMPLE, IMPORT_EXAMPLE, Case, Reader, folder_bytes
from fuzz_mutate import flip, mutate, truncate
from fuzz_readers import Broken, mutate_workspace_file
from fuzz_sie import sie_input
from fuzz_tabular import csv_input, xlsx_input, zip_members

from uppsikt.located.diagnostics import has_errors
from uppsikt.pipeline import load_report

SECRET_FILE = Path(tempfile.gettempdir()) / "uppsikt-fuzz-secret.txt"
SECRET = "UPPSIKT-FUZZ-SECRET-4711"
"""Written to SECRET_FILE; a zip's foreign ledger store reads it. It must never be shown."""
ZIP_NAME = "arbetsyta.zip"

HOSTILE_NAMES = (
    "../../evil.yaml",
    "/etc/evil.yaml",
    "C:\\evil.yaml",
    "a\\..\\..\\evil.yaml",
    "x/../../evil.yaml",
    "nul\x00.yaml",
    "x" * 5000 + ".yaml",
    "text/../../../evil.md",
    ".hidden/secret.yaml",
    "text/\u202eevil.md",
    "",
    ".",
    "uppsikt.yaml/",
    "UPPSIKT.YAML",
)


def _secret_store() -> bytes:
    """A DuckDB file whose ``ledger`` is a view over ``read_text(SECRET_FILE)``."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "ekonomi.duckdb"
        with duckdb.connect(str(path)) as con:
            con.execute(
                "CREATE VIEW ledger AS SELECT content AS source, 2020 AS year, 1 AS period, "
                "'utfall' AS scenario, content AS account, '' AS ansvar, '' AS verksamhet, "
                f"'' AS projekt, 1.0 AS amount FROM read_text('{SECRET_FILE}')"
            )
            con.execute("CREATE MACRO m(x) AS x")
        return path.read_bytes()


@functools.cache
def _store_variants() -> tuple[bytes, ...]:
    return (_secret_store(), b"DUCK" * 1000, b"")


@functools.cache
def _zip_bomb() -> bytes:
    return zip_members([("arbetsyta/text/bomb.md", b"\x00" * (100 * 1024 * 1024))], level=9)


@functools.cache
def _example() -> dict[str, bytes]:
    return folder_bytes(EXAMPLE)


def zip_input(rng: random.Random) -> tuple[bytes, str]:
    """A workspace zip (see the module's doc) and how it was made."""
    files = dict(_example())
    notes = []
    for name in rng.sample(sorted(files), rng.choice((0, 1, 1, 2))):
        files[name], applied = mutate_workspace_file(name, files[name], rng)
        notes.append(f"{name}:" + ",".join(applied))
    top = rng.choice(("arbetsyta/", "arbetsyta/", "", "a/b/"))
    members = [(top + n, c) for n, c in sorted(files.items())]
    choice = rng.randrange(12)
    if choice == 0:
        members.append((rng.choice(HOSTILE_NAMES), b"titel: x\n"))
        notes.append("hostile-name")
    elif choice == 1:
        members = [(n, c) for n, c in members if not n.endswith("uppsikt.yaml")]
        notes.append("no-uppsikt.yaml")
    elif choice == 2:
        members += [(f"{top}text/m{i}.md", b"x") for i in range(rng.choice((100, 6000)))]
        notes.append("many-members")
    elif choice == 3:
        return _zip_bomb(), "zip-bomb-100MB"
    elif choice == 4:
        store = rng.choice(_store_variants())
        members.append((top + "ekonomi.duckdb", store))
        notes.append(f"store-{len(store)}")
    elif choice == 5:
        members.append((top + rng.choice(sorted(files)), b"duplicate: 1\n"))
        notes.append("duplicate-name")
    data = zip_members(members)
    if choice == 6:
        data = _with_symlink(data, top)
        notes.append("symlink")
    elif choice == 7:
        data, applied = mutate(data, rng, (flip, truncate), most=2)
        notes.append("bytes-" + ",".join(applied))
    return data, " ".join(notes) or "example"


def _with_symlink(data: bytes, top: str) -> bytes:
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a") as archive:
        info = zipfile.ZipInfo(top + "text/link.md")
        info.external_attr = 0o120777 << 16
        archive.writestr(info, str(SECRET_FILE))
    return out.getvalue()


def _zip_reader() -> Callable[[Path, Path], dict[str, bytes] | str]:
    """The web application's zip reader: the worker function when there is one (it also
    verifies a ledger store), else the plain ``zip_files`` (refusals as strings)."""
    try:
        from uppsikt.web.services.parsing import read_workspace_zip  # noqa: PLC0415
    except ImportError:
        setup_django(Path(tempfile.mkdtemp(prefix="uppsikt-fuzz-django-")))
        from uppsikt.web.services.store import (  # noqa: PLC0415 - Django is set up first
            WorkspaceError,
            zip_files,
        )

        def read(path: Path, folder: Path) -> dict[str, bytes] | str:  # noqa: ARG001
            try:
                return zip_files(path.read_bytes())
            except WorkspaceError as exc:
                return str(exc)

        return read

    def read_worker(path: Path, folder: Path) -> dict[str, bytes] | str:
        return read_workspace_zip(str(path), str(folder))

    return read_worker


def _inside(name: str) -> bool:
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts and "\\" not in name


def _leaks(diagnostics: list[Any]) -> bool:
    return any(SECRET in f"{d.message} {d.hint}" for d in diagnostics)


@dataclass
class ZipState:
    workdir: Path
    read: Callable[[Path, Path], dict[str, bytes] | str]


class ZipReader(Reader):
    name = "zip"

    def generate(self, rng: random.Random) -> Case:
        data, note = zip_input(rng)
        return Case({ZIP_NAME: data}, ZIP_NAME, note)

    def setup(self, workdir: Path) -> ZipState:
        SECRET_FILE.write_text(SECRET + "\n", encoding="utf-8")
        return ZipState(workdir, _zip_reader())

    def run(self, state: ZipState, case: Case) -> str:
        folder = Path(tempfile.mkdtemp(dir=state.workdir))
        try:
            path = folder / ZIP_NAME
            path.write_bytes(case.files[ZIP_NAME] or b"")
            files = state.read(path, folder)
            if isinstance(files, str):
                if SECRET in files:
                    raise Broken("zip refusal shows the secret file")
                return "refused"
            workspace = folder / "ws"
            for name, content in files.items():
                if not _inside(name):
                    raise Broken(f"zip reader accepted a name outside the workspace: {name!r}")
                target = workspace / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(content)
            _, diagnostics = load_report(workspace)
            if _leaks(diagnostics):
                raise Broken("a message shows the secret file read by a foreign store")
            return "errors" if has_errors(diagnostics) else "report"
        finally:
            shutil.rmtree(folder, ignore_errors=True)


def setup_django(data: Path) -> None:
    """Django set up on a data folder of its own (as tests/web/web_support.py does)."""
    os.environ["UPPSIKT_DATA"] = str(data)
    os.environ["UPPSIKT_CACHE"] = str(data / "cache")
    os.environ["DJANGO_SETTINGS_MODULE"] = "uppsikt.web.settings"
    import django  # noqa: PLC0415 - after the environment is set

    django.setup()


class _Errors(logging.Handler):
    """Collects the ERROR records of the web application (a worker's traceback, a 500)."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass
class WebState:
    report_id: int
    namnd_id: int
    editor: Any
    admin: Any
    errors: _Errors


UPLOAD_NAMES = (
    "huvudbok.se",
    "ansvar-utfall.csv",
    "huvudbok-per-konto.xlsx",
    "../../etc/passwd",
    "x" * 300,
    "fil.xlsx",
    "ü\u202e.csv",
)
SOURCES = ("", "", "ansvar-utfall", "konto", "verksamhet", "finns-inte", "x" * 1000, "\x00")


class HttpReader(Reader):
    name = "http"

    def generate(self, rng: random.Random) -> Case:
        extra = {"htmx": rng.choice(("", "1"))}
        if rng.random() < 0.2:
            data, note = zip_input(rng)
            extra["view"] = "workspace"
            return Case({"upload": data}, "upload", "zip:" + note, extra)
        kind = rng.randrange(4)
        if kind == 0:
            data, note = sie_input(rng)
        elif kind == 1:
            _, data, note = csv_input(rng)
        elif kind == 2:
            data, note = xlsx_input(rng)
        else:
            data, note = bytes(rng.randrange(256) for _ in range(rng.randint(0, 3000))), "random"
        extra |= {"view": "upload", "name": rng.choice(UPLOAD_NAMES), "kalla": rng.choice(SOURCES)}
        return Case({"upload": data}, "upload", note, extra)

    def setup(self, workdir: Path) -> WebState:
        setup_django(workdir / "data")
        # Django's modules can be imported only once it is set up
        from django.contrib.auth.models import User  # noqa: PLC0415
        from django.core.management import call_command  # noqa: PLC0415

        from uppsikt.web.models import (  # noqa: PLC0415
            GlobalRole,
            Membership,
            Namnd,
            NamndRole,
            Profile,
        )
        from uppsikt.web.services.store import import_folder  # noqa: PLC0415

        call_command("migrate", verbosity=0, interactive=False)
        namnd = Namnd.objects.create(code="fuzz", name="Fuzznämnden")
        report = import_folder(IMPORT_EXAMPLE, namnd, None)
        editor = User.objects.create(username="redaktor")
        Membership.objects.create(user=editor, namnd=namnd, role=NamndRole.EDITOR)
        admin = User.objects.create(username="admin")
        Profile.objects.create(user=admin, role=GlobalRole.ADMIN)
        errors = _Errors()
        for name in ("uppsikt", "django.request"):
            logging.getLogger(name).addHandler(errors)
        return WebState(report.pk, namnd.pk, editor, admin, errors)

    def run(self, state: WebState, case: Case) -> str:
        from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: PLC0415
        from django.test import Client  # noqa: PLC0415

        client = Client()
        data = case.files["upload"] or b""
        headers = {"HX-Request": "true"} if case.extra.get("htmx") else {}
        state.errors.records.clear()
        if case.extra.get("view") == "workspace":
            client.force_login(state.admin)
            upload = SimpleUploadedFile("arbetsyta.zip", data)
            response = client.post(
                "/arbetsytor/importera/", {"namnd": state.namnd_id, "fil": upload}, headers=headers
            )
        else:
            client.force_login(state.editor)
            upload = SimpleUploadedFile(case.extra.get("name", ""), data)
            response = client.post(
                f"/rapporter/{state.report_id}/ekonomi/",
                {"fil": upload, "kalla": case.extra.get("kalla", "")},
                headers=headers,
            )
        if state.errors.records:
            record = state.errors.records[0]
            raise Broken(f"logged error: {record.getMessage()[-6000:]}")
        if response.status_code >= 500:
            raise Broken(f"HTTP {response.status_code}")
        return str(response.status_code)
