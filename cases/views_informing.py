"""The informatieplicht pages of a case (issue 17): who is to be informed, the letters,
when and how each was informed or why that waits; the municipality's wording of the
letter; the group-level letter to parents through schools."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from documents import letters
from privacy import policies
from privacy.access import AccessDenied
from privacy.guarding import parse_confirmations

from . import informing, writes
from .forms_informing import AUDIENCES, InformedForm, ParentForm, PostponeForm, SchoolLetterForm, TemplateForm
from .models import Audience
from .reads import case_or_404
from .workflow import WorkflowError

ERRORS = (AccessDenied, WorkflowError, writes.WriteRefused)


def _informing_case(user, pk):
    """The case, for who may work on its informatieplicht; 404 for anyone else."""
    case = case_or_404(user, pk)
    if not policies.allowed(user, "informing.manage", case=case):
        raise Http404
    return case


def _page(request, case, *, bound=None, parent_form=None, status=200):
    """The informatieplicht page; a POST renders it again with its bound form on error."""
    rows = informing.overview(request.user, case)
    bound = bound or {}
    for row in rows:
        row.informed_form = bound.get(("informed", row.key)) or InformedForm(
            prefix=f"inf-{row.key}", initial={"key": row.key}
        )
        row.postpone_form = bound.get(("postpone", row.key)) or PostponeForm(
            prefix=f"pp-{row.key}", initial={"key": row.key}
        )
    youths = [r.membership for r in rows if r.audience == Audience.YOUTH]
    return render(
        request,
        "cases/informing.html",
        {
            "case": case,
            "rows": rows,
            "outstanding": sum(1 for r in rows if r.outstanding),
            "parent_form": parent_form or ParentForm(prefix="parent", youths=youths),
            "may_write": case.is_open,
            "may_edit_template": policies.allowed(request.user, "informing.template"),
            "may_school_letter": policies.allowed(request.user, "school_letter.compose", case=case),
        },
        status=status,
    )


@require_safe
@login_required
def informing_page(request, pk):
    return _page(request, _informing_case(request.user, pk))


@require_POST
@login_required
def informing_parent(request, pk):
    case = _informing_case(request.user, pk)
    youths = [e.membership for e in informing.entries(case) if e.audience == Audience.YOUTH]
    form = ParentForm(request.POST, prefix="parent", youths=youths)
    if form.is_valid():
        try:
            informing.add_parent(
                case,
                actor=request.user,
                membership_pk=form.cleaned_data["membership"],
                name=form.cleaned_data["name"],
                address=form.cleaned_data["address"],
            )
        except ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Ouder of voogd toegevoegd."))
            return redirect("cases:informing", pk=case.pk)
    return _page(request, case, parent_form=form, status=400)


def _record(request, pk, *, form_class, prefix, slot, service, done):
    """One recording form per person (informed, or postponed): the service gets the person's
    key and the form's other fields; a refusal about the person is a 404, a bad value is
    shown on the form."""
    case = _informing_case(request.user, pk)
    key = request.POST.get("key", "")
    form = form_class(request.POST, prefix=f"{prefix}-{key}")
    if form.is_valid():
        values = dict(form.cleaned_data)
        try:
            service(case, values.pop("key"), actor=request.user, **values)
        except AccessDenied as exc:
            raise Http404 from exc
        except ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, done)
            return redirect("cases:informing", pk=case.pk)
    return _page(request, case, bound={(slot, key): form}, status=400)


@require_POST
@login_required
def informing_informed(request, pk):
    return _record(
        request, pk, form_class=InformedForm, prefix="inf", slot="informed",
        service=informing.record_informed, done=_("Vastgelegd: geïnformeerd."),
    )  # fmt: skip


@require_POST
@login_required
def informing_postpone(request, pk):
    return _record(
        request, pk, form_class=PostponeForm, prefix="pp", slot="postpone",
        service=informing.record_postponed, done=_("Vastgelegd: informeren is uitgesteld."),
    )  # fmt: skip


@require_safe
@login_required
def informing_letter(request, pk):
    """The letter for one person (?voor=<key>&formaat=pdf|docx); logged as an export."""
    case = _informing_case(request.user, pk)
    fmt = request.GET.get("formaat", "pdf")
    if fmt not in letters.FORMATS:
        raise Http404
    try:
        content, filename = informing.letter(case, request.GET.get("voor", ""), actor=request.user, fmt=fmt)
    except AccessDenied as exc:
        raise Http404 from exc
    return letters.file_response(content, filename, fmt)


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def school_letter(request, pk):
    """The group-level letter to parents through schools: the form, and on POST the file."""
    case = case_or_404(request.user, pk)
    if not policies.allowed(request.user, "school_letter.compose", case=case):
        raise Http404
    form = SchoolLetterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        fmt = data.pop("format")
        try:
            content, filename = informing.school_letter_file(
                case, actor=request.user, fmt=fmt, confirmed=parse_confirmations(request.POST.getlist("guard_confirm")),
                **data,
            )  # fmt: skip
        except ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            return letters.file_response(content, filename, fmt)
    return render(
        request,
        "cases/school_letter.html",
        {"case": case, "form": form},
        status=400 if form.is_bound and form.errors else 200,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@login_required
def letter_template(request, audience):
    """The municipality's own wording of the informatieplicht letter, per audience."""
    user = request.user
    if not policies.allowed(user, "informing.template") or audience not in AUDIENCES:
        raise Http404
    municipality = user.organisation.municipality
    current = informing.template_texts(municipality.pk, audience)
    form = TemplateForm(request.POST or None, initial=current or informing.default_texts(audience))
    if request.method == "POST" and form.is_valid():
        try:
            informing.save_template(
                municipality, audience, actor=user, confirmed=parse_confirmations(request.POST.getlist("guard_confirm")),
                **form.cleaned_data,
            )  # fmt: skip
        except ERRORS as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("De tekst van de brief is opgeslagen."))
            return redirect("cases:letter_template", audience=audience)
    return render(
        request,
        "cases/letter_template.html",
        {
            "form": form,
            "audience": audience,
            "audience_label": AUDIENCES[audience],
            "audiences": AUDIENCES.items(),
            "own": bool(current),
        },
        status=400 if form.is_bound and form.errors else 200,
    )
