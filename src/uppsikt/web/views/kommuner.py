"""A kommun: import its workspace (administratör), its page with the shared files and its
reports (administratör and KS), and replacing a shared file (administratör only)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from uppsikt.web import access
from uppsikt.web.access import Refused
from uppsikt.web.models import GlobalRole, Kommun, KommunFile, Report
from uppsikt.web.services import kommuner
from uppsikt.web.services.parsing import WorkspaceError
from uppsikt.web.services.workers import read_shared_file, read_zip

ADMIN_ONLY = "Bara en administratör kan ändra kommunens gemensamma filer."


class ImportForm(forms.Form):
    fil = forms.FileField(label="Kommunens arbetsyta (zip)")


class ReplaceForm(forms.Form):
    sokvag = forms.ChoiceField(label="Fil som ersätts")
    fil = forms.FileField(label="Ny version av filen")

    def __init__(self, kommun: Kommun, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        paths = KommunFile.objects.filter(kommun=kommun, deleted=False).values_list(
            "path", flat=True
        )
        field = self.fields["sokvag"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(p, p) for p in paths]


def kommun_for(request: HttpRequest, kommun_id: int) -> Kommun:
    """The kommun, when the user may see it (administratör, KS); else 404, as a report."""
    user = request.user
    role = access.global_role(user) if user.is_authenticated else GlobalRole.NONE
    kommun = Kommun.objects.filter(pk=kommun_id).first()
    if kommun is None or role not in (GlobalRole.ADMIN, GlobalRole.KS):
        raise Http404("Kommunen finns inte.")
    return kommun


def _page(
    request: HttpRequest, kommun: Kommun, form: ReplaceForm | None = None, status: int = 200
) -> HttpResponse:
    admin = access.is_admin(request.user)
    context = {
        "kommun": kommun,
        "files": KommunFile.objects.filter(kommun=kommun, deleted=False).select_related(
            "updated_by"
        ),
        "reports": Report.objects.filter(kommun=kommun, archived=False).select_related("namnd"),
        "adopted": kommuner.adopted_reports(kommun),
        "form": (form or ReplaceForm(kommun)) if admin else None,
    }
    return render(request, "uppsikt_web/kommun.html", context, status=status)


@require_http_methods(["GET"])
@login_required
def detail(request: HttpRequest, kommun_id: int) -> HttpResponse:
    return _page(request, kommun_for(request, kommun_id))


@require_POST
@login_required
def replace(request: HttpRequest, kommun_id: int) -> HttpResponse:
    """Replace one shared file with an upload, checked in a worker (workers.read_shared_file)."""
    kommun = kommun_for(request, kommun_id)
    if not access.is_admin(request.user):
        raise Refused(ADMIN_ONLY)
    form = ReplaceForm(kommun, request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, kommun, form, status=400)
    path = form.cleaned_data["sokvag"]
    try:
        content = read_shared_file(form.cleaned_data["fil"], path)
        kommuner.replace_shared(kommun, path, content, access.acting_user(request))
    except WorkspaceError as exc:
        form.add_error("fil", str(exc))
        return _page(request, kommun, form, status=422)
    messages.success(request, f"Kommunens fil {path} är ersatt; varje rapport läser den nya.")
    return redirect("kommun", kommun_id=kommun.pk)


@require_http_methods(["GET", "POST"])
@login_required
def import_kommun(request: HttpRequest) -> HttpResponse:
    if not access.is_admin(request.user):
        raise Refused("Bara en administratör kan importera en kommuns arbetsyta.")
    form = ImportForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                files = read_zip(form.cleaned_data["fil"], kommun=True)
                kommun = kommuner.import_kommun(files, access.acting_user(request))
            except WorkspaceError as exc:
                form.add_error("fil", str(exc))
            else:
                count = kommun.reports.count()
                messages.success(
                    request, f"{kommun.name} är importerad med {count} rapporter, som utkast."
                )
                return redirect("kommun", kommun_id=kommun.pk)
    return render(request, "uppsikt_web/import_kommun.html", {"form": form}, status=status)
