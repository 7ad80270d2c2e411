"""Informatieplicht (issue 17): who must be told that data about a youth on the name list
are shared, the letter they get, and when, by whom and how they were told — or why
telling them waits (the source's exception: it would harm a criminal investigation).

Reads and writes of one use case each, as in reads.py and services.py; the page calls
them (cases/views_informing.py). Access: policy `informing.manage` (named for the case and
receiving personal data), `informing.template` for the municipality's wording,
`school_letter.compose` for the group-level letter through schools. Every letter that
names a person is logged as an export (`informing.letter`) with that person."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from documents import informing_letter, letters, school_letter
from groups.models import Membership, MembershipStatus
from privacy import access, log, policies
from privacy.access import AccessDenied
from privacy.categories import PERSONAL_CATEGORIES, Category
from privacy.services import confirm_findings

from . import writes
from .models import Audience, Case, InformedHow, InformingRecipient, LetterTemplate, Participant
from .workflow import WorkflowError

ORDER = (Category.PERSONAL, Category.CRIMINAL, Category.CARE, Category.SPECIAL, Category.BSN)


@dataclass
class Entry:
    """One person to inform about one youth: the youth (whose row may not exist yet) or a
    parent or guardian."""

    membership: Membership
    audience: str
    recipient: InformingRecipient | None

    @property
    def key(self) -> str:
        """How forms name the entry: youth-<membership>, parent-<recipient>."""
        if self.audience == Audience.YOUTH:
            return f"youth-{self.membership.pk}"
        return f"parent-{self.recipient.pk}"

    @property
    def name(self) -> str:
        if self.audience == Audience.YOUTH:
            return self.membership.person.full_name
        return self.recipient.name

    @property
    def informed(self) -> bool:
        return self.recipient is not None and self.recipient.informed

    @property
    def postponed(self) -> bool:
        return self.recipient is not None and self.recipient.postponed

    @property
    def review_due(self) -> bool:
        return self.postponed and self.recipient.review_on <= timezone.localdate()

    @property
    def outstanding(self) -> bool:
        """Not informed, and no postponement in force (one past its review date counts)."""
        return not self.informed and (not self.postponed or self.review_due)


def _may(user, case) -> None:
    policies.check(user, "informing.manage", case=case).enforce()


def _members(case):
    return (
        Membership.objects.filter(case=case)
        .exclude(status=MembershipStatus.REMOVED)
        .select_related("person")
        .order_by("person__full_name", "pk")
    )


def entries(case) -> list[Entry]:
    """Everyone to inform in this case, youth first, then their parents; no log (callers do)."""
    members = list(_members(case))
    recipients = (
        InformingRecipient.objects.filter(case=case)
        .select_related("informed_by", "postponed_by")
        .order_by("pk")
    )
    youth, parents = {}, {}
    for r in recipients:
        if r.audience == Audience.YOUTH:
            youth[r.membership_id] = r
        else:
            parents.setdefault(r.membership_id, []).append(r)
    out = []
    for m in members:
        out.append(Entry(m, Audience.YOUTH, youth.get(m.pk)))
        out += [Entry(m, Audience.PARENT, r) for r in parents.get(m.pk, [])]
    return out


def overview(user, case) -> list[Entry]:
    """The informatieplicht of a case for the page; logs that the user saw the youths."""
    _may(user, case)
    rows = entries(case)
    log.read(user, "informing.read", {e.membership.person.pseudonym for e in rows}, case=case)
    return rows


def outstanding_count(case) -> int:
    """How many people are still to be informed (a number: no personal data, no log)."""
    return sum(1 for e in entries(case) if e.outstanding)


def entry(case, key: str) -> Entry:
    """The entry a form or link names; AccessDenied (a 404 for the page) when it is not of
    this case."""
    kind, _sep, pk = (key or "").partition("-")
    for e in entries(case):
        if e.key == f"{kind}-{pk}":
            return e
    raise AccessDenied(_("Deze persoon staat niet (meer) bij de informatieplicht van deze casus."))


def _recipient(case, e: Entry, actor) -> InformingRecipient:
    """The youth's own row is made when something is first recorded for them."""
    if e.recipient is not None:
        return InformingRecipient.objects.select_for_update().get(pk=e.recipient.pk)
    recipient, _created = InformingRecipient.objects.get_or_create(
        case=case, membership=e.membership, audience=Audience.YOUTH, defaults={"created_by": actor}
    )
    return recipient


def _open_for_writes(actor, case) -> Case:
    case = writes.lock(case)
    _may(actor, case)
    if not case.is_open:
        raise WorkflowError(_("Deze casus is afgesloten."))
    return case


def add_parent(case, *, actor, membership_pk: int, name: str, address: str) -> InformingRecipient:
    """A parent or guardian of a youth on the name list, to be informed."""
    with transaction.atomic():
        case = _open_for_writes(actor, case)
        membership = writes.member_of(case, Membership.objects.filter(pk=membership_pk).first())
        name = " ".join((name or "").split())
        if not name:
            raise writes.WriteRefused(_("Vul de naam van de ouder of voogd in."))
        recipient = InformingRecipient.objects.create(
            case=case,
            membership=membership,
            audience=Audience.PARENT,
            name=name[:150],
            address=" ".join((address or "").split())[:200],
            created_by=actor,
        )
        log.write(actor, "informing.recipient", [membership.person.pseudonym], case=case)
    return recipient


def record_informed(case, key: str, *, actor, on: date, how: str) -> InformingRecipient:
    """The letter was handed over or sent: when, by whom (the actor) and how."""
    if how not in InformedHow.values:
        raise writes.WriteRefused(_("Kies hoe de brief is gegeven of verstuurd."))
    if on > timezone.localdate():
        raise writes.WriteRefused(_("De datum kan niet in de toekomst liggen."))
    with transaction.atomic():
        case = _open_for_writes(actor, case)
        recipient = _recipient(case, entry(case, key), actor)
        recipient.informed_on, recipient.informed_how, recipient.informed_by = on, how, actor
        recipient.save(update_fields=["informed_on", "informed_how", "informed_by"])
        log.write(actor, "informing.record", [recipient.membership.person.pseudonym], case=case)
    return recipient


def record_postponed(case, key: str, *, actor, reason: str, review_on: date) -> InformingRecipient:
    """Informing waits because it would harm a criminal investigation: the reason and the
    date it is looked at again."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise writes.WriteRefused(_("Geef de reden van het uitstel."))
    if review_on <= timezone.localdate():
        raise writes.WriteRefused(_("De datum van herbeoordeling moet in de toekomst liggen."))
    with transaction.atomic():
        case = _open_for_writes(actor, case)
        recipient = _recipient(case, entry(case, key), actor)
        if recipient.informed:
            raise writes.WriteRefused(_("Deze persoon is al geïnformeerd."))
        recipient.postponed_reason, recipient.review_on, recipient.postponed_by = (
            reason[:500],
            review_on,
            actor,
        )
        recipient.save(update_fields=["postponed_reason", "review_on", "postponed_by"])
        log.write(actor, "informing.postpone", [recipient.membership.person.pseudonym], case=case)
    return recipient


# --- the letters -------------------------------------------------------------------------------


def template_texts(municipality_id: int, audience: str) -> dict:
    """The municipality's own wording, or {} (the letter then uses its default)."""
    t = LetterTemplate.objects.filter(municipality_id=municipality_id, audience=audience).first()
    return {"why": t.why, "approach": t.approach, "contact": t.contact} if t else {}


def default_texts(audience: str) -> dict:
    return dict(
        informing_letter.DEFAULTS[
            informing_letter.YOUTH if audience == Audience.YOUTH else informing_letter.PARENT
        ]
    )


def save_template(municipality, audience: str, *, actor, why: str, approach: str, contact: str, confirmed=()):
    """The procesregisseur's wording of the letter; the why and the approach pass the
    privacy guard (the letter goes to everyone: no youth's name belongs in it)."""
    policies.check(actor, "informing.template").enforce()
    if audience not in Audience.values:
        raise writes.WriteRefused(_("Kies voor wie de brief is."))
    accepted = writes.guard({_("Waarom"): why, _("Aanpak"): approach}, confirmed)
    with transaction.atomic():
        template, _created = LetterTemplate.objects.update_or_create(
            municipality=municipality,
            audience=audience,
            defaults={
                "why": why.strip(),
                "approach": approach.strip(),
                "contact": contact.strip(),
                "updated_by": actor,
            },
        )
        if accepted:
            confirm_findings(subject=f"cases.lettertemplate:{template.pk}", findings=accepted, actor=actor)
    return template


def covenant_facts(case) -> tuple[tuple[str, ...], tuple[tuple[str, int], ...]]:
    """The categories the case's organisations may receive under the covenant in force, and
    per category the longest term the covenant gives them."""
    kinds = set(Participant.objects.filter(case=case).values_list("organisation__kind", flat=True))
    rules = access.covenant_rules(case.municipality_id)
    categories, terms = [], []
    for category in ORDER:
        shared = [
            r for (kind, cat), r in rules.items() if cat == category and kind in kinds and r.may_receive
        ]
        if category in PERSONAL_CATEGORIES and shared:
            categories.append(str(category))
            terms.append((str(category), max(r.retention_months for r in shared)))
    return tuple(categories), tuple(terms)


def letter_facts(case, e: Entry, *, actor) -> informing_letter.InformingFacts:
    person = e.membership.person
    youth = e.audience == Audience.YOUTH
    categories, terms = covenant_facts(case)
    organisations = tuple(
        Participant.objects.filter(case=case)
        .order_by("organisation__name")
        .values_list("organisation__name", flat=True)
        .distinct()
    )
    coordinator = case.coordinator
    contact = ""
    if coordinator is not None:
        org = coordinator.organisation.name if coordinator.organisation_id else ""
        contact = f"{coordinator.display_name()} ({org})" if org else coordinator.display_name()
    return informing_letter.InformingFacts(
        audience=informing_letter.YOUTH if youth else informing_letter.PARENT,
        recipient_name=person.full_name if youth else e.recipient.name,
        recipient_address=person.address if youth else (e.recipient.address or person.address),
        youth_name=person.full_name,
        municipality=case.municipality.name,
        group_name=case.group.name,
        organisations=organisations,
        categories=categories,
        terms=terms,
        contact_person=contact,
        date=timezone.localdate(),
        texts=template_texts(case.municipality_id, e.audience),
        sender=actor.display_name(),
    )


def letter(case, key: str, *, actor, fmt: str) -> tuple[bytes, str]:
    """The informatieplicht letter for one person as PDF or DOCX, and its file name; the
    export is logged with the youth it is about."""
    if fmt not in letters.FORMATS:
        raise writes.WriteRefused(_("Kies PDF of Word."))
    _may(actor, case)
    e = entry(case, key)
    composed = informing_letter.compose(letter_facts(case, e, actor=actor))
    content = letters.render(composed, fmt)
    log.write(actor, "informing.letter", [e.membership.person.pseudonym], case=case)
    return content, f"informatiebrief-{e.key}.{fmt}"


def school_letter_file(case, *, actor, fmt: str, school: str, area: str, situation: str, approach: str,
                       parents_can: str, contact: str, confirmed=()) -> tuple[bytes, str]:  # fmt: skip
    """The group-level letter to parents through schools; every typed text passes the
    privacy guard (no names, addresses, dates of birth …). Logs nothing: it holds no
    personal data (ADR 0008)."""
    policies.check(actor, "school_letter.compose", case=case).enforce()
    if fmt not in letters.FORMATS:
        raise writes.WriteRefused(_("Kies PDF of Word."))
    texts = {
        _("School"): school, _("Buurt of plek"): area, _("Wat speelt er"): situation,
        _("Wat doen wij"): approach, _("Wat kunnen ouders doen"): parents_can, _("Contact"): contact,
    }  # fmt: skip
    accepted = writes.guard(texts, confirmed)
    if accepted:
        confirm_findings(subject=f"cases.case:{case.pk}", findings=accepted, actor=actor)
    facts = school_letter.SchoolLetterFacts(
        municipality=case.municipality.name,
        school=school.strip(),
        area=area.strip(),
        situation=situation,
        approach=approach,
        parents_can=parents_can,
        contact=contact,
        date=timezone.localdate(),
        sender=actor.display_name(),
    )
    return letters.render(school_letter.compose(facts), fmt), f"brief-ouders-scholen.{fmt}"


def outstanding_for_municipality(municipality_id: int) -> dict:
    """Numbers for the privacy officer's overview: letters recorded as given, and people
    still to inform, per open case of the municipality (no names)."""
    rows = []
    for case in Case.objects.open().filter(municipality_id=municipality_id).select_related("group"):
        es = entries(case)
        if not es:
            continue
        rows.append(
            {
                "case_id": case.pk,
                "case": case.group.name,
                "informed": sum(1 for e in es if e.informed),
                "postponed": sum(1 for e in es if e.postponed and not e.review_due),
                "review_due": sum(1 for e in es if e.review_due),
                "outstanding": sum(1 for e in es if e.outstanding),
            }
        )
    return {"cases": rows}
