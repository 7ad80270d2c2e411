"""The documents of a case (cases.case_documents) through the API: which ones the caller
may produce, and one of them as PDF or Word — the same use case as the download buttons on
the case pages (the permission, the gate, the guard, the export in the processing log)."""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, renderers, serializers

from cases import case_documents
from documents import letters

from .base import CaseView, endpoint


class DocumentSerializer(serializers.Serializer):
    kind = serializers.CharField(
        help_text="concept-plan, advice, plan, progress-report, crisis-briefing of evaluation"
    )
    label = serializers.CharField()
    available = serializers.BooleanField(
        help_text="Onwaar: de stap heeft dit document nog niet (zie `reason`)."
    )
    reason = serializers.CharField(help_text="Waarom het document er nog niet is; leeg als het er is.")
    anonymous = serializers.BooleanField(
        help_text="Geanonimiseerd: gaat door de privacytoets voordat het wordt gemaakt."
    )
    formats = serializers.ListField(child=serializers.CharField())
    url = serializers.CharField()


class _FileRenderer(renderers.BaseRenderer):
    # The file is sent as a finished response; these renderers let ?format= choose it.
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else b""


class PDFDocumentRenderer(_FileRenderer):
    media_type = letters.CONTENT_TYPES[letters.PDF]
    format = letters.PDF


class DOCXDocumentRenderer(_FileRenderer):
    media_type = letters.CONTENT_TYPES[letters.DOCX]
    format = letters.DOCX


class CaseDocumentsView(CaseView):
    # /cases/<pk>/documents/: what the caller may produce for the case.
    tag = "documenten"

    @endpoint(ok=DocumentSerializer(many=True))
    def get(self, request, pk):
        """Documenten van de casus die u kunt maken (PDF of Word)

        Per soort: of het document er al is (anders de reden: de stap heeft het nog niet) en
        het adres om het te maken. Leeg voor wie de casus niet ziet."""
        rows = [
            {
                "kind": kind.code,
                "label": str(kind.label),
                "available": not reason,
                "reason": reason,
                "anonymous": kind.anonymous,
                "formats": list(letters.FORMATS),
                "url": reverse("api:case_document", args=[self.case.pk, kind.code]),
            }
            for kind, reason in case_documents.listing(request.user, self.case)
        ]
        return self.paginate(rows, DocumentSerializer)


class CaseDocumentView(CaseView):
    # /cases/<pk>/documents/<kind>?format=pdf|docx: one document, as a file.
    tag = "documenten"
    renderer_classes = [PDFDocumentRenderer, DOCXDocumentRenderer, renderers.JSONRenderer]

    def handle_exception(self, exc):
        # An error is JSON, also when ?format= chose a file renderer.
        self.request.accepted_renderer = renderers.JSONRenderer()
        self.request.accepted_media_type = "application/json"
        return super().handle_exception(exc)

    @endpoint(
        ok={(200, t): OpenApiTypes.BINARY for t in letters.CONTENT_TYPES.values()},
        errors=(404, 409),
        parameters=[
            OpenApiParameter(
                "format", OpenApiTypes.STR, enum=list(letters.FORMATS), description="pdf (standaard) of docx."
            ),
            OpenApiParameter(
                "number",
                OpenApiTypes.INT,
                description="Een eerdere versie of rapportage (standaard de laatste).",
            ),
        ],
    )
    def get(self, request, pk, kind):
        """Eén document van de casus als PDF of Word

        `kind`: concept-plan, advice, plan, progress-report, crisis-briefing, evaluation. 409 (code `gate`)
        als de stap dit document nog niet heeft, of als de privacytoets het geanonimiseerde document
        tegenhoudt. Elk document wordt gelogd als export, met de personen die het noemt."""
        if case_documents.kind(kind) is None:
            raise exceptions.NotFound()
        fmt = request.query_params.get("format", letters.PDF)
        number = request.query_params.get("number")
        if number is not None and not number.isdigit():
            raise exceptions.NotFound()
        content, filename = case_documents.produce(
            self.case, kind, actor=request.user, fmt=fmt, number=int(number) if number else None
        )
        return letters.file_response(content, filename, fmt)
