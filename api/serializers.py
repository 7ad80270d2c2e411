"""What goes in and out of the API. Output serializers describe exactly what a view
returns (the OpenAPI schema is generated from them and checked by schemathesis);
input serializers repeat the page forms' rules with the same (translated) messages."""

from __future__ import annotations

import datetime

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from accounts.models import OrganisationKind, Role
from cases.models import CaseStatus, InformationPosition, RequestKind, RequestStatus, Step
from groepsaanpak import uploads
from groups.models import GroupRole, MembershipStatus
from intake.models import Behaviour, Impact, SignalStatus, Source
from privacy import guard
from privacy.categories import Category, LegalBasis
from privacy.models import MatrixCluster, MatrixLevel

MAX_ID = 2**63 - 1  # ids beyond this cannot exist in any database
SMALL_INT = 32767  # PositiveSmallIntegerField, as the page forms allow
TEXT_LIMIT = 10_000  # free text the guard scans; a signal is a few sentences


def id_field(**kwargs) -> serializers.IntegerField:
    """An id the body refers to: 1 up to the largest id any database can hold."""
    return serializers.IntegerField(min_value=1, max_value=MAX_ID, **kwargs)


PERSON_HELP = "De jongere: het id van de persoon (zoals `/persons/{id}`)."
OLD_MEMBER_HELP = (
    "Verouderd (tot API-versie 2): het id van de plaats op de namenlijst; gebruik het persoons-id."
)


def person_field(help_text: str = PERSON_HELP) -> serializers.IntegerField:
    """A youth the body names: the person id, the one identity of a youth in the API."""
    return id_field(required=False, allow_null=True, default=None, help_text=help_text)


def old_member_field() -> serializers.IntegerField:
    """The deprecated way to name a youth: the place on the name list (membership id)."""
    return id_field(required=False, allow_null=True, default=None, help_text=OLD_MEMBER_HELP)


def version_field(help_text: str) -> serializers.IntegerField:
    """The number of the version a write builds on (0 for the first one)."""
    return serializers.IntegerField(min_value=0, max_value=2**31 - 1, help_text=help_text)


VERSION_HELP = (
    "Het nummer van de versie waarop u voortbouwt (0 voor de eerste). Is er intussen een nieuwere "
    "versie, dan volgt 409 (stale_version) en wordt niets opgeslagen."
)


IN_FUTURE = _("Deze datum kan niet in de toekomst liggen.")


def not_in_future(message=IN_FUTURE):
    """A validator for a date that has happened (as the page forms check it)."""

    def check(value):
        if value > timezone.localdate():
            raise serializers.ValidationError(message)

    return check


def not_in_past(message):
    """A validator for a date still to come (a deadline)."""

    def check(value):
        if value < timezone.localdate():
            raise serializers.ValidationError(message)

    return check


class DateTimeField(serializers.DateTimeField):
    """Local time (Europe/Amsterdam) with its offset; UTC for dates whose historic local
    offset is not whole minutes (before 1937), which RFC 3339 cannot express."""

    def enforce_timezone(self, value):
        value = super().enforce_timezone(value)
        offset = value.utcoffset() if isinstance(value, datetime.datetime) else None
        if offset is not None and offset.total_seconds() % 60:
            value = value.astimezone(datetime.UTC)
        return value


# --- errors -------------------------------------------------------------------


class FindingSerializer(serializers.Serializer):
    start = serializers.IntegerField()
    end = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=guard.KINDS)
    text = serializers.CharField()
    explanation = serializers.CharField(required=False)


class ErrorSerializer(serializers.Serializer):
    detail = serializers.CharField()
    code = serializers.CharField()
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="Per veld de meldingen (alleen bij 400).",
    )
    findings = serializers.DictField(
        child=FindingSerializer(many=True),
        required=False,
        help_text="Bij code privacy_guard: per veld wat de privacytoets vond.",
    )


# --- references ------------------------------------------------------------------


class MunicipalityRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class OrganisationRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    kind = serializers.ChoiceField(choices=OrganisationKind.choices)


class OrganisationSerializer(OrganisationRefSerializer):
    municipality = MunicipalityRefSerializer()


class UserRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField(source="display_name")


class GroupRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()


class MatrixItemSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    cluster = serializers.ChoiceField(choices=MatrixCluster.choices)
    label = serializers.CharField()
    category = serializers.ChoiceField(choices=Category.choices)
    level = serializers.ChoiceField(choices=MatrixLevel.choices)


class MeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    username = serializers.CharField()
    name = serializers.CharField(source="display_name")
    role = serializers.ChoiceField(choices=Role.choices)
    organisation = OrganisationSerializer(allow_null=True)


# --- signals ------------------------------------------------------------------------


class SignalSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    observed_at = DateTimeField()
    location = serializers.CharField()
    area = serializers.CharField(allow_blank=True)
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, allow_null=True)
    behaviours = serializers.SerializerMethodField()
    group_size = serializers.IntegerField(allow_null=True)
    age_min = serializers.IntegerField(allow_null=True)
    age_max = serializers.IntegerField(allow_null=True)
    source = serializers.ChoiceField(choices=Source.choices)
    impact = serializers.ChoiceField(choices=Impact.choices)
    description = serializers.CharField()
    status = serializers.ChoiceField(choices=SignalStatus.choices)
    organisation = OrganisationRefSerializer()
    group = GroupRefSerializer(allow_null=True)
    handling_note = serializers.CharField(allow_blank=True)
    handled_at = DateTimeField(allow_null=True)
    created_at = DateTimeField()

    def get_behaviours(self, signal) -> list[str]:
        return [t.behaviour for t in sorted(signal.tags.all(), key=lambda t: t.pk)]


class ConfirmedFindingSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=guard.KINDS)
    text = serializers.CharField(max_length=200)


class GuardedInputSerializer(serializers.Serializer):
    confirmed_findings = ConfirmedFindingSerializer(
        many=True,
        required=False,
        max_length=50,
        help_text="Meldingen van de privacytoets die u bevestigt als géén persoonsgegeven; "
        "bewaard bij de tekst en zichtbaar voor de privacyfunctionaris.",
    )

    def validate_confirmed_findings(self, value):
        # Also under PATCH (partial validation): every confirmation names both kind and text.
        for item in value:
            if "kind" not in item or "text" not in item:
                raise serializers.ValidationError(_("Geef bij elke bevestiging 'kind' en 'text'."))
        return value


class SignalCreateSerializer(GuardedInputSerializer):
    observed_at = DateTimeField()
    location = serializers.CharField(max_length=200)
    area = serializers.CharField(max_length=100, required=False, allow_blank=True, default="")
    behaviours = serializers.ListField(
        child=serializers.ChoiceField(choices=Behaviour.choices),
        allow_empty=False,
        max_length=len(Behaviour.choices),
        error_messages={"empty": _("Kies ten minste één categorie.")},
    )
    group_size = serializers.IntegerField(min_value=0, max_value=SMALL_INT, required=False, allow_null=True)
    age_min = serializers.IntegerField(min_value=0, max_value=SMALL_INT, required=False, allow_null=True)
    age_max = serializers.IntegerField(min_value=0, max_value=SMALL_INT, required=False, allow_null=True)
    source = serializers.ChoiceField(choices=Source.choices)
    impact = serializers.ChoiceField(choices=Impact.choices)
    description = serializers.CharField(
        max_length=TEXT_LIMIT, help_text="Op groepsniveau: geen namen of andere persoonsgegevens."
    )
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True, min_value=-90, max_value=90
    )
    longitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, required=False, allow_null=True, min_value=-180, max_value=180
    )

    def validate_observed_at(self, value):
        if value > timezone.now() + timezone.timedelta(minutes=5):
            raise serializers.ValidationError(_("Het tijdstip ligt in de toekomst."))
        return value

    def validate(self, attrs):
        lo, hi = attrs.get("age_min"), attrs.get("age_max")
        if lo is not None and hi is not None and lo > hi:
            raise serializers.ValidationError({"age_max": [_("De leeftijd 'tot' is lager dan 'vanaf'.")]})
        return attrs


class SignalFilterSerializer(serializers.Serializer):
    """Documentation of the list filters; validation is the page's SignalFilterForm."""

    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    area = serializers.CharField(required=False)
    behaviour = serializers.ChoiceField(choices=Behaviour.choices, required=False)
    group = serializers.IntegerField(required=False)
    organisation = serializers.IntegerField(required=False)
    status = serializers.ChoiceField(choices=SignalStatus.choices, required=False)


class SignalHandleSerializer(GuardedInputSerializer):
    note = serializers.CharField(max_length=TEXT_LIMIT)


class SignalLinkSerializer(GuardedInputSerializer):
    group = id_field(required=False, allow_null=True)
    new_group_name = serializers.CharField(max_length=120, required=False, allow_blank=True)
    note = serializers.CharField(max_length=TEXT_LIMIT, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        if not attrs.get("group") and not (attrs.get("new_group_name") or "").strip():
            raise serializers.ValidationError(_("Kies een groep of geef een naam voor een nieuwe groep."))
        return attrs


# --- groups and persons -------------------------------------------------------------


class CaseRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    step = serializers.ChoiceField(choices=Step.choices)
    status = serializers.ChoiceField(choices=CaseStatus.choices)


class GroupSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    aliases = serializers.CharField(allow_blank=True)
    municipality = MunicipalityRefSerializer()
    other_municipalities = MunicipalityRefSerializer(many=True)
    locations = serializers.CharField(allow_blank=True)
    description = serializers.CharField(allow_blank=True)
    related_groups = GroupRefSerializer(
        many=True,
        read_only=True,
        source="visible_related",
        help_text="Alleen de verwante groepen die u mag zien.",
    )
    case = CaseRefSerializer(
        allow_null=True,
        read_only=True,
        source="visible_case",
        help_text="De lopende (anders laatste) casus, als u die mag zien.",
    )
    created_at = DateTimeField()


class GroupWriteSerializer(GuardedInputSerializer):
    name = serializers.CharField(max_length=120)
    aliases = serializers.CharField(max_length=200, required=False, allow_blank=True)
    locations = serializers.CharField(max_length=300, required=False, allow_blank=True)
    description = serializers.CharField(max_length=TEXT_LIMIT, required=False, allow_blank=True)
    other_municipalities = serializers.ListField(child=id_field(), required=False, max_length=100)
    related_groups = serializers.ListField(child=id_field(), required=False, max_length=100)


class PersonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    pseudonym = serializers.UUIDField()
    full_name = serializers.CharField()
    nickname = serializers.CharField(allow_blank=True)


class MemberSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Id van de plaats op de namenlijst.")
    person = PersonRefSerializer()
    role_in_group = serializers.ChoiceField(choices=GroupRole.choices, allow_blank=True)
    status = serializers.ChoiceField(choices=MembershipStatus.choices)
    status_note = serializers.CharField(allow_blank=True)
    added_by_organisation = OrganisationRefSerializer()
    added_at = DateTimeField()


class OmitMissingMixin:
    """Keys absent from the data (withheld ones) stay absent in the output, not null."""

    def to_representation(self, instance):
        data = super().to_representation(instance)
        return {k: v for k, v in data.items() if k in instance}


class NameListSerializer(OmitMissingMixin, serializers.Serializer):
    case = serializers.IntegerField(allow_null=True)
    members = MemberSerializer(
        many=True, required=False, help_text="Weggelaten als u de namenlijst niet mag zien (zie withheld)."
    )
    count = serializers.IntegerField(required=False)
    agreed = serializers.IntegerField(required=False)
    unknown_to_police = serializers.IntegerField(
        allow_null=True, required=False, help_text="Uit de beantwoorde groepsscan, als die er is."
    )
    withheld = serializers.DictField(child=serializers.CharField())


class MemberCreateSerializer(serializers.Serializer):
    full_name = serializers.CharField(max_length=150)
    nickname = serializers.CharField(max_length=80, required=False, allow_blank=True, default="")
    date_of_birth = serializers.DateField(required=False, allow_null=True, default=None)
    address = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    role_in_group = serializers.ChoiceField(
        choices=GroupRole.choices, required=False, allow_blank=True, default=""
    )
    accept_warnings = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Bevestigd: een waarschijnlijke dubbele persoon elders of een leeftijd buiten de grens "
        "(anders 400 met de waarschuwing onder accept_warnings).",
    )

    def validate_date_of_birth(self, dob):
        if dob and (dob > timezone.localdate() or dob.year < 1950):
            raise serializers.ValidationError(_("Deze geboortedatum kan niet kloppen."))
        return dob


class MemberStatusSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=MembershipStatus.choices)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class InformationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    matrix_item = MatrixItemSerializer()
    person = PersonRefSerializer(allow_null=True)
    category = serializers.ChoiceField(choices=Category.choices)
    content = serializers.CharField()
    supplied_by = OrganisationRefSerializer()
    created_at = DateTimeField()


class PersonCaseSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    group = GroupRefSerializer()
    membership = serializers.IntegerField()
    role_in_group = serializers.ChoiceField(choices=GroupRole.choices, allow_blank=True)
    status = serializers.ChoiceField(choices=MembershipStatus.choices)
    information = InformationSerializer(many=True)
    withheld = serializers.DictField(
        child=serializers.CharField(), help_text="Per categorie (criminal, care, …) waarom u die niet ziet."
    )


class PersonSerializer(OmitMissingMixin, serializers.Serializer):
    id = serializers.IntegerField()
    pseudonym = serializers.UUIDField()
    full_name = serializers.CharField()
    nickname = serializers.CharField(allow_blank=True)
    date_of_birth = serializers.DateField(allow_null=True)
    address = serializers.CharField(allow_blank=True)
    bsn = serializers.CharField(
        required=False, help_text="Alleen als het convenant het u toestaat (anders onder withheld)."
    )
    cases = PersonCaseSerializer(many=True)
    withheld = serializers.DictField(child=serializers.CharField())


# --- cases ------------------------------------------------------------------------------


class ParticipantSerializer(serializers.Serializer):
    organisation = OrganisationRefSerializer()
    invited_at_step = serializers.IntegerField()
    invited_at = DateTimeField()


class GateSerializer(serializers.Serializer):
    allowed = serializers.BooleanField()
    reason = serializers.CharField(allow_blank=True)


class MoveSerializer(serializers.Serializer):
    to_step = serializers.IntegerField(allow_null=True, help_text="null = afsluiten")
    kind = serializers.CharField()
    source = serializers.CharField(help_text="De zin uit het werkproces die deze overgang beschrijft.")
    blocked_by = serializers.CharField(allow_null=True, help_text="Wat nog ontbreekt, of null.")


class ChecklistItemSerializer(serializers.Serializer):
    item = serializers.CharField()
    done = serializers.BooleanField()


class CaseListSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    group = GroupRefSerializer()
    municipality = MunicipalityRefSerializer()
    cycle = serializers.IntegerField()
    step = serializers.ChoiceField(choices=Step.choices)
    status = serializers.CharField()
    coordinator = UserRefSerializer(allow_null=True)
    priority = serializers.IntegerField(allow_null=True)
    opened_at = DateTimeField()
    closed_at = DateTimeField(allow_null=True)


class CoordinatorMandateSerializer(serializers.Serializer):
    coordinator = serializers.IntegerField(source="coordinator_id")
    organisation = serializers.IntegerField(source="organisation_id")
    mandate = serializers.CharField(allow_blank=True)
    agreed_on = serializers.DateField()
    agreed_by = OrganisationRefSerializer(many=True, source="agreed_by.all")
    recorded_at = DateTimeField()


class CaseSerializer(CaseListSerializer):
    step_label = serializers.CharField(source="get_step_display")
    legal_basis_choice = serializers.ChoiceField(choices=LegalBasis.choices, allow_blank=True)
    legal_basis = serializers.CharField(allow_blank=True)
    necessity = serializers.CharField(allow_blank=True)
    close_reason = serializers.CharField(allow_blank=True)
    retention_until = serializers.DateField(allow_null=True)
    legal_hold = serializers.BooleanField()
    participants = ParticipantSerializer(many=True)
    personal_data_gate = GateSerializer(read_only=True)
    can_manage = serializers.BooleanField(read_only=True)
    moves = MoveSerializer(many=True, read_only=True, help_text="De overgangen vanuit de huidige stap.")
    checklist = ChecklistItemSerializer(many=True, read_only=True)
    coordinator_mandate = CoordinatorMandateSerializer(
        read_only=True,
        allow_null=True,
        help_text="Het mandaat van de huidige coördinator en wie ermee instemden (verplicht voor een partner).",
    )


class CaseCreateSerializer(serializers.Serializer):
    group = id_field()
    reason = serializers.CharField(max_length=TEXT_LIMIT, required=False, allow_blank=True, default="")


class TransitionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    from_step = serializers.IntegerField(allow_null=True)
    to_step = serializers.IntegerField(allow_null=True)
    kind = serializers.CharField()
    actor = UserRefSerializer()
    at = DateTimeField()
    reason = serializers.CharField(allow_blank=True)


class TransitionCreateSerializer(serializers.Serializer):
    to_step = serializers.IntegerField(
        min_value=1, max_value=7, allow_null=True, help_text="De nieuwe stap; null sluit de casus af."
    )
    reason = serializers.CharField(max_length=TEXT_LIMIT)


class CoordinatorSerializer(serializers.Serializer):
    coordinator = id_field()
    legal_basis_choice = serializers.ChoiceField(choices=LegalBasis.choices)
    legal_basis = serializers.CharField(max_length=TEXT_LIMIT, required=False, allow_blank=True, default="")
    necessity = serializers.CharField(max_length=TEXT_LIMIT)
    mandate = serializers.CharField(
        max_length=TEXT_LIMIT,
        required=False,
        allow_blank=True,
        default="",
        help_text="Verplicht voor een coördinator van een partner (bijv. de politie): het mandaat.",
    )
    agreed_by = serializers.ListField(
        child=id_field(),
        required=False,
        default=list,
        help_text="Deelnemende organisaties (id) die met de aanwijzing instemden; verplicht voor een partner.",
    )
    agreed_on = serializers.DateField(
        required=False, allow_null=True, default=None, help_text="Wanneer zij instemden."
    )


class ParticipantCreateSerializer(serializers.Serializer):
    organisation = id_field()


class ReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=TEXT_LIMIT, required=False, allow_blank=True, default="")


class RequestSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    addressee = OrganisationRefSerializer()
    question = serializers.CharField()
    items = MatrixItemSerializer(many=True)
    due_date = serializers.DateField()
    status = serializers.ChoiceField(choices=RequestStatus.choices)
    is_overdue = serializers.BooleanField()
    requested_at = DateTimeField()
    answer = serializers.CharField(allow_blank=True)
    answered_at = DateTimeField(allow_null=True)
    unknown_to_police = serializers.IntegerField(allow_null=True)
    information_position = serializers.ChoiceField(choices=InformationPosition.choices, allow_blank=True)
    has_attachment = serializers.SerializerMethodField()
    can_answer = serializers.BooleanField(
        read_only=True, help_text="Of uw organisatie dit verzoek nu kan beantwoorden."
    )

    def get_has_attachment(self, request) -> bool:
        return bool(request.attachment)


class RequestCreateSerializer(GuardedInputSerializer):
    kind = serializers.ChoiceField(choices=RequestKind.choices)
    addressee = id_field()
    question = serializers.CharField(max_length=TEXT_LIMIT)
    items = serializers.ListField(child=id_field(), required=False, max_length=200)
    due_date = serializers.DateField(validators=[not_in_past(_("De uiterste datum ligt in het verleden."))])


class AnswerSerializer(GuardedInputSerializer):
    answer = serializers.CharField(max_length=TEXT_LIMIT)
    declined = serializers.BooleanField(required=False, default=False)
    unknown_to_police = serializers.IntegerField(
        min_value=0, max_value=SMALL_INT, required=False, allow_null=True
    )
    information_position = serializers.ChoiceField(
        choices=InformationPosition.choices, required=False, allow_blank=True, default=""
    )
    attachment = serializers.FileField(
        required=False,
        help_text=(
            "Alleen bij multipart/form-data: bijv. het geanonimiseerde standaardrapport. PDF, DOCX, XLSX, "
            "CSV, ODT, PNG of JPEG, gecontroleerd op de inhoud; foto's worden zonder metagegevens bewaard."
        ),
    )

    def validate_attachment(self, f):
        return uploads.check(f) if f else None


class MatrixSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    entries = InformationSerializer(many=True)
    filled = serializers.IntegerField()
    withheld = serializers.DictField(child=serializers.CharField())


class MatrixCreateSerializer(GuardedInputSerializer):
    matrix_item = id_field()
    content = serializers.CharField(max_length=TEXT_LIMIT)
    person = id_field(required=False, allow_null=True, help_text="Leeg = de groep als geheel.")


# --- privacy ------------------------------------------------------------------------------


class ScanRequestSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=20_000, allow_blank=True, trim_whitespace=False)


class ScanResponseSerializer(serializers.Serializer):
    findings = FindingSerializer(many=True)


class LogEntrySerializer(serializers.Serializer):
    sequence = serializers.IntegerField()
    started_at = DateTimeField()
    actor_id = serializers.IntegerField(allow_null=True, help_text="Filter er op met `actor`.")
    actor_username = serializers.CharField()
    actor_organisation = serializers.CharField(allow_blank=True)
    operation = serializers.CharField()
    action = serializers.CharField()
    status = serializers.CharField()
    activity = serializers.CharField()
    data_subject = serializers.CharField()
    case_id = serializers.IntegerField(allow_null=True)
    purpose = serializers.CharField(allow_blank=True)
    legal_basis = serializers.CharField(allow_blank=True)
    categories = serializers.CharField(allow_blank=True)
    trace_id = serializers.CharField()


class CovenantRuleSerializer(serializers.Serializer):
    organisation_kind = serializers.ChoiceField(choices=OrganisationKind.choices)
    category = serializers.ChoiceField(choices=Category.choices)
    may_supply = serializers.BooleanField()
    may_receive = serializers.BooleanField()
    legal_basis = serializers.ChoiceField(choices=LegalBasis.choices, allow_blank=True)
    legal_basis_note = serializers.CharField(allow_blank=True)
    retention_months = serializers.IntegerField()


DEPRECATED_IN_FORCE = "Verouderd (tot API-versie 2): hetzelfde als `current`."


@extend_schema_serializer(deprecate_fields=["in_force"])
class CovenantSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    version = serializers.IntegerField()
    effective_from = serializers.DateField()
    current = serializers.BooleanField(help_text="Deze versie geldt nu.")
    in_force = serializers.BooleanField(source="current", help_text=DEPRECATED_IN_FORCE)
    purposes = serializers.CharField()
    names_officials_in_access = serializers.BooleanField(
        help_text="Inzage noemt de namen van de medewerkers (anders alleen hun organisatie)."
    )
    parties = OrganisationRefSerializer(many=True)
    rules = CovenantRuleSerializer(many=True)
