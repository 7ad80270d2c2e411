"""Signals in bulk through the API: the CSV import of the signal list page
(intake.services.parse_csv / import_rows), all or nothing, with a dry run."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, parsers, serializers

from intake import services as signal_services

from .base import ApiView, endpoint, uploaded_csv
from .exceptions import invalid
from .parsers import CSVFileParser
from .views import REPORTER

CSV_MAX_BYTES = 2 * 1024 * 1024


class ImportRowSerializer(serializers.Serializer):
    line = serializers.IntegerField()
    errors = serializers.ListField(child=serializers.CharField())


class SignalImportResultSerializer(serializers.Serializer):
    dry_run = serializers.BooleanField()
    rows = serializers.IntegerField(help_text="Aantal regels in het bestand.")
    imported = serializers.IntegerField(help_text="Aantal aangemaakte signalen (0 bij een proefrun).")
    signals = serializers.ListField(child=serializers.IntegerField(), help_text="Ids van de nieuwe signalen.")


class SignalImportView(ApiView):
    tag = "signalen"
    parser_classes = [parsers.MultiPartParser, CSVFileParser]
    permission = REPORTER

    @endpoint(
        parameters=[OpenApiParameter("dry_run", OpenApiTypes.BOOL, OpenApiParameter.QUERY, required=False)],
        request={"text/csv": OpenApiTypes.STR, "multipart/form-data": OpenApiTypes.OBJECT},
        ok={200: SignalImportResultSerializer, 201: SignalImportResultSerializer},
        errors=(400, 403, 413),
        idempotent=True,
    )
    def post(self, request):
        """Signalen importeren uit CSV (alles of niets), zoals de importpagina

        text/csv, of multipart met een deel `file`. Kolommen als op de importpagina
        (`datum;locatie;wijk;categorieen;groepsgrootte;leeftijd_van;leeftijd_tot;bron;impact;omschrijving`).
        Elke regel gaat door de privacytoets. Eén foute regel: niets wordt geïmporteerd en `errors` noemt per
        regel wat er mis is (`regel 3`). Met `?dry_run=true` wordt alleen gecontroleerd."""
        self.check_permission()
        dry_run = str(request.query_params.get("dry_run", "")).lower() in ("1", "true", "ja", "yes")
        upload = uploaded_csv(request)
        content = upload.read() if hasattr(upload, "read") else upload
        if not isinstance(content, bytes | bytearray) or len(content) > CSV_MAX_BYTES:
            raise invalid("file", _("Het bestand is te groot (ten hoogste 2 MB)."))
        rows, file_errors = signal_services.parse_csv(bytes(content))
        if file_errors:
            raise exceptions.ValidationError({"file": file_errors})
        errors = {
            _("regel %(n)s") % {"n": row.line}: [str(e) for e in row.errors] for row in rows if row.errors
        }
        if errors:
            raise exceptions.ValidationError(errors)
        if dry_run:
            return self.respond(
                SignalImportResultSerializer,
                {"dry_run": True, "rows": len(rows), "imported": 0, "signals": []},
            )
        signals = signal_services.import_rows(rows, actor=request.user)
        body = {
            "dry_run": False,
            "rows": len(rows),
            "imported": len(signals),
            "signals": [x.pk for x in signals],
        }
        return self.created(SignalImportResultSerializer, body)
