"""The one access decision. Every page, API endpoint, export, document, search and
count asks this module what a user may see or do. See docs/adr/0002-access-decision.md.

Inputs: the user's organisation (kind, municipality) and role; whether the
organisation participates in the case; the case's step, coordinator and legal basis;
and the covenant row for (organisation kind, category) in the case's municipality.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from django.utils.translation import gettext as _

from accounts.models import OrganisationKind, Role
from groepsaanpak import security_events
from groepsaanpak.errors import FORBIDDEN, GATE, DomainError

from .categories import PERSONAL_CATEGORIES, SHORT_LABELS, Category, LegalBasis
from .models import Covenant, CovenantRule

MUNICIPAL_ROLES = {Role.PROCESREGISSEUR, Role.COORDINATOR}
NO_CASE_DATA_ROLES = {Role.BEHEERDER, Role.PRIVACYFUNCTIONARIS}
NOT_NAMEABLE_ROLES = NO_CASE_DATA_ROLES | {Role.BESLISSER}  # naming would give them nothing


class AccessDenied(DomainError):
    """The access decision said no; str(error) is the Dutch reason. Code `forbidden`, or
    `gate` when what stands in the way is a step of the process (no personal data before
    step 2, a closed case)."""

    code = FORBIDDEN


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str = ""
    code: str = FORBIDDEN  # of the refusal: forbidden, or gate (a step of the process)
    # (user, target, policy) of a refusal about an existing object (policies.check): an
    # enforced refusal is reported to the security log as access.denied.
    about: tuple | None = field(default=None, compare=False, repr=False)

    def __bool__(self) -> bool:
        return self.allowed

    def enforce(self) -> None:
        """Raise AccessDenied with the reason and code when the decision is no."""
        if not self.allowed:
            raise self.refusal()

    def refusal(self) -> AccessDenied:
        """The AccessDenied of a no; a forbidden refusal about an existing object is reported
        to the security log as access.denied."""
        if self.about is not None and self.code == FORBIDDEN:
            user, target, policy = self.about
            security_events.emit("access.denied", user=user, target=target, detail=f"{policy}: {self.reason}")
        return AccessDenied(self.reason, code=self.code)


ALLOW = Decision(True)


def _target(obj) -> str:
    meta = getattr(obj, "_meta", None)
    return f"{meta.label_lower}:{obj.pk}" if meta is not None and getattr(obj, "pk", None) else ""


def _about(decision: Decision, user, obj, what: str) -> Decision:
    """A refusal about an existing object: enforcing it reports access.denied."""
    if decision or decision.about is not None or not (target := _target(obj)):
        return decision
    return replace(decision, about=(user, target, what))


def refuse(user, obj, reason: str, *, what: str) -> AccessDenied:
    """The refusal of a service's own check about an existing object (`raise
    access.refuse(...)`): reported to the security log as access.denied, like an enforced
    policy decision (rate-limited per user and object)."""
    return _about(Decision(False, reason), user, obj, what).refusal()


def _cache(user) -> dict:
    # Per-request memo on the user object; users are loaded anew for every request.
    if not hasattr(user, "_access_cache"):
        user._access_cache = {}
    return user._access_cache


def _is_municipal(user, municipality_id) -> bool:
    return (
        user.role in MUNICIPAL_ROLES
        and user.organisation_id is not None
        and user.organisation.kind == OrganisationKind.GEMEENTE
        and user.organisation.municipality_id == municipality_id
    )


# --- covenant ---------------------------------------------------------------


def covenant_in_force(municipality_id: int, on: date | None = None) -> Covenant | None:
    on = on or date.today()  # noqa: DTZ011 - a calendar date, local is fine
    return (
        Covenant.objects.filter(municipality_id=municipality_id, effective_from__lte=on)
        .order_by("-effective_from", "-version")
        .first()
    )


def covenant_rules(municipality_id: int, cache: dict | None = None) -> dict:
    """{(organisation_kind, category): CovenantRule} of the covenant in force."""
    key = ("rules", municipality_id)
    if cache is not None and key in cache:
        return cache[key]
    covenant = covenant_in_force(municipality_id)
    rules = {}
    if covenant is not None:
        for rule in CovenantRule.objects.filter(covenant=covenant):
            rules[(rule.organisation_kind, rule.category)] = rule
    if cache is not None:
        cache[key] = rules
    return rules


def receivers_of(municipality_id: int, category: str, cache: dict | None = None) -> list[str]:
    rules = covenant_rules(municipality_id, cache)
    return [
        str(OrganisationKind(kind).label)
        for (kind, cat), rule in rules.items()
        if cat == category and rule.may_receive
    ]


# --- cases ------------------------------------------------------------------


def participates(user, case) -> bool:
    if user.organisation_id is None:
        return False
    cache = _cache(user)
    key = ("participants", case.pk)
    if key not in cache:
        cache[key] = set(case.participant_organisation_ids())
    return user.organisation_id in cache[key]


def remember_participation(user, participants: dict[int, set[int]]) -> None:
    """Keep {case id: organisation ids} of many cases for this request (lists and
    search load them in one query through cases.reads.prime_participation)."""
    cache = _cache(user)
    for case_id, organisation_ids in participants.items():
        cache[("participants", case_id)] = set(organisation_ids)


def naming_known(user, case_id) -> bool:
    return ("named", case_id) in _cache(user)


def remember_naming(user, named: dict[int, bool]) -> None:
    """Keep {case id: is this user named for it} of many cases for this request (lists and
    search load them in one query through cases.reads.prime_participation)."""
    cache = _cache(user)
    for case_id, is_named_for in named.items():
        cache[("named", case_id)] = {user.pk} if is_named_for else set()


def is_named(user, case) -> bool:
    """Need to know: is this user named for the case (opened it, coordinates it, or was
    named by its coordinator or regisseur)? A fact the domain hands over (Case.named_user_ids)."""
    cache = _cache(user)
    key = ("named", case.pk)
    if key not in cache:
        cache[key] = set(case.named_user_ids())
    return user.pk in cache[key]


def _needs_naming(user, case) -> Decision:
    """Need to know (§3.1, §4.1.1): everyone who sees a case sees its group level, but a
    youth's personal data only who is named for the case — the municipality's case roles and
    the professionals of the participating organisations alike (and each then only the
    categories the covenant gives their organisation)."""
    if not is_named(user, case):
        return Decision(False, _("afgeschermd: alleen voor wie bij naam aan deze casus is verbonden"))
    return ALLOW


def forget(user, case_id) -> None:
    """Drop what this request remembered about the user's participation and naming in a
    case (after a naming or invitation changed them)."""
    cache = _cache(user)
    cache.pop(("participants", case_id), None)
    cache.pop(("named", case_id), None)


def nameable(user, case) -> bool:
    """Who can be named for a case: an active user with a case role at an organisation that
    takes part in it, or at the municipality's own organisation."""
    if not user.is_active or user.organisation_id is None:
        return False
    if user.role in NOT_NAMEABLE_ROLES:
        return False
    own = (
        user.organisation.kind == OrganisationKind.GEMEENTE
        and user.organisation.municipality_id == case.municipality_id
    )
    return own or participates(user, case)


def names_for_all(actor, case) -> bool:
    """The coordinator or a regisseur of the case, named for it themselves (nobody grants
    themselves the need to know), names anyone nameable."""
    return can_manage_case(actor, case) and is_named(actor, case)


def names_own_colleagues(actor, case) -> bool:
    """A named professional of a participating organisation names colleagues of their own
    organisation: the organisation decides who of theirs needs the names (§4.1.1)."""
    return is_named(actor, case) and participates(actor, case)


def can_name(actor, case) -> bool:
    """May the actor name anybody for the case (show the form, accept the post)?"""
    return can_view_case(actor, case) and (names_for_all(actor, case) or names_own_colleagues(actor, case))


def may_name(actor, case, user) -> Decision:
    """May `actor` name (or end the naming of) `user` for the case?"""
    if not can_name(actor, case):
        return Decision(
            False,
            _(
                "Alleen wie bij naam aan deze casus is verbonden (de coördinator, de procesregisseur "
                "of een professional van een deelnemende organisatie), kan dit doen."
            ),
        )
    if user.pk == actor.pk:
        return Decision(False, _("U kunt uzelf niet bij naam aan een casus verbinden."))
    if names_for_all(actor, case):
        return ALLOW
    if user.organisation_id != actor.organisation_id:
        return Decision(False, _("U kunt alleen collega's van uw eigen organisatie bij naam verbinden."))
    return ALLOW


def participation_known(user, case_id) -> bool:
    return ("participants", case_id) in _cache(user)


def can_view_case(user, case) -> bool:
    if not user.is_authenticated or not user.is_active or user.role in NO_CASE_DATA_ROLES:
        return False
    if user.organisation_id is None:
        return False
    if _is_municipal(user, case.municipality_id) or case.coordinator_id == user.pk:
        return True
    if user.role == Role.BESLISSER:
        return user.organisation.municipality_id == case.municipality_id
    return participates(user, case)


def personal_data_gate(case) -> Decision:
    """The source's footnote: no personal data in a case before step 2 with an appointed
    coordinator and a recorded legal basis and necessity."""
    if case.step < 2:
        return Decision(False, _("Persoonsgegevens zijn pas toegestaan vanaf stap 2."), GATE)
    if not case.coordinator_id:
        return Decision(False, _("Er is nog geen uitvoeringscoördinator aangewezen."), GATE)
    if not case.has_legal_basis:
        return Decision(False, _("Grondslag en noodzaak zijn nog niet vastgelegd."), GATE)
    return ALLOW


def withheld_reason(user, case, category: str) -> str:
    receivers = receivers_of(case.municipality_id, category, _cache(user))
    label = SHORT_LABELS[Category(category)]
    if receivers:
        return _("afgeschermd: %(label)s, alleen voor %(who)s volgens convenant") % {
            "label": label,
            "who": ", ".join(receivers),
        }
    return _("afgeschermd: %(label)s, volgens convenant voor niemand toegankelijk") % {"label": label}


def can_receive(user, case, category: str) -> Decision:
    """May this user see information of this category in this case?"""
    return _about(_can_receive(user, case, category), user, case, f"case.receive.{category}")


def _can_receive(user, case, category: str) -> Decision:
    if not can_view_case(user, case):
        return Decision(False, _("Geen toegang tot deze casus."))
    if category == Category.GROUP:
        return ALLOW
    if user.role == Role.BESLISSER:
        return Decision(False, _("afgeschermd: beslissers zien alleen geanonimiseerde stukken"))
    gate = personal_data_gate(case)
    if not gate:
        return gate
    named = _needs_naming(user, case)
    if not named:
        return named
    rule = covenant_rules(case.municipality_id, _cache(user)).get((user.organisation.kind, category))
    if rule is None or not rule.may_receive:
        return Decision(False, withheld_reason(user, case, category))
    return ALLOW


def legal_basis_of_reader(user, case, categories) -> str:
    """The basis on which this user's organisation receives these categories in this case
    under the covenant in force (a police read: the police's basis, not the municipality's);
    "" when the covenant names none (the log then falls back on the case's basis)."""
    organisation = getattr(user, "organisation", None) if user is not None else None
    if organisation is None or getattr(case, "municipality_id", None) is None:
        return ""
    rules = covenant_rules(case.municipality_id, _cache(user))
    bases = []
    for category in sorted(categories):
        rule = rules.get((organisation.kind, category))
        if rule is not None and rule.legal_basis:
            label = str(LegalBasis(rule.legal_basis).label)
            if rule.legal_basis_note:
                label = f"{label} ({rule.legal_basis_note})"
            if label not in bases:
                bases.append(label)
    return "; ".join(bases)[:200]


def can_supply(user, case, category: str) -> Decision:
    """May this user add information of this category to this case?"""
    return _about(_can_supply(user, case, category), user, case, f"case.supply.{category}")


def _can_supply(user, case, category: str) -> Decision:
    if not can_view_case(user, case) or user.role == Role.BESLISSER:
        return Decision(False, _("U kunt in deze casus geen informatie toevoegen."))
    if not case.is_open:
        return Decision(False, _("Deze casus is afgesloten."), GATE)
    if category == Category.GROUP:
        return ALLOW
    gate = personal_data_gate(case)
    if not gate:
        return gate
    named = _needs_naming(user, case)
    if not named:
        return named
    rule = covenant_rules(case.municipality_id, _cache(user)).get((user.organisation.kind, category))
    if rule is None or not rule.may_supply:
        return Decision(
            False,
            _("Uw organisatie mag volgens het convenant geen %(label)s verstrekken.")
            % {"label": SHORT_LABELS[Category(category)]},
        )
    return ALLOW


def can_manage_case(user, case) -> bool:
    """Move steps, invite partners, appoint the coordinator, agree the name list."""
    return _is_municipal(user, case.municipality_id) or case.coordinator_id == user.pk


# --- scopes: which rows a user may see, as facts the domain's querysets apply -------


@dataclass(frozen=True)
class Scope:
    """Which cases, groups or signals a user sees. The domain's `visible_to(user)` turns
    it into a filter; privacy decides it without knowing the models.

    nothing: no rows at all. municipality_id: every row of that municipality.
    organisation_id: the rows where this organisation participates (cases) or reported
    (signals). user_id: the cases this user coordinates. For groups and signals
    `through_cases` adds the groups of the visible cases."""

    nothing: bool = False
    municipality_id: int | None = None
    organisation_id: int | None = None
    user_id: int | None = None
    through_cases: bool = False


NOTHING = Scope(nothing=True)


def _sees_no_case_data(user) -> bool:
    return not user.is_authenticated or user.role in NO_CASE_DATA_ROLES or not user.organisation_id


def case_scope(user) -> Scope:
    if _sees_no_case_data(user):
        return NOTHING
    municipality_id = user.organisation.municipality_id
    if user.role in MUNICIPAL_ROLES and user.organisation.kind == OrganisationKind.GEMEENTE:
        return Scope(municipality_id=municipality_id, user_id=user.pk)
    if user.role == Role.BESLISSER:
        return Scope(municipality_id=municipality_id)
    return Scope(organisation_id=user.organisation_id, user_id=user.pk)


def group_scope(user) -> Scope:
    """Municipal roles and the beslisser: the groups of (or also active in) their
    municipality; partners: the groups of the cases they see."""
    if _sees_no_case_data(user):
        return NOTHING
    if user.role in MUNICIPAL_ROLES | {Role.BESLISSER}:
        return Scope(municipality_id=user.organisation.municipality_id)
    return Scope(through_cases=True)


def signal_scope(user) -> Scope:
    """The municipality's own officials: every signal of the municipality; others: the
    signals their organisation reported and those about groups they see."""
    if _sees_no_case_data(user):
        return NOTHING
    if user.role in MUNICIPAL_ROLES and user.organisation.kind == OrganisationKind.GEMEENTE:
        return Scope(municipality_id=user.organisation.municipality_id)
    return Scope(organisation_id=user.organisation_id, through_cases=True)


def can_report_signal(user) -> bool:
    return (
        user.is_authenticated
        and user.organisation_id is not None
        and user.role not in NO_CASE_DATA_ROLES | {Role.BESLISSER}
    )


def can_read_processing_log(user, case=None) -> bool:
    """Privacy officer: everything of their municipality; regisseur: their own cases."""
    if not user.is_authenticated or not user.organisation_id:
        return False
    if user.role == Role.PRIVACYFUNCTIONARIS:
        return case is None or case.municipality_id == user.organisation.municipality_id
    return case is not None and _is_municipal(user, case.municipality_id)


def categories_in_scope() -> frozenset:
    return PERSONAL_CATEGORIES
