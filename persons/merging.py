"""Merging two person records that are the same youth, and undoing it (issue 18).

Every reference to the absorbed record moves to the kept one — whatever app holds it: the
relations to `groups.Person` are found through the model's meta (name lists, information,
rights requests, family links; requests, answers and referrals hang on the membership and
move with it). The absorbed record itself stays, without references, so its pseudonym in
the append-only processing log keeps resolving (`aliases`, `merged_into`). Who may: the
policies person.merge and person.merge_undo; logged as person.merge / person.merge_undo."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from groepsaanpak.errors import GATE, DomainError
from groups.models import Person
from privacy import log, policies

from .models import PersonMerge


class MergeError(DomainError):
    pass


@dataclass(frozen=True)
class MergeFacts:
    """What the policy person.merge decides on: every case of both records."""

    cases: tuple
    municipality_id: int


@dataclass(frozen=True)
class UndoFacts:
    merged_by_id: int
    undo_until: datetime.datetime
    undone: bool
    cases: tuple


def _references():
    """(model, field name, other Person fields of that model) for every FK to Person — also
    those without a reverse name (related_name="+", like FamilyLink.relative), which the
    model's related_objects leaves out."""
    from django.apps import apps

    for model in apps.get_models():
        if model is PersonMerge:
            continue
        to_person = [
            f.name for f in model._meta.concrete_fields if f.many_to_one and f.related_model is Person
        ]
        for name in to_person:
            yield model, name, [o for o in to_person if o != name]


def _key(model, field: str) -> str:
    return f"{model._meta.label}.{field}"


def _cases(*persons) -> tuple:
    seen = {}
    for person in persons:
        for c in person.cases():
            seen[c.pk] = c
    return tuple(seen[pk] for pk in sorted(seen))


def merge_facts(kept: Person, absorbed: Person) -> MergeFacts:
    return MergeFacts(cases=_cases(kept, absorbed), municipality_id=kept.municipality_id)


def undo_facts(merge: PersonMerge) -> UndoFacts:
    return UndoFacts(
        merged_by_id=merge.merged_by_id,
        undo_until=merge.undo_until,
        undone=merge.undone_at is not None,
        cases=_cases(merge.kept),
    )


@transaction.atomic
def merge_persons(*, actor, kept: Person, absorbed: Person, reason: str) -> PersonMerge:
    locked = {p.pk: p for p in Person.objects.select_for_update().filter(pk__in=[kept.pk, absorbed.pk])}
    kept, absorbed = locked.get(kept.pk), locked.get(absorbed.pk)
    if kept is None or absorbed is None or kept.pk == absorbed.pk:
        raise MergeError(_("Kies twee verschillende personen om samen te voegen."))
    if kept.municipality_id != absorbed.municipality_id:
        raise MergeError(_("Alleen personen van dezelfde gemeente worden samengevoegd."))
    if PersonMerge.objects.filter(absorbed__in=[kept, absorbed], undone_at=None).exists():
        raise MergeError(_("Een van beide is al in een andere persoon opgegaan."), code=GATE)
    policies.check(actor, "person.merge", obj=merge_facts(kept, absorbed)).enforce()
    if not reason.strip():
        raise MergeError(
            _("Geef de reden: waaraan ziet u dat het dezelfde jongere is?"),
            errors={"reason": [_("Verplicht.")]},
        )
    both = set(kept.memberships.values_list("case_id", flat=True)) & set(
        absorbed.memberships.values_list("case_id", flat=True)
    )
    if both:
        raise MergeError(
            _(
                "Beide staan op de namenlijst van dezelfde casus. Zet eerst één van beide op die "
                "namenlijst op ‘verwijderd’ en vraag de beheerder die vermelding op te ruimen."
            ),
            code=GATE,
        )
    moved: dict[str, list[int]] = {}
    for model, field, others in _references():
        for row in model.objects.filter(**{field: absorbed}):
            if any(getattr(row, f"{o}_id") == kept.pk for o in others):
                continue  # a link between the two records themselves would point at itself
            try:
                with transaction.atomic():
                    model.objects.filter(pk=row.pk).update(**{field: kept})
            except IntegrityError:
                continue  # the kept record already has this link (a family link): keep that one
            moved.setdefault(_key(model, field), []).append(row.pk)
    merge = PersonMerge.objects.create(
        kept=kept,
        absorbed=absorbed,
        moved=moved,
        reason=reason.strip(),
        merged_by=actor,
        undo_until=timezone.now() + datetime.timedelta(days=settings.PERSON_MERGE_UNDO_DAYS),
    )
    for case in _cases(kept):
        log.write(actor, "person.merge", [kept.pseudonym, absorbed.pseudonym], case=case)
    return merge


@transaction.atomic
def undo_merge(merge: PersonMerge, *, actor) -> PersonMerge:
    merge = PersonMerge.objects.select_for_update().select_related("kept", "absorbed").get(pk=merge.pk)
    policies.check(actor, "person.merge_undo", obj=undo_facts(merge)).enforce()
    cases = _cases(merge.kept)
    models_by_key = {_key(model, field): (model, field) for model, field, _o in _references()}
    try:
        with transaction.atomic():
            for key, pks in merge.moved.items():
                model, field = models_by_key[key]
                model.objects.filter(pk__in=pks, **{field: merge.kept}).update(**{field: merge.absorbed})
    except IntegrityError:
        raise MergeError(
            _("Ongedaan maken kan niet meer: intussen is er iets vastgelegd dat botst met de oude situatie."),
            code=GATE,
        ) from None
    merge.undone_at, merge.undone_by = timezone.now(), actor
    merge.save(update_fields=["undone_at", "undone_by"])
    for case in cases:
        log.write(actor, "person.merge_undo", [merge.kept.pseudonym, merge.absorbed.pseudonym], case=case)
    return merge


def aliases(pseudonym) -> list[str]:
    """The pseudonyms of the records merged into this person (also through earlier merges)."""
    person = Person.objects.filter(pseudonym=pseudonym).first()
    if person is None:
        return []
    found, todo, seen = [], [person.pk], set()
    while todo:
        pk = todo.pop()
        if pk in seen:
            continue
        seen.add(pk)
        for absorbed_id, pseudonym in PersonMerge.objects.filter(kept_id=pk, undone_at=None).values_list(
            "absorbed_id", "absorbed__pseudonym"
        ):
            found.append(str(pseudonym))
            todo.append(absorbed_id)
    return found


def merged_into(pseudonym) -> Person | None:
    """The person a merged record went into (following later merges), or None."""
    merge = (
        PersonMerge.objects.filter(absorbed__pseudonym=pseudonym, undone_at=None)
        .select_related("kept")
        .first()
    )
    seen = set()
    while merge is not None and merge.kept_id not in seen:
        seen.add(merge.kept_id)
        later = (
            PersonMerge.objects.filter(absorbed_id=merge.kept_id, undone_at=None)
            .select_related("kept")
            .first()
        )
        if later is None:
            return merge.kept
        merge = later
    return None
