"""The demo of `uppsikt serve`: on an empty database, the bundled example and a second,
clearly fictional nämnd, with one user per role and a demo password."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.contrib.auth import get_user_model
from django.db import transaction

from uppsikt.examples import STARTER, bundled_example
from uppsikt.web.models import GlobalRole, Membership, Namnd, NamndRole, Profile, Report
from uppsikt.web.services.store import folder_files, import_files

PASSWORD_FILE = "demo-losenord.txt"


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


def seed(data_dir: Path, password: str = "") -> str:
    """Load the demo into an empty database; the demo password (also kept in the data folder)."""
    password = password or os.environ.get("UPPSIKT_DEMO_PASSWORD", "") or _password()
    with transaction.atomic():
        van = Namnd.objects.create(code="van", name="Vuxenutbildnings- och arbetsmarknadsnämnden")
        demo = Namnd.objects.create(code="demo", name="Exempelnämnden (demo)")
        users = {}
        for login in LOGINS:
            first, last = _NAMES[login.username]
            user = get_user_model().objects.create_user(
                login.username, password=password, first_name=first, last_name=last
            )
            users[login.username] = user
        Profile.objects.create(user=users["admin"], role=GlobalRole.ADMIN)
        Profile.objects.create(user=users["ks"], role=GlobalRole.KS)
        Membership.objects.create(user=users["van-redaktor"], namnd=van, role=NamndRole.EDITOR)
        Membership.objects.create(user=users["van-lasare"], namnd=van, role=NamndRole.READER)
        Membership.objects.create(user=users["demo-redaktor"], namnd=demo, role=NamndRole.EDITOR)
        import_files(folder_files(bundled_example()), van, None)
        import_files(folder_files(STARTER), demo, None, "Årsberättelse 2025 (demo)")
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / PASSWORD_FILE
    path.write_text(password + "\n", encoding="utf-8")
    path.chmod(0o600)
    return password


def saved_password(data_dir: Path) -> str:
    path = data_dir / PASSWORD_FILE
    return path.read_text(encoding="utf-8").strip() if path.is_file() else ""


def _password() -> str:
    words = ("lind", "ek", "björk", "rönn", "asp", "alm", "lönn", "gran", "tall", "hassel")
    return "-".join(secrets.choice(words) for _ in range(3)) + f"-{secrets.randbelow(90) + 10}"
