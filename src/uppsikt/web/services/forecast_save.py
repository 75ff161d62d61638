"""Saving a report's forecasts into the file they are read from, by compare-and-swap.

A report of its own keeps ekonomi/prognoser.csv among its files: saved by
:func:`~uppsikt.web.services.locking.save_unit`, as every other unit. A report of a kommun reads
the kommun's file (the economy exists once for the municipality, docs/kommun.md): saved here
the same way — the kommun and the report locked, the unit read as it is now and compared with
the hash the form was opened with, a Conflict when it differs — and written as a new revision of
the kommun's file, which raises the revision of every report of the kommun (their content
changed). The change is recorded in the history of the report it was entered from.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from uppsikt.model.forecasts import month_name
from uppsikt.model.settings import ReportType, period_month
from uppsikt.web import access
from uppsikt.web.access import Action, Refused
from uppsikt.web.models import Change, Kommun, KommunFile, KommunFileRevision, Report, Status
from uppsikt.web.services import audit
from uppsikt.web.services.forecast_file import parse_shown
from uppsikt.web.services.locking import Conflict, Unit, save_unit, unit_hash
from uppsikt.web.services.store import SHARED_PREFIX, read_text, sha256


@dataclass(frozen=True, slots=True)
class Target:
    """The forecasts of one report's year and closing month, in the file the report reads."""

    year: int
    month: int
    shared: bool
    """The kommun's file (a report of a kommun), else the report's own."""


def current_text(report: Report, path: str, shared: bool) -> str:
    """The file's text as it is now ('' when there is none)."""
    if not shared or report.kommun_id is None:
        return read_text(report, path)
    row = KommunFile.objects.filter(kommun_id=report.kommun_id, path=path, deleted=False).first()
    return bytes(row.content).decode("utf-8") if row else ""


def save(
    request: HttpRequest, report: Report, unit: Unit, base: str, target: Target
) -> Change | None:
    """Save ``unit`` if it is still as hashed in ``base``; None when nothing changed.

    Raises Conflict, access.Refused or EditError (as save_unit).
    """
    if not target.shared or report.kommun_id is None:
        return save_unit(request, report, unit, base)
    user = access.acting_user(request)
    with transaction.atomic():
        # The kommun before the report, in the order replace_shared locks them.
        kommun = Kommun.objects.select_for_update().get(pk=report.kommun_id)
        locked = access.locked_for_update(report, request, Action.EDIT)
        row = (
            KommunFile.objects.select_for_update()
            .filter(kommun=kommun, path=unit.path, deleted=False)
            .first()
        )
        text = bytes(row.content).decode("utf-8") if row else ""
        current = unit.read(text)
        if unit_hash(current) != base:
            saved = _last_save(kommun, unit, current)
            raise Conflict(current, saved.by, saved.at)
        new_text = unit.apply(text)
        if new_text == text:
            return None
        _refuse_adopted(kommun, target)
        _write_shared(kommun, unit.path, new_text.encode("utf-8"), user)
        locked.refresh_from_db(fields=["revision"])
        change = audit.record(
            locked,
            user,
            path=SHARED_PREFIX + unit.path,
            unit=unit.key,
            kind=unit.kind,
            before=current,
            after=unit.read(new_text),
        )
    report.revision = locked.revision
    return change


def _write_shared(kommun: Kommun, path: str, content: bytes, by: User | None) -> None:
    """A new revision of the kommun's file (or the file, made); every revision raised."""
    digest = sha256(content)
    row = KommunFile.objects.select_for_update().filter(kommun=kommun, path=path).first()
    if row is None:
        row = KommunFile.objects.create(
            kommun=kommun, path=path, content=content, sha=digest, updated_by=by
        )
    else:
        row.revision += 1
        row.content = content
        row.sha = digest
        row.deleted = False
        row.updated_by = by
        row.save()
    KommunFileRevision.objects.create(
        file=row, revision=row.revision, content=content, sha=digest, user=by
    )
    Kommun.objects.filter(pk=kommun.pk).update(revision=F("revision") + 1)
    Report.objects.filter(kommun=kommun).update(revision=F("revision") + 1)


def _last_save(kommun: Kommun, unit: Unit, current: str) -> audit.Saved:
    """Who last saved what the form's units hold now: the newest change of the same forecasts
    in any report of the kommun that leaves one of them as it is now (reports of different
    scopes share the key but not every unit)."""
    now = parse_shown(current)
    changes = Change.objects.filter(
        report__kommun=kommun, path=SHARED_PREFIX + unit.path, unit=unit.key
    ).select_related("user")[:50]
    for change in changes:
        after = parse_shown(change.after)
        before = parse_shown(change.before)
        touched = {u for u in after.keys() | before.keys() if after.get(u) != before.get(u)}
        if any(after.get(u) == now.get(u) for u in touched):
            return audit.Saved(audit.display_name(change.user), change.created_at)
    return audit.Saved("(kommunens fil som den importerades)", None)


def _refuse_adopted(kommun: Kommun, target: Target) -> None:
    """Refused while a fastställd report of the kommun shows these forecasts (an årsberättelse
    of the year, or a delårsrapport of the same month): it would change after adoption."""
    adopted = Report.objects.filter(
        kommun=kommun, status=Status.ADOPTED, year=target.year, archived=False
    ).select_related("namnd")
    shown = [r for r in adopted if _shows(r, target.month)]
    if shown:
        names = ", ".join(f"{r.namnd.name}: {r.title}" for r in shown)
        raise Refused(
            f"Prognoserna efter {month_name(target.month)} {target.year} visas i en fastställd "
            f"rapport ({names}) och kan inte ändras i efterhand. En administratör kan återöppna "
            "rapporten med en motivering."
        )


def _shows(report: Report, month: int) -> bool:
    """Whether ``report`` shows the forecasts made after ``month`` (best effort: a report
    whose settings cannot be read is taken to show them)."""
    try:
        data = YAML(typ="safe").load(read_text(report, "uppsikt.yaml"))
        kind = ReportType(str(data.get("rapport", ReportType.ARSBERATTELSE.value)))
    except (YAMLError, ValueError, AttributeError):
        return True
    if kind.kind.plan:
        return False
    if not kind.kind.interim:
        return True
    forecast = data.get("prognos")
    own = forecast.get("månad") if isinstance(forecast, dict) else None
    closing = own if isinstance(own, int) else period_month(str(data.get("period", "")))
    return closing is None or closing == month
