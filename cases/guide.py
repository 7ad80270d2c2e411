"""What each step is for, the questions to answer in it (appendix §2.2), and what kind
of information is allowed. Shown on every step page."""

from django.utils.translation import gettext_lazy as _

STEP_GUIDE = {
    1: {
        "goal": _(
            "De procesregisseur zorgt dat ketenpartners hun signalen over problematisch groepsgedrag delen, en besluit of stap 2 nodig is."
        ),
        "questions": [
            _("Wat zien en merken we aan problematisch groepsgedrag?"),
            _("Is er mogelijk sprake van een jeugdgroep?"),
        ],
        "information": _(
            "Alleen gegevens over de groep als geheel: enkelvoudige signalen en observaties. Geen namen of andere persoonsgegevens."
        ),
    },
    2: {
        "goal": _(
            "De uitvoeringscoördinator zorgt dat de juiste informatie op tafel komt om te bepalen of er sprake is van een problematische jeugdgroep, en verbreedt de informatiepositie."
        ),
        "questions": [
            _("Is er sprake van een jeugdgroep?"),
            _("Wie zitten daar in?"),
            _("Wat doen ze? Hoe erg is dat?"),
            _("Bij welke partners zijn ze bekend?"),
            _("Is er noodzaak om een integrale probleemdefinitie op te maken?"),
        ],
        "information": _(
            "Informatie over aard en omvang van de groep, op groepsniveau en waar nodig op persoonsniveau — actief uitgevraagd, alleen wat de volgende stap nodig heeft. Alle privacyregels gelden."
        ),
    },
    3: {
        "goal": _("Met de betrokken partners een integraal beeld en een concept plan van aanpak maken."),
        "questions": [
            _("Waardoor wordt het problematisch groepsgedrag veroorzaakt?"),
            _("Hoe en met wie kunnen we de groep op hoofdlijnen aanpakken?"),
            _("Wat is daarvoor op hoofdlijnen nodig?"),
            _("Wat adviseren we?"),
        ],
        "information": _(
            "Informatie over aard en omvang op groep, locatie en persoon; inzicht in de verschillende domeinen."
        ),
    },
    4: {
        "goal": _("Het ketenoverleg of de driehoek adviseren en laten besluiten over prioriteit en kaders."),
        "questions": [
            _("Wat is de aard en omvang van het problematisch gedrag?"),
            _("Welke aanpak werkt bij deze jeugdgroep en wat vergt dat aan inzet?"),
        ],
        "information": _(
            "Geanonimiseerd advies (Jongere A, B, …); informatie over andere groepen om af te wegen; het besluit met randvoorwaarden."
        ),
    },
    5: {
        "goal": _("Het integrale plan van aanpak vastleggen: doelen, sporen, acties en monitoring."),
        "questions": [_("Welke afspraken maken we om de jeugdgroep aan te pakken?")],
        "information": _(
            "Het plan van aanpak met vaste onderdelen: doelen, acties, nulmeting en monitoring."
        ),
    },
    6: {
        "goal": _(
            "Het plan uitvoeren, de voortgang en effecten volgen en waar nodig bijstellen of escaleren."
        ),
        "questions": [
            _("Hoe verloopt het uitvoeren van de aanpak?"),
            _("Welk effect heeft dat?"),
            _("Welke bijstelling is nodig?"),
        ],
        "information": _("Afspraken, voortgang van acties en resultaten, effecten op de doelen."),
    },
    7: {
        "goal": _(
            "Afronden: besluiten tot afschalen of stoppen, restacties beleggen, bewaartermijn vastleggen en evalueren."
        ),
        "questions": [
            _("Is de jeugdgroep afdoende aangepakt? Zijn de doelen bereikt?"),
            _("Welke restacties worden bij wie belegd?"),
            _("Wat zijn de leer- en verbeterpunten?"),
        ],
        "information": _("Restacties en leerpunten."),
    },
}
