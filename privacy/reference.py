"""Reference data: the informatiematrix (appendix I) with a category per item, and the
register of processing activities. Loaded by a data migration; kept here so tests and
the demo can read the same lists."""

from .categories import Category as C
from .categories import LegalBasis

G, P, CR, CA, SP = C.GROUP, C.PERSONAL, C.CRIMINAL, C.CARE, C.SPECIAL

# (cluster, label, category, level)
MATRIX = [
    ("I", "Namen / personen (zicht op wie het betreft)", P, "person"),
    ("I", "Bijnamen / uiterlijke kenmerken", P, "person"),
    ("I", "Rollen", P, "both"),
    ("I", "Hechte groep?", G, "group"),
    ("I", "Goed georganiseerd? Planmatig?", G, "group"),
    ("I", "Identiteit van de groep", G, "group"),
    ("I", "Wisselingen binnen de groep?", G, "group"),
    ("I", "Hiërarchie, rivaliteit, strijd om de macht?", G, "group"),
    ("I", "Probeert groep low profile te blijven?", G, "group"),
    ("I", "Contacten/verbanden met andere groepen?", G, "group"),
    ("I", "Wapenbezit? Welke wapens? Wie?", CR, "both"),
    ("I", "Gebruikt de groep voertuigen? Welke?", P, "both"),
    ("I", "Beschrijving problematisch groepsgedrag", G, "group"),
    ("I", "Gedrag groep richting burgers?", G, "group"),
    ("I", "Gedrag groep richting professionals?", G, "group"),
    ("I", "Grensoverschrijdend social media gebruik?", G, "both"),
    ("I", "Foto's?", P, "person"),
    ("I", "Informatie van ouders", P, "person"),
    ("I", "Criminaliteit bij familie (ouders, brussen, etc)", CR, "person"),
    ("I", "Mogelijkheden en kansen van de leden", P, "both"),
    ("I", "Religie / levensovertuiging (bijzonder persoonsgegeven)", SP, "person"),
    ("II", "Reprimandes", CR, "person"),
    ("II", "Opsporingsindicatie", CR, "person"),
    ("II", "Relatie met heling, witwassen, ...", CR, "person"),
    ("II", "Ontvangen PV's", CR, "person"),
    ("II", "Veroordelingen", CR, "person"),
    ("II", "Lopende strafzaken (incl hoger beroep)", CR, "person"),
    ("II", "Openstaande boetes", CR, "person"),
    ("II", "Lopende maatregelen/sancties", CR, "person"),
    ("II", "Lopende schorsingen RC", CR, "person"),
    ("II", "Voorwaarden voorlopige invrijheidsstelling", CR, "person"),
    ("II", "Datum einde voorlopige hechtenis", CR, "person"),
    ("II", "Datum invrijheidsstelling gedetineerden", CR, "person"),
    ("II", "Aantal maal verwezen naar Halt", CR, "person"),
    ("II", "Verloop Halt-straf (inhoudelijk + resultaat)", CR, "person"),
    ("III", "Hebben ze werk?", P, "both"),
    ("III", "Krijgen ze een uitkering?", P, "person"),
    ("III", "Hebben ze een woning / dak boven hun hoofd?", P, "person"),
    ("III", "Is er sprake van schulden?", P, "person"),
    ("III", "Komen ze in buurthuizen?", P, "both"),
    ("III", "Zijn ze lid van een vereniging?", P, "both"),
    ("IV", "Gaan ze naar school? Welke?", P, "both"),
    ("IV", "Niveau opleiding / intelligentieniveau", P, "person"),
    ("IV", "Schoolverzuim?", P, "both"),
    ("IV", "Ingestuurde PV's schoolverzuim", CR, "person"),
    ("IV", "Gedragsstoornis?", CA, "person"),
    ("V", "Lopend traject op groepsleden?", CA, "person"),
    ("V", "Lopend traject op gezinsleden?", CA, "person"),
    ("V", "OTS, VOTS, opgelegde maatregelen (civiel)", CA, "person"),
    ("V", "Huisverboden (opgelegd/lopend)?", CA, "person"),
    ("V", "Ontvangen zorgsignalen", CA, "person"),
    ("V", "Zorgelijke thuisomstandigheden?", CA, "person"),
    ("V", "Is er sprake van huiselijk geweld?", CA, "person"),
    ("VI", "Alcohol- en drugsgebruik; welke?", CA, "both"),
    ("VI", "Dealen in drugs; welke?", CR, "both"),
    ("VII", "Afspraken locaties", G, "group"),
    ("VII", "Afspraken met burgers", G, "group"),
    ("VII", "Afspraken met ondernemers", G, "group"),
    ("VII", "Afspraken met partijen", G, "group"),
    ("VII", "Welke netwerken", G, "group"),
    ("VII", "Vernielingen / vervuilingen op locatie", G, "group"),
]

ACTIVITIES = [
    (
        "groepsaanpak",
        "Integrale aanpak problematische jeugdgroep",
        "Verminderen van overlast en criminaliteit door de groep en versterken van het "
        "perspectief van de jongeren (werkproces stap 1–7).",
        LegalBasis.AVG_6_1_E_GEMEENTEWET,
    ),
    (
        "namenlijst",
        "Opstellen en afstemmen van de namenlijst",
        "Vaststellen wie tot de groep behoort, als basis voor gerichte informatie-uitwisseling.",
        LegalBasis.AVG_6_1_E_GEMEENTEWET,
    ),
    (
        "informatie-uitwisseling",
        "Verzamelen en verbinden van informatie",
        "Een integraal beeld van groep en leden vormen (stap 2 en 3).",
        LegalBasis.WPG_19,
    ),
    (
        "verantwoording",
        "Verantwoording en toezicht",
        "Inzage in het verwerkingslog door de privacyfunctionaris en procesregisseur; "
        "afhandeling van inzageverzoeken.",
        LegalBasis.AVG_6_1_E_GEMEENTEWET,
    ),
]


def load_reference_data(apps=None) -> None:
    """Load (idempotently) the matrix and the register. Used by the data migration and by
    tests whose transactional teardown flushed the migration's rows."""
    if apps is None:
        from django.apps import apps
    matrix_item = apps.get_model("privacy", "MatrixItem")
    activity = apps.get_model("privacy", "ProcessingActivity")
    for order, (cluster, label, category, level) in enumerate(MATRIX):
        matrix_item.objects.update_or_create(
            cluster=cluster, label=label, defaults={"category": str(category), "level": level, "order": order}
        )
    for code, name, purpose, basis in ACTIVITIES:
        activity.objects.update_or_create(
            code=code, defaults={"name": name, "purpose": purpose, "legal_basis": str(basis)}
        )
