"""Documents: the composition of every document that leaves the system — the step-4 advice,
the progress report, the evaluation report and the processing-log CSV.

A low layer (ADR 0008): it composes from plain data (the dataclasses and dicts of each
module) that the app owning the data prepares, and imports no domain app and not
`privacy`. So the use case around a document — loading what the user may see, the gate,
the guard, writing the record and logging the operation (privacy.operations) — stays in
the service of the app whose record it is, and every page and API endpoint calls that
one service."""
