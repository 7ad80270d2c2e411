"""Checks shared by every write of steps 5–7 (one place, reused by plan, actions,
monitoring and closing): the case row locked, the access decision asked, the step
checked, group-level text through the privacy guard, personal data logged per subject.
The errors are those of steps 3–4, so pages and the API handle them alike."""

from __future__ import annotations

from analysis.services import (  # noqa: F401 - re-exported for the modules of this app
    AccessDenied,
    AnalysisError,
    WorkflowError,
    current_decision,
)
from cases.writes import (  # noqa: F401 - re-exported for the modules of this app
    GuardRefused,
    VersionConflict,
)

ERRORS = (AccessDenied, WorkflowError, AnalysisError)


class ApproachError(AnalysisError):
    """A refused action of steps 5–7; str(error) is the Dutch explanation for the user."""


def pseudonyms(memberships) -> list[str]:
    """The members' pseudonyms as log.read()/log.write() take them: each once, sorted."""
    return sorted({str(m.person.pseudonym) for m in memberships if m is not None})
