"""Pages for the data subject's rights (issue 17; cases/rights.py): the requests about one
person for the procesregisseur, and the privacy officer's list of all requests with their
deadlines and the old values of corrections."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from groups.models import Person
from privacy import policies

from . import rights
from .models import CORRECTABLE_FIELDS, RightsRequest, RightsRequestKind


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Soort verzoek"), choices=RightsRequestKind.choices)
    received_on = forms.DateField(
        label=gettext_lazy("Ontvangen op"), widget=forms.DateInput(attrs={"type": "date"})
    )
    case = forms.TypedChoiceField(
        label=gettext_lazy("Casus (bij bezwaar)"), coerce=int, required=False, empty_value=None
    )
    field = forms.ChoiceField(
        label=gettext_lazy("Te corrigeren gegeven (bij correctie)"),
        choices=[("", "—"), *CORRECTABLE_FIELDS.items()],
        required=False,
    )
    new_value = forms.CharField(
        label=gettext_lazy("Juiste waarde (bij correctie)"), max_length=200, required=False
    )
    request = forms.CharField(
        label=gettext_lazy("Het verzoek"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )

    def __init__(self, *args, cases=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["case"].choices = [("", "—"), *((c.pk, c.group.name) for c in cases)]


class DecideForm(forms.Form):
    upheld = forms.TypedChoiceField(
        label=gettext_lazy("Besluit"),
        choices=[("1", gettext_lazy("Toewijzen")), ("0", gettext_lazy("Afwijzen"))],
        coerce=lambda v: v == "1",
    )
    outcome = forms.CharField(label=gettext_lazy("Uitkomst"), widget=forms.Textarea(attrs={"rows": 2}))


class ExtendForm(forms.Form):
    until = forms.DateField(
        label=gettext_lazy("Nieuwe uiterste datum"), widget=forms.DateInput(attrs={"type": "date"})
    )
    reason = forms.CharField(label=gettext_lazy("Reden"), widget=forms.Textarea(attrs={"rows": 2}))


def _person_or_404(user, pk) -> Person:
    person = Person.objects.filter(pk=pk).first()
    if person is None or not policies.allowed(user, "rights.handle", obj=person):
        raise Http404
    return person


def _page(request, person, form=None, status=200):
    cases = [m.case for m in person.memberships.select_related("case__group")]
    return render(
        request,
        "cases/rights_requests.html",
        {
            "person": person,
            "requests": RightsRequest.objects.filter(person=person).select_related("case__group"),
            "form": form or RequestForm(cases=cases, initial={"received_on": timezone.localdate()}),
            "decide_form": DecideForm(),
            "extend_form": ExtendForm(),
        },
        status=status,
    )


@login_required
def person_requests(request, pk):
    return _page(request, _person_or_404(request.user, pk))


@login_required
@require_POST
def request_record(request, pk):
    person = _person_or_404(request.user, pk)
    cases = {m.case.pk: m.case for m in person.memberships.select_related("case__group")}
    form = RequestForm(request.POST, cases=cases.values())
    if not form.is_valid():
        return _page(request, person, form, status=400)
    data = form.cleaned_data
    try:
        rights.record_request(
            person,
            actor=request.user,
            kind=data["kind"],
            received_on=data["received_on"],
            request=data["request"],
            case=cases.get(data["case"]),
            field=data["field"],
            new_value=data["new_value"],
        )
    except rights.RightsError as error:
        form.add_error(None, str(error))
        return _page(request, person, form, status=400)
    messages.success(request, _("Het verzoek is vastgelegd."))
    return redirect("cases:person_requests", pk=person.pk)


def _request_or_404(user, pk) -> RightsRequest:
    req = RightsRequest.objects.select_related("person").filter(pk=pk).first()
    if req is None or not policies.allowed(user, "rights.handle", obj=req.person):
        raise Http404
    return req


def _act_on_request(request, pk, form_class, incomplete, act, done):
    """One POST on a request: bind the form, call the service, show its refusal or `done`."""
    req = _request_or_404(request.user, pk)
    form = form_class(request.POST)
    try:
        if not form.is_valid():
            raise rights.RightsError(incomplete)
        act(req, actor=request.user, **form.cleaned_data)
    except rights.RightsError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("cases:person_requests", pk=req.person_id)


@login_required
@require_POST
def request_decide(request, pk):
    return _act_on_request(
        request,
        pk,
        DecideForm,
        _("Kies toewijzen of afwijzen en beschrijf de uitkomst."),
        rights.decide,
        _("Het besluit is vastgelegd."),
    )


@login_required
@require_POST
def request_extend(request, pk):
    return _act_on_request(
        request,
        pk,
        ExtendForm,
        _("Geef een nieuwe datum en de reden."),
        rights.extend_deadline,
        _("De termijn is verlengd."),
    )


@login_required
def requests_overview(request):
    """The privacy officer's list: every request of the municipality, the open ones by
    deadline first, with the old value of each correction (only here)."""
    user = request.user
    municipality_id = user.organisation.municipality_id if user.organisation_id else None
    probe = Person(municipality_id=municipality_id)
    if municipality_id is None or not policies.allowed(user, "rights.old_value", obj=probe):
        raise Http404
    requests = (
        RightsRequest.objects.filter(person__municipality_id=municipality_id)
        .select_related("person", "case__group")
        .order_by("status", "deadline", "pk")
    )
    return render(
        request, "cases/rights_overview.html", {"requests": requests, "today": timezone.localdate()}
    )
