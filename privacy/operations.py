"""The register of processing operations: every operation code the processing log writes.

A code is stored in each log row (`ProcessingLogEntry.operation`) and auditors and tests
search on it, so a code never changes once used; a new kind of processing gets a new
code here. `log.record()` refuses a code that is not registered (a programming error),
and an action or activity the operation is not registered for.

Each operation names its action (read/create/update/delete/export/print), the processing
activity of the register (`ProcessingActivity.code`, privacy.reference.ACTIVITIES) whose
purpose and legal basis the log row carries, a short Dutch label for the log pages, and
the data categories logged when the caller names none. An empty `categories` means the
categories follow the data the caller processed, and the caller must name them.

Adding an operation: add an `Operation(...)` below (a new dotted code; never rename one in
use), give its label an English msgstr in locale/en/LC_MESSAGES/django.po, paste
`markdown_table()` over the table in docs/privacy.md (a test compares them), and log with
`log.read(actor, code, pseudonyms, case=...)` or `log.write(...)`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import override

from .categories import Category
from .reference import ACTIVITIES as _REGISTER

ACTIONS = ("read", "create", "update", "delete", "export", "print")
ACTIVITIES = tuple(code for code, *_rest in _REGISTER)
PERSONAL = (Category.PERSONAL,)


@dataclass(frozen=True)
class Operation:
    code: str
    action: str
    activity: str
    label: str | Promise
    categories: tuple[str, ...] = PERSONAL
    # Where one operation is logged with more than one action or activity (an answer
    # created or changed; the name list read within the information exchange of step 3).
    other_actions: tuple[str, ...] = ()
    other_activities: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        unknown = {*self.actions} - {*ACTIONS} or {*self.activities} - {*ACTIVITIES}
        if unknown:
            raise ValueError(f"operation {self.code!r}: unknown action or activity {sorted(unknown)}")

    @property
    def actions(self) -> tuple[str, ...]:
        return (self.action, *self.other_actions)

    @property
    def activities(self) -> tuple[str, ...]:
        return (self.activity, *self.other_activities)


def _register(*operations: Operation) -> dict[str, Operation]:
    codes = [op.code for op in operations]
    if len(codes) != len(set(codes)):  # not an assert: it must hold under python -O too
        raise ValueError("an operation code is registered twice")
    return {op.code: op for op in operations}


_FROM_DATA: tuple[str, ...] = ()  # the categories follow the data processed; the caller names them

OPERATIONS: dict[str, Operation] = _register(
    # Name list and persons (groups, cases, dashboard)
    Operation(
        "name_list.read", "read", "namenlijst", _("Namenlijst ingezien"),
        other_activities=("informatie-uitwisseling",),
    ),
    Operation("name_list.add", "create", "namenlijst", _("Naam op de namenlijst gezet")),
    Operation("name_list.status", "update", "namenlijst", _("Status op de namenlijst gewijzigd")),
    Operation("person.read", "read", "groepsaanpak", _("Persoonspagina ingezien"), _FROM_DATA),
    Operation("member.read", "read", "groepsaanpak", _("Groepslid ingezien"), _FROM_DATA),
    Operation("member.update", "update", "groepsaanpak", _("Rol of vaste professional van een lid gewijzigd")),
    Operation("member.referral", "create", "groepsaanpak", _("Verwijzing van een lid vastgelegd"), _FROM_DATA),
    Operation(
        "member.referral_status", "update", "groepsaanpak", _("Status of uitkomst van een verwijzing gewijzigd"),
        _FROM_DATA,
    ),
    Operation("member.family", "create", "groepsaanpak", _("Familieband vastgelegd")),
    # One youth across groups (persons)
    Operation("person.search", "read", "namenlijst", _("Bestaande persoon gezocht voor de namenlijst")),
    Operation("person.known_by", "read", "groepsaanpak", _("Bekend bij (sociale kaart) ingezien"), _FROM_DATA),
    Operation("person.merge", "update", "namenlijst", _("Twee persoonsrecords samengevoegd")),
    Operation("person.merge_undo", "update", "namenlijst", _("Samenvoeging van personen ongedaan gemaakt")),
    Operation("name_list.import", "create", "namenlijst", _("Namenlijst geïmporteerd (CSV)")),
    Operation("search.hit", "read", "groepsaanpak", _("Gevonden bij zoeken")),
    Operation("dynamics.assess", "create", "groepsaanpak", _("Plus/min/mee-beoordeling toegevoegd")),
    # Information matrix (cases)
    Operation("matrix.read", "read", "informatie-uitwisseling", _("Informatiematrix ingezien"), _FROM_DATA),
    Operation(
        "request_attachment.download", "export", "informatie-uitwisseling",
        _("Bijlage bij een informatieverzoek gedownload"), (Category.GROUP,),
    ),
    Operation(
        "request.names", "create", "informatie-uitwisseling",
        _("Afgestemde namen meegestuurd met een informatieverzoek"),
    ),
    Operation(
        "request.answer_names", "create", "informatie-uitwisseling",
        _("Antwoord per naam op een groepsscan of OM-verzoek"), (Category.CRIMINAL,),
    ),
    Operation(
        "request.names_read", "read", "informatie-uitwisseling",
        _("Antwoord per naam op een groepsscan of OM-verzoek ingezien"), (Category.CRIMINAL,),
    ),
    Operation(
        "matrix.add", "create", "informatie-uitwisseling", _("Informatie over een lid in de matrix gezet"),
        _FROM_DATA,
    ),
    # Steps 3-4: picture, work forms, concept plan, advice (analysis)
    Operation("dynamics.read", "read", "informatie-uitwisseling", _("Groepsdynamiek (sociogram) ingezien")),
    Operation("dynamics.tie", "create", "groepsaanpak", _("Band tussen twee jongeren vastgelegd")),
    Operation("dynamics.tie_end", "update", "groepsaanpak", _("Band tussen twee jongeren beëindigd")),
    Operation(
        "interventiematrix.read", "read", "informatie-uitwisseling", _("Interventiematrix ingezien"), _FROM_DATA
    ),
    Operation(
        "interventiematrix.add", "create", "informatie-uitwisseling",
        _("Cel van de interventiematrix over een lid ingevuld"), _FROM_DATA,
    ),
    Operation("circular.read", "read", "informatie-uitwisseling", _("Spilfiguren (circulair bevragen) ingezien")),
    Operation(
        "circular.answer", "create", "informatie-uitwisseling", _("Spilfiguren genoemd bij circulair bevragen"),
        other_actions=("update",),
    ),
    Operation("picture.read", "read", "informatie-uitwisseling", _("Integraal beeld (personen) ingezien")),
    Operation("pictureversion.save", "create", "informatie-uitwisseling", _("Integraal beeld (personen) bewaard")),
    Operation(
        "concept_plan.read", "read", "informatie-uitwisseling", _("Concept plan (persoonsgerichte lijn) ingezien")
    ),
    Operation(
        "conceptplanversion.save", "create", "informatie-uitwisseling",
        _("Concept plan (persoonsgerichte lijn) bewaard"),
    ),
    Operation("advice.generate", "read", "informatie-uitwisseling", _("Advies gegenereerd (en geanonimiseerd)")),
    # Steps 5-7: plan of approach, actions, hand-overs, closing (approach)
    Operation("approach_plan.read", "read", "informatie-uitwisseling", _("Plan van aanpak ingezien")),
    Operation(
        "crisis_briefing.publish", "export", "informatie-uitwisseling",
        _("Crisisbriefing (half A4) gepubliceerd aan de verspreidingslijst"), (Category.GROUP,),
    ),
    Operation(
        "approach_plan.compare", "read", "informatie-uitwisseling", _("Versies van het plan van aanpak vergeleken")
    ),
    Operation(
        "approach_plan.save", "create", "informatie-uitwisseling", _("Plan van aanpak met maatregel voor een lid bewaard")
    ),
    Operation("approach_actions.read", "read", "informatie-uitwisseling", _("Acties van de aanpak ingezien")),
    Operation("approach_action.read", "read", "informatie-uitwisseling", _("Actie ingezien")),
    Operation("my_actions.read", "read", "informatie-uitwisseling", _("Mijn acties ingezien")),
    Operation("approach_action.create", "create", "informatie-uitwisseling", _("Actie voor een lid aangemaakt")),
    Operation("approach_action.update", "update", "informatie-uitwisseling", _("Actie voor een lid bijgewerkt")),
    Operation("handover.offer", "create", "informatie-uitwisseling", _("Overdracht over een lid aangeboden")),
    Operation("handover.answer", "update", "informatie-uitwisseling", _("Overdracht over een lid beantwoord")),
    Operation("handover.read", "read", "informatie-uitwisseling", _("Overdracht over een lid ingezien")),
    Operation("case.legal_hold", "update", "verantwoording", _("Bewaarplicht ingesteld of opgeheven")),
    # The data subject's rights (cases/rights.py)
    Operation("rights_request.record", "create", "verantwoording", _("Verzoek van een betrokkene vastgelegd")),
    Operation("rights_request.decide", "update", "verantwoording", _("Verzoek van een betrokkene afgehandeld of verlengd")),
    Operation("person.correct", "update", "verantwoording", _("Persoonsgegeven gecorrigeerd op verzoek")),
    Operation(
        "name_list.remove_on_objection", "delete", "verantwoording",
        _("Van de namenlijst gehaald na toegewezen bezwaar"),
    ),
    Operation(
        "retention.extend", "update", "verantwoording",
        _("Bewaartermijn verlengd (met motivering)"), (Category.PERSONAL,),
    ),
    Operation(
        "retention.apply", "delete", "verantwoording", _("Persoonsgegevens verwijderd na de bewaartermijn"),
        _FROM_DATA,
    ),
    # Informatieplicht: informing youths and parents (cases.informing)
    Operation("informing.read", "read", "groepsaanpak", _("Informatieplicht ingezien (wie is geïnformeerd)")),
    Operation("informing.recipient", "create", "groepsaanpak", _("Ouder of voogd vastgelegd voor de informatieplicht")),
    Operation("informing.record", "update", "groepsaanpak", _("Vastgelegd dat iemand is geïnformeerd")),
    Operation("informing.postpone", "update", "groepsaanpak", _("Informeren uitgesteld (reden en herbeoordeling)")),
    Operation("informing.letter", "export", "groepsaanpak", _("Informatiebrief gemaakt (PDF of Word)")),
    # Documents of a case as PDF or Word (cases.case_documents): one export row per person named
    Operation("document.concept_plan", "export", "informatie-uitwisseling", _("Concept plan van aanpak als document gemaakt")),
    Operation("document.advice", "export", "informatie-uitwisseling", _("Geanonimiseerd advies als document gemaakt")),
    Operation("document.plan", "export", "informatie-uitwisseling", _("Plan van aanpak als document gemaakt")),
    Operation(
        "document.progress_report", "export", "informatie-uitwisseling",
        _("Voortgangsrapportage als document gemaakt"), (Category.GROUP,),
    ),
    Operation(
        "document.evaluation", "export", "informatie-uitwisseling",
        _("Evaluatierapport als document gemaakt"), (Category.GROUP,),
    ),
    # Accountability (privacy)
    Operation(
        "subject_access.export", "export", "verantwoording",
        _("Inzageoverzicht opgesteld (inzageverzoek)"), _FROM_DATA, other_actions=("print",),
    ),
    Operation("processing_log.read", "read", "verantwoording", _("Verwerkingslog ingezien (overzicht)")),
    Operation("processing_log.export", "export", "verantwoording", _("Verwerkingslog geëxporteerd")),
)  # fmt: skip


def get(code: str) -> Operation:
    """The registered operation; ValueError for a code that is not registered."""
    try:
        return OPERATIONS[code]
    except KeyError:
        raise ValueError(
            f"unknown processing operation {code!r}: register it in privacy/operations.py"
        ) from None


def label(code: str) -> str:
    """The label of the operation in the active language; the code itself for a code that
    is not (or no longer) registered, as old log rows may hold."""
    op = OPERATIONS.get(code)
    return str(op.label) if op is not None else code


@contextlib.contextmanager
def registered(*operations: Operation) -> Iterator[None]:
    """Register operations for the duration of a block (tests that log ad-hoc codes)."""
    clash = [op.code for op in operations if op.code in OPERATIONS]
    if clash:
        raise ValueError(f"already registered: {clash}")
    OPERATIONS.update({op.code: op for op in operations})
    try:
        yield
    finally:
        for op in operations:
            OPERATIONS.pop(op.code, None)


_ACTION_NL = {
    "read": "inzien", "create": "vastleggen", "update": "wijzigen",
    "delete": "verwijderen", "export": "exporteren", "print": "afdrukken",
}  # fmt: skip


def markdown_table() -> str:
    """The register as the Markdown table in docs/privacy.md (Dutch)."""
    lines = [
        "| Operatie | Omschrijving | Handeling | Activiteit | Categorieën |",
        "|---|---|---|---|---|",
    ]
    with override("nl"):
        for op in OPERATIONS.values():
            actions = " of ".join(f"`{a}` ({_ACTION_NL[a]})" for a in op.actions)
            activities = " of ".join(f"`{a}`" for a in op.activities)
            categories = ", ".join(f"`{c!s}`" for c in op.categories) or "naar de verwerkte gegevens"
            lines.append(f"| `{op.code}` | {op.label} | {actions} | {activities} | {categories} |")
    return "\n".join(lines) + "\n"
