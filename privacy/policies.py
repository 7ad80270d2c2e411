"""Who may do what: every permission of Groepsaanpak in one table, read top to bottom.
docs/privacy.md ("Wie mag wat") explains it for the privacy officer; ADR 0002 the why.

Each entry names one permission and its rule: one line, or a small function above the
table. A rule decides from facts only — the user's role, organisation (kind,
municipality) and whether it participates in the case; the case's municipality, step,
coordinator and status; attributes of the object passed in (a signal's municipality, an
action's owner, a hand-over's receiver). Cases and objects are duck-typed: privacy
imports no domain app. What a user may *see* inside a case (categories, the covenant,
the gate before step 2) is decided by privacy.access; the table lists those as entries too.

Ask:

    policies.check(user, "action.update", case=case, obj=action)   # -> access.Decision
    policies.allowed(user, "retention.set", case=case)             # -> bool

A refusal carries the rule's own reason, else the entry's `refusal`. An anonymous user is
refused everything. An unknown name is a KeyError: a typo must not read as "no".

Adding a permission: CONTRIBUTING.md, "Where is access decided".
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.models import OrganisationKind, Role

from . import access
from .access import ALLOW, MUNICIPAL_ROLES, NO_CASE_DATA_ROLES, Decision
from .categories import Category

STEP_BEELD = 3  # cases.models.Step.BEELD; privacy imports no domain app

COVENANT_READERS = {Role.PROCESREGISSEUR, Role.COORDINATOR, Role.PRIVACYFUNCTIONARIS}
COVENANT_EDITORS = {Role.PROCESREGISSEUR, Role.PRIVACYFUNCTIONARIS}
CHANGE_DECIDERS = {Role.BEHEERDER, Role.PRIVACYFUNCTIONARIS}  # the second pair of eyes


# --- facts ---------------------------------------------------------------------------------


def _municipality(user) -> int | None:
    return user.organisation.municipality_id if user.organisation_id else None


def _kind(user) -> str | None:
    return user.organisation.kind if user.organisation_id else None


def _municipal_official(user) -> bool:
    """Procesregisseur or coördinator of a municipality's own organisation."""
    return user.role in MUNICIPAL_ROLES and _kind(user) == OrganisationKind.GEMEENTE


def _privacy_officer_of(user, case) -> bool:
    return user.role == Role.PRIVACYFUNCTIONARIS and access.can_read_processing_log(user, case)


# --- rules that need more than one line -------------------------------------------------------


def _open_case(user, case, group) -> Decision:
    if not _municipal_official(user):
        return Decision(False, _("Alleen de gemeente opent een groepsaanpak."))
    if group is not None and group.municipality_id != _municipality(user):
        return Decision(False, _("Een casus opent u in de gemeente waar de groep is vastgelegd."))
    return ALLOW


def _work_on_step3(user, case, obj) -> Decision:
    decision = access.can_supply(user, case, Category.GROUP)
    if not decision:
        return decision
    if case.step != STEP_BEELD:
        return Decision(
            False,
            _("Dit onderdeel wordt in stap 3 ingevuld; deze casus staat in stap %(n)s.") % {"n": case.step},
        )
    return decision


def _record_forum_decision(user, case, obj) -> bool:
    return (
        user.role == Role.BESLISSER
        and access.can_view_case(user, case)
        and user.organisation.municipality_id == case.municipality_id
    )


def _record_measurement(user, case, obj) -> Decision:
    decision = access.can_supply(user, case, Category.GROUP)
    if not decision:
        return decision
    return ALLOW if case.is_open else Decision(False, _("Deze casus is afgesloten."))


def _see_action(user, case, action) -> Decision:
    if not access.can_view_case(user, action.case):
        return Decision(False, _("Geen toegang tot deze casus."))
    if action.membership_id:
        return access.can_receive(user, action.case, Category.PERSONAL)
    return ALLOW


def _update_action(user, case, action) -> Decision:
    seen = _see_action(user, case, action)
    if not seen:
        return seen
    if not action.case.is_open:
        return Decision(False, _("Deze casus is afgesloten."))
    if access.can_manage_case(user, action.case) or (
        user.organisation_id is not None and user.organisation_id == action.organisation_id
    ):
        return ALLOW
    return Decision(
        False,
        _("Alleen %(org)s (de eigenaar van de actie) en de coördinator werken deze actie bij.")
        % {"org": action.organisation.name},
    )


def _answer_handover(user, case, handover) -> bool:
    return user.organisation_id == handover.to_organisation_id and bool(
        access.can_supply(user, handover.case, Category.GROUP)
    )


# A deputy answers for the function holder: "plaatsvervangend teamchef" for "teamchef".
DEPUTY_PREFIXES = ("", "plaatsvervangend ", "waarnemend ", "loco-")


def holds_function(user, function: str) -> bool:
    """Does this user hold the function (the account's `function_title`) or deputise for it?"""
    title = " ".join((getattr(user, "function_title", "") or "").lower().split())
    wanted = " ".join(function.lower().split())
    return bool(wanted) and any(title == prefix + wanted for prefix in DEPUTY_PREFIXES)


def _answer_request(user, case, request) -> Decision:
    """`request`: addressee_id and addressee_function (cases.InformationRequest). Only the
    organisation it is addressed to answers; where it is addressed to a function (the
    groepsscan: the teamchef), only who holds that function or deputises for it."""
    if user.organisation_id is None or user.organisation_id != request.addressee_id:
        return Decision(
            False, _("Alleen de organisatie aan wie het verzoek is gericht, kan het beantwoorden.")
        )
    function = getattr(request, "addressee_function", "")
    if function and not holds_function(user, function):
        return Decision(
            False,
            _(
                "Dit verzoek is gericht aan de %(function)s; alleen wie die functie heeft (of "
                "waarneemt), beantwoordt het."
            )
            % {"function": function},
        )
    return ALLOW


def _read_person_log(user, case, person) -> bool:
    """`person`: municipality_id and cases() (the cases that name them)."""
    if user.role == Role.PRIVACYFUNCTIONARIS:
        return access.can_read_processing_log(user) and person.municipality_id == _municipality(user)
    return any(access.can_read_processing_log(user, c) for c in person.cases())


def _subject_access(user, case, person) -> Decision:
    """`person`: municipality_id and cases(). The procesregisseur of the person's
    municipality who may see them in at least one case answers an inzageverzoek."""
    if user.role != Role.PROCESREGISSEUR or person is None or person.municipality_id != _municipality(user):
        return Decision(False, _("Alleen de procesregisseur van de gemeente stelt een inzageoverzicht op."))
    if not any(access.can_receive(user, c, Category.PERSONAL) for c in person.cases()):
        return Decision(False, _("U mag deze persoon in geen enkele casus zien."))
    return ALLOW


def _merge_persons(user, case, facts) -> Decision:
    """`facts`: the cases of both records (persons.merging.MergeFacts). The procesregisseur
    merges two records of one youth, and only where he may manage every case either is on
    and receive its personal data: a merge must not join a case he may not see."""
    if user.role != Role.PROCESREGISSEUR or facts is None or facts.municipality_id != _municipality(user):
        return Decision(False, _("Alleen de procesregisseur van de gemeente voegt twee personen samen."))
    if not facts.cases or not all(
        access.can_manage_case(user, c) and access.can_receive(user, c, Category.PERSONAL)
        for c in facts.cases
    ):
        return Decision(
            False, _("U voegt alleen samen als u alle casussen van beide personen beheert en mag inzien.")
        )
    return ALLOW


def _undo_merge(user, case, facts) -> Decision:
    """`facts`: merged_by_id, undo_until, undone, cases (persons.merging.UndoFacts). Within
    the period: who merged, or the privacy officer who reads the log of the cases concerned."""
    if facts is None or facts.undone:
        return Decision(False, _("Deze samenvoeging is al ongedaan gemaakt."))
    if timezone.now() > facts.undo_until:
        return Decision(False, _("De termijn om deze samenvoeging ongedaan te maken is verstreken."))
    if user.pk == facts.merged_by_id and all(access.can_manage_case(user, c) for c in facts.cases):
        return ALLOW
    if user.role == Role.PRIVACYFUNCTIONARIS and all(
        access.can_read_processing_log(user, c) for c in facts.cases
    ):
        return ALLOW
    return Decision(
        False, _("Alleen wie samenvoegde, of de privacyfunctionaris, maakt een samenvoeging ongedaan.")
    )


def _request_user_change(user, case, subject) -> Decision:
    if user.role != Role.BEHEERDER:
        return Decision(False, _("Alleen een beheerder vraagt een wijziging van toegang aan."))
    if subject is not None and subject.pk == user.pk:
        return Decision(False, _("Uw eigen toegang wijzigt u niet zelf; vraag een collega-beheerder."))
    return ALLOW


def _decide_change(user, case, change) -> Decision:
    """The second person: another beheerder, or the privacy officer of the municipality the
    change concerns; never the requester, never the user the change is about."""
    if user.role not in CHANGE_DECIDERS:
        return Decision(False, _("Alleen een beheerder of de privacyfunctionaris beoordeelt wijzigingen."))
    if change is None:
        return ALLOW
    if change.requested_by_id == user.pk:
        return Decision(False, _("U kunt uw eigen verzoek niet beoordelen; dat doet een tweede persoon."))
    if change.user_id is not None and change.user_id == user.pk:
        return Decision(False, _("Een wijziging van uw eigen account beoordeelt een collega."))
    if user.role == Role.PRIVACYFUNCTIONARIS and (
        change.municipality_id is None or change.municipality_id != _municipality(user)
    ):
        return Decision(False, _("U beoordeelt alleen wijzigingen die uw eigen gemeente betreffen."))
    return ALLOW


# --- the table ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Policy:
    rule: Callable[[Any, Any, Any], bool | Decision]  # (user, case, obj)
    who: str  # who may, in Dutch: for docs/privacy.md and the privacy officer
    refusal: str = ""  # the reason when the rule says no without one of its own


P = Policy
g = gettext_lazy

POLICIES: dict[str, Policy] = {
    # --- the core (privacy.access): a case and what is in it --------------------------------
    "case.view": P(
        lambda u, case, o: access.can_view_case(u, case),
        "gemeente (procesregisseur, coördinator) en beslisser van de gemeente, de aangewezen "
        "coördinator, deelnemende organisaties; nooit beheerder of privacyfunctionaris",
        g("Geen toegang tot deze casus."),
    ),
    "case.manage": P(
        lambda u, case, o: access.can_manage_case(u, case),
        "procesregisseur en coördinator van de gemeente, en de aangewezen coördinator",
        g("Alleen de procesregisseur of de uitvoeringscoördinator kan dit doen."),
    ),
    "case_document.produce": P(
        lambda u, case, o: access.can_view_case(u, case),
        "wie de casus ziet (zoals case.view); persoonsgegevens staan er alleen in voor wie ze "
        "ontvangt, elk document wordt gelogd als export",
        g("Geen toegang tot deze casus."),
    ),
    "case.name": P(  # obj: the person to name, or None for "anybody" (the form)
        lambda u, case, o: access.may_name(u, case, o) if o is not None else access.can_name(u, case),
        "wie zelf bij naam aan de casus is verbonden: de coördinator en de procesregisseur iedereen "
        "van een deelnemende organisatie of de gemeente, een professional alleen eigen collega's",
        g("Alleen wie bij naam aan deze casus is verbonden, kan anderen verbinden."),
    ),
    "category.receive": P(  # obj: the category
        lambda u, case, category: access.can_receive(u, case, category),
        "wie de casus ziet: groepsniveau altijd; persoonsgegevens vanaf stap 2 met coördinator "
        "en grondslag, alleen wie bij naam aan de casus is verbonden, en dan als het convenant "
        "de soort organisatie laat ontvangen; nooit de beslisser",
    ),
    "category.supply": P(  # obj: the category
        lambda u, case, category: access.can_supply(u, case, category),
        "wie de casus ziet, geen beslisser, casus lopend; persoonsgegevens als voor ontvangen, "
        "als het convenant de soort organisatie laat verstrekken",
    ),
    # --- step 1: signals ------------------------------------------------------------------------
    "signal.report": P(
        lambda u, case, o: access.can_report_signal(u),
        "iedereen met een organisatie, behalve beslisser, privacyfunctionaris en beheerder",
        g("U kunt geen signalen melden."),
    ),
    "signal.list": P(
        lambda u, case, o: access.can_report_signal(u) or u.role in MUNICIPAL_ROLES,
        "wie signalen meldt, en procesregisseur en coördinator",
        g("U werkt niet met signalen."),
    ),
    "signal.triage": P(  # obj: the signal, or None for "triages signals at all"
        lambda u, case, signal: (
            u.role in MUNICIPAL_ROLES and (signal is None or _municipality(u) == signal.municipality_id)
        ),
        "procesregisseur en coördinator van de gemeente van het signaal",
        g("Alleen de procesregisseur of uitvoeringscoördinator beoordeelt signalen."),
    ),
    # --- groups ---------------------------------------------------------------------------------
    "group.list": P(
        lambda u, case, o: u.role not in NO_CASE_DATA_ROLES,
        "iedereen behalve privacyfunctionaris en beheerder (ieder ziet alleen zijn groepen)",
    ),
    "group.create": P(
        lambda u, case, o: _municipal_official(u),
        "procesregisseur en coördinator van een gemeente",
        g("Alleen de gemeente legt een nieuwe groep vast."),
    ),
    # NB kept as found: the page offers the form on the role alone; group.create refuses
    # the save for a procesregisseur or coördinator outside a municipality's organisation.
    "group.create_form": P(
        lambda u, case, o: u.role in MUNICIPAL_ROLES,
        "procesregisseur en coördinator (het opslaan beslist group.create)",
    ),
    "group.edit": P(  # obj: the group
        lambda u, case, group: u.role in MUNICIPAL_ROLES and _municipality(u) == group.municipality_id,
        "procesregisseur en coördinator van de gemeente van de groep",
        g("Alleen de gemeente wijzigt de groepsgegevens."),
    ),
    # --- the case -------------------------------------------------------------------------------
    "case.open": P(  # obj: the group
        _open_case,
        "procesregisseur en coördinator van de gemeente van de groep",
    ),
    "case.reopen": P(
        lambda u, case, o: u.role in MUNICIPAL_ROLES and _municipality(u) == case.municipality_id,
        "procesregisseur en coördinator van de gemeente van de casus",
        g("Alleen de gemeente kan een casus heropenen."),
    ),
    "case.fast_track": P(  # the fast track from the first hour (monitoring.services.choose_fast_track)
        lambda u, case, o: (
            u.role == Role.PROCESREGISSEUR and _municipality(u) == case.municipality_id and case.is_open
        ),
        "de procesregisseur van de gemeente van de casus, zolang de casus loopt",
        g("Alleen de procesregisseur van de gemeente kiest de snelle route."),
    ),
    # --- step 2: the information chain (cases/services.py) ----------------------------------------
    "request.answer": P(  # obj: the information request
        _answer_request,
        "de organisatie aan wie het verzoek is gericht; bij een groepsscan alleen de teamchef (of wie "
        "hem waarneemt)",
    ),
    "groepsscan.police_start": P(
        lambda u, case, o: (
            _kind(u) == OrganisationKind.POLITIE
            and u.role not in NO_CASE_DATA_ROLES | {Role.BESLISSER}
            and access.can_view_case(u, case)
            and case.is_open
        ),
        "de politie, als zij aan de casus deelneemt (een eigen groepsscan in stap 1 of 2)",
        g("Alleen de politie legt een eigen groepsscan vast."),
    ),
    # --- overviews ------------------------------------------------------------------------------
    "regie.view": P(
        lambda u, case, o: u.role in MUNICIPAL_ROLES | {Role.BESLISSER},
        "procesregisseur, coördinator en beslisser",
        g("Het regie-overzicht is er voor gemeente en beslissers."),
    ),
    "search": P(
        lambda u, case, o: u.role not in NO_CASE_DATA_ROLES,
        "iedereen behalve privacyfunctionaris en beheerder (resultaten volgens case.view)",
    ),
    "agenda.view": P(
        lambda u, case, o: u.organisation_id is not None and u.role in MUNICIPAL_ROLES | {Role.BESLISSER},
        "procesregisseur, coördinator en beslisser (groepsniveau)",
        g("De agenda is er voor beslissers, procesregisseur en coördinator."),
    ),
    # --- steps 3-4 ------------------------------------------------------------------------------
    "step3.work": P(
        _work_on_step3,
        "wie groepsgegevens mag verstrekken, alleen in stap 3",
    ),
    "step4.record_decision": P(
        _record_forum_decision,
        "de beslisser (gemandateerd lid van het overleg) van de gemeente van de casus",
        g("Alleen een gemandateerde beslisser van deze gemeente legt het besluit vast."),
    ),
    # --- steps 5-6 ------------------------------------------------------------------------------
    "monitoring.record": P(
        _record_measurement,
        "wie groepsgegevens mag verstrekken, casus lopend",
    ),
    "action.see": P(  # obj: the action (its case is action.case)
        _see_action,
        "wie de casus ziet; een actie voor één jongere alleen wie persoonsgegevens ontvangt",
    ),
    "action.update": P(  # obj: the action
        _update_action,
        "wie de actie ziet en de casus beheert, of de eigenaar-organisatie; casus lopend",
    ),
    "action.escalate": P(
        lambda u, case, o: access.can_manage_case(u, case) and case.is_open,
        "wie de casus beheert, casus lopend",
    ),
    # --- step 7 ---------------------------------------------------------------------------------
    "closing.decide": P(
        _record_forum_decision,
        "de beslisser van de gemeente van de casus (zoals step4.record_decision)",
        g("Alleen een gemandateerde beslisser van deze gemeente legt het besluit vast."),
    ),
    "closing.retention_only": P(
        lambda u, case, o: u.role == Role.PRIVACYFUNCTIONARIS,
        "de privacyfunctionaris: ziet van een casus alleen bewaartermijn en bewaarplicht",
    ),
    "handover.list": P(
        lambda u, case, o: u.role not in NO_CASE_DATA_ROLES and u.organisation_id is not None,
        "iedereen met een organisatie, behalve privacyfunctionaris en beheerder",
        g("Uw rol ontvangt geen overdrachten."),
    ),
    "handover.answer": P(  # obj: the hand-over (its case is handover.case)
        _answer_handover,
        "een gebruiker van de ontvangende organisatie die groepsgegevens mag verstrekken",
        g("Alleen de organisatie waaraan is overgedragen kan de overdracht beantwoorden."),
    ),
    "evaluation.contribute": P(
        lambda u, case, o: bool(access.can_supply(u, case, Category.GROUP)) and access.participates(u, case),
        "een deelnemende organisatie die groepsgegevens mag verstrekken",
        g("Alleen de deelnemende organisaties schrijven een bijdrage aan de evaluatie."),
    ),
    "retention.set": P(
        lambda u, case, o: access.can_manage_case(u, case) or _privacy_officer_of(u, case),
        "wie de casus beheert, en de privacyfunctionaris van de gemeente",
        g("Alleen de procesregisseur, de uitvoeringscoördinator of de privacyfunctionaris kan dit doen."),
    ),
    "legal_hold.set": P(
        lambda u, case, o: (
            _privacy_officer_of(u, case)
            or (u.role == Role.PROCESREGISSEUR and access.can_manage_case(u, case))
        ),
        "de privacyfunctionaris en de procesregisseur van de gemeente",
        g("Alleen de procesregisseur, de uitvoeringscoördinator of de privacyfunctionaris kan dit doen."),
    ),
    # --- informatieplicht (cases.informing) ----------------------------------------------------
    "informing.manage": P(
        lambda u, case, o: access.can_receive(u, case, Category.PERSONAL),
        "wie bij naam aan de casus is verbonden en persoonsgegevens ontvangt (zoals "
        "category.receive): brieven maken, vastleggen wie is geïnformeerd of waarom dat wacht",
    ),
    "informing.template": P(
        lambda u, case, o: u.role == Role.PROCESREGISSEUR and _municipal_official(u),
        "de procesregisseur van de gemeente (de tekst van de brief, zonder persoonsgegevens)",
        g("Alleen de procesregisseur van de gemeente past de brief aan."),
    ),
    "school_letter.compose": P(
        lambda u, case, o: access.can_manage_case(u, case) and case.is_open,
        "wie de casus beheert, casus lopend (groepsniveau, door de privacytoets)",
        g("Alleen de procesregisseur of de uitvoeringscoördinator kan dit doen."),
    ),
    # --- privacy's own pages ----------------------------------------------------------------
    "processing_log.read": P(  # case None: the log of the whole municipality
        lambda u, case, o: access.can_read_processing_log(u, case),
        "de privacyfunctionaris (zijn gemeente); de procesregisseur en coördinator: het log van hun casus",
        g("Alleen de privacyfunctionaris leest het verwerkingslog."),
    ),
    "processing_log.read_person": P(  # obj: the person
        _read_person_log,
        "de privacyfunctionaris van de gemeente, en wie het log leest van een casus die de jongere noemt",
    ),
    "subject_access.export": P(  # obj: the person
        _subject_access,
        "de procesregisseur van de gemeente die de jongere in een casus mag zien",
    ),
    "rights.handle": P(  # obj: the person
        _subject_access,
        "de procesregisseur van de gemeente die de jongere in een casus mag zien",
    ),
    "person.merge": P(  # obj: persons.merging.MergeFacts
        _merge_persons,
        "de procesregisseur van de gemeente die alle casussen van beide personen beheert en mag inzien",
    ),
    "person.merge_undo": P(  # obj: persons.merging.UndoFacts
        _undo_merge,
        "binnen de termijn: wie samenvoegde, of de privacyfunctionaris van de gemeente",
    ),
    "rights.old_value": P(  # obj: the person
        lambda u, case, o: (
            u.role == Role.PRIVACYFUNCTIONARIS and o is not None and o.municipality_id == _municipality(u)
        ),
        "de privacyfunctionaris van de gemeente",
        g("Alleen de privacyfunctionaris ziet de oude waarde van een correctie."),
    ),
    "security_log.read": P(
        lambda u, case, o: (
            u.role == Role.BEHEERDER or (u.role == Role.PRIVACYFUNCTIONARIS and u.organisation_id is not None)
        ),
        "de privacyfunctionaris (zijn gemeente) en de beheerder (de hele installatie)",
        g("Alleen de privacyfunctionaris en de beheerder lezen het beveiligingslog."),
    ),
    "security_log.read_all": P(
        lambda u, case, o: u.role == Role.BEHEERDER,
        "de beheerder: het beveiligingslog van de hele installatie",
    ),
    "privacy_overview.read": P(
        lambda u, case, o: u.role == Role.PRIVACYFUNCTIONARIS and u.organisation_id is not None,
        "de privacyfunctionaris (zijn gemeente)",
        g("Het overzicht is er voor de privacyfunctionaris."),
    ),
    "guard_confirmations.read": P(
        lambda u, case, o: u.role == Role.PRIVACYFUNCTIONARIS and u.organisation_id is not None,
        "de privacyfunctionaris",
        g("Alleen de privacyfunctionaris ziet de bevestigingen."),
    ),
    "covenant.view": P(
        lambda u, case, o: u.role in COVENANT_READERS and u.organisation_id is not None,
        "procesregisseur, coördinator en privacyfunctionaris",
        g("Het convenant is in te zien voor regisseur, coördinator en privacyfunctionaris."),
    ),
    "covenant.edit": P(
        lambda u, case, o: u.role in COVENANT_EDITORS and u.organisation_id is not None,
        "procesregisseur en privacyfunctionaris",
        g("Alleen de procesregisseur of de privacyfunctionaris stelt het convenant vast."),
    ),
    # --- four eyes: changes of access (privacy/changes.py) ------------------------------------
    "change.request_user": P(  # obj: the user whose access changes (None: requests at all)
        _request_user_change,
        "de beheerder, niet voor zijn eigen account; pas na goedkeuring door een tweede persoon",
    ),
    "change.request_organisation": P(
        lambda u, case, o: u.role == Role.BEHEERDER,
        "de beheerder; pas na goedkeuring door een tweede persoon",
        g("Alleen een beheerder vraagt een wijziging van een organisatie aan."),
    ),
    "change.decide": P(  # obj: the change request (None: decides on requests at all)
        _decide_change,
        "een andere beheerder of de privacyfunctionaris van de betrokken gemeente; nooit wie "
        "het verzoek deed en nooit de gebruiker om wie het gaat",
    ),
    "change.list_all": P(
        lambda u, case, o: u.role == Role.BEHEERDER,
        "de beheerder (het beheer omvat de hele installatie); de privacyfunctionaris ziet zijn gemeente",
    ),
    "change.list": P(
        lambda u, case, o: u.role in CHANGE_DECIDERS | COVENANT_EDITORS,
        "beheerder en privacyfunctionaris (beoordelen), procesregisseur (eigen verzoeken)",
        g("Wijzigingsverzoeken zijn er voor beheerder, privacyfunctionaris en procesregisseur."),
    ),
    "admin.open": P(
        lambda u, case, o: u.role == Role.BEHEERDER,
        "de beheerder (gebruikers en organisaties; geen casusgegevens)",
    ),
}


# --- asking ----------------------------------------------------------------------------------


def check(user, name: str, *, case=None, obj=None) -> Decision:
    """The decision of policy `name` for this user (on this case, about this object)."""
    policy = POLICIES[name]
    if not user.is_authenticated:
        return Decision(False, str(policy.refusal))
    result = policy.rule(user, case, obj)
    if not isinstance(result, Decision):
        result = ALLOW if result else Decision(False, str(policy.refusal))
    if not result and (target := _target(case, obj)):
        result = replace(result, about=(user, target, name))  # enforce() reports it
    return result


def _target(case, obj) -> str:
    """The existing object a decision is about, as the security log names it."""
    for candidate in (obj, case):
        meta = getattr(candidate, "_meta", None)
        if meta is not None and getattr(candidate, "pk", None) is not None:
            return f"{meta.label_lower}:{candidate.pk}"
    return ""


def allowed(user, name: str, *, case=None, obj=None) -> bool:
    return bool(check(user, name, case=case, obj=obj))
