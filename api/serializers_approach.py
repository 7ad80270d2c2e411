"""Input and output of the step 5–7 endpoints (plan of approach; later actions,
indicators and evaluation). The plan document has the shape of approach.content."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from analysis.models import Domain
from approach import content as c
from approach.models import TargetKind, Track

from .serializers import DateTimeField, GuardedInputSerializer, OrganisationRefSerializer, UserRefSerializer

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
    organisation = serializers.IntegerField(min_value=1, max_value=2**63 - 1)
    target_kind = serializers.ChoiceField(choices=TargetKind.choices)
    membership = serializers.IntegerField(
        min_value=1,
        max_value=2**63 - 1,
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


class PlanVersionSerializer(PlanVersionRefSerializer):
    in_force = serializers.BooleanField()
    content = PlanContentSerializer()
    withheld = serializers.DictField(child=serializers.CharField())


class PlanSerializer(serializers.Serializer):
    case = serializers.IntegerField()
    in_force = PlanVersionSerializer(allow_null=True)
    versions = PlanVersionRefSerializer(many=True)


class PlanWriteSerializer(GuardedInputSerializer):
    version = serializers.IntegerField(
        min_value=0,
        max_value=2**31 - 1,
        help_text="Het nummer van de versie waarop u voortbouwt (0 voor de eerste). Is er intussen een "
        "nieuwere versie, dan volgt 409 (stale_version) en wordt niets opgeslagen.",
    )
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")
    content = PlanContentSerializer()

    default_error_messages = {"invalid": _("Ongeldige invoer.")}
