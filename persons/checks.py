"""The checks before a name goes on a list (cases.services.add_to_name_list calls them):
the same youth twice on one list is refused; a likely duplicate the user may see on another
list, or an age outside the setting, is a warning the user confirms."""

from __future__ import annotations

from django.utils.translation import gettext as _

from groepsaanpak.errors import INVALID, DomainError

from . import matching, reads


class NameRefused(DomainError):
    code = INVALID


class NameWarning(DomainError):
    """Confirm to go on (`accept_warnings`); `found` lists the likely duplicates."""

    code = INVALID

    def __init__(self, message, *, found=(), **kwargs):
        super().__init__(message, **kwargs)
        self.found = list(found)


def refuse_duplicate(case, *, person, full_name: str, date_of_birth) -> None:
    """The same person, or the same name and date of birth, already on this list."""
    if person is not None:
        if case.memberships.filter(person=person).exists():
            message = _("%(name)s staat al op de namenlijst van deze groep.") % {"name": person.full_name}
            raise NameRefused(message, errors={"person": [message]})
        return
    if date_of_birth is None:
        return
    for m in case.memberships.filter(person__date_of_birth=date_of_birth).select_related("person"):
        if matching.likely_same(full_name, date_of_birth, m.person.full_name, m.person.date_of_birth):
            message = _(
                "%(name)s (geboren %(dob)s) staat al op deze namenlijst. Een jongere staat maar één keer op de lijst."
            ) % {"name": m.person.full_name, "dob": date_of_birth.strftime("%d-%m-%Y")}
            raise NameRefused(message, errors={"full_name": [message]})


def warn(actor, case, *, person, full_name: str, date_of_birth) -> None:
    """A warning to confirm: a likely duplicate on a list the actor may see, an age outside
    the setting. Only what the actor may see is named."""
    dob = person.date_of_birth if person is not None else date_of_birth
    messages = []
    found = []
    if person is None:
        found = reads.likely_duplicates(actor, case, full_name, date_of_birth)
        if found:
            groups = ", ".join(sorted({g.name for f in found for g in f.groups}))
            messages.append(
                _(
                    "Waarschijnlijk bekend: een jongere met deze naam en geboortedatum staat al op de "
                    "namenlijst van %(groups)s. Koppel die persoon in plaats van een nieuwe aan te maken, of "
                    "bevestig dat het iemand anders is."
                )
                % {"groups": groups}
            )
    flag = matching.outside_age(dob)
    if flag:
        messages.append(
            _("Let op: %(flag)s. Bevestig als deze jongere toch op de lijst hoort.") % {"flag": flag}
        )
    if messages:
        text = " ".join(messages)
        raise NameWarning(text, found=found, errors={"accept_warnings": [text]})
