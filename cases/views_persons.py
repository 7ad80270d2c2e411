"""The name list's pages for one youth across groups (issue 18): find a person already on
another list and link them, and import a list from CSV with a preview."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from groepsaanpak.errors import DomainError
from groups.models import Person
from persons import importing
from persons import reads as person_reads
from persons.forms import ImportConfirmForm, ImportForm, LinkForm
from privacy import access
from privacy.categories import Category

from . import name_lists
from .reads import case_or_404


def _supplied_case(user, pk):
    """The case (404 for who may not see it); the page says why a user may not add names."""
    return case_or_404(user, pk)


def _link_page(request, case, *, query="", form=None, error=""):
    user = request.user
    supply = access.can_supply(user, case, Category.PERSONAL)
    found = person_reads.find(user, case, query) if query and supply else []
    return render(
        request,
        "cases/name_list_link.html",
        {
            "case": case,
            "query": query,
            "found": found,
            "form": form or LinkForm(),
            "error": error,
            "supply": supply,
        },
    )


@login_required
def name_list_link(request, pk):
    """Search among the persons the user may see on other lists (GET ?q=)."""
    case = _supplied_case(request.user, pk)
    return _link_page(request, case, query=request.GET.get("q", "").strip()[:100])


@require_POST
@login_required
def name_list_link_person(request, pk):
    user = request.user
    case = _supplied_case(user, pk)
    form = LinkForm(request.POST)
    query = request.POST.get("q", "").strip()[:100]
    if not form.is_valid():
        return _link_page(request, case, query=query, form=form)
    person = Person.objects.filter(pk=form.cleaned_data["person"]).first()
    try:
        if person is None:
            raise DomainError(_("Deze persoon is voor u niet beschikbaar om te koppelen."))
        name_lists.link_person(
            case,
            actor=user,
            person=person,
            role_in_group=form.cleaned_data["role_in_group"],
            accept_warnings=form.cleaned_data["accept_warnings"],
        )
    except DomainError as exc:
        return _link_page(request, case, query=query, form=form, error=str(exc))
    messages.success(
        request, _("%(name)s staat nu ook op deze namenlijst (voorgesteld).") % {"name": person.full_name}
    )
    return redirect("cases:name_list", pk=case.pk)


def _import_page(request, case, *, form=None, rows=None, confirm=None, error=""):
    return render(
        request,
        "cases/name_list_import.html",
        {
            "case": case,
            "form": form or ImportForm(),
            "rows": rows,
            "confirm": confirm,
            "error": error,
            "blocked": sum(1 for r in rows or () if r.errors),
            "warned": sum(1 for r in rows or () if r.warnings and not r.errors),
            "supply": access.can_supply(request.user, case, Category.PERSONAL),
        },
    )


def _preview(request, case, raw, *, form=None, accept=False, error=""):
    try:
        rows = name_lists.check_import(case, actor=request.user, rows=importing.parse(raw))
    except DomainError as exc:
        return _import_page(request, case, form=form, error=str(exc))
    text = raw.decode("utf-8-sig", errors="replace") if isinstance(raw, bytes) else raw
    confirm = ImportConfirmForm(initial={"csv_text": text, "accept_warnings": accept})
    return _import_page(request, case, form=form, rows=rows, confirm=confirm, error=error)


@login_required
def name_list_import(request, pk):
    """GET: the form; POST: the preview, per row its errors and warnings (nothing saved)."""
    case = _supplied_case(request.user, pk)
    if request.method != "POST":
        return _import_page(request, case)
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_page(request, case, form=form)
    return _preview(request, case, form.cleaned_data["raw"], form=form)


@require_POST
@login_required
def name_list_import_confirm(request, pk):
    """Save all rows of the previewed list, or none (then the preview again, with why)."""
    case = _supplied_case(request.user, pk)
    confirm = ImportConfirmForm(request.POST)
    if not confirm.is_valid():
        return _import_page(request, case, error=_("Lees het bestand opnieuw in."))
    raw, accept = confirm.cleaned_data["csv_text"], confirm.cleaned_data["accept_warnings"]
    try:
        added = name_lists.import_name_list(
            case, actor=request.user, rows=importing.parse(raw), accept_warnings=accept
        )
    except DomainError as exc:
        return _preview(request, case, raw, accept=accept, error=str(exc))
    messages.success(request, _("%(n)s namen ingelezen op de namenlijst.") % {"n": len(added)})
    return redirect("cases:name_list", pk=case.pk)
