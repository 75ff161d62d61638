"""No lost updates: each editable unit is saved by compare-and-swap.

A form carries a hash of the unit as the user first saw it. The save locks the report and
the file, reads the unit as it is now, and refuses (a Conflict) when it differs; different
units of the same file never conflict. The whole save is one transaction: a server killed
in the middle leaves the database as it was.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.http import HttpRequest

from uppsikt.web import access
from uppsikt.web.models import Change, ChangeKind, Report, WorkspaceFile
from uppsikt.web.services import audit
from uppsikt.web.services.store import write_file


def unit_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


class Conflict(Exception):
    """The unit was changed by someone else since the form was opened."""

    def __init__(self, saved: str, by: str, at: datetime | None) -> None:
        super().__init__("Enheten har ändrats av någon annan.")
        self.saved = saved
        """The unit as it is saved now."""
        self.by = by
        self.at = at


@dataclass(frozen=True, slots=True)
class Unit:
    """One editable unit: the file it lives in and how to read and change it."""

    path: str
    key: str
    """Names the unit within the file, e.g. 'KF-mål MO1-1' (shown in the history)."""
    kind: ChangeKind
    read: Callable[[str], str]
    """The unit's text in the file's text (what is compared and shown)."""
    apply: Callable[[str], str]
    """The file's new text; raises EditError for invalid input."""


def save_unit(request: HttpRequest, report: Report, unit: Unit, base: str) -> Change | None:
    """Save ``unit`` if it is still as hashed in ``base``; None when nothing changed.

    Raises Conflict, access.Refused (e.g. the report was adopted meanwhile) or EditError.
    """
    user = access.acting_user(request)
    with transaction.atomic():
        locked = access.locked_for_update(report, request, access.Action.EDIT)
        row = (
            WorkspaceFile.objects.select_for_update()
            .filter(report=locked, path=unit.path, deleted=False)
            .first()
        )
        text = bytes(row.content).decode("utf-8") if row else ""
        current = unit.read(text)
        if unit_hash(current) != base:
            saved = audit.last_save(locked, unit.path, unit.key)
            raise Conflict(current, saved.by, saved.at)
        new_text = unit.apply(text)
        if new_text == text:
            return None
        write_file(locked, unit.path, new_text.encode("utf-8"), user, row)
        change = audit.record(
            locked,
            user,
            path=unit.path,
            unit=unit.key,
            kind=unit.kind,
            before=current,
            after=unit.read(new_text),
        )
    report.revision = locked.revision
    return change
