"""The download of a case document (cases.case_documents) from the page where it belongs:
`?formaat=pdf|docx`, and `nummer` for an earlier version or report. 404 outside the case's
visibility or for an unknown kind; when the step has no such document yet, or the privacy
guard stops it, the page says why (409)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from documents import letters
from groepsaanpak.errors import DomainError
from privacy.access import AccessDenied

from . import case_documents
from .reads import case_or_404


def _number(value) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        raise Http404 from None


@require_safe
@login_required
def document(request, pk, kind):
    case = case_or_404(request.user, pk)
    fmt = request.GET.get("formaat", letters.PDF)
    registered = case_documents.kind(kind)
    if registered is None or fmt not in letters.FORMATS:
        raise Http404
    try:
        content, filename = case_documents.produce(
            case, kind, actor=request.user, fmt=fmt, number=_number(request.GET.get("nummer"))
        )
    except AccessDenied as exc:
        raise Http404 from exc
    except DomainError as exc:
        context = {"case": case, "kind": registered, "message": str(exc)}
        return render(request, "cases/document_refused.html", context, status=409)
    return letters.file_response(content, filename, fmt)
