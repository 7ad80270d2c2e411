"""Input and output of the steps 3–4 endpoints (integral picture, concept plan, work
forms, circular questioning, advice, decision, contacts) and of the member page.

Output serializers describe exactly what the views return; fields that may carry
personal data are left out (not null) when withheld and named under `withheld`."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema_serializer
from rest_framework import serializers

from analysis.models import (
    AdviceStatus,
    Domain,
    Forum,
    MatrixColumn,
    Outcome,
    Question,
    Severity,
    TieKind,
    Urgency,
)
from cases.models import Step
from groups.models import Dynamic, FamilyRelation, GroupRole, MembershipStatus, ReferralKind
from privacy.categories import Category

from .serializers import (
    OLD_MEMBER_HELP,
    PERSON_HELP,
    TEXT_LIMIT,
    VERSION_HELP,
    DateTimeField,
    FindingSerializer,
    GroupRefSerializer,
    GuardedInputSerializer,
    MunicipalityRefSerializer,
    OmitMissingMixin,
    OrganisationRefSerializer,
    PersonRefSerializer,
    UserRefSerializer,
    id_field,
    not_in_future,
    old_member_field,
    person_field,
    version_field,
)

TEXT = {"max_length": TEXT_LIMIT, "required": False, "allow_blank": True, "default": ""}
WITHHELD = serializers.DictField(
    child=serializers.CharField(), help_text="Wat u niet mag zien, met de reden; het veld zelf ontbreekt."
)
MEMBER_CATEGORY_CHOICES = [
    (Category.PERSONAL, _("Gewone persoonsgegevens")),
    (Category.CRIMINAL, _("Strafrechtelijke gegevens")),
    (Category.CARE, _("Zorggegevens")),
]


DomainsSerializer = type(
    "DomainsSerializer",
    (serializers.Serializer,),
    {
        code: serializers.CharField(
            max_length=TEXT_LIMIT, required=False, allow_blank=True, help_text=str(label)
        )
        for code, label in Domain.choices
    },
)


class MemberRefSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Id van de plaats op de namenlijst.")
    person = PersonRefSerializer()


# --- versions: integral picture and concept plan -------------------------------------------


class VersionRefSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    author = UserRefSerializer()
    author_organisation = OrganisationRefSerializer()
    created_at = DateTimeField()


class ThreadSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    round = serializers.IntegerField(source="round.number", help_text="Nummer van de ronde.")
    question = serializers.ChoiceField(choices=Question.choices)
    text = serializers.CharField()
    recorded_by = UserRefSerializer()
    recorded_at = DateTimeField()


class PictureVersionSerializer(OmitMissingMixin, VersionRefSerializer):
    current = serializers.BooleanField(help_text="Dit is de nieuwste versie.")
    group_characteristics = serializers.CharField(allow_blank=True)
    environment = serializers.CharField(allow_blank=True)
    persons = serializers.CharField(
        allow_blank=True,
        required=False,
        help_text="Analyse op personen (persoonsgegevens): weggelaten voor wie ze niet mag ontvangen.",
    )
    domains = DomainsSerializer(help_text="Probleemdefinitie per domein.")
    behaviour = serializers.CharField(allow_blank=True)
    dynamics = serializers.CharField(allow_blank=True)
    youth_situation = serializers.CharField(allow_blank=True)
    area_impact = serializers.CharField(allow_blank=True)
    severity = serializers.ChoiceField(choices=Severity.choices, allow_blank=True)
    urgency = serializers.ChoiceField(choices=Urgency.choices, allow_blank=True)
    partners = OrganisationRefSerializer(many=True)
    partners_note = serializers.CharField(allow_blank=True)
    withheld = WITHHELD


class PictureSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    current = PictureVersionSerializer(allow_null=True)
    versions = VersionRefSerializer(many=True)
    threads = ThreadSerializer(many=True, help_text="De rode draden uit het circulair bevragen.")


class PictureWriteSerializer(GuardedInputSerializer):
    version = version_field(VERSION_HELP)
    group_characteristics = serializers.CharField(**TEXT)
    environment = serializers.CharField(**TEXT)
    persons = serializers.CharField(
        max_length=TEXT_LIMIT,
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="Persoonsgegevens; alleen voor wie ze mag ontvangen én verstrekken. Weglaten = ongewijzigd.",
    )
    domains = DomainsSerializer(required=False)
    behaviour = serializers.CharField(**TEXT)
    dynamics = serializers.CharField(**TEXT)
    youth_situation = serializers.CharField(**TEXT)
    area_impact = serializers.CharField(**TEXT)
    severity = serializers.ChoiceField(choices=Severity.choices, required=False, allow_blank=True, default="")
    urgency = serializers.ChoiceField(choices=Urgency.choices, required=False, allow_blank=True, default="")
    partners = serializers.ListField(
        child=id_field(),
        required=False,
        max_length=200,
        help_text="Organisaties uit de eigen gemeente. Weglaten = die van de vorige versie.",
    )
    partners_note = serializers.CharField(**TEXT)


class ConceptPlanVersionSerializer(OmitMissingMixin, VersionRefSerializer):
    current = serializers.BooleanField()
    person_line = serializers.CharField(
        allow_blank=True,
        required=False,
        help_text="Persoonsgericht (persoonsgegevens): weggelaten voor wie ze niet mag ontvangen.",
    )
    group_line = serializers.CharField(allow_blank=True)
    area_line = serializers.CharField(allow_blank=True)
    strategy = serializers.CharField(allow_blank=True)
    withheld = WITHHELD


class ConceptPlanSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    current = ConceptPlanVersionSerializer(allow_null=True)
    versions = VersionRefSerializer(many=True)


class ConceptPlanWriteSerializer(GuardedInputSerializer):
    version = version_field(
        "Het nummer van de versie waarop u voortbouwt (0 voor de eerste); 409 (stale_version) "
        "als er intussen een nieuwere is."
    )
    person_line = serializers.CharField(
        max_length=TEXT_LIMIT,
        required=False,
        allow_blank=True,
        allow_null=True,
        help_text="Persoonsgegevens; alleen voor wie ze mag ontvangen én verstrekken. Weglaten = ongewijzigd.",
    )
    group_line = serializers.CharField(**TEXT)
    area_line = serializers.CharField(**TEXT)
    strategy = serializers.CharField(**TEXT)


# --- capacity ------------------------------------------------------------------------------------


class CapacitySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = OrganisationRefSerializer()
    hours_per_week = serializers.DecimalField(max_digits=6, decimal_places=1, allow_null=True)
    fte = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    months = serializers.IntegerField()
    cost = serializers.DecimalField(max_digits=10, decimal_places=0, allow_null=True)
    note = serializers.CharField(allow_blank=True)
    total_hours = serializers.IntegerField(allow_null=True, help_text="Uren over de hele periode.")
    created_by = UserRefSerializer()
    created_at = DateTimeField()


class CapacityListSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    estimates = CapacitySerializer(many=True)
    total_hours = serializers.IntegerField()
    total_cost = serializers.IntegerField()


class CapacityWriteSerializer(GuardedInputSerializer):
    organisation = id_field(help_text="Een deelnemende organisatie (partners: alleen de eigen).")
    hours_per_week = serializers.DecimalField(
        max_digits=6, decimal_places=1, min_value=0, required=False, allow_null=True, default=None
    )
    fte = serializers.DecimalField(
        max_digits=5, decimal_places=2, min_value=0, required=False, allow_null=True, default=None
    )
    months = serializers.IntegerField(min_value=1, max_value=60)
    cost = serializers.DecimalField(
        max_digits=10, decimal_places=0, min_value=0, required=False, allow_null=True, default=None
    )
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        if attrs.get("hours_per_week") is None and attrs.get("fte") is None:
            raise serializers.ValidationError(
                {"hours_per_week": [_("Geef de inzet in uren per week of in fte.")]}
            )
        return attrs


# --- interventiematrix ------------------------------------------------------------------------------


class InterventionEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.IntegerField(
        source="membership.person_id", allow_null=True, default=None, help_text="Leeg: over de groep."
    )
    column = serializers.ChoiceField(choices=MatrixColumn.choices)
    category = serializers.ChoiceField(choices=Category.choices)
    content = serializers.CharField()
    organisation = OrganisationRefSerializer()
    created_at = DateTimeField()


class InterventionRowSerializer(serializers.Serializer):
    member = MemberRefSerializer()
    entries = InterventionEntrySerializer(many=True)


class InterventionsSerializer(OmitMissingMixin, serializers.Serializer):
    case = serializers.IntegerField()
    group = InterventionEntrySerializer(many=True, help_text="De rij 'de groep als geheel'.")
    members = InterventionRowSerializer(
        many=True,
        required=False,
        help_text="Een rij per jongere, alleen de categorieën die u mag zien; weggelaten zonder "
        "toegang tot persoonsgegevens.",
    )
    withheld = WITHHELD


@extend_schema_serializer(deprecate_fields=["member"])
class InterventionWriteSerializer(GuardedInputSerializer):
    person = person_field(
        "De jongere (persoons-id); leeg = de groep als geheel (groepsniveau, privacytoets)."
    )
    member = old_member_field()
    column = serializers.ChoiceField(choices=MatrixColumn.choices)
    category = serializers.ChoiceField(
        choices=MEMBER_CATEGORY_CHOICES,
        required=False,
        default=Category.PERSONAL,
        help_text="Soort informatie bij een jongere; bepaalt wie de cel mag zien.",
    )
    content = serializers.CharField(max_length=TEXT_LIMIT)


# --- group dynamics ------------------------------------------------------------------------------------


class DynamicsQuerySerializer(serializers.Serializer):
    on = serializers.DateField(
        required=False, help_text="Toon de groep zoals die was op deze dag (standaard vandaag)."
    )


class NodeSerializer(serializers.Serializer):
    member = MemberRefSerializer(source="membership")
    dynamic = serializers.ChoiceField(choices=Dynamic.choices, allow_blank=True)
    influence = serializers.IntegerField()
    is_leader = serializers.BooleanField()
    assessed_on = serializers.DateField(allow_null=True)
    note = serializers.CharField(allow_blank=True)


class TieSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    source = MemberRefSerializer()
    target = MemberRefSerializer()
    kind = serializers.ChoiceField(choices=TieKind.choices)
    since = serializers.DateField()
    until = serializers.DateField(allow_null=True)
    note = serializers.CharField(allow_blank=True)


class EdgeSerializer(serializers.Serializer):
    tie = serializers.IntegerField(source="tie.pk")
    source = serializers.IntegerField(source="source.membership.pk", help_text="Id op de namenlijst.")
    target = serializers.IntegerField(source="target.membership.pk", help_text="Id op de namenlijst.")
    kind = serializers.ChoiceField(choices=TieKind.choices, source="tie.kind")


class DynamicsSerializer(OmitMissingMixin, serializers.Serializer):
    case = serializers.IntegerField()
    on = serializers.DateField()
    nodes = NodeSerializer(many=True, required=False, help_text="Het sociogram op die dag: de jongeren.")
    edges = EdgeSerializer(many=True, required=False, help_text="De banden die op die dag golden.")
    moments = serializers.ListField(
        child=serializers.DateField(), required=False, help_text="Dagen waarop iets veranderde."
    )
    ties = TieSerializer(many=True, required=False, help_text="Alle banden, ook beëindigde.")
    withheld = WITHHELD


@extend_schema_serializer(deprecate_fields=["member"])
class AssessmentRowSerializer(serializers.Serializer):
    person = person_field()
    member = old_member_field()
    dynamic = serializers.ChoiceField(choices=Dynamic.choices)
    influence = serializers.IntegerField(min_value=1, max_value=5, required=False, default=3)
    is_leader = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class AssessmentSessionSerializer(serializers.Serializer):
    assessed_on = serializers.DateField(validators=[not_in_future()])
    rows = AssessmentRowSerializer(many=True, min_length=1, max_length=500)


@extend_schema_serializer(deprecate_fields=["member"])
class AssessmentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    person = serializers.IntegerField(source="membership.person_id", help_text=PERSON_HELP)
    member = serializers.IntegerField(source="membership_id", help_text=OLD_MEMBER_HELP)
    assessed_on = serializers.DateField()
    dynamic = serializers.ChoiceField(choices=Dynamic.choices)
    influence = serializers.IntegerField()
    is_leader = serializers.BooleanField()
    note = serializers.CharField(allow_blank=True)
    assessed_by = UserRefSerializer()


@extend_schema_serializer(deprecate_fields=["source", "target"])
class TieWriteSerializer(serializers.Serializer):
    source_person = person_field("De ene jongere (persoons-id; bij leider – volger: de leider).")
    target_person = person_field("De andere jongere (persoons-id).")
    source = old_member_field()
    target = old_member_field()
    kind = serializers.ChoiceField(choices=TieKind.choices)
    since = serializers.DateField(validators=[not_in_future()])
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        for new, old in (("source_person", "source"), ("target_person", "target")):
            if attrs.get(new) is None and attrs.get(old) is None:
                raise serializers.ValidationError({new: [_("Kies een jongere.")]})
        return attrs


class TieEndSerializer(serializers.Serializer):
    until = serializers.DateField(required=False, help_text="Einddatum (standaard vandaag).")


# --- circular questioning ----------------------------------------------------------------------------


class RoundBaseSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    session_on = serializers.DateField(allow_null=True)
    is_open = serializers.BooleanField()
    opened_by = UserRefSerializer()
    opened_at = DateTimeField()
    closed_at = DateTimeField(allow_null=True)


class RoundSerializer(RoundBaseSerializer):
    answers = serializers.IntegerField(source="n_answers", help_text="Aantal organisaties dat antwoordde.")
    threads = serializers.IntegerField(source="n_threads", help_text="Aantal vastgelegde rode draden.")


class RoundCreateSerializer(serializers.Serializer):
    session_on = serializers.DateField(required=False, allow_null=True, default=None)


class CircularAnswerSerializer(OmitMissingMixin, serializers.Serializer):
    id = serializers.IntegerField()
    organisation = OrganisationRefSerializer()
    answered_by = UserRefSerializer()
    answered_at = DateTimeField()
    characteristics = serializers.ListField(child=serializers.CharField())
    risks = serializers.ListField(child=serializers.CharField())
    connections = serializers.ListField(child=serializers.CharField())
    key_figures_inside = MemberRefSerializer(
        many=True, required=False, help_text="Spilfiguren (persoonsgegevens); weggelaten, zie withheld."
    )
    key_figures_inside_note = serializers.CharField(allow_blank=True)
    key_figures_outside = serializers.CharField(allow_blank=True)


class RoundDetailSerializer(RoundBaseSerializer):
    answers = CircularAnswerSerializer(many=True)
    threads = ThreadSerializer(many=True, help_text="De rode draden per vraag.")
    withheld = WITHHELD


def _items(question):
    return serializers.ListField(
        child=serializers.CharField(max_length=300, allow_blank=True),
        required=False,
        max_length=3,
        default=list,
        help_text=str(question.label),
    )


class AnswerWriteSerializer(GuardedInputSerializer):
    characteristics = _items(Question.CHARACTERISTICS)
    risks = _items(Question.RISKS)
    connections = _items(Question.CONNECTIONS)
    key_figures_inside = serializers.ListField(
        child=id_field(),
        required=False,
        default=list,
        max_length=500,
        help_text="Ids op de namenlijst (persoonsgegevens; alleen wie ze mag ontvangen én verstrekken).",
    )
    key_figures_inside_note = serializers.CharField(**TEXT)
    key_figures_outside = serializers.CharField(**TEXT)


class ThreadWriteSerializer(GuardedInputSerializer):
    question = serializers.ChoiceField(choices=Question.choices)
    text = serializers.CharField(max_length=TEXT_LIMIT)


# --- advice ------------------------------------------------------------------------------------------


class ForumMemberSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    organisation = serializers.CharField()
    mandate = serializers.CharField()


class ForumMemberWriteSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=150)
    organisation = serializers.CharField(max_length=150)
    mandate = serializers.CharField(max_length=200)


class AdviceFindingSerializer(FindingSerializer):
    confirmable = serializers.BooleanField(
        help_text="Mag als vals alarm worden bevestigd (de naam van een jongere nooit)."
    )


class AdviceSerializer(OmitMissingMixin, serializers.Serializer):
    number = serializers.IntegerField()
    status = serializers.ChoiceField(choices=AdviceStatus.choices)
    body = serializers.CharField()
    forum = serializers.ChoiceField(choices=Forum.choices, allow_blank=True)
    meeting_on = serializers.DateField(allow_null=True)
    picture = serializers.IntegerField(help_text="Versie van het integraal beeld.")
    plan = serializers.IntegerField(help_text="Versie van het concept plan.")
    forum_members = ForumMemberSerializer(many=True)
    created_by = UserRefSerializer()
    created_at = DateTimeField()
    updated_at = DateTimeField()
    sent_by = UserRefSerializer(allow_null=True)
    sent_at = DateTimeField(allow_null=True)
    findings = AdviceFindingSerializer(
        many=True,
        required=False,
        help_text="Alleen bij een concept: wat nog op persoonsgegevens lijkt (verzenden kan pas zonder).",
    )


class AdviceEditSerializer(serializers.Serializer):
    body = serializers.CharField(max_length=100_000, required=False)
    forum = serializers.ChoiceField(choices=Forum.choices, required=False, allow_blank=True)
    meeting_on = serializers.DateField(required=False, allow_null=True)


class SendSerializer(GuardedInputSerializer):
    pass


# --- decision ----------------------------------------------------------------------------------------


class DecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    current = serializers.BooleanField(source="is_current")
    supersedes = serializers.IntegerField(source="supersedes_id", allow_null=True)
    advice = serializers.IntegerField(source="advice.number", allow_null=True, default=None)
    forum = serializers.ChoiceField(choices=Forum.choices)
    decided_on = serializers.DateField()
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    priority = serializers.IntegerField(allow_null=True)
    goals = serializers.CharField(allow_blank=True)
    frame_cost = serializers.CharField(allow_blank=True)
    frame_capacity = serializers.CharField(allow_blank=True)
    steering = serializers.CharField(allow_blank=True)
    escalation_line = serializers.ListField(child=serializers.CharField())
    inform_moments = serializers.CharField(allow_blank=True)
    criminal_relation = serializers.CharField(allow_blank=True)
    external_communication = serializers.CharField(allow_blank=True)
    motivation = serializers.CharField(allow_blank=True)
    analysis_domains = serializers.ListField(child=serializers.ChoiceField(choices=Domain.choices))
    fast_track = serializers.BooleanField()
    recorded_by = UserRefSerializer()
    recorded_at = DateTimeField()


def _filled(**kwargs) -> serializers.CharField:
    """A text the outcome requires: at least one character that is not white space."""
    return serializers.CharField(**{"max_length": TEXT_LIMIT, "validators": [FILLED], **kwargs})


FILLED = RegexValidator(r"\S", _("Vul dit veld in."))


# One outcome each (named in settings.SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]).
ONLY_PRIORITISED = [(Outcome.PRIORITISED.value, Outcome.PRIORITISED.label)]
ONLY_NOT_PRIORITISED = [(Outcome.NOT_PRIORITISED.value, Outcome.NOT_PRIORITISED.label)]
ONLY_FURTHER_ANALYSIS = [(Outcome.FURTHER_ANALYSIS.value, Outcome.FURTHER_ANALYSIS.label)]


class _DecisionWriteSerializer(GuardedInputSerializer):
    # What every outcome shares; each outcome's serializer below names what it requires.
    forum = serializers.ChoiceField(choices=Forum.choices)
    decided_on = serializers.DateField(validators=[not_in_future()])
    frame_cost = serializers.CharField(**TEXT)
    frame_capacity = serializers.CharField(**TEXT)
    criminal_relation = serializers.CharField(**TEXT)
    fast_track = serializers.BooleanField(
        required=False,
        default=False,
        help_text="Achteraf vastgelegd (spoedprocedure), zonder advies. Anders is een verzonden advies "
        "nodig (zonder: 409 `gate`).",
    )


class PrioritisedDecisionSerializer(_DecisionWriteSerializer):
    outcome = serializers.ChoiceField(choices=ONLY_PRIORITISED)
    priority = serializers.IntegerField(
        min_value=1, max_value=99, help_text="Ten opzichte van andere groepen."
    )
    goals = _filled()
    steering = _filled(help_text="Wie stuurt.")
    inform_moments = _filled(help_text="Wanneer en waarover het overleg wordt geïnformeerd.")
    external_communication = _filled(help_text="Wie naar buiten communiceert.")
    escalation_line = serializers.ListField(
        child=_filled(max_length=300),
        min_length=1,
        max_length=30,
        help_text="Eén stap per element, in volgorde.",
    )
    motivation = serializers.CharField(**TEXT)
    analysis_domains = serializers.ListField(
        child=serializers.ChoiceField(choices=Domain.choices), required=False, default=list, max_length=20
    )


class NotPrioritisedDecisionSerializer(_DecisionWriteSerializer):
    outcome = serializers.ChoiceField(choices=ONLY_NOT_PRIORITISED)
    motivation = _filled()
    goals = serializers.CharField(**TEXT)


class FurtherAnalysisDecisionSerializer(_DecisionWriteSerializer):
    outcome = serializers.ChoiceField(choices=ONLY_FURTHER_ANALYSIS)
    motivation = _filled()
    analysis_domains = serializers.ListField(
        child=serializers.ChoiceField(choices=Domain.choices), min_length=1, max_length=20,
        help_text="De domeinen waarop de aanvullende analyse zich richt.",
    )  # fmt: skip
    goals = serializers.CharField(**TEXT)


class DecisionOutcomeSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)


DECISION_WRITE = {
    Outcome.PRIORITISED: PrioritisedDecisionSerializer,
    Outcome.NOT_PRIORITISED: NotPrioritisedDecisionSerializer,
    Outcome.FURTHER_ANALYSIS: FurtherAnalysisDecisionSerializer,
}
DecisionWriteSerializer = PolymorphicProxySerializer(
    component_name="DecisionWrite",
    serializers={str(outcome): serializer for outcome, serializer in DECISION_WRITE.items()},
    resource_type_field_name="outcome",
)


# --- contacts and agenda -------------------------------------------------------------------------------


class ContactSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    municipality = MunicipalityRefSerializer()
    informed_on = serializers.DateField()
    shared_information = serializers.CharField()
    recorded_by = UserRefSerializer()
    recorded_at = DateTimeField()


class ContactWriteSerializer(GuardedInputSerializer):
    municipality = id_field()
    informed_on = serializers.DateField(validators=[not_in_future()])
    shared_information = serializers.CharField(max_length=TEXT_LIMIT, help_text="Groepsniveau, zonder namen.")


class AgendaAdviceSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    forum = serializers.ChoiceField(choices=Forum.choices, allow_blank=True)
    sent_at = DateTimeField(allow_null=True)


class AgendaDecisionSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    priority = serializers.IntegerField(allow_null=True)
    fast_track = serializers.BooleanField()


class AgendaWaitingSerializer(serializers.Serializer):
    case = serializers.IntegerField(source="case.pk")
    group = GroupRefSerializer(source="case.group")
    urgency = serializers.ChoiceField(choices=Urgency.choices, allow_blank=True)
    severity = serializers.ChoiceField(choices=Severity.choices, allow_blank=True)
    size = serializers.IntegerField(help_text="Aantal jongeren in beeld.")
    advice = AgendaAdviceSerializer(allow_null=True)
    hours = serializers.IntegerField()
    cost = serializers.IntegerField()
    decision = AgendaDecisionSerializer(allow_null=True)


class AgendaApproachSerializer(serializers.Serializer):
    case = serializers.IntegerField(source="case.pk")
    group = GroupRefSerializer(source="case.group")
    step = serializers.ChoiceField(choices=Step.choices, source="case.step")
    priority = serializers.IntegerField(source="case.priority", allow_null=True)
    decision = AgendaDecisionSerializer(allow_null=True)


class AgendaSerializer(serializers.Serializer):
    waiting = AgendaWaitingSerializer(many=True)
    in_approach = AgendaApproachSerializer(many=True)


# --- the member page ----------------------------------------------------------------------------------


class ReferralSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ReferralKind.choices)
    category = serializers.ChoiceField(choices=Category.choices)
    referred_on = serializers.DateField()
    note = serializers.CharField(allow_blank=True)
    supplied_by = OrganisationRefSerializer()


class RelativeSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField()


class FamilyLinkSerializer(serializers.Serializer):
    relative = RelativeSerializer()
    relation = serializers.ChoiceField(choices=FamilyRelation.choices)


class MemberDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Id op de namenlijst.")
    case = serializers.IntegerField(source="case_id")
    group = GroupRefSerializer()
    person = PersonRefSerializer()
    role_in_group = serializers.ChoiceField(choices=GroupRole.choices, allow_blank=True)
    status = serializers.ChoiceField(choices=MembershipStatus.choices)
    status_note = serializers.CharField(allow_blank=True)
    assigned_worker = UserRefSerializer(allow_null=True)
    assessments = AssessmentSerializer(many=True)
    referrals = ReferralSerializer(many=True, help_text="Alleen de categorieën die u mag zien.")
    family = FamilyLinkSerializer(many=True, help_text="Familie op namenlijsten die u mag zien.")
    can_manage = serializers.BooleanField()
    can_supply = serializers.BooleanField()
    withheld = WITHHELD


class MemberAssessmentWriteSerializer(serializers.Serializer):
    assessed_on = serializers.DateField(validators=[not_in_future()])
    dynamic = serializers.ChoiceField(choices=Dynamic.choices)
    influence = serializers.IntegerField(min_value=1, max_value=5, required=False, default=3)
    is_leader = serializers.BooleanField(required=False, default=False)
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ReferralWriteSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ReferralKind.choices)
    referred_on = serializers.DateField()
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class FamilyLinkWriteSerializer(serializers.Serializer):
    relative = id_field(help_text="Id van de persoon (op een namenlijst die u mag zien).")
    relation = serializers.ChoiceField(choices=FamilyRelation.choices)


class MemberRoleWriteSerializer(serializers.Serializer):
    role_in_group = serializers.ChoiceField(choices=GroupRole.choices, allow_blank=True)
    assigned_worker = id_field(
        required=False,
        allow_null=True,
        default=None,
        help_text="Gebruiker bij een deelnemende organisatie; leeg = geen vaste professional.",
    )
