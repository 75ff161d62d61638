"""What the web tests share: Django set up with a data folder of their own, users of every
role, and two nämnder, each with a report (the example for A, the starter workspace for B)."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("UPPSIKT_DATA", tempfile.mkdtemp(prefix="uppsikt-webtest-"))
# The caches go with the test's data folder, not to a new folder in /dev/shm per run.
os.environ.setdefault("UPPSIKT_CACHE", os.path.join(os.environ["UPPSIKT_DATA"], "cache"))
os.environ["DJANGO_SETTINGS_MODULE"] = "uppsikt.web.settings"

import django

django.setup()

import functools  # noqa: E402
from dataclasses import dataclass  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from django.contrib.auth.hashers import make_password  # noqa: E402
from django.contrib.auth.models import User  # noqa: E402
from django.test import Client  # noqa: E402

from uppsikt.examples import STARTER, bundled_example  # noqa: E402
from uppsikt.web.models import (  # noqa: E402
    GlobalRole,
    Membership,
    Namnd,
    NamndRole,
    Profile,
    Report,
)
from uppsikt.web.services.store import folder_files, import_files  # noqa: E402

PASSWORD = "ett-långt-testlösenord-17"
REPO = Path(__file__).resolve().parents[2]


@dataclass
class World:
    a: Namnd
    b: Namnd
    report_a: Report
    report_b: Report
    users: dict[str, User]

    def client(self, username: str) -> Client:
        client = Client()
        client.force_login(self.users[username])
        return client


@functools.cache
def password_hash() -> str:
    """PASSWORD hashed once (Argon2 costs a noticeable fraction of a second by design); every
    test user shares it, so logging in with PASSWORD still goes through the real hasher."""
    return make_password(PASSWORD)


def make_user(username: str, role: str = "", **memberships: tuple[Namnd, str]) -> User:
    user = User.objects.create(username=username, first_name=username.title())
    user.password = password_hash()
    user.save(update_fields=["password"])
    if role:
        Profile.objects.create(user=user, role=role)
    for namnd, namnd_role in memberships.values():
        Membership.objects.create(user=user, namnd=namnd, role=namnd_role)
    return user


@pytest.fixture
def world(db: None) -> World:  # noqa: ARG001 - the database must exist
    a = Namnd.objects.create(code="a", name="Nämnd A")
    b = Namnd.objects.create(code="b", name="Nämnd B")
    report_a = import_files(folder_files(bundled_example()), a, None)
    report_b = import_files(folder_files(STARTER), b, None)
    users = {
        "admin": make_user("admin", GlobalRole.ADMIN),
        "ks": make_user("ks", GlobalRole.KS),
        "red_a": make_user("red_a", m=(a, NamndRole.EDITOR)),
        "las_a": make_user("las_a", m=(a, NamndRole.READER)),
        "red_b": make_user("red_b", m=(b, NamndRole.EDITOR)),
        "nobody": make_user("nobody"),
    }
    return World(a, b, report_a, report_b, users)
