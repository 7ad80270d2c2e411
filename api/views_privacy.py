"""Privacy administration through the API, as on the pages: offering a new covenant
version for approval (procesregisseur, privacyfunctionaris; validated by the page's
CovenantForm; it takes effect when a second person approves it on the pending-changes
page, privacy.changes) and
the list of guard confirmations (privacyfunctionaris)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from rest_framework import exceptions, serializers, status

from accounts.models import OrganisationKind
from privacy import changes, policies
from privacy import reads as privacy_reads
from privacy import services as privacy_services
from privacy.categories import LegalBasis
from privacy.forms import RULE_CATEGORIES, CovenantForm
from privacy.models import ChangeRequest

from . import serializers as s
from . import views
from .base import ApiView, allowed, endpoint, or_404
from .views import form_errors

CATEGORY_CODES = [str(c) for c in RULE_CATEGORIES]


class KindCategorySerializer(serializers.Serializer):
    category = serializers.ChoiceField(choices=CATEGORY_CODES)
    may_supply = serializers.BooleanField(default=False)
    may_receive = serializers.BooleanField(default=False)


class KindRulesSerializer(serializers.Serializer):
    organisation_kind = serializers.ChoiceField(choices=OrganisationKind.choices)
    legal_basis = serializers.ChoiceField(choices=LegalBasis.choices, required=False, allow_blank=True)
    retention_months = serializers.IntegerField(min_value=1, max_value=240, required=False, allow_null=True)
    categories = KindCategorySerializer(many=True, max_length=len(CATEGORY_CODES))


class CovenantPublishSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    effective_from = serializers.DateField()
    purposes = serializers.CharField(max_length=5000)
    names_officials_in_access = serializers.BooleanField(
        default=False,
        help_text="Bij inzage (AVG art. 15) de namen van de medewerkers noemen, niet alleen hun organisatie.",
    )
    reason = serializers.CharField(
        max_length=2000, help_text="Waarom deze versie; komt in het verslag van de goedkeuring."
    )
    kinds = KindRulesSerializer(
        many=True,
        max_length=len(OrganisationKind),
        help_text="Per soort organisatie: grondslag, bewaartermijn en per categorie verstrekken/ontvangen. "
        "Een soort die niet voorkomt, wisselt niets uit.",
    )


class ChangeRequestSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    requested_by = serializers.CharField(source="requested_by.username", read_only=True)

    class Meta:
        model = ChangeRequest
        fields = ["id", "kind", "status", "reason", "requested_by", "requested_at"]


def _form_data(data: dict) -> dict:
    """The API body as the page form's fields (kind__category__supply, kind__basis, …)."""
    form = {
        "reason": data["reason"],
        "title": data["title"],
        "effective_from": data["effective_from"].isoformat(),
        "purposes": data["purposes"],
    }
    if data.get("names_officials_in_access"):
        form["names_officials_in_access"] = "on"
    for kind in data["kinds"]:
        k = kind["organisation_kind"]
        form[f"{k}__basis"] = kind.get("legal_basis") or ""
        if kind.get("retention_months") is not None:
            form[f"{k}__retention"] = str(kind["retention_months"])
        for rule in kind["categories"]:
            for what in ("supply", "receive"):
                if rule.get(f"may_{what}"):
                    form[f"{k}__{rule['category']}__{what}"] = "on"
    return form


class CovenantListView(views.CovenantListView):
    # POST added to the covenant list (GET stays in api.views).

    tag = "referentie"
    permission = allowed(
        lambda user, _target: policies.allowed(user, "covenant.edit"),
        "Alleen de procesregisseur of de privacyfunctionaris stelt het convenant vast.",
    )

    @endpoint(
        request=CovenantPublishSerializer,
        ok={202: ChangeRequestSerializer},
        errors=(400, 403, 413),
        idempotent=True,
    )
    def post(self, request):
        """Nieuwe versie van het convenant ter goedkeuring aanbieden (procesregisseur, privacyfunctionaris)

        Dezelfde regels als het scherm: geen terugwerkende kracht, een grondslag voor elke soort organisatie
        die iets uitwisselt, een reden. Het antwoord (202) is het verzoek: de versie gaat pas in als een
        tweede persoon (een beheerder of de privacyfunctionaris, niet de aanvrager) haar goedkeurt op de
        pagina Wijzigingen. Eerdere versies blijven bestaan."""
        user = request.user
        self.covenants()  # 403 for who may not even read it
        self.check_permission()
        data = self.validated(CovenantPublishSerializer)
        kinds = [k["organisation_kind"] for k in data["kinds"]]
        if len(kinds) != len(set(kinds)):
            raise exceptions.ValidationError({"kinds": [_("Noem elke soort organisatie één keer.")]})
        form = CovenantForm(_form_data(data), current_rules={})
        if not form.is_valid():
            raise form_errors(form)
        change = changes.request_covenant(
            municipality=user.organisation.municipality,
            reason=form.cleaned_data["reason"],
            title=form.cleaned_data["title"],
            effective_from=form.cleaned_data["effective_from"],
            purposes=form.cleaned_data["purposes"],
            rules=form.rules(),
            names_officials_in_access=form.cleaned_data["names_officials_in_access"],
            actor=user,
        )
        return self.respond(ChangeRequestSerializer, change, status.HTTP_202_ACCEPTED)


class GuardConfirmationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    subject = serializers.CharField(help_text="Waar de tekst staat, bv. intake.signal:12.")
    case_id = serializers.IntegerField(allow_null=True, help_text="De casus waar de tekst bij hoort.")
    kind = serializers.CharField()
    kind_label = serializers.CharField()
    text = serializers.CharField()
    confirmed_by = serializers.CharField(source="confirmed_by.username")
    organisation = serializers.CharField(source="confirmed_by.organisation.name", default="")
    confirmed_at = s.DateTimeField()
    field = serializers.CharField(help_text="Het veld (of het label) waarin de tekst stond.")
    context = serializers.CharField(help_text="De tekst rond de bevestigde vondst.")
    reviewed_at = s.DateTimeField(
        allow_null=True, help_text="Wanneer de privacyfunctionaris dit beoordeelde."
    )
    reviewed_by = serializers.CharField(source="reviewed_by.username", default=None, allow_null=True)
    review_remark = serializers.CharField(help_text="De opmerking bij de beoordeling.")


class GuardConfirmationReviewSerializer(serializers.Serializer):
    remark = serializers.CharField(
        max_length=500, required=False, allow_blank=True, default="", help_text="Bijvoorbeeld 'terecht'."
    )


def _confirmations_of(user):
    """The confirmations the privacy officer of the caller's municipality may see (403 for
    anyone else): the page's rule, privacy.views.guard_confirmations."""
    if not policies.allowed(user, "guard_confirmations.read"):
        raise exceptions.PermissionDenied(_("Alleen de privacyfunctionaris ziet de bevestigingen."))
    return privacy_reads.guard_confirmations_for(user)


class GuardConfirmationListView(ApiView):
    tag = "privacy"

    @endpoint(ok=GuardConfirmationSerializer(many=True), errors=(403,))
    def get(self, request):
        """Bevestigingen bij de privacytoets ('geen persoonsgegeven') in uw gemeente

        `?open=1`: alleen wat nog niet beoordeeld is."""
        confirmations = _confirmations_of(request.user)
        if request.query_params.get("open") == "1":
            confirmations = confirmations.filter(reviewed_at__isnull=True)
        return self.paginate(confirmations, GuardConfirmationSerializer)


class GuardConfirmationReviewView(ApiView):
    tag = "privacy"

    @endpoint(request=GuardConfirmationReviewSerializer, ok=GuardConfirmationSerializer, errors=(403, 404))
    def post(self, request, pk):
        """Een bevestiging markeren als beoordeeld, met een opmerking

        Zoals op de pagina: de privacyfunctionaris van de gemeente; nogmaals beoordelen
        vervangt de opmerking."""
        target = or_404(_confirmations_of(request.user), pk=pk)
        data = self.checked_input(GuardConfirmationReviewSerializer)
        reviewed = privacy_services.review_confirmation(target, actor=request.user, remark=data["remark"])
        return self.respond(GuardConfirmationSerializer, reviewed)
