"""A kommun in the database: its shared files, and its reports each in ``rapporter/<namn>/``.

Import takes a kommun workspace (docs/kommun.md) whole or not at all: one Kommun with the
files at the top, and one Report per report folder, attached to the Namnd of the first code of
its ``omfattning`` (the Namnd rows are made from the organisation's tops when missing). A
shared file is replaced only by an administratör (views/kommuner.py); every replacement is a
new KommunFileRevision, raises the revision of the kommun and of each of its reports (their
content changed) and is a line in each report's history.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib.auth.models import User
from django.db import transaction
from django.db.models import F
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from uppsikt.web.models import (
    Change,
    ChangeKind,
    Kommun,
    KommunFile,
    KommunFileRevision,
    Namnd,
    Report,
    Status,
)
from uppsikt.web.services.store import (
    REPORTS_FOLDER,
    SHARED_PREFIX,
    WorkspaceError,
    import_files,
    safe_path,
    sha256,
)
from uppsikt.workspace.kommun import KOMMUN_MARK, SETTINGS_FILE

WHOLE_KOMMUN = "kommun"
"""``omfattning: kommun``: the report is attached to the organisation's first nämnd."""


@dataclass(frozen=True, slots=True)
class Top:
    code: str
    name: str


def _yaml(files: dict[str, bytes], path: str) -> Any:
    try:
        return YAML(typ="safe").load(files[path].decode("utf-8"))
    except (UnicodeDecodeError, YAMLError) as exc:
        raise WorkspaceError(f"{path} kan inte läsas som YAML: {exc}") from exc


def tops(files: dict[str, bytes]) -> list[Top]:
    """The nämnder of the organisation (its tops): ``nämnder:`` of a kommun, or the one top
    of a nämnd's organisation.yaml."""
    data = _yaml(files, KOMMUN_MARK)
    items = data.get("nämnder") if isinstance(data, dict) else None
    if items is None and isinstance(data, dict):
        items = [data]
    found = [
        Top(str(item["kod"]), str(item.get("namn") or item["kod"]))
        for item in items or []
        if isinstance(item, dict) and item.get("kod")
    ]
    if not found:
        raise WorkspaceError(
            f"{KOMMUN_MARK} har ingen nämnd: skriv nämnderna under «nämnder:» med kod och namn."
        )
    return found


def split(files: dict[str, bytes]) -> tuple[dict[str, bytes], dict[str, dict[str, bytes]]]:
    """The kommun's shared files, and each report folder's files by folder name."""
    shared: dict[str, bytes] = {}
    reports: dict[str, dict[str, bytes]] = {}
    for path, content in files.items():
        parts = safe_path(path).split("/", 2)
        if parts[0] != REPORTS_FOLDER:
            shared[path] = content
        elif len(parts) == 3:
            reports.setdefault(parts[1], {})[parts[2]] = content
        else:
            raise WorkspaceError(
                f"{path}: i {REPORTS_FOLDER}/ ska varje rapport ligga i en egen mapp "
                f"({REPORTS_FOLDER}/<namn>/{SETTINGS_FILE})."
            )
    for name, own in reports.items():
        if SETTINGS_FILE not in own:
            raise WorkspaceError(
                f"Mappen {REPORTS_FOLDER}/{name}/ har ingen {SETTINGS_FILE}. Lägg till den, "
                "eller ta bort mappen ur zip-filen."
            )
    return shared, reports


def first_code(settings: dict[str, bytes], folder: str, found: list[Top]) -> Top:
    """The nämnd a report belongs to: the first code of its omfattning (the first nämnd for
    ``omfattning: kommun`` or none)."""
    data = _yaml(settings, SETTINGS_FILE)
    scope = data.get("omfattning") if isinstance(data, dict) else None
    codes = scope if isinstance(scope, list) else [scope] if scope else []
    if not codes or str(codes[0]).casefold() == WHOLE_KOMMUN:
        return found[0]
    by_code = {top.code.casefold(): top for top in found}
    top = by_code.get(str(codes[0]).casefold())
    if top is None:
        raise WorkspaceError(
            f"{REPORTS_FOLDER}/{folder}/{SETTINGS_FILE}: «{codes[0]}» i «omfattning» är ingen "
            f"nämnd i {KOMMUN_MARK} ({', '.join(t.code for t in found)})."
        )
    return top


def _name(shared: dict[str, bytes], reports: dict[str, dict[str, bytes]]) -> tuple[str, str]:
    """The kommun's name and code: organisation.yaml's «kommun», else a report's."""
    candidates = [_yaml(shared, KOMMUN_MARK)]
    candidates += [_yaml(own, SETTINGS_FILE) for _, own in sorted(reports.items())]
    name = code = ""
    for data in candidates:
        if isinstance(data, dict):
            name = name or str(data.get("kommun") or "")
            code = code or str(data.get("kommunkod") or "")
    return (name or "Kommunen")[:200], code[:40]


def namnd_for(top: Top) -> Namnd:
    found = Namnd.objects.filter(code__iexact=top.code).first()
    if found is not None:
        return found
    return Namnd.objects.create(code=top.code.lower()[:40], name=top.name[:200])


def import_kommun(files: dict[str, bytes], user: User | None) -> Kommun:
    """A new Kommun with its shared files and one report (utkast) per report folder, in one
    transaction: all or nothing."""
    if KOMMUN_MARK not in files:
        raise WorkspaceError(f"Kommunens arbetsyta har ingen {KOMMUN_MARK}.")
    shared, reports = split(files)
    if not reports:
        raise WorkspaceError(f"Kommunens arbetsyta har ingen rapport i {REPORTS_FOLDER}/.")
    found = tops(shared)
    owners = {folder: first_code(own, folder, found) for folder, own in reports.items()}
    name, code = _name(shared, reports)
    with transaction.atomic():
        kommun = Kommun.objects.create(name=name, code=code)
        for path, content in sorted(shared.items()):
            _create(kommun, path, content, user)
        namnder = {top.code: namnd_for(top) for top in found}
        for folder, own in sorted(reports.items()):
            import_files(own, namnder[owners[folder].code], user, kommun=kommun, folder=folder)
    return kommun


def _create(kommun: Kommun, path: str, content: bytes, user: User | None) -> None:
    digest = sha256(content)
    row = KommunFile.objects.create(
        kommun=kommun, path=safe_path(path), content=content, sha=digest, updated_by=user
    )
    KommunFileRevision.objects.create(file=row, revision=1, content=content, sha=digest, user=user)


def adopted_reports(kommun: Kommun) -> list[Report]:
    return list(
        Report.objects.filter(kommun=kommun, archived=False, status=Status.ADOPTED).select_related(
            "namnd"
        )
    )


def replace_shared(kommun: Kommun, path: str, content: bytes, user: User | None) -> KommunFile:
    """Replace the kommun's file ``path`` (an existing one) with ``content``, in one
    transaction: a new revision of the file, the kommun's and every report's revision raised,
    and a line in each report's history. Refused while a report of the kommun is fastställd:
    its content would change under the adopted report."""
    with transaction.atomic():
        locked = Kommun.objects.select_for_update().get(pk=kommun.pk)
        reports = list(Report.objects.select_for_update().filter(kommun=locked, archived=False))
        adopted = [r for r in reports if r.status == Status.ADOPTED]
        if adopted:
            names = ", ".join(f"{r.namnd.name}: {r.title}" for r in adopted)
            raise WorkspaceError(
                f"Kommunens filer kan inte ändras medan en rapport är fastställd ({names}): "
                "den skulle ändras i efterhand. Återöppna rapporten först."
            )
        row = KommunFile.objects.select_for_update().filter(kommun=locked, path=path).first()
        if row is None or row.deleted:
            raise WorkspaceError(f"Kommunen har ingen fil {path}.")
        if row.sha == sha256(content):
            return row
        before = row.sha
        row.revision += 1
        row.content = content
        row.sha = sha256(content)
        row.updated_by = user
        row.save()
        KommunFileRevision.objects.create(
            file=row, revision=row.revision, content=content, sha=row.sha, user=user
        )
        Kommun.objects.filter(pk=locked.pk).update(revision=F("revision") + 1)
        for report in reports:
            Report.objects.filter(pk=report.pk).update(revision=F("revision") + 1)
            Change.objects.create(
                report=report,
                user=user,
                path=SHARED_PREFIX + path,
                unit="kommunens fil",
                kind=ChangeKind.WORKSPACE,
                before=f"sha256 {before[:12]}",
                after=f"Kommunens fil {path} ersatt (version {row.revision}, sha256 "
                f"{row.sha[:12]})",
                report_revision=report.revision + 1,
            )
    return row
