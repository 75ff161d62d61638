"""Who may do what with a report: one function, used by every view and every download.

Roles: administratör (everything), KS (reads and comments on every report), and per nämnd
redaktör (edits and submits its nämnd's reports) or läsare (reads them). A report the user
may not read answers 404, so its existence is not revealed; an action the user may not take
on a report they can read answers 403 with the reason.
"""

from __future__ import annotations

import enum

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.contrib.auth.models import User as DjangoUser
from django.core.exceptions import PermissionDenied
from django.db.models import IntegerField, QuerySet, Value
from django.http import Http404, HttpRequest

from uppsikt.web.models import GlobalRole, Membership, NamndRole, Profile, Report, Status

User = AbstractBaseUser | AnonymousUser


class Action(enum.Enum):
    READ = "läsa"
    EDIT = "ändra"
    COMMENT = "kommentera"
    SUBMIT = "skicka för granskning"
    WITHDRAW = "ta tillbaka till utkast"
    ADOPT = "fastställa"
    REOPEN = "återöppna"


class Refused(PermissionDenied):
    """A refusal with a message written for the user (shown on the 403 page)."""


LOCKED = (
    "Rapporten är fastställd och därmed låst. En administratör kan återöppna den med en motivering."
)


def global_role(user: User) -> str:
    if not user.is_authenticated:
        return GlobalRole.NONE
    return _roles(user)[0]


def namnd_roles(user: User) -> dict[int, str]:
    """The user's role in each nämnd they belong to, by nämnd id."""
    if not user.is_authenticated:
        return {}
    return _roles(user)[1]


def _roles(user: User) -> tuple[str, dict[int, str]]:
    """The user's global role and nämnd roles, read once per request in one query (every
    page asks for both)."""
    cached: tuple[str, dict[int, str]] | None = getattr(user, "_uppsikt_roles", None)
    if cached is None:
        pk = user.pk
        if pk is None:
            return GlobalRole.NONE, {}
        own = Profile.objects.filter(user_id=pk).annotate(namnd=Value(None, IntegerField()))
        member = Membership.objects.filter(user_id=pk)
        rows = own.values_list("namnd", "role").union(
            member.values_list("namnd_id", "role"), all=True
        )
        role: str = GlobalRole.NONE
        namnder: dict[int, str] = {}
        for namnd, found in rows:
            if namnd is None:
                role = found
            else:
                namnder[namnd] = found
        cached = (role, namnder)
        setattr(user, "_uppsikt_roles", cached)  # noqa: B010 - a per-request cache
    return cached


def acting_user(request: HttpRequest) -> DjangoUser | None:
    """The request's user for the records (None when anonymous)."""
    user = request.user
    return user if isinstance(user, DjangoUser) else None


def is_admin(user: User) -> bool:
    return bool(user.is_authenticated and global_role(user) == GlobalRole.ADMIN)


def decide(user: User, report: Report, action: Action) -> str | None:
    """None when ``user`` may take ``action`` on ``report``; else why not (Swedish)."""
    if not user.is_authenticated or not user.is_active:
        return "Du är inte inloggad."
    role = global_role(user)
    member = namnd_roles(user).get(report.namnd_id)
    editor = member == NamndRole.EDITOR
    if role == GlobalRole.ADMIN:
        allowed = True
    elif action is Action.READ:
        allowed = role == GlobalRole.KS or member is not None
    elif action is Action.COMMENT:
        allowed = role == GlobalRole.KS or editor
    elif action in (Action.EDIT, Action.SUBMIT, Action.WITHDRAW):
        allowed = editor
    else:
        allowed = False
    if not allowed:
        return f"Du har inte behörighet att {action.value} den här rapporten."
    return _state(report, action)


def _state(report: Report, action: Action) -> str | None:
    status = report.status
    if action is Action.EDIT and status == Status.ADOPTED:
        return LOCKED
    if action is Action.SUBMIT and status != Status.DRAFT:
        return "Bara ett utkast kan skickas för granskning."
    if action is Action.WITHDRAW and status != Status.REVIEW:
        return "Bara en rapport som är för granskning kan tas tillbaka till utkast."
    if action is Action.ADOPT and status != Status.REVIEW:
        return "Bara en rapport som är för granskning kan fastställas."
    if action is Action.REOPEN and status != Status.ADOPTED:
        return "Bara en fastställd rapport kan återöppnas."
    return None


def can(user: User, report: Report, action: Action) -> bool:
    return decide(user, report, action) is None


def readable_reports(user: User) -> QuerySet[Report]:
    reports = Report.objects.filter(archived=False).select_related("namnd")
    if not user.is_authenticated:
        return reports.none()
    if global_role(user) in (GlobalRole.ADMIN, GlobalRole.KS):
        return reports
    return reports.filter(namnd_id__in=list(namnd_roles(user)))


def report_for(request: HttpRequest, report_id: int, action: Action) -> Report:
    """The report, when the request's user may take ``action`` on it.

    Raises Http404 when the user may not read it (whatever the action, so that other
    nämnders' reports stay invisible) and Refused (403) when they may read but not act.
    """
    report = Report.objects.select_related("namnd").filter(pk=report_id, archived=False).first()
    if report is None or not can(request.user, report, Action.READ):
        raise Http404("Rapporten finns inte.")
    reason = decide(request.user, report, action)
    if reason is not None:
        raise Refused(reason)
    return report


def require(request: HttpRequest, report: Report, action: Action) -> None:
    """Raise Refused (403) unless the request's user may take ``action`` on ``report``, a
    report :func:`report_for` gave this request (so the user may read it)."""
    reason = decide(request.user, report, action)
    if reason is not None:
        raise Refused(reason)


def locked_for_update(report: Report, request: HttpRequest, action: Action) -> Report:
    """The report row again, locked for this transaction, with the decision taken anew on it
    (the status may have changed since the request began)."""
    fresh = Report.objects.select_for_update().select_related("namnd").get(pk=report.pk)
    reason = decide(request.user, fresh, action)
    if reason is not None:
        raise Refused(reason)
    return fresh
