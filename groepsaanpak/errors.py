"""The one family of refusals a service can raise. Every domain error carries a code that
says what kind of "no" it is; pages show the message, the API maps the code (never the
message text) onto HTTP:

    gate       a step of the process is not done yet, or the case is closed   -> 409
    stale      someone saved a newer version since the form was opened         -> 409
    forbidden  the object is visible, but this user may not do this            -> 403
    invalid    the input does not hold (optionally per field in `errors`)      -> 400

str(error) is the Dutch (or English) explanation for the user.
"""

from __future__ import annotations

GATE = "gate"
STALE = "stale"
FORBIDDEN = "forbidden"
INVALID = "invalid"
CODES = (GATE, STALE, FORBIDDEN, INVALID)


class DomainError(Exception):
    """A refused action. Subclasses set a default `code`; a raise may override it."""

    code: str = INVALID

    def __init__(self, message="", *, code: str | None = None, errors: dict | None = None):
        super().__init__(message)
        if code is not None:
            if code not in CODES:
                raise ValueError(f"unknown error code {code!r}")
            self.code = code
        if errors is not None:
            self.errors = errors

    errors: dict[str, list[str]] | None = None
