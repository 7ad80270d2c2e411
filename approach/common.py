"""Checks shared by every write of steps 5–7 (one place, reused by plan, actions,
monitoring and closing): the case row locked, the access decision asked, the step
checked, group-level text through the privacy guard, personal data logged per subject.
The errors are those of steps 3–4, so pages and the API handle them alike."""

from __future__ import annotations

from analysis.services import (  # noqa: F401 - re-exported for the modules of this app
    AccessDenied,
    AnalysisError,
    GuardRefused,
    VersionConflict,
    WorkflowError,
    _guard,
    _keep_confirmations,
    _lock,
    _member_of,
    _require,
    _require_manager,
    _require_step,
    current_decision,
)
from privacy import log
from privacy.categories import Category

ERRORS = (AccessDenied, WorkflowError, AnalysisError)


class ApproachError(AnalysisError):
    """A refused action of steps 5–7; str(error) is the Dutch explanation for the user."""


def log_personal(actor, case, memberships, *, action: str, operation: str, categories=(Category.PERSONAL,)):
    """Log one processing of personal data for the members concerned (once per subject)."""
    subjects = sorted({str(m.person.pseudonym) for m in memberships if m is not None})
    if subjects:
        log.record(
            actor=actor,
            action=action,
            operation=operation,
            activity="informatie-uitwisseling",
            subjects=subjects,
            case=case,
            categories=list(categories),
        )
