"""The report's workflow: utkast → för granskning → fastställd, every step recorded.

A redaktör submits an utkast for review and may take it back; an administratör, acting on
the nämnd's decision, adopts a report under review (only without errors) and may reopen an
adopted one, with a reason. An adopted report is locked: access.decide refuses every edit.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.http import HttpRequest

from uppsikt.web import access
from uppsikt.web.access import Action
from uppsikt.web.models import Report, Status, Transition
from uppsikt.web.services.loaded import load


@dataclass(frozen=True, slots=True)
class Step:
    action: Action
    to: Status
    label: str
    """The button's text."""
    needs_reason: bool


STEPS: dict[str, Step] = {
    "skicka": Step(Action.SUBMIT, Status.REVIEW, "Skicka för granskning", False),
    "aterta": Step(Action.WITHDRAW, Status.DRAFT, "Ta tillbaka till utkast", True),
    "faststall": Step(Action.ADOPT, Status.ADOPTED, "Fastställ rapporten", False),
    "ateroppna": Step(Action.REOPEN, Status.DRAFT, "Återöppna rapporten", True),
}


class StepError(ValueError):
    """A step that cannot be taken now, with a message for the user."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.field = field


def available(request: HttpRequest, report: Report) -> list[tuple[str, Step]]:
    return [(k, s) for k, s in STEPS.items() if access.can(request.user, report, s.action)]


def take(request: HttpRequest, report: Report, name: str, reason: str) -> Transition:
    step = STEPS.get(name)
    if step is None:
        raise StepError("Okänt steg i arbetsflödet.")
    reason = reason.strip()
    if step.needs_reason and not reason:
        raise StepError("Ange en motivering.", "reason")
    if len(reason) > 5000:
        raise StepError("Motiveringen är för lång (högst 5 000 tecken).", "reason")
    with transaction.atomic():
        locked = access.locked_for_update(report, request, step.action)
        # The check runs under the report's lock, on exactly the files being adopted: a save
        # waits for the lock, so none can slip in between the check and the adoption.
        if step.action is Action.ADOPT and load(locked).errors:
            raise StepError(
                "Rapporten har fel och kan inte fastställas. Rätta felen under Kontroller först."
            )
        transition = Transition.objects.create(
            report=locked,
            user=access.acting_user(request),
            from_status=locked.status,
            to_status=step.to,
            reason=reason,
        )
        locked.status = step.to
        locked.save(update_fields=["status", "updated_at"])
    report.status = step.to
    return transition
