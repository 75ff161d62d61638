"""The database: nämnder, who may do what, and each report as its workspace's files.

A report is stored as its workspace: one row per file (current content) and an append-only
revision table, so every earlier version stays readable and nothing is hard-deleted. Every
save is a Change row (who, when, what, before, after) and every workflow step a Transition.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models


class GlobalRole(models.TextChoices):
    NONE = "", "Ingen"
    ADMIN = "administrator", "Administratör"
    KS = "ks", "KS"


class NamndRole(models.TextChoices):
    EDITOR = "redaktor", "Nämnd-redaktör"
    READER = "lasare", "Nämnd-läsare"


class Status(models.TextChoices):
    DRAFT = "utkast", "Utkast"
    REVIEW = "granskning", "För granskning"
    ADOPTED = "faststalld", "Fastställd"


class Namnd(models.Model):
    code = models.SlugField("kod", max_length=40, unique=True)
    name = models.CharField("namn", max_length=200)

    class Meta:
        ordering = ("name",)
        verbose_name = "nämnd"
        verbose_name_plural = "nämnder"

    def __str__(self) -> str:
        return self.name


class Profile(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="uppsikt_profile"
    )
    role = models.CharField(max_length=20, choices=GlobalRole.choices, blank=True, default="")

    def __str__(self) -> str:
        return f"{self.user} ({self.get_role_display()})"


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    namnd = models.ForeignKey(Namnd, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=NamndRole.choices)

    class Meta:
        constraints = (
            models.UniqueConstraint(fields=("user", "namnd"), name="one_membership_per_namnd"),
        )

    def __str__(self) -> str:
        return f"{self.user} – {self.namnd} ({self.get_role_display()})"


class StoredFile(models.Model):
    """The current content of one stored file: a report's (WorkspaceFile) or a kommun's
    shared file (KommunFile); every version is kept in a StoredRevision."""

    path = models.CharField(max_length=300)
    content = models.BinaryField()
    sha = models.CharField(max_length=64)
    revision = models.IntegerField(default=1)
    deleted = models.BooleanField(default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True
        ordering = ("path",)

    def __str__(self) -> str:
        return self.path


class StoredRevision(models.Model):
    """Every version a stored file has had, appended and never changed."""

    revision = models.IntegerField()
    content = models.BinaryField()
    sha = models.CharField(max_length=64)
    deleted = models.BooleanField(default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ("file", "revision")


class Kommun(models.Model):
    """A kommun workspace: the municipality's shared files (organisation, ledger, KF's goals,
    shared indicators …), read by each of its reports (docs/kommun.md)."""

    name = models.CharField("namn", max_length=200)
    code = models.CharField("kommunkod", max_length=40, blank=True)
    """Not unique: each year's kommun workspace is a row of its own."""
    revision = models.IntegerField(default=0)
    """Raised by every change of the shared files."""
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ("name", "id")
        verbose_name = "kommun"
        verbose_name_plural = "kommuner"

    def __str__(self) -> str:
        return self.name


class KommunFile(StoredFile):
    """The current content of one of a kommun's shared files (as WorkspaceFile of a report)."""

    kommun = models.ForeignKey(Kommun, on_delete=models.PROTECT, related_name="files")

    class Meta(StoredFile.Meta):
        constraints = (
            models.UniqueConstraint(fields=("kommun", "path"), name="one_row_per_kommun_file"),
        )


class KommunFileRevision(StoredRevision):
    """Every version a shared file has had, appended and never changed."""

    file = models.ForeignKey(KommunFile, on_delete=models.PROTECT, related_name="revisions")

    class Meta(StoredRevision.Meta):
        constraints = (
            models.UniqueConstraint(
                fields=("file", "revision"), name="one_row_per_kommun_file_revision"
            ),
        )


class Report(models.Model):
    namnd = models.ForeignKey(Namnd, on_delete=models.PROTECT, related_name="reports")
    kommun = models.ForeignKey(
        Kommun, on_delete=models.PROTECT, null=True, blank=True, related_name="reports"
    )
    """The kommun whose shared files the report reads; None for a workspace of its own."""
    folder = models.CharField("mapp", max_length=100, blank=True, default="")
    """The report's folder in the kommun's ``rapporter/`` (with a kommun only)."""
    title = models.CharField("titel", max_length=200)
    year = models.IntegerField("år")
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    revision = models.IntegerField(default=0)
    """Raised by every change of the report's files: the key of caches and builds."""
    archived = models.BooleanField(default=False)
    """Reports are never deleted; an archived one is hidden from lists."""
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ("namnd__name", "-year", "id")

    def __str__(self) -> str:
        return f"{self.namnd.name}: {self.title}"


class WorkspaceFile(StoredFile):
    """The current content of one file of a report's workspace."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="files")

    class Meta(StoredFile.Meta):
        constraints = (models.UniqueConstraint(fields=("report", "path"), name="one_row_per_file"),)


class FileRevision(StoredRevision):
    """Every version a file has had, appended and never changed."""

    file = models.ForeignKey(WorkspaceFile, on_delete=models.PROTECT, related_name="revisions")

    class Meta(StoredRevision.Meta):
        constraints = (
            models.UniqueConstraint(fields=("file", "revision"), name="one_row_per_revision"),
        )


class ChangeKind(models.TextChoices):
    TEXT = "text", "Text"
    STANCE = "stance", "Ställningstagande"
    AREA = "area", "Målområde"
    VALUE = "value", "Indikatorvärde"
    LEDGER = "ledger", "Import till huvudboken"
    WORKSPACE = "workspace", "Arbetsyta"


class Change(models.Model):
    """One save: who, when, which unit of which file, and the unit before and after."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="changes")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    path = models.CharField(max_length=300)
    unit = models.CharField(max_length=300)
    kind = models.CharField(max_length=20, choices=ChangeKind.choices)
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)
    report_revision = models.IntegerField()

    class Meta:
        ordering = ("-created_at", "-id")
        indexes = (models.Index(fields=("report", "path", "unit")),)


class Transition(models.Model):
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="transitions")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    from_status = models.CharField(max_length=20, choices=Status.choices)
    to_status = models.CharField(max_length=20, choices=Status.choices)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ("-created_at", "-id")


class Comment(models.Model):
    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="comments")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField()

    class Meta:
        ordering = ("created_at", "id")


class ImportRun(models.Model):
    """An upload of a ledger or budget file: what was imported, or why it was refused."""

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="imports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    ok = models.BooleanField()
    kind = models.CharField(max_length=20)
    size = models.BigIntegerField()
    summary = models.JSONField(default=list)
    diagnostics = models.JSONField(default=list)

    class Meta:
        ordering = ("-created_at", "-id")


class LoginFailure(models.Model):
    """A failed login, for throttling (by user name and address)."""

    username = models.CharField(max_length=150)
    address = models.CharField(max_length=64)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        indexes = (models.Index(fields=("username", "address", "created_at")),)
