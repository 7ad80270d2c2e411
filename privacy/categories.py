"""The data categories every piece of information about a person carries.

The category decides who may supply and receive it (covenant) and how the
processing log and retention treat it. Order matters only for display.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Category(models.TextChoices):
    GROUP = "group", _("Groepsniveau (geen persoonsgegevens)")
    PERSONAL = "personal", _("Gewone persoonsgegevens")
    CRIMINAL = "criminal", _("Strafrechtelijke gegevens (AVG art. 10)")
    CARE = "care", _("Gezondheids- en zorggegevens (AVG art. 9)")
    SPECIAL = "special", _("Overige bijzondere persoonsgegevens")
    BSN = "bsn", _("Burgerservicenummer")
    # The approach per person (PGA, Top X, Zorg- en Veiligheidshuis, Veilig Thuis, Halt): its
    # own row in the covenant, so a municipality can make referrals without receiving
    # criminal-law or care data.
    REFERRAL = "referral", _("Verwijzingen (aanpak per persoon)")


PERSONAL_CATEGORIES = frozenset(
    {Category.PERSONAL, Category.CRIMINAL, Category.CARE, Category.SPECIAL, Category.BSN, Category.REFERRAL}
)

# Short nouns for "afgeschermd: ..." messages.
SHORT_LABELS = {
    Category.GROUP: _("groepsgegevens"),
    Category.PERSONAL: _("persoonsgegevens"),
    Category.CRIMINAL: _("strafrechtelijke gegevens"),
    Category.CARE: _("zorggegevens"),
    Category.SPECIAL: _("bijzondere persoonsgegevens"),
    Category.BSN: _("BSN"),
    Category.REFERRAL: _("verwijzingen"),
}


class LegalBasis(models.TextChoices):
    AVG_6_1_E_GEMEENTEWET = "avg6e_gw172", _("AVG art. 6 lid 1 sub e jo. Gemeentewet art. 172")
    WPG_19 = "wpg19", _("Wet politiegegevens art. 19 (samenwerkingsverband)")
    WPG_20 = "wpg20", _("Wet politiegegevens art. 20 (bijzondere doelen)")
    WJSG = "wjsg", _("Wet justitiële en strafvorderlijke gegevens (art. 39f/39l)")
    JEUGDWET_7_4 = "jeugdwet74", _("Jeugdwet art. 7.4.x")
    WMO_5_2 = "wmo52", _("Wmo 2015 art. 5.2.x")
    LEERPLICHT = "leerplicht", _("Leerplichtwet art. 25/28")
    AVG_9_2_G = "avg9g", _("AVG art. 9 lid 2 sub g (zwaarwegend algemeen belang)")
    OTHER = "other", _("Anders (zie toelichting)")
