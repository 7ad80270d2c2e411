"""The privacy guard inside forms and services: scan free text where personal data is
not allowed; the author may confirm a finding as a false alarm, which is kept.

The scanning itself lives in privacy.guard (pure Python, Deduce plus own rules)."""

from __future__ import annotations

from django import forms
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from . import guard

CONFIRM_FIELD = "guard_confirm"


def confirmation_key(finding) -> str:
    return f"{finding.kind}:{finding.text}"


def parse_confirmations(values) -> list[tuple[str, str]]:
    pairs = []
    for value in values or []:
        kind, _sep, text = str(value).partition(":")
        if text:
            pairs.append((kind, text))
    return pairs


def check_text(text: str, confirmed: list[tuple[str, str]]):
    """(open findings, confirmed findings) for one text."""
    findings = guard.scan(text or "")
    remaining = guard.filter_confirmed(findings, confirmed)
    remaining_ids = {id(f) for f in remaining}
    accepted = [f for f in findings if id(f) not in remaining_ids]
    return remaining, accepted


def highlight(text: str, findings) -> str:
    """The text with each finding wrapped in <mark>, safely escaped."""
    out, pos = [], 0
    for f in sorted(findings, key=lambda f: f.start):
        out.append(escape(text[pos : f.start]))
        label = guard.KIND_EXPLANATIONS.get(f.kind, "")
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.guard_findings: dict[str, list] = {}
        self.guard_accepted: list = []
        self.guard_highlight: dict[str, str] = {}

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
            remaining, accepted = check_text(text, confirmed)
            self.guard_accepted.extend(accepted)
            if remaining:
                self.guard_findings[name] = [
                    {
                        "finding": f,
                        "key": confirmation_key(f),
                        "explanation": guard.KIND_EXPLANATIONS.get(f.kind, ""),
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
                                sorted({guard.KIND_LABELS.get(f.kind, f.kind) for f in remaining})
                            )
                        },
                        code="privacy_guard",
                    ),
                )
        return cleaned
