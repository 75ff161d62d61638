"""The demo of `uppsikt serve --demo`: on an empty database, the bundled example and a second,
clearly fictional nämnd, with one user per role.

The demo is loaded only when asked for, never in HTTPS mode (a public server must not have
users whose passwords were printed on a terminal), and each demo user gets a strong random
password of its own, shown once, when the demo is created: it is kept nowhere but in the
(hashed) user table. ``UPPSIKT_DEMO_PASSWORD`` gives every demo user the same chosen password
instead, for automated tests.

The example's report gets the mapping and import description of the import example
(demo_files/van/), so that ledger and budget uploads can be imported into it, as the README's
journey does.

When the bundled kommun example exists (examples/exempelstad-2025, a fictional kommun), the
demo also holds it: one Kommun with its shared files and a report per report folder, each
attached to its nämnd (kommuner.py). ``seed(kommun=…)`` loads another kommun folder instead.
A kommun folder whose ledger is kept as exports (``export/*.se`` beside ``mappning.yaml``,
as the example's months) gets them imported into its ledger (ekonomi.duckdb) on loading, so
that KS's monthly view and the section ``manadsuppfoljning`` show the months.
"""

from __future__ import annotations

import os
import secrets
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from uppsikt.examples import (
    EXPORTS,
    STARTER,
    bundled_example,
    bundled_kommun_example,
    ledger_exports,
)
from uppsikt.importers.ledger_import import import_file
from uppsikt.ledger.mapping import MAPPING_FILE
from uppsikt.ledger.model import STORE_FILE
from uppsikt.located.diagnostics import WorkspaceNotFoundError
from uppsikt.web.models import GlobalRole, Membership, Namnd, NamndRole, Profile, Report
from uppsikt.web.services.kommuner import import_kommun
from uppsikt.web.services.store import REPORTS_FOLDER, folder_files, import_files
from uppsikt.workspace.kommun import report_folders

OLD_PASSWORD_FILE = "demo-losenord.txt"
"""Where versions before 0.x kept the shared demo password in clear text (removed at start)."""
VAN_EXTRA = Path(__file__).resolve().parents[1] / "demo_files" / "van"
"""mappning.yaml and import.yaml of examples/orebro-van-2020-import, for the example's report."""
PASSWORD_BYTES = 18
"""secrets.token_urlsafe(18): 24 characters, 144 bits."""


class DemoRefused(ValueError):
    """The demo cannot be loaded here, with a Swedish message."""


@dataclass(frozen=True, slots=True)
class Login:
    username: str
    role: str


LOGINS = (
    Login("admin", "administratör"),
    Login("ks", "KS: läser alla rapporter och kommenterar"),
    Login("van-redaktor", "nämnd-redaktör, Vuxenutbildnings- och arbetsmarknadsnämnden"),
    Login("van-lasare", "nämnd-läsare, Vuxenutbildnings- och arbetsmarknadsnämnden"),
    Login("demo-redaktor", "nämnd-redaktör, Exempelnämnden (demo)"),
)
_NAMES = {
    "admin": ("Anna", "Administratör"),
    "ks": ("Karin", "Styrelse"),
    "van-redaktor": ("Vera", "Redaktör"),
    "van-lasare": ("Lars", "Läsare"),
    "demo-redaktor": ("Erik", "Exempel"),
}


def is_empty() -> bool:
    return not Report.objects.exists() and not get_user_model().objects.exists()


def refusal(https: bool) -> str | None:
    """Why the demo may not be loaded on this server (None when it may)."""
    if https:
        return (
            "Demon laddas inte när HTTPS-läget är på (UPPSIKT_HTTPS=1): en publik server ska "
            "inte ha demoanvändare. Skapa användare med «uppsikt manage createsuperuser»."
        )
    return None


def passwords() -> dict[str, str]:
    """A new password per demo user (or the one of UPPSIKT_DEMO_PASSWORD for all)."""
    chosen = os.environ.get("UPPSIKT_DEMO_PASSWORD", "")
    return {login.username: chosen or secrets.token_urlsafe(PASSWORD_BYTES) for login in LOGINS}


def seed(given: dict[str, str] | None = None, kommun: Path | None = None) -> dict[str, str]:
    """Load the demo into an empty database; each demo user's password, to be shown once.
    ``kommun``: the kommun folder to load (by default the bundled kommun example, when
    installed)."""
    chosen = given or passwords()
    kommun = kommun if kommun is not None else kommun_example()
    with transaction.atomic():
        van = Namnd.objects.create(code="van", name="Vuxenutbildnings- och arbetsmarknadsnämnden")
        demo = Namnd.objects.create(code="demo", name="Exempelnämnden (demo)")
        users = {}
        for login in LOGINS:
            first, last = _NAMES[login.username]
            user = get_user_model().objects.create_user(
                login.username,
                password=chosen[login.username],
                first_name=first,
                last_name=last,
            )
            users[login.username] = user
        Profile.objects.create(user=users["admin"], role=GlobalRole.ADMIN)
        Profile.objects.create(user=users["ks"], role=GlobalRole.KS)
        Membership.objects.create(user=users["van-redaktor"], namnd=van, role=NamndRole.EDITOR)
        Membership.objects.create(user=users["van-lasare"], namnd=van, role=NamndRole.READER)
        Membership.objects.create(user=users["demo-redaktor"], namnd=demo, role=NamndRole.EDITOR)
        import_files(van_files(), van, None)
        import_files(folder_files(STARTER), demo, None, "Årsberättelse 2025 (demo)")
        if kommun is not None:
            import_kommun(kommun_files(kommun), None)
    return chosen


def kommun_example() -> Path | None:
    """The bundled kommun example's folder; None when this installation has none."""
    try:
        return bundled_kommun_example()
    except WorkspaceNotFoundError:
        return None


def kommun_files(folder: Path) -> dict[str, bytes]:
    """A kommun folder's files as the core reads them: the shared files and the report
    folders that hold an uppsikt.yaml (a folder still being written is left out, as
    «uppsikt build» leaves it out)."""
    reports = report_folders(folder)
    exports = ledger_exports(folder) if (folder / MAPPING_FILE).is_file() else []
    imported = {p.relative_to(folder).as_posix() for p in exports}
    files = {
        path: content
        for path, content in folder_files(folder).items()
        if not path.startswith(f"{REPORTS_FOLDER}/") and path not in imported
    }
    if exports and STORE_FILE not in files:
        files[STORE_FILE] = imported_ledger(exports)
    for report in reports:
        prefix = f"{REPORTS_FOLDER}/{report.name}/"
        files.update({prefix + p: c for p, c in folder_files(report).items()})
    return files


def imported_ledger(exports: list[Path]) -> bytes:
    """The ledger (ekonomi.duckdb) the ``exports`` make, imported in a scratch folder (each
    named ``export/<file>`` in the ledger's list of imports, as in the kommun's folder)."""
    with tempfile.TemporaryDirectory(prefix="uppsikt-demo-") as scratch:
        root = Path(scratch)
        (root / EXPORTS).mkdir()
        for export in exports:
            copy = root / EXPORTS / export.name
            shutil.copyfile(export, copy)
            result = import_file(root, copy)
            if result.summary is None:
                found = "; ".join(d.format() for d in result.diagnostics)
                raise DemoRefused(f"Huvudboken {export.name} kunde inte importeras: {found}")
        return (root / STORE_FILE).read_bytes()


def van_files() -> dict[str, bytes]:
    """The example's files with the mapping and import description of its ledger."""
    files = folder_files(bundled_example())
    files.update(folder_files(VAN_EXTRA))
    return files


def forget_old_password(data_dir: Path) -> bool:
    """Remove the clear-text demo password file of older versions; True when there was one."""
    path = data_dir / OLD_PASSWORD_FILE
    if path.is_file():
        path.unlink()
        return True
    return False
