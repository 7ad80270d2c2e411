"""The privacy guard inside forms and services: scan free text where personal data is
not allowed; the author may confirm a finding as a false alarm, which is kept.

The scanning itself lives in privacy.guard (pure Python, Deduce plus own rules)."""

from __future__ import annotations

import contextlib
import contextvars
from collections.abc import Mapping
from dataclasses import dataclass

from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from groepsaanpak.errors import INVALID, DomainError

from . import guard as scanner
from .services import previously_confirmed

CONFIRM_FIELD = "guard_confirm"


class GuardRefused(DomainError):
    """The privacy guard found what looks like personal data in text where none is allowed.
    `findings`: every open finding; `fields`: the findings per field name, when the caller
    named its fields (the API then gives each field its own error). Always `invalid`, also
    where an app's own error family (a subclass) has another default code."""

    code = INVALID

    def __init__(self, message="", findings=(), fields=None, field=None):
        self.findings = list(findings)
        self.fields = fields
        # For findings in text the request does not carry (a composed report, a stored
        # body): the field the API names for them.
        self.field = field
        super().__init__(message)


def guard(
    texts: dict[str, str], confirmed=(), *, labels: dict | None = None, refused=GuardRefused, subject=None
) -> list:
    """The one check of a service's free text where no personal data is allowed: raise
    `refused` (a GuardRefused) when the guard finds any that the author did not confirm as a
    false alarm; return the confirmed findings, to keep (privacy.services.confirm_findings).

    `texts` is keyed by the label shown in the message, or by field name with `labels`
    giving each field's label (then the refusal carries the findings per field). `subject`
    ('groups.youthgroup:12') when an existing object is edited: what was confirmed before in
    the same field is not asked again."""
    confirmed = [_pair(f) for f in confirmed]
    accepted_all, found = [], {}
    for name, text in texts.items():
        before = previously_confirmed(subject, str(name)) if subject else []
        remaining, accepted = check_text(text or "", confirmed + before)
        if remaining:
            found[name] = remaining
        accepted_all += [with_context(f, text, str(name)) for f in accepted]
    if found:
        name, remaining = next(iter(found.items()))
        label = (labels or {}).get(name, name)
        raise refused(
            _("%(field)s mag geen persoonsgegevens bevatten: %(items)s.")
            % {"field": label, "items": ", ".join(f"'{f.text}'" for f in remaining)},
            [f for spans in found.values() for f in spans],
            fields=found if labels is not None else None,
        )
    return accepted_all


@dataclass(frozen=True)
class AcceptedFinding(scanner.Finding):
    """A finding the author confirmed as a false alarm, with where it was: the field, and
    the text around it (for the privacy officer's review)."""

    field: str = ""
    context: str = ""


CONTEXT_CHARS = 60


def with_context(finding, text: str, field: str) -> AcceptedFinding:
    start, end = max(0, finding.start - CONTEXT_CHARS), min(len(text), finding.end + CONTEXT_CHARS)
    context = ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")
    return AcceptedFinding(
        finding.start, finding.end, finding.kind, finding.text, field=field, context=context
    )


def _pair(confirmation) -> tuple[str, str]:
    """(kind, text) of a confirmation: a Finding, a {"kind", "text"} mapping or a pair."""
    if hasattr(confirmation, "kind"):
        return confirmation.kind, confirmation.text
    if isinstance(confirmation, Mapping):
        return confirmation["kind"], confirmation["text"]
    return tuple(confirmation)


def confirmation_key(finding) -> str:
    return f"{finding.kind}:{finding.text}"


def parse_confirmations(values) -> list[tuple[str, str]]:
    pairs = []
    for value in values or []:
        kind, _sep, text = str(value).partition(":")
        if text:
            pairs.append((kind, text))
    return pairs


_prescanned: contextvars.ContextVar[dict[str, list] | None] = contextvars.ContextVar(
    "guard_prescanned", default=None
)


@contextlib.contextmanager
def prescanned(texts):
    """Scan many texts at once (privacy.guard.scan_many: Deduce runs once per batch, not
    once per text) and let every check_text() inside the block reuse the findings. For
    bulk writes such as the CSV import, whose cells are short and many."""
    texts = [t for t in dict.fromkeys(texts) if t]
    cache = dict(zip(texts, scanner.scan_many(texts), strict=True))
    outer = _prescanned.get()
    token = _prescanned.set({**(outer or {}), **cache})
    try:
        yield
    finally:
        _prescanned.reset(token)


def scan(text: str) -> list:
    """The guard's findings for one text, from the prescanned batch when there is one."""
    cache = _prescanned.get()
    if cache is not None and text in cache:
        return cache[text]
    return scanner.scan(text or "")


def check_text(text: str, confirmed: list[tuple[str, str]]):
    """(open findings, confirmed findings) for one text."""
    findings = scan(text or "")
    remaining = scanner.filter_confirmed(findings, confirmed)
    remaining_ids = {id(f) for f in remaining}
    accepted = [f for f in findings if id(f) not in remaining_ids]
    return remaining, accepted


def highlight(text: str, findings) -> str:
    """The text with each finding wrapped in <mark>, safely escaped."""
    out, pos = [], 0
    for f in sorted(findings, key=lambda f: f.start):
        out.append(escape(text[pos : f.start]))
        label = scanner.KIND_EXPLANATIONS.get(f.kind, "")
        out.append(
            f'<mark class="app-guard-mark" title="{escape(label)}">{escape(text[f.start : f.end])}</mark>'
        )
        pos = f.end
    out.append(escape(text[pos:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


class GuardedFormMixin:
    """Add to a form with `guarded_fields = [...]`. Findings become field errors; the
    template shows them (form.guard_findings) with a checkbox to confirm each."""

    guarded_fields: tuple[str, ...] = ()

    def __init__(self, *args, guard_subject=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The object being edited ('groups.youthgroup:12'): confirmed before, not asked again.
        self.guard_subject = guard_subject
        self.guard_findings: dict[str, list] = {}
        self.guard_accepted: list = []
        self.guard_highlight: dict[str, str] = {}
        # Findings confirmed in this submission, per field: shown again (ticked) when the
        # form comes back for another reason, so a confirmation survives the reload.
        self.guard_confirmed: dict[str, list] = {}

    def _confirmed(self):
        if not self.is_bound:
            return []
        data = self.data
        values = data.getlist(CONFIRM_FIELD) if hasattr(data, "getlist") else data.get(CONFIRM_FIELD, [])
        return parse_confirmations(values)

    def clean(self):
        cleaned = super().clean()
        confirmed = self._confirmed()
        for name in self.guarded_fields:
            text = cleaned.get(name) or ""
            before = previously_confirmed(self.guard_subject, name) if self.guard_subject else []
            remaining, accepted = check_text(text, confirmed + before)
            accepted = [with_context(f, text, name) for f in accepted]
            self.guard_accepted.extend(accepted)
            if accepted:
                self.guard_confirmed[name] = [
                    {"finding": f, "key": confirmation_key(f)} for f in dict.fromkeys(accepted)
                ]
            if remaining:
                self.guard_findings[name] = [
                    {
                        "finding": f,
                        "key": confirmation_key(f),
                        "explanation": scanner.KIND_EXPLANATIONS.get(f.kind, ""),
                    }
                    for f in remaining
                ]
                self.guard_highlight[name] = highlight(text, remaining)
                self.add_error(
                    name,
                    forms.ValidationError(
                        _(
                            "Deze tekst lijkt persoonsgegevens te bevatten (%(kinds)s). Herschrijf de "
                            "gemarkeerde delen, of bevestig per melding dat het geen persoonsgegeven is."
                        )
                        % {
                            "kinds": ", ".join(
                                sorted({scanner.KIND_LABELS.get(f.kind, f.kind) for f in remaining})
                            )
                        },
                        code="privacy_guard",
                    ),
                )
        return cleaned
