from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from accounts.models import OrganisationKind
from documents import security_log as security_log_csv
from documents import subject_access as subject_access_document
from groepsaanpak import security_events

from . import access, changes, policies, reads, registry, security, subject_access
from . import services as privacy_services
from .forms import RULE_CATEGORIES, CovenantForm, SecurityLogFilterForm
from .log import entries_for_subject
from .models import Covenant, GuardConfirmation
from .reads import export_person_log, person_for_log


@login_required
def log_index(request):
    if not policies.allowed(request.user, "processing_log.read"):
        raise Http404
    query = request.GET.get("q", "").strip()
    # Entries of this municipality: about its cases, or by its users (e.g. exports).
    entries = reads.filter_log(reads.log_of_municipality(request.user), actor_name=query)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "privacy/log_index.html",
        {
            "page": page,
            "query": query,
            "link_subjects": True,
            "filter_query": urlencode({"q": query}) if query else "",
        },
    )


@login_required
def security_log(request):
    """The security log: logins, MFA, tokens, rights, denied access; filtered, paged, or
    as a CSV file (?format=csv, with the same filters)."""
    if not policies.allowed(request.user, "security_log.read"):
        raise Http404
    kinds = [(code, str(label)) for code, label in security.KINDS.items()]
    form = SecurityLogFilterForm(request.GET or None, kinds=kinds)
    events = security.visible_to(request.user)
    valid = form.is_valid() if form.is_bound else True
    if valid and form.is_bound:
        events = security.filtered(events, **form.cleaned_data)
    elif not valid:
        events = events.none()
    filters = {k: v for k, v in request.GET.items() if k in form.fields and v}
    # Who looked at the security log is itself a security event (with the filters used).
    detail = urlencode(filters)[:300]
    if valid and request.GET.get("format") == "csv":
        security_events.emit("security_log.export", request=request, user=request.user, detail=detail)
        return security_log_csv.csv_response(events, labels=dict(kinds))
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    response = render(
        request,
        "privacy/security_log.html",
        {
            "form": form,
            "page": page,
            "labels": dict(kinds),
            "filter_query": urlencode(filters),
            "all_municipalities": policies.allowed(request.user, "security_log.read_all"),
        },
        status=200 if valid else 400,
    )
    if request.GET.get("page", "1") in ("", "1"):  # once per look (after it is shown), not per page turned
        security_events.emit("security_log.read", request=request, user=request.user, detail=detail)
    return response


@login_required
def person_log(request, pseudonym):
    """Who saw data about this youth: for the privacy officer and the case's regisseur."""
    person = person_for_log(request.user, pseudonym)
    entries = entries_for_subject(str(person.pseudonym))
    actor = request.GET.get("actor", "").strip()
    if actor:
        entries = entries.filter(actor_username__icontains=actor)
    if request.GET.get("format") == "csv":
        return export_person_log(request.user, person, entries)
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    filter_query = urlencode({"actor": actor}) if actor else ""
    return render(
        request,
        "privacy/person_log.html",
        {"person": person, "page": page, "actor": actor, "filter_query": filter_query},
    )


@login_required
def covenant(request):
    """The covenant in force for the user's municipality, with its earlier versions."""
    user = request.user
    if not policies.allowed(user, "covenant.view"):
        raise Http404
    municipality_id = user.organisation.municipality_id
    versions = Covenant.objects.filter(municipality_id=municipality_id).prefetch_related("parties")
    in_force = access.covenant_in_force(municipality_id)
    shown = in_force
    if request.GET.get("versie", "").isdigit():
        shown = versions.filter(version=int(request.GET["versie"])).first() or in_force
    rules = {}
    if shown is not None:
        rules = {(r.organisation_kind, r.category): r for r in shown.rules.all()}
    grid = [
        (kind.label, [(c.label, rules.get((str(kind), str(c)))) for c in RULE_CATEGORIES])
        for kind in OrganisationKind
    ]
    return render(
        request,
        "privacy/covenant.html",
        {
            "shown": shown,
            "in_force": in_force,
            "versions": versions,
            "grid": grid,
            "categories": [c.label for c in RULE_CATEGORIES],
            "can_edit": policies.allowed(user, "covenant.edit"),
        },
    )


@login_required
def covenant_new(request):
    user = request.user
    if not policies.allowed(user, "covenant.edit"):
        raise Http404
    municipality = user.organisation.municipality
    current = access.covenant_in_force(municipality.pk)
    current_rules = access.covenant_rules(municipality.pk) if current else {}
    initial = {
        "title": current.title if current else "",
        "purposes": current.purposes if current else "",
        "names_officials_in_access": bool(current and current.names_officials_in_access),
    }
    form = CovenantForm(request.POST or None, current_rules=current_rules, initial=initial)
    if request.method == "POST" and form.is_valid():
        # Four eyes: the new version is a request until a second person approves it.
        changes.request_covenant(
            municipality=municipality,
            reason=form.cleaned_data["reason"],
            title=form.cleaned_data["title"],
            effective_from=form.cleaned_data["effective_from"],
            purposes=form.cleaned_data["purposes"],
            rules=form.rules(),
            names_officials_in_access=form.cleaned_data["names_officials_in_access"],
            actor=user,
        )
        messages.success(
            request,
            _(
                "De nieuwe versie is ter goedkeuring aangeboden. Zij gaat in zodra een beheerder of "
                "de privacyfunctionaris (niet uzelf) haar goedkeurt."
            ),
        )
        return redirect("privacy:changes")
    return render(request, "privacy/covenant_form.html", {"form": form, "current": current})


# Where a confirmation's subject ('intake.signal:12') is shown: the URL name of its page.
SUBJECT_PAGES = {
    "intake.signal": "intake:detail",
    "groups.youthgroup": "groups:detail",
    "cases.case": "cases:detail",
}


def subject_url(subject: str, case_id: int | None = None) -> str:
    """The page of the object a confirmation was made on; for a record of a step without a
    page of its own (an action, a plan version), its case's page; '' when there is none."""
    model, _sep, pk = subject.partition(":")
    name = SUBJECT_PAGES.get(model)
    if name and pk.isdigit():
        target = int(pk)
    elif case_id:
        name, target = "cases:detail", case_id
    else:
        return ""
    try:
        return reverse(name, args=[target])
    except NoReverseMatch:
        return ""


@login_required
def guard_confirmations(request):
    """What authors confirmed as 'not personal data' against the guard, for the privacy
    officer: the text around it, a link to the object, and a 'reviewed' mark with an
    optional remark (a POST with `review` = the confirmation's id). `?open=1` shows only
    what is not reviewed yet. Kept at its own URL: the privacy officer's overview links here."""
    user = request.user
    if not policies.allowed(user, "guard_confirmations.read"):
        raise Http404
    confirmations = GuardConfirmation.objects.filter(
        confirmed_by__organisation__municipality_id=user.organisation.municipality_id
    ).select_related("confirmed_by", "confirmed_by__organisation", "reviewed_by")
    if request.method == "POST":
        target = confirmations.filter(pk=request.POST.get("review") or 0).first()
        if target is None:
            raise Http404
        privacy_services.review_confirmation(target, actor=user, remark=request.POST.get("remark", ""))
        messages.success(request, _("Bevestiging gemarkeerd als beoordeeld."))
        return redirect(f"{reverse('privacy:guard_confirmations')}?{request.GET.urlencode()}")
    only_open = request.GET.get("open") == "1"
    if only_open:
        confirmations = confirmations.filter(reviewed_at__isnull=True)
    page = Paginator(confirmations, 50).get_page(request.GET.get("page"))
    for c in page.object_list:
        c.url = subject_url(c.subject, c.case_id)
    return render(request, "privacy/guard_confirmations.html", {"page": page, "only_open": only_open})


@login_required
def subject_access_page(request, pk):
    """Subject access (inzage, issue 17): everything the procesregisseur may disclose about
    one person, as a page, a PDF (?format=pdf) or JSON (?format=json); each is logged."""
    person = registry.person(pk)
    if person is None or not policies.allowed(request.user, "subject_access.export", obj=person):
        raise Http404
    facts = subject_access.gather(request.user, person)
    fmt = request.GET.get("format", "html")
    if fmt not in ("html", "pdf", "json"):
        fmt = "html"
    subject_access.export(request.user, person, facts, fmt)
    if fmt == "pdf":
        response = HttpResponse(subject_access_document.pdf(facts), content_type="application/pdf")
        response["Content-Disposition"] = 'attachment; filename="inzageoverzicht.pdf"'
        return response
    if fmt == "json":
        response = JsonResponse(
            subject_access_document.as_json(facts), json_dumps_params={"ensure_ascii": False}
        )
        response["Content-Disposition"] = 'attachment; filename="inzageoverzicht.json"'
        return response
    return render(request, "privacy/subject_access.html", {"facts": facts, "person": person})
