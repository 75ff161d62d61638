"""The audit trail: every change and transition of a report, read back for its history page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.contrib.auth.models import User

from uppsikt.web.models import Change, ChangeKind, Report, Transition


@dataclass(frozen=True, slots=True)
class Saved:
    """The last save of a unit: who and when (for the conflict page)."""

    by: str
    at: datetime | None


def record(
    report: Report,
    user: User | None,
    *,
    path: str,
    unit: str,
    kind: ChangeKind,
    before: str,
    after: str,
) -> Change:
    return Change.objects.create(
        report=report,
        user=user,
        path=path,
        unit=unit,
        kind=kind,
        before=before,
        after=after,
        report_revision=report.revision,
    )


def last_save(report: Report, path: str, unit: str) -> Saved:
    change = (
        Change.objects.filter(report=report, path=path, unit=unit).select_related("user").first()
    )
    if change is None:
        return Saved("(arbetsytans ursprungliga innehåll)", None)
    return Saved(display_name(change.user), change.created_at)


def display_name(user: object) -> str:
    if user is None:
        return "(systemet)"
    full = getattr(user, "get_full_name", lambda: "")()
    return str(full or getattr(user, "username", "okänd"))


def history(report: Report) -> tuple[list[Change], list[Transition]]:
    changes = list(Change.objects.filter(report=report).select_related("user")[:500])
    transitions = list(Transition.objects.filter(report=report).select_related("user"))
    return changes, transitions
