"""Four eyes on access: a change that decides who sees case data takes effect only after a
second person approves it. See docs/adr/0009-four-eyes.md.

Three kinds (ChangeKind): a user's organisation, role, staff status, reactivation or
e-mail address (the address the password link goes to); an organisation's kind or
municipality (the covenant grants per kind); a new version of the covenant. The requester
gives a reason; the second person — another beheerder, or the privacy officer of the
municipality concerned (policy `change.decide`) — approves or rejects with a reason. On
approval the one apply function of the owner runs (accounts.services.apply_user_access,
apply_organisation_change, privacy.services.publish_covenant), the same function demo data
and tests use to seed. Every request and decision passes through emit_change_event.
"""

from __future__ import annotations

import hashlib
import json
import logging
from datetime import date, timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import (
    IdentityProvider,
    MatchField,
    MfaPolicy,
    Municipality,
    Organisation,
    OrganisationKind,
    Role,
    User,
)
from accounts.services import (
    IDENTITY_PROVIDER_FIELDS,
    apply_identity_provider,
    apply_organisation_change,
    apply_user_access,
)
from groepsaanpak.errors import INVALID, STALE, DomainError

from . import policies, security
from .categories import Category
from .models import ChangeKind, ChangeRequest, ChangeStatus, Covenant, SecurityEvent
from .services import publish_covenant

logger = logging.getLogger("groepsaanpak.security")


class ChangeError(DomainError):
    """A request that cannot be made or decided; str(error) says why in Dutch."""

    code = INVALID


def emit_change_event(event: str, change: ChangeRequest, actor) -> None:
    """The one place a four-eyes event leaves this module: `change.requested`,
    `change.approved`, `change.rejected`, to the security log (privacy.security) and the
    logger "groepsaanpak.security". The ChangeRequest row itself is the full record (who,
    when, why, what)."""
    logger.info(
        "%s #%s (%s) door %s",
        event,
        change.pk,
        change.kind,
        actor.username,
        extra={
            "event": event,
            "change_id": change.pk,
            "change_kind": change.kind,
            "actor_id": actor.pk,
            "subject_user_id": change.user_id,
            "subject_organisation_id": change.organisation_id,
            "municipality_id": change.municipality_id,
        },
    )
    subject = change.user if change.user_id else None
    what = (
        f"{change.get_kind_display()}: {', '.join(sorted(change.changes))}"
        if change.kind != ChangeKind.COVENANT
        else str(change.get_kind_display())
    )
    security.record(
        event,
        user=subject,
        actor=actor,
        target=f"privacy.changerequest:{change.pk}",
        detail=f"{what[:200]}{SEAL_MARK}{seal(change, decided=event != 'change.requested')}",
        municipality_id=change.municipality_id,
    )


# --- the seal: the rows are plain, their content is in the chained security log -------------
#
# A ChangeRequest row can be edited by whoever holds the database role, but each request and
# decision puts a digest of the row as it was then into the security log, whose keyed chain
# makes that log itself tamper-evident. verify_seals() compares the rows with those digests
# (manage.py verify_processing_log runs it), so an edited request or decision is named.

SEAL_MARK = " · zegel "


def seal(change: ChangeRequest, *, decided: bool) -> str:
    """The digest of a request (and, once decided, its decision) as recorded."""
    content = {
        "kind": change.kind,
        "municipality": change.municipality_id,
        "user": change.user_id,
        "organisation": change.organisation_id,
        "changes": change.changes,
        "reason": change.reason,
        "requested_by": change.requested_by_id,
    }
    if decided:
        content |= {
            "status": change.status,
            "decided_by": change.decided_by_id,
            "decided_at": change.decided_at.isoformat() if change.decided_at else None,
            "decision_reason": change.decision_reason,
            "covenant": change.covenant_id,
        }
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()[:32]


def verify_seals() -> tuple[int, list[str]]:
    """(requests checked, problems): every request must match the seal of its request event
    and, once decided, of its decision event; a pending one has no decision. Requests older
    than the security log's retention are skipped (their events were purged)."""
    cutoff = timezone.now() - timedelta(days=settings.SECURITY_LOG_RETENTION_DAYS)
    events: dict[str, dict[str, str]] = {}
    rows = SecurityEvent.objects.filter(
        target__startswith="privacy.changerequest:",
        kind__in=("change.requested", "change.approved", "change.rejected"),
    ).values_list("target", "kind", "detail")
    for target, kind, detail in rows:
        events.setdefault(target, {})[kind] = detail.rpartition(SEAL_MARK)[2]
    problems, checked = [], 0
    for change in ChangeRequest.objects.filter(requested_at__gte=cutoff).order_by("pk"):
        checked += 1
        found = events.get(f"privacy.changerequest:{change.pk}", {})
        label = f"wijzigingsverzoek #{change.pk}"
        if found.get("change.requested") != seal(change, decided=False):
            problems.append(f"{label}: het verzoek wijkt af van wat het beveiligingslog vastlegde")
        decisions = {k: v for k, v in found.items() if k != "change.requested"}
        if change.status == ChangeStatus.PENDING:
            if decisions:
                problems.append(f"{label}: staat open, maar het beveiligingslog legde een besluit vast")
        elif decisions.get(f"change.{change.status}") != seal(change, decided=True):
            problems.append(f"{label}: het besluit wijkt af van wat het beveiligingslog vastlegde")
    return checked, problems


def _reason(reason: str) -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ChangeError(_("Geef een reden."), errors={"reason": [_("Geef een reden.")]})
    return reason


def _raw(value):
    """A field value as stored in the request (JSON): related objects by their key."""
    return value.pk if hasattr(value, "pk") else value


# --- requests -------------------------------------------------------------------------------


def _differences(obj, values: dict) -> dict:
    """{field: [current, requested]} for the fields that would change; none is an error."""
    changes = {
        field: [_raw(getattr(obj, field)), _raw(value)]
        for field, value in values.items()
        if _raw(getattr(obj, field)) != _raw(value)
    }
    if not changes:
        raise ChangeError(_("Er verandert niets: kies een andere waarde."))
    return changes


def _file(kind, changes, municipality_id, reason, actor, **subject) -> ChangeRequest:
    change = ChangeRequest.objects.create(
        kind=kind,
        municipality_id=municipality_id,
        changes=changes,
        reason=reason,
        requested_by=actor,
        **subject,
    )
    emit_change_event("change.requested", change, actor)
    return change


@transaction.atomic
def request_user_access(user: User, *, actor, reason: str, **values) -> ChangeRequest:
    """Ask for new access fields of `user` (accounts.services.ACCESS_FIELDS). Only the
    fields that differ are recorded; nothing changes until a second person approves.
    Deactivation is no request: taking access away needs no second person (the admin does
    it at once)."""
    policies.check(actor, "change.request_user", obj=user).enforce()
    reason = _reason(reason)
    changes = _differences(user, values)
    if changes.get("is_active") == [True, False]:
        raise ChangeError(_("Deactiveren doet u direct in het beheer; daarvoor is geen goedkeuring nodig."))
    if "role" in changes and changes["role"][1] not in Role.values:
        raise ChangeError(_("Onbekende rol."))
    organisation = values.get("organisation", user.organisation)
    municipality_id = organisation.municipality_id if organisation else None
    return _file(ChangeKind.USER_ACCESS, changes, municipality_id, reason, actor, user=user)


@transaction.atomic
def request_organisation_change(organisation: Organisation, *, actor, reason: str, **values) -> ChangeRequest:
    """Ask for a new kind or municipality of an organisation; approval applies it."""
    policies.check(actor, "change.request_organisation", obj=organisation).enforce()
    reason = _reason(reason)
    changes = _differences(organisation, values)
    if "kind" in changes and changes["kind"][1] not in OrganisationKind.values:
        raise ChangeError(_("Onbekende soort organisatie."))
    municipality_id = changes.get("municipality", [None, organisation.municipality_id])[1]
    return _file(ChangeKind.ORGANISATION, changes, municipality_id, reason, actor, organisation=organisation)


SECRET_FIELDS = {"client_secret"}  # never shown on the pages: "set" or "new"
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1"}


def _provider_values(organisation: Organisation) -> dict:
    """The provider's current settings (None for each when it has none yet)."""
    provider = IdentityProvider.objects.filter(organisation=organisation).first()
    return {f: getattr(provider, f) if provider else None for f in IDENTITY_PROVIDER_FIELDS}


def _check_provider(values: dict) -> None:
    from urllib.parse import urlsplit

    errors: dict[str, list] = {}
    issuer = urlsplit(values.get("issuer") or "")
    loopback = issuer.scheme == "http" and issuer.hostname in LOOPBACK_HOSTS and not settings.PRODUCTION
    if not issuer.hostname or (issuer.scheme != "https" and not loopback):
        errors["issuer"] = [_("Geef het https-adres van de issuer, precies zoals de provider het noemt.")]
    if "openid" not in (values.get("scopes") or "").split():
        errors["scopes"] = [_("De scopes moeten 'openid' bevatten.")]
    if values.get("mfa_policy") not in MfaPolicy.values:
        errors["mfa_policy"] = [_("Kies een beleid voor de tweede factor.")]
    elif values["mfa_policy"] == MfaPolicy.PROVIDER_REQUIRED and not (
        (values.get("mfa_amr") or "").strip() or (values.get("mfa_acr") or "").strip()
    ):
        errors["mfa_amr"] = [_("Noem de amr- of acr-waarden waarmee de provider een tweede factor aantoont.")]
    if values.get("match_field") not in MatchField.values:
        errors["match_field"] = [_("Kies waarmee de claim wordt vergeleken.")]
    if bool(values.get("organisation_claim")) != bool(values.get("organisation_value")):
        errors["organisation_value"] = [
            _("Geef de claim met de organisatie en de verwachte waarde allebei, of geen van beide.")
        ]
    if not values.get("client_id"):
        errors["client_id"] = [_("Geef de client-id.")]
    if errors:
        raise ChangeError(_("Controleer de instellingen van de inlogvoorziening."), errors=errors)


@transaction.atomic
def request_identity_provider(organisation: Organisation, *, actor, reason: str, **values) -> ChangeRequest:
    """Ask for (new) OpenID Connect settings of an organisation; approval applies them
    (accounts.services.apply_identity_provider). Who signs in where decides who sees case
    data, so this is a four-eyes change like the organisation's kind (ADR 0017). A
    client secret left empty keeps the current one."""
    policies.check(actor, "change.request_organisation", obj=organisation).enforce()
    reason = _reason(reason)
    current = _provider_values(organisation)
    if not values.get("client_secret"):
        values.pop("client_secret", None)
    _check_provider({**current, **values})
    changes = {f: [current[f], v] for f, v in values.items() if current.get(f) != v}
    if not changes:
        raise ChangeError(_("Er verandert niets: kies een andere waarde."))
    return _file(
        ChangeKind.IDENTITY_PROVIDER,
        changes,
        organisation.municipality_id,
        reason,
        actor,
        organisation=organisation,
    )


@transaction.atomic
def request_covenant(
    *,
    municipality,
    actor,
    reason: str,
    title: str,
    effective_from: date,
    purposes: str,
    rules: list[dict],
    names_officials_in_access: bool = False,
) -> ChangeRequest:
    """Ask for a new covenant version (the validated CovenantForm's data); approval publishes
    it with publish_covenant."""
    policies.check(actor, "covenant.edit").enforce()
    reason = _reason(reason)
    last = Covenant.objects.filter(municipality=municipality).order_by("-version").first()
    data = {
        "base_version": last.version if last else 0,
        "title": title,
        "effective_from": effective_from.isoformat(),
        "purposes": purposes,
        "rules": rules,
        "names_officials_in_access": bool(names_officials_in_access),
    }
    return _file(ChangeKind.COVENANT, data, municipality.pk, reason, actor)


# --- decisions ------------------------------------------------------------------------------


def _locked_pending(change: ChangeRequest) -> ChangeRequest:
    change = ChangeRequest.objects.select_for_update().get(pk=change.pk)
    if change.status != ChangeStatus.PENDING:
        raise ChangeError(_("Over dit verzoek is al besloten."), code=STALE)
    return change


def _stale() -> ChangeError:
    return ChangeError(
        _("De gegevens zijn na dit verzoek gewijzigd. Wijs het verzoek af en vraag het opnieuw aan."),
        code=STALE,
    )


def _apply_user(change: ChangeRequest, actor) -> None:
    user = User.objects.select_for_update().get(pk=change.user_id)
    values = {}
    for field, (old, new) in change.changes.items():
        if _raw(getattr(user, field)) != old:
            raise _stale()
        values[field] = Organisation.objects.get(pk=new) if field == "organisation" and new else new
    apply_user_access(user, actor=actor, detail=f"(verzoek #{change.pk})", **values)


def _apply_organisation(change: ChangeRequest, actor) -> None:
    organisation = Organisation.objects.select_for_update().get(pk=change.organisation_id)
    values = {}
    for field, (old, new) in change.changes.items():
        if _raw(getattr(organisation, field)) != old:
            raise _stale()
        values[field] = Municipality.objects.get(pk=new) if field == "municipality" else new
    apply_organisation_change(organisation, actor=actor, detail=f"(verzoek #{change.pk})", **values)


def _apply_identity_provider(change: ChangeRequest, actor) -> None:
    organisation = Organisation.objects.select_for_update().get(pk=change.organisation_id)
    current = _provider_values(organisation)
    for field, (old, _new) in change.changes.items():
        if current[field] != old:
            raise _stale()
    values = {field: new for field, (_old, new) in change.changes.items()}
    apply_identity_provider(organisation, actor=actor, detail=f"(verzoek #{change.pk})", **values)


def _apply_covenant(change: ChangeRequest) -> Covenant:
    data = change.changes
    last = Covenant.objects.filter(municipality_id=change.municipality_id).order_by("-version").first()
    if (last.version if last else 0) != data["base_version"]:
        raise _stale()
    # Approved after the requested date: the version applies from the day of approval,
    # never retroactively.
    effective_from = max(date.fromisoformat(data["effective_from"]), timezone.localdate())
    return publish_covenant(
        municipality=change.municipality,
        title=data["title"],
        effective_from=effective_from,
        purposes=data["purposes"],
        parties=Organisation.objects.filter(municipality_id=change.municipality_id),
        rules=data["rules"],
        names_officials_in_access=data.get("names_officials_in_access", False),
        actor=change.requested_by,
    )


@transaction.atomic
def approve(change: ChangeRequest, *, actor, reason: str) -> ChangeRequest:
    """The second person approves: the change is applied at once, in the same transaction."""
    change = _locked_pending(change)
    policies.check(actor, "change.decide", obj=change).enforce()
    reason = _reason(reason)
    if change.kind == ChangeKind.USER_ACCESS:
        _apply_user(change, actor)
    elif change.kind == ChangeKind.ORGANISATION:
        _apply_organisation(change, actor)
    elif change.kind == ChangeKind.IDENTITY_PROVIDER:
        _apply_identity_provider(change, actor)
    else:
        change.covenant = _apply_covenant(change)
    change.status = ChangeStatus.APPROVED
    change.decided_by, change.decided_at, change.decision_reason = actor, timezone.now(), reason
    change.save(update_fields=["status", "decided_by", "decided_at", "decision_reason", "covenant"])
    emit_change_event("change.approved", change, actor)
    return change


@transaction.atomic
def reject(change: ChangeRequest, *, actor, reason: str) -> ChangeRequest:
    """The second person rejects: nothing changes; the request stays on record."""
    change = _locked_pending(change)
    policies.check(actor, "change.decide", obj=change).enforce()
    reason = _reason(reason)
    change.status = ChangeStatus.REJECTED
    change.decided_by, change.decided_at, change.decision_reason = actor, timezone.now(), reason
    change.save(update_fields=["status", "decided_by", "decided_at", "decision_reason"])
    emit_change_event("change.rejected", change, actor)
    return change


# --- reads ----------------------------------------------------------------------------------


def visible_to(user):
    """The requests a user sees on the pending-changes page: all for a beheerder (the
    admin spans the installation), those of their municipality for the privacy officer,
    their own for a procesregisseur."""
    qs = ChangeRequest.objects.select_related(
        "user", "organisation", "municipality", "requested_by", "decided_by", "covenant"
    )
    if policies.allowed(user, "change.list_all"):
        return qs
    if policies.allowed(user, "change.decide"):
        return qs.filter(municipality_id=user.organisation.municipality_id if user.organisation_id else None)
    return qs.filter(requested_by=user)


def _label(field: str, value) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if field == "organisation":
        organisation = Organisation.objects.filter(pk=value).select_related("municipality").first()
        return str(organisation) if organisation else str(value)
    if field == "municipality":
        municipality = Municipality.objects.filter(pk=value).first()
        return str(municipality) if municipality else str(value)
    if field == "role":
        return str(Role(value).label) if value in Role.values else str(value)
    if field == "kind":
        return str(OrganisationKind(value).label) if value in OrganisationKind.values else str(value)
    if field in SECRET_FIELDS:
        return _("ingesteld (niet getoond)")
    if field == "mfa_policy":
        return str(MfaPolicy(value).label) if value in MfaPolicy.values else str(value)
    if field == "match_field":
        return str(MatchField(value).label) if value in MatchField.values else str(value)
    return str(value)


FIELD_LABELS = {
    "organisation": _("Organisatie"),
    "role": _("Rol"),
    "is_staff": _("Toegang tot het beheer"),
    "is_active": _("Actief"),
    "email": _("E-mailadres (voor de wachtwoordlink)"),
    "kind": _("Soort"),
    "municipality": _("Gemeente"),
    "name": _("Naam op de inlogknop"),
    "issuer": _("Issuer"),
    "client_id": _("Client-id"),
    "client_secret": _("Client-secret"),
    "scopes": _("Scopes"),
    "match_claim": _("Claim voor de eerste koppeling"),
    "match_field": _("Vergelijken met"),
    "organisation_claim": _("Claim met de organisatie"),
    "organisation_value": _("Verwachte waarde van die claim"),
    "mfa_policy": _("Tweede factor"),
    "mfa_amr": _("amr-waarden die een tweede factor aantonen"),
    "mfa_acr": _("acr-waarden die een tweede factor aantonen"),
    "allow_local_login": _("Ook lokaal inloggen toestaan"),
    "enabled": _("In gebruik"),
}


def describe(change: ChangeRequest) -> list[tuple[str, str, str]]:
    """(what, now, requested) per line, in words, for the second person."""
    if change.kind != ChangeKind.COVENANT:
        return [
            (
                str(FIELD_LABELS.get(field, field)),
                _label(field, old),
                _("nieuw (niet getoond)") if field in SECRET_FIELDS else _label(field, new),
            )
            for field, (old, new) in change.changes.items()
        ]
    data = change.changes
    base = Covenant.objects.filter(
        municipality_id=change.municipality_id, version=data["base_version"]
    ).first()
    old_rules = {(r.organisation_kind, r.category): r for r in base.rules.all()} if base else {}
    new_rules = {(r["organisation_kind"], r["category"]): r for r in data["rules"]}
    lines = [
        (_("Titel"), base.title if base else "—", data["title"]),
        (_("Geldig vanaf"), str(base.effective_from) if base else "—", data["effective_from"]),
    ]
    names_before = bool(base and base.names_officials_in_access)
    names_after = bool(data.get("names_officials_in_access", False))
    if names_before != names_after:
        yes_no = {True: str(_("ja")), False: str(_("nee"))}
        lines.append((_("Inzage noemt namen van medewerkers"), yes_no[names_before], yes_no[names_after]))

    def rule_text(may_supply, may_receive, basis) -> str:
        parts = [str(_("verstrekt"))] if may_supply else []
        parts += [str(_("ontvangt"))] if may_receive else []
        return (", ".join(parts) or "—") + (f" ({basis})" if basis and parts else "")

    for key in sorted(set(old_rules) | set(new_rules)):
        old, new = old_rules.get(key), new_rules.get(key)
        before = rule_text(old.may_supply, old.may_receive, old.legal_basis) if old else "—"
        after = rule_text(new["may_supply"], new["may_receive"], new["legal_basis"]) if new else "—"
        if before != after:
            kind, category = key
            kind_label = OrganisationKind(kind).label if kind in OrganisationKind.values else kind
            category_label = Category(category).label if category in Category.values else category
            lines.append((f"{kind_label}: {category_label}", before, after))
    return lines
