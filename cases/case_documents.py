"""The documents of a case one can download as PDF or Word (issue 20): the one use case
behind the download buttons on the case pages and `GET /api/v1/cases/{id}/documents/…`.

The app that owns the record registers each kind in its `AppConfig.ready` (a higher layer
registering here, like the step requirements of `cases.workflow`):

    concept-plan     analysis/exports.py   step 3, the concept plan in force
    advice           analysis/exports.py   step 4, the anonymised advice (guarded)
    plan             plans/exports.py      step 5, the plan of approach in force
    progress-report  monitoring/exports.py step 6, a progress report (guarded)
    evaluation       closing/exports.py    step 7, the evaluation report (guarded)
    crisis-briefing  (not yet registered)  the half-A4 crisis briefing: register it with
                                           `register("crisis-briefing", …)` and it appears
                                           in the list, the API and `cases:document`.

`produce` does what is the same for every kind: the permission (`case_document.produce`),
the gate (409: the step has no such document yet), composing through the kind's `compose`
(which loads only what the user may see and returns the plain `documents.report.Report`
plus the pseudonyms of the persons it names), the municipality's layout, and one export
row in the processing log per person named, with the kind's operation code. Documents that
must be anonymous run `guard_texts` in their `compose` before anything is produced."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from documents import report as document
from documents.models import layout_for
from groepsaanpak.errors import GATE, DomainError
from privacy import guarding, log, policies
from privacy.services import previously_confirmed

# Every kind the API accepts, in the order of the steps; a kind no app registered is 404.
KINDS = ("concept-plan", "advice", "plan", "progress-report", "crisis-briefing", "evaluation")


class DocumentRefused(DomainError):
    code = GATE


@dataclass(frozen=True)
class Composed:
    report: document.Report
    subjects: tuple[str, ...] = ()  # pseudonyms of the persons the document names


@dataclass(frozen=True)
class Kind:
    code: str
    label: object  # lazy Dutch label
    operation: str  # the processing-log code (privacy.operations), action export
    missing: Callable  # (case) -> "" when the document exists, else why not yet (the 409)
    compose: Callable  # (case, *, actor, number) -> Composed
    page: str = ""  # the url name of the case page with the download buttons (args: case pk)
    anonymous: bool = False  # passes the privacy guard before it is produced


_KINDS: dict[str, Kind] = {}


def register(code: str, label, *, operation: str, missing, compose, page: str = "", anonymous=False) -> None:
    if code not in KINDS:
        raise ValueError(f"unknown document kind {code!r}: add it to cases.case_documents.KINDS")
    _KINDS[code] = Kind(code, label, operation, missing, compose, page, anonymous)


def kind(code: str) -> Kind | None:
    return _KINDS.get(code)


def kinds() -> list[Kind]:
    return [_KINDS[code] for code in KINDS if code in _KINDS]


def listing(user, case) -> list[tuple[Kind, str]]:
    """The documents this user may produce for the case: (kind, "" or why not yet)."""
    if not policies.allowed(user, "case_document.produce", case=case):
        return []
    return [(k, str(k.missing(case) or "")) for k in kinds()]


def produce(case, code: str, *, actor, fmt: str, number: int | None = None) -> tuple[bytes, str]:
    """The document as PDF or DOCX and its file name; the export logged with every person
    it names. LookupError for a kind nobody registered (the page and API answer 404)."""
    k = _KINDS.get(code)
    if k is None:
        raise LookupError(code)
    policies.check(actor, "case_document.produce", case=case).enforce()
    if fmt not in document.FORMATS:
        raise DomainError(_("Kies PDF of Word."))
    reason = k.missing(case)
    if reason:
        raise DocumentRefused(reason)
    with transaction.atomic():
        composed = k.compose(case, actor=actor, number=number)
        layout = layout_for(case.municipality_id, case.municipality.name)
        content = document.render(composed.report, layout, fmt)
        log.write(actor, k.operation, composed.subjects, case=case)
    return content, f"{composed.report.file_name}.{fmt}"


# --- shared by the kinds' compose functions ------------------------------------------------------


def guard_texts(texts: Iterable[tuple[str, str, str]]) -> None:
    """The privacy guard over what people wrote in an anonymous document, before it is
    produced: (subject, field, text) triples; what the authors confirmed before for that
    record is not asked again. Refuses (409) when something still looks like personal data."""
    found = []
    for subject, field, text in texts:
        confirmed = previously_confirmed(subject) if subject else []
        remaining, _accepted = guarding.check_text(text or "", confirmed)
        found += [f"'{f.text}'" for f in remaining]
        if field and remaining:
            found[-1] += f" ({field})"
    if found:
        raise DocumentRefused(
            _(
                "Het document is niet gemaakt: de privacytoets vindt mogelijk persoonsgegevens: %(items)s. "
                "Pas de tekst aan of bevestig dat het geen persoonsgegevens zijn."
            )
            % {"items": ", ".join(found)}
        )


def file_name(name: str, case) -> str:
    """'plan-van-aanpak-v3-casus-12': no group name in a file name (it travels by mail)."""
    return f"{name}-casus-{case.pk}"
