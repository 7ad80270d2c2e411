"""What every write on a case shares, for the steps' apps (analysis, plans, monitoring,
closing): the refusals they raise, the case row locked, the manager and step checks,
group-level text through the privacy guard and a name-list entry that still belongs to the
case. One place, so a refusal reads and maps (pages, API) the same in every step."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from groepsaanpak.errors import STALE, DomainError
from groups.models import Membership, MembershipStatus
from privacy import access, guarding
from privacy.access import AccessDenied
from privacy.services import confirm_findings

from .models import Case
from .workflow import WorkflowError


class WriteRefused(DomainError):
    """A refused write; str(error) is the Dutch explanation for the user."""


class VersionConflict(WriteRefused):
    """Someone saved a newer version since the form was opened; nothing was saved."""

    code = STALE

    def __init__(self, current):
        self.current = current
        super().__init__(
            _(
                "Iemand anders heeft intussen versie %(n)s opgeslagen (%(who)s, %(when)s). Uw wijzigingen zijn "
                "niet opgeslagen maar staan hieronder nog; vergelijk ze met de nieuwe versie en sla opnieuw op."
            )
            % {
                "n": current.number,
                "who": current.author.display_name(),
                "when": timezone.localtime(current.created_at).strftime("%d-%m-%Y %H:%M"),
            }
        )


class GuardRefused(guarding.GuardRefused, WriteRefused):
    """The privacy guard found what looks like personal data in group-level text."""


def lock(case: Case) -> Case:
    """The case row, locked for the rest of the transaction."""
    return Case.objects.select_for_update().select_related("group", "municipality").get(pk=case.pk)


def require(decision: access.Decision) -> None:
    if not decision:
        decision.enforce()


def require_manager(actor, case) -> None:
    if not access.can_manage_case(actor, case):
        raise access.refuse(
            actor,
            case,
            _("Alleen de procesregisseur of de uitvoeringscoördinator kan dit doen."),
            what="case.manage",
        )
    if not case.is_open:
        raise WorkflowError(_("Deze casus is afgesloten."))


def guard(texts: dict[str, str], confirmed, *, labels: dict | None = None) -> list:
    """Refuse group-level text in which the guard finds personal data (unless the author
    confirmed the finding as a false alarm); return the confirmed findings to keep.
    `texts` keyed by label, or by field name with `labels` (the findings then name their
    field): privacy.guarding.guard."""
    return guarding.guard(texts, confirmed, labels=labels, refused=GuardRefused)


def keep_confirmations(obj, accepted, actor) -> None:
    """Remember the guard findings the author confirmed as false alarms for this record
    ('monitoring.action:12'), with its case (the privacy officer's link to it)."""
    if accepted:
        confirm_findings(
            subject=f"{obj._meta.app_label}.{obj._meta.model_name}:{obj.pk}",
            findings=accepted,
            actor=actor,
            case_id=case_id_of(obj),
        )


def case_id_of(obj) -> int | None:
    """The case a step record belongs to: its own `case`, or that of the record it hangs on
    (an action's update, an advice's forum member, an evaluation's contribution)."""
    if getattr(obj, "case_id", None):
        return obj.case_id
    for f in obj._meta.concrete_fields:
        if f.is_relation and f.many_to_one:
            parent = getattr(obj, f.name, None)
            if getattr(parent, "case_id", None):
                return parent.case_id
    return None


def member_of(case, membership) -> Membership:
    if membership is None or membership.case_id != case.pk or membership.status == MembershipStatus.REMOVED:
        raise AccessDenied(_("Deze jongere staat niet (meer) op de namenlijst van deze casus."))
    return membership


def entered_step(case, step: int):
    """When the case last moved into `step` (None if it never did)."""
    t = case.transitions.filter(to_step=step).order_by("-at", "-pk").first()
    return t.at if t else None
