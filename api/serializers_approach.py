"""Input and output of the step 5–7 endpoints: the plan of approach (and comparing two
versions), actions and escalations, indicators and measurements, progress reports, crisis
mode, closing (decision, hand-overs, retention, legal hold) and the evaluation. The plan
document has the shape of plans.content.

Enumerations whose field name is used elsewhere with other values (status, outcome,
source) are plain strings listed in the help text, validated here: the schema stays free
of enum-name collisions."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_serializer
from rest_framework import serializers

from analysis.models import Domain, Forum
from closing.models import ClosingOutcome, Criterion, HandoverStatus
from intake.models import Behaviour
from monitoring import services as monitoring
from monitoring.models import ActionStatus, Direction, IndicatorSource
from plans import content as c
from plans.models import TargetKind, Track

from .serializers import (
    DEPRECATED_IN_FORCE,
    OLD_MEMBER_HELP,
    TEXT_LIMIT,
    VERSION_HELP,
    DateTimeField,
    GuardedInputSerializer,
    OrganisationRefSerializer,
    UserRefSerializer,
    id_field,
    not_in_future,
    not_in_past,
    old_member_field,
    person_field,
    version_field,
)

KEY = {"max_length": 40, "required": False, "allow_blank": True}
TEXT = {"max_length": 5000, "required": False, "allow_blank": True}
GOAL_CODES = [*c.GOALS, c.LOCAL_GOAL]


class GoalSerializer(serializers.Serializer):
    key = serializers.CharField(**KEY)
    code = serializers.ChoiceField(choices=GOAL_CODES, help_text="Een van de vier vaste doelen, of 'lokaal'.")
    text = serializers.CharField(**TEXT, help_text="Tekst van een lokaal doel.")


def _fields(names, help_texts) -> dict:
    return {name: serializers.CharField(**TEXT, help_text=str(help_texts[name])) for name in names}


TracksSerializer = type("TracksSerializer", (serializers.Serializer,), _fields(c.TRACKS, c.TRACKS))
StrategySerializer = type(
    "PlanStrategySerializer", (serializers.Serializer,), _fields(c.STRATEGY_FIELDS, c.STRATEGY_FIELDS)
)
OrganisationPartSerializer = type(
    "PlanOrganisationSerializer",
    (serializers.Serializer,),
    _fields(c.ORGANISATION_FIELDS, c.ORGANISATION_FIELDS),
)


class ResultSerializer(serializers.Serializer):
    key = serializers.CharField(**KEY)
    goal = serializers.CharField(**KEY, help_text="De key van het doel waar dit resultaat bij hoort.")
    indicator = serializers.CharField(max_length=300)
    unit = serializers.CharField(max_length=60, required=False, allow_blank=True)
    baseline = serializers.CharField(max_length=30, help_text="Nulmeting (getal).")
    target = serializers.CharField(max_length=30, help_text="Streefwaarde (getal).")
    deadline = serializers.CharField(max_length=10, help_text="Datum (JJJJ-MM-DD).")
    domain = serializers.ChoiceField(choices=Domain.choices)


class ScenarioSerializer(serializers.Serializer):
    key = serializers.CharField(**KEY)
    trigger = serializers.CharField(max_length=2000)
    response = serializers.CharField(max_length=2000)


class MeasureSerializer(serializers.Serializer):
    key = serializers.CharField(**KEY)
    track = serializers.ChoiceField(choices=Track.choices)
    organisation = id_field()
    target_kind = serializers.ChoiceField(choices=TargetKind.choices)
    membership = id_field(
        required=False,
        allow_null=True,
        help_text="Bij target_kind 'jongere': id van de vermelding op de namenlijst.",
    )
    member_name = serializers.CharField(
        required=False, read_only=True, help_text="Alleen voor wie persoonsgegevens mag ontvangen."
    )
    location = serializers.CharField(max_length=200, required=False, allow_blank=True)
    description = serializers.CharField(max_length=2000)


class PlanContentSerializer(serializers.Serializer):
    goals = GoalSerializer(many=True, max_length=30)
    tracks = TracksSerializer(required=False)
    strategy = StrategySerializer(required=False)
    organisation = OrganisationPartSerializer(required=False)
    results = ResultSerializer(many=True, max_length=100, required=False)
    scenarios = ScenarioSerializer(many=True, max_length=100, required=False)
    measures = MeasureSerializer(many=True, max_length=300, required=False)


class PlanVersionRefSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    reason = serializers.CharField()
    author = UserRefSerializer()
    author_organisation = OrganisationRefSerializer()
    created_at = DateTimeField()


@extend_schema_serializer(deprecate_fields=["in_force"])
class PlanVersionSerializer(PlanVersionRefSerializer):
    current = serializers.BooleanField(help_text="Dit is de versie die geldt.")
    in_force = serializers.BooleanField(source="current", help_text=DEPRECATED_IN_FORCE)
    content = PlanContentSerializer()
    withheld = serializers.DictField(child=serializers.CharField())


@extend_schema_serializer(deprecate_fields=["in_force"])
class PlanSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    current = PlanVersionSerializer(allow_null=True, help_text="De versie die geldt.")
    in_force = PlanVersionSerializer(source="current", allow_null=True, help_text=DEPRECATED_IN_FORCE)
    versions = PlanVersionRefSerializer(many=True)


class PlanWriteSerializer(GuardedInputSerializer):
    version = version_field(VERSION_HELP)
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    content = PlanContentSerializer()

    default_error_messages = {"invalid": _("Ongeldige invoer.")}


# --- comparing two versions of the plan ----------------------------------------------------------


class WordSerializer(serializers.Serializer):
    op = serializers.CharField(help_text="same, del of ins.")
    text = serializers.CharField()


class FieldChangeSerializer(serializers.Serializer):
    name = serializers.CharField()
    label = serializers.CharField()
    old = serializers.CharField(allow_blank=True)
    new = serializers.CharField(allow_blank=True)
    status = serializers.CharField(help_text="added, removed, changed of same.")
    words = WordSerializer(many=True, help_text="Woordverschil bij lange teksten.")


class ItemChangeSerializer(serializers.Serializer):
    key = serializers.CharField(allow_blank=True, allow_null=True)
    status = serializers.CharField(help_text="added, removed, changed of same.")
    title = serializers.CharField(allow_blank=True)
    fields = FieldChangeSerializer(many=True)


class SectionDiffSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    items = ItemChangeSerializer(many=True, help_text="Lijstonderdelen (doelen, resultaten, ...).")
    fields = FieldChangeSerializer(many=True, help_text="Tekstonderdelen (sporen, strategie, organisatie).")


class DiffSummarySerializer(serializers.Serializer):
    added = serializers.IntegerField()
    removed = serializers.IntegerField()
    changed = serializers.IntegerField()
    texts = serializers.IntegerField()


class PlanCompareSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    from_version = serializers.IntegerField()
    to_version = serializers.IntegerField()
    summary = DiffSummarySerializer()
    sections = SectionDiffSerializer(many=True)
    withheld = serializers.DictField(child=serializers.CharField())


# --- step 6: actions -------------------------------------------------------------------------------

ACTION_STATUSES = ", ".join(ActionStatus.values)


class ActionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    measure_key = serializers.CharField(help_text="De maatregel in het plan van aanpak.")
    track = serializers.ChoiceField(choices=Track.choices)
    organisation = OrganisationRefSerializer(help_text="De uitvoerende partner (eigenaar).")
    owner = UserRefSerializer(allow_null=True, help_text="Een medewerker van de partner, of leeg.")
    target_kind = serializers.ChoiceField(choices=TargetKind.choices)
    membership = serializers.IntegerField(
        source="membership_id",
        allow_null=True,
        help_text="Bij een actie gericht op een jongere: de vermelding op de namenlijst.",
    )
    member_name = serializers.CharField(
        allow_blank=True, help_text="Alleen voor wie persoonsgegevens mag ontvangen (gelogd)."
    )
    location = serializers.CharField(allow_blank=True)
    description = serializers.CharField()
    due_date = serializers.DateField()
    status = serializers.CharField(help_text=f"Een van: {ACTION_STATUSES}.")
    result_note = serializers.CharField(allow_blank=True)
    completed_at = DateTimeField(allow_null=True)
    is_overdue = serializers.BooleanField()
    created_by = UserRefSerializer()
    created_at = DateTimeField()
    updated_at = DateTimeField()
    withheld = serializers.DictField(child=serializers.CharField())


class ActionUpdateRefSerializer(serializers.Serializer):
    from_status = serializers.CharField(allow_blank=True)
    to_status = serializers.CharField()
    note = serializers.CharField(allow_blank=True)
    actor = UserRefSerializer()
    at = DateTimeField()


class EscalationSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    action = serializers.IntegerField(source="action_id")
    level = serializers.IntegerField(help_text="Plaats op de escalatielijn (0 = de professional).")
    level_label = serializers.CharField()
    reason = serializers.CharField()
    escalated_by = UserRefSerializer()
    escalated_at = DateTimeField()
    outcome = serializers.CharField(allow_blank=True)
    outcome_by = UserRefSerializer(allow_null=True)
    outcome_at = DateTimeField(allow_null=True)


class EscalationStateSerializer(serializers.Serializer):
    line = serializers.ListField(child=serializers.CharField(), help_text="De escalatielijn uit het besluit.")
    current = serializers.IntegerField(help_text="Het hoogste bereikte niveau (0: niet geëscaleerd).")
    next = serializers.IntegerField(allow_null=True, help_text="Het volgende niveau, of leeg.")
    escalations = EscalationSerializer(many=True)


class ActionDetailSerializer(ActionSerializer):
    history = ActionUpdateRefSerializer(many=True)
    escalation = EscalationStateSerializer()
    may_update = serializers.BooleanField()
    may_update_reason = serializers.CharField(allow_blank=True)
    may_escalate = serializers.BooleanField()


class ActionPageSerializer(serializers.Serializer):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = ActionSerializer(many=True)
    withheld = serializers.DictField(
        child=serializers.CharField(),
        help_text="Acties gericht op een jongere ontbreken voor wie geen persoonsgegevens mag ontvangen; "
        "`member_actions` geeft dan de reden.",
    )


class ActionFilterSerializer(serializers.Serializer):
    partner = id_field(required=False, help_text="Organisatie-id.")
    status = serializers.ChoiceField(
        choices=[("open", _("Open (gepland of lopend)")), *ActionStatus.choices], required=False
    )
    track = serializers.ChoiceField(choices=Track.choices, required=False)


class ActionCreateSerializer(GuardedInputSerializer):
    measure = serializers.CharField(
        max_length=40, help_text="De key van een maatregel in het plan dat nu geldt."
    )
    organisation = id_field(
        required=False,
        allow_null=True,
        help_text="Leeg: de partner van de maatregel.",
    )
    owner = id_field(required=False, allow_null=True, help_text="Optioneel: een medewerker.")
    description = serializers.CharField(max_length=TEXT_LIMIT, help_text="Groepsniveau: geen namen.")
    due_date = serializers.DateField(
        help_text="Uiterlijk gereed (JJJJ-MM-DD), niet in het verleden.",
        validators=[not_in_past(_("De deadline kan niet in het verleden liggen."))],
    )


class ActionUpdateSerializer(GuardedInputSerializer):
    status = serializers.ChoiceField(choices=ActionStatus.choices, required=False)
    result_note = serializers.CharField(max_length=TEXT_LIMIT, required=False, allow_blank=True, default="")
    due_date = serializers.DateField(
        required=False, allow_null=True, help_text="Alleen de coördinator verzet de deadline."
    )


class EscalateSerializer(GuardedInputSerializer):
    reason = serializers.CharField(max_length=TEXT_LIMIT)


class EscalationOutcomeSerializer(GuardedInputSerializer):
    outcome = serializers.CharField(max_length=TEXT_LIMIT)


class TallySerializer(serializers.Serializer):
    key = serializers.CharField(allow_blank=True, help_text="Spoor of organisatie-id; leeg voor het totaal.")
    label = serializers.CharField()
    total = serializers.IntegerField()
    by_status = serializers.DictField(child=serializers.IntegerField())
    open = serializers.IntegerField()
    done = serializers.IntegerField()
    done_on_time = serializers.IntegerField()
    overdue = serializers.IntegerField()
    lapsed = serializers.IntegerField()
    countable = serializers.IntegerField()
    percent_done = serializers.IntegerField()


class ActionProgressSerializer(serializers.Serializer):
    total = TallySerializer()
    tracks = TallySerializer(many=True)
    partners = TallySerializer(many=True)


class MyActionSerializer(ActionSerializer):
    group = serializers.CharField(source="case.group.name")


# --- step 6: monitoring ------------------------------------------------------------------------------


def _number(value):
    try:
        return monitoring.parse_value(value)
    except ValueError as exc:
        raise serializers.ValidationError(str(exc)) from None


def _day(value):
    try:
        return monitoring.parse_day(value)
    except ValueError as exc:
        raise serializers.ValidationError(str(exc)) from None


class NumberField(serializers.CharField):
    """A number as people type it (7, 7,5, 7.5); a Dutch message per field if not."""

    json_types = ((str, int, float), "een getal of tekst met een getal")  # api/strict.py

    def to_internal_value(self, data):
        if isinstance(data, int | float) and not isinstance(data, bool):
            data = str(data)
        text = super().to_internal_value(data)
        if len(text) > 30:
            raise serializers.ValidationError(_("Zorg ervoor dat dit veld niet meer dan 30 tekens bevat."))
        return _number(text)


class DayField(serializers.CharField):
    """A date as 2026-03-09 or 09-03-2026; a Dutch message per field if not."""

    def to_internal_value(self, data):
        text = super().to_internal_value(data)
        if len(text) > 20:
            raise serializers.ValidationError(_("Zorg ervoor dat dit veld niet meer dan 20 tekens bevat."))
        return _day(text)


SOURCES = ", ".join(IndicatorSource.values)
DIRECTIONS = ", ".join(Direction.values)


class MeasurementSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    period_start = serializers.DateField()
    value = serializers.DecimalField(max_digits=10, decimal_places=2)
    note = serializers.CharField(allow_blank=True)
    source = serializers.CharField(help_text=f"Een van: {SOURCES}.")
    recorded_by = UserRefSerializer()
    recorded_at = DateTimeField()
    history = serializers.ListField(
        child=serializers.DictField(),
        help_text="Eerdere waarden voor deze periode: value, note, source, by, at.",
    )


class IndicatorStatusSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="nog niet gemeten, bereikt, op koers of niet op koers.")
    summary = serializers.CharField()
    count = serializers.IntegerField()
    latest_value = serializers.DecimalField(max_digits=10, decimal_places=2, allow_null=True)
    latest_period = serializers.DateField(allow_null=True)
    change_pct = serializers.DecimalField(max_digits=12, decimal_places=0, allow_null=True)
    reached = serializers.BooleanField()
    on_track = serializers.BooleanField(allow_null=True)
    deadline = serializers.DateField(allow_null=True)


class IndicatorSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    name = serializers.CharField()
    unit = serializers.CharField(allow_blank=True)
    result_key = serializers.CharField(
        allow_blank=True, help_text="Het SMART-resultaat in het plan, of leeg."
    )
    baseline = serializers.DecimalField(max_digits=10, decimal_places=2)
    target = serializers.DecimalField(max_digits=10, decimal_places=2)
    direction = serializers.CharField(help_text=f"Een van: {DIRECTIONS} (welke kant is beter).")
    source = serializers.CharField(help_text=f"Een van: {SOURCES}.")
    signal_behaviours = serializers.ListField(child=serializers.CharField())
    created_by = UserRefSerializer()
    created_at = DateTimeField()
    status = IndicatorStatusSerializer()
    chart_summary = serializers.CharField(allow_blank=True, help_text="De grafiek in woorden.")
    measurements = MeasurementSerializer(many=True)


def _choice(value, choices, message):
    if value not in choices:
        raise serializers.ValidationError(message)
    return value


class IndicatorCreateSerializer(GuardedInputSerializer):
    result_key = serializers.CharField(
        max_length=40, required=False, allow_blank=True, default="",
        help_text="Een SMART-resultaat van het plan: naam, eenheid, nulmeting en streefwaarde worden "
        "overgenomen (dan niet meesturen: name, unit, baseline, target, direction).",
    )  # fmt: skip
    name = serializers.CharField(max_length=150, required=False, allow_blank=True, default="")
    unit = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    baseline = NumberField(required=False, allow_null=True, help_text="Nulmeting (getal).")
    target = NumberField(required=False, allow_null=True, help_text="Streefwaarde (getal).")
    direction = serializers.CharField(
        max_length=10, required=False, allow_blank=True, default="", help_text=f"Een van: {DIRECTIONS}."
    )
    source = serializers.CharField(
        max_length=10, required=False, default=IndicatorSource.MANUAL, help_text=f"Een van: {SOURCES}."
    )
    signal_behaviours = serializers.ListField(
        child=serializers.CharField(max_length=40),
        required=False,
        default=list,
        max_length=50,
        help_text="Bij bron 'signalen': de gedragingen die meetellen (leeg: alle).",
    )

    def validate_source(self, value):
        return _choice(value, IndicatorSource.values, _("Kies de bron: %(s)s.") % {"s": SOURCES})

    def validate_direction(self, value):
        if value:
            _choice(value, Direction.values, _("Kies de richting: %(s)s.") % {"s": DIRECTIONS})
        return value

    def validate_signal_behaviours(self, value):
        unknown = sorted(set(value) - set(Behaviour.values))
        if unknown:
            raise serializers.ValidationError(
                _("Onbekende gedragscategorie: %(v)s.") % {"v": ", ".join(unknown)}
            )
        return value

    def validate(self, attrs):
        if attrs.get("result_key"):
            return attrs
        required = {
            "name": attrs.get("name"),
            "baseline": attrs.get("baseline"),
            "target": attrs.get("target"),
        }
        required["direction"] = attrs.get("direction")
        missing = {k: [_("Dit veld is vereist.")] for k, v in required.items() if v in (None, "")}
        if missing:
            raise serializers.ValidationError(missing)
        return attrs


class MeasurementCreateSerializer(GuardedInputSerializer):
    period_start = DayField(
        help_text="Eerste dag van de periode (2026-03-09 of 09-03-2026).",
        validators=[not_in_future(_("De periode ligt in de toekomst."))],
    )
    value = NumberField(help_text="Getal; decimalen met komma of punt.")
    note = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")


class ImportResultSerializer(serializers.Serializer):
    imported = serializers.IntegerField(help_text="Aantal opgeslagen waarden.")


class ProgressReportSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    period_from = serializers.DateField()
    period_to = serializers.DateField()
    forum = serializers.CharField(allow_blank=True)
    body = serializers.CharField()
    created_by = UserRefSerializer()
    created_at = DateTimeField()


class ProgressReportCreateSerializer(GuardedInputSerializer):
    period_from = serializers.DateField()
    period_to = serializers.DateField()
    forum = serializers.ChoiceField(choices=Forum.choices, required=False, allow_blank=True, default="")

    def validate(self, attrs):
        if attrs["period_from"] > attrs["period_to"]:
            raise serializers.ValidationError(
                {"period_to": [_("De einddatum ligt vóór het begin van de periode.")]}
            )
        return attrs


class CrisisPeriodSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    reason = serializers.CharField()
    started_by = UserRefSerializer()
    started_at = DateTimeField()
    ended_by = UserRefSerializer(allow_null=True)
    ended_at = DateTimeField(allow_null=True)


class BriefingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    day = serializers.DateField()
    happened = serializers.CharField()
    planned = serializers.CharField()
    whereabouts = serializers.CharField()
    author = UserRefSerializer()
    updated_at = DateTimeField()


class CrisisSerializer(serializers.Serializer):
    active = CrisisPeriodSerializer(allow_null=True)
    periods = CrisisPeriodSerializer(many=True)
    briefings = BriefingSerializer(many=True, help_text="Van de lopende of laatste crisisperiode.")
    today = BriefingSerializer(allow_null=True)


class CrisisStartSerializer(GuardedInputSerializer):
    reason = serializers.CharField(max_length=TEXT_LIMIT, help_text="Groepsniveau, zonder namen.")


class BriefingCreateSerializer(GuardedInputSerializer):
    day = serializers.DateField(validators=[not_in_future(_("De dag ligt in de toekomst."))])
    happened = serializers.CharField(max_length=TEXT_LIMIT)
    planned = serializers.CharField(max_length=TEXT_LIMIT)
    whereabouts = serializers.CharField(max_length=TEXT_LIMIT, help_text="Inzet van de professionals.")


# --- step 7: closing ---------------------------------------------------------------------------------

OUTCOMES = ", ".join(ClosingOutcome.values)


class ClosingChecklistItemSerializer(serializers.Serializer):
    label = serializers.CharField()
    done = serializers.BooleanField()


class ProposedResultSerializer(serializers.Serializer):
    key = serializers.CharField()
    indicator = serializers.CharField(allow_blank=True)
    goal = serializers.CharField(allow_blank=True)
    baseline = serializers.CharField(allow_blank=True)
    target = serializers.CharField(allow_blank=True)
    unit = serializers.CharField(allow_blank=True)
    deadline = serializers.CharField(allow_blank=True)
    reached = serializers.BooleanField(allow_null=True, help_text="Leeg als er nog niets is gemeten.")
    figures = serializers.CharField(help_text="Voorstel uit de monitoring.")


class TestedResultSerializer(serializers.Serializer):
    key = serializers.CharField()
    indicator = serializers.CharField(allow_blank=True)
    reached = serializers.BooleanField()
    figures = serializers.CharField()


class ClosingDecisionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    plan_version = serializers.IntegerField(allow_null=True)
    forum = serializers.ChoiceField(choices=Forum.choices)
    decided_on = serializers.DateField()
    outcome = serializers.CharField(help_text=f"Een van: {OUTCOMES}.")
    motivation = serializers.CharField()
    results = TestedResultSerializer(many=True)
    recorded_by = UserRefSerializer()
    recorded_at = DateTimeField()


class RetentionDecisionSerializer(serializers.Serializer):
    keep_until = serializers.DateField()
    covenant_months = serializers.IntegerField()
    motivation = serializers.CharField()
    decided_by = UserRefSerializer()
    decided_at = DateTimeField()


class RetentionSerializer(serializers.Serializer):
    retention_until = serializers.DateField(allow_null=True)
    legal_hold = serializers.BooleanField()
    covenant_months = serializers.IntegerField(help_text="De termijn volgens het convenant.")
    default_keep_until = serializers.DateField(
        help_text="Sluitingsdatum (vandaag zolang open) plus die termijn."
    )
    current = RetentionDecisionSerializer(allow_null=True)
    history = RetentionDecisionSerializer(many=True)
    may_set_retention = serializers.BooleanField()
    may_set_legal_hold = serializers.BooleanField()


class ClosingSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    step = serializers.IntegerField()
    checklist = ClosingChecklistItemSerializer(
        many=True, required=False, help_text="De poort van het afsluiten."
    )
    decisions = ClosingDecisionSerializer(
        many=True, required=False, help_text="Nieuwste eerst; de eerste geldt."
    )
    proposed_results = ProposedResultSerializer(many=True, required=False)
    may_decide = serializers.BooleanField()
    retention = RetentionSerializer()
    withheld = serializers.DictField(child=serializers.CharField())


class ResultVerdictSerializer(serializers.Serializer):
    key = serializers.CharField(max_length=40)
    reached = serializers.BooleanField()
    figures = serializers.CharField(max_length=TEXT_LIMIT)


class ClosingDecisionCreateSerializer(GuardedInputSerializer):
    forum = serializers.ChoiceField(choices=Forum.choices)
    decided_on = serializers.DateField(
        validators=[not_in_future(_("De datum van het besluit kan niet in de toekomst liggen."))]
    )
    outcome = serializers.CharField(max_length=10, help_text=f"Een van: {OUTCOMES}.")
    motivation = serializers.CharField(max_length=TEXT_LIMIT)
    results = ResultVerdictSerializer(
        many=True, max_length=100, help_text="Elk resultaat van het plan dat nu geldt, precies één keer."
    )

    def validate_outcome(self, value):
        return _choice(value, ClosingOutcome.values, _("Kies afschalen of stoppen."))


@extend_schema_serializer(deprecate_fields=["membership"])
class HandoverSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    to_organisation = OrganisationRefSerializer()
    action = serializers.IntegerField(source="action_id", allow_null=True)
    person = serializers.IntegerField(allow_null=True, help_text="De jongere (persoons-id), zo zichtbaar.")
    membership = serializers.IntegerField(allow_null=True, help_text=OLD_MEMBER_HELP)
    member_name = serializers.CharField(
        allow_blank=True, help_text="Alleen voor wie persoonsgegevens mag ontvangen."
    )
    what = serializers.CharField()
    status = serializers.CharField(help_text=f"Een van: {', '.join(HandoverStatus.values)}.")
    offered_by = UserRefSerializer()
    offered_at = DateTimeField()
    answered_by = UserRefSerializer(allow_null=True)
    answered_at = DateTimeField(allow_null=True)
    decline_reason = serializers.CharField(allow_blank=True)
    may_answer = serializers.BooleanField()
    withheld = serializers.DictField(child=serializers.CharField())


@extend_schema_serializer(deprecate_fields=["membership"])
class HandoverCreateSerializer(GuardedInputSerializer):
    to_organisation = id_field()
    what = serializers.CharField(max_length=TEXT_LIMIT)
    action = id_field(required=False, allow_null=True)
    person = person_field(
        "De begeleiding van één jongere (persoons-id; alleen wie persoonsgegevens mag verstrekken)."
    )
    membership = old_member_field()


class HandoverAnswerSerializer(GuardedInputSerializer):
    accept = serializers.BooleanField()
    reason = serializers.CharField(
        max_length=TEXT_LIMIT,
        required=False,
        allow_blank=True,
        default="",
        help_text="Verplicht bij weigeren.",
    )


class RetentionCreateSerializer(GuardedInputSerializer):
    keep_until = serializers.DateField(
        required=False, allow_null=True, help_text="Leeg: de termijn van het convenant."
    )
    motivation = serializers.CharField(max_length=TEXT_LIMIT, required=False, allow_blank=True, default="")


class LegalHoldSerializer(GuardedInputSerializer):
    on = serializers.BooleanField(help_text="true: bewaarplicht instellen; false: opheffen.")
    reason = serializers.CharField(max_length=TEXT_LIMIT)


class ContributionSerializer(serializers.Serializer):
    organisation = OrganisationRefSerializer()
    texts = serializers.DictField(child=serializers.CharField(), help_text="Per criterium de tekst.")
    author = UserRefSerializer()
    updated_at = DateTimeField()


class CriterionSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()
    measured = serializers.ListField(child=serializers.CharField(), help_text="Door het systeem gemeten.")


class EvaluationSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    opened = serializers.BooleanField()
    discussed_on = serializers.DateField(allow_null=True)
    forum = serializers.CharField(allow_blank=True)
    summary = serializers.CharField(allow_blank=True)
    measured = serializers.DictField(help_text="De gemeten cijfers (vast zodra besproken).")
    criteria = CriterionSerializer(many=True)
    contributions = ContributionSerializer(many=True)
    may_open = serializers.BooleanField()
    may_contribute = serializers.BooleanField()
    may_discuss = serializers.BooleanField()


ContributionCreateSerializer = type(
    "ContributionCreateSerializer",
    (GuardedInputSerializer,),
    {
        code: serializers.CharField(
            max_length=TEXT_LIMIT, required=False, allow_blank=True, default="", help_text=str(label)
        )
        for code, label in Criterion.choices
    },
)


class DiscussionSerializer(GuardedInputSerializer):
    discussed_on = serializers.DateField(
        validators=[not_in_future(_("De datum van de bespreking kan niet in de toekomst liggen."))]
    )
    forum = serializers.ChoiceField(choices=Forum.choices)
    summary = serializers.CharField(max_length=TEXT_LIMIT)
