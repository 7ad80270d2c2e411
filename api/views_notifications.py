"""What waits for me and my notifications through the API (issue 19): the inbox is the home
page's read (dashboard.reads.waiting_for), the notifications and preferences the
notifications app's own functions — one user's own rows, nobody else's."""

from __future__ import annotations

from rest_framework import serializers

from dashboard import reads
from notifications import services
from notifications.models import Channel, Kind, Notification

from .base import ApiView, endpoint, or_404
from .serializers import DateTimeField

TAG = "meldingen"


class InboxItemSerializer(serializers.Serializer):
    label = serializers.CharField(help_text="Groep en wat er wacht (groepsniveau).")
    url = serializers.CharField(help_text="De pagina in Groepsaanpak waar het wordt gedaan.")
    note = serializers.CharField(help_text="Deadline, status of wat er als volgende komt.")
    urgent = serializers.BooleanField(help_text="Te laat, of wacht op u om te beslissen.")
    case = serializers.IntegerField(source="case_id", allow_null=True)


class InboxCardSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=list(reads.CARDS), help_text="Soort werk.")
    title = serializers.CharField()
    count = serializers.IntegerField()
    urgent = serializers.IntegerField(help_text="Hoeveel daarvan dringend zijn.")
    url = serializers.CharField(help_text="De pagina die ze allemaal toont.")
    items = InboxItemSerializer(many=True)


class NotificationSerializer(serializers.ModelSerializer):
    text = serializers.CharField(read_only=True, help_text="Soort gebeurtenis en de naam van de groep.")
    case = serializers.IntegerField(source="case_id", allow_null=True, read_only=True)
    created_at = DateTimeField(read_only=True)
    read_at = DateTimeField(read_only=True, allow_null=True)

    class Meta:
        model = Notification
        fields = ["id", "kind", "text", "alias", "case", "link", "created_at", "read_at"]
        read_only_fields = fields


# One field per kind of event: immediately, daily digest, or off.
PreferencesSerializer = type(
    "NotificationPreferencesSerializer",
    (serializers.Serializer,),
    {
        kind.value: serializers.ChoiceField(
            choices=Channel.choices, required=False, help_text=str(kind.label)
        )
        for kind in Kind
    },
)


class InboxView(ApiView):
    tag = TAG

    @endpoint(ok=InboxCardSerializer(many=True))
    def get(self, request):
        """Wat wacht op mij: hetzelfde als de kaarten op de startpagina

        Per soort werk (advies om te besluiten, verzoeken aan mijn functie, acties met een deadline, …) de
        dingen die op mij wachten, dringend eerst. Een soort zonder iets komt niet voor."""
        return self.paginate(reads.waiting_for(request.user), InboxCardSerializer)


class NotificationListView(ApiView):
    tag = TAG

    @endpoint(ok=NotificationSerializer(many=True))
    def get(self, request):
        """Mijn meldingen, nieuwste eerst

        Een melding noemt alleen de soort gebeurtenis en de groep; wat u achter `link` mag zien, beslist de
        toegang als u het opent."""
        return self.paginate(services.for_user(request.user), NotificationSerializer)


class NotificationDetailView(ApiView):
    tag = TAG

    @endpoint(ok=NotificationSerializer)
    def get(self, request, pk):
        """Eén melding van mij"""
        return self.respond(NotificationSerializer, or_404(services.for_user(request.user), pk=pk))


class NotificationReadView(ApiView):
    tag = TAG

    @endpoint(ok=NotificationSerializer, errors=(404,))
    def post(self, request, pk):
        """Melding op gelezen zetten (nogmaals: blijft gelezen)"""
        or_404(services.for_user(request.user), pk=pk)
        return self.respond(NotificationSerializer, services.mark_read(request.user, pk))


class NotificationPreferencesView(ApiView):
    tag = TAG

    @endpoint(ok=PreferencesSerializer)
    def get(self, request):
        """Hoe ik per soort gebeurtenis een e-mail krijg: direct, dagelijks overzicht, of niet"""
        return self.respond(PreferencesSerializer, services.preferences(request.user))

    @endpoint(request=PreferencesSerializer, ok=PreferencesSerializer, errors=(400,))
    def put(self, request):
        """Mijn keuzes per soort vervangen (een soort die ontbreekt, gaat terug naar de standaard)"""
        choices = self.validated(PreferencesSerializer)
        return self.respond(
            PreferencesSerializer, services.set_preferences(request.user, choices, replace=True)
        )
