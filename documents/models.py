"""The municipality's house style for the documents of a case (documents.report): logo,
colour, fixed texts and the classification printed in every header and footer. Kept by the
beheerder in the admin (documents/admin.py); holds no personal data. Without a row a
municipality's documents use the defaults of `report.Layout`."""

from __future__ import annotations

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .report import CLASSIFICATION, COLOUR, Layout

colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Geef een kleur als #rrggbb, bijvoorbeeld #1f4e79.")
)


class DocumentLayout(models.Model):
    # By name, not by import: documents sits beside accounts in the layers (ADR 0008).
    municipality = models.OneToOneField(
        "accounts.Municipality", on_delete=models.CASCADE, related_name="+", verbose_name=_("gemeente")
    )
    classification = models.CharField(
        _("classificatie (kop- en voettekst)"), max_length=120, default=CLASSIFICATION
    )
    colour = models.CharField(_("huiskleur"), max_length=7, default=COLOUR, validators=[colour_validator])
    logo = models.BinaryField(_("logo"), blank=True, default=b"", editable=True)
    logo_type = models.CharField(_("soort logo"), max_length=20, blank=True)
    header_text = models.CharField(_("tekst onder het logo"), max_length=200, blank=True)
    footer_text = models.CharField(_("vaste tekst in de voettekst"), max_length=200, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("huisstijl van documenten")
        verbose_name_plural = _("huisstijlen van documenten")

    def __str__(self) -> str:
        return str(_("Huisstijl van documenten"))

    def as_layout(self, municipality_name: str) -> Layout:
        return Layout(
            municipality=municipality_name,
            classification=self.classification or CLASSIFICATION,
            colour=self.colour or COLOUR,
            logo=bytes(self.logo or b""),
            logo_type=self.logo_type,
            header_text=self.header_text,
            footer_text=self.footer_text,
        )


def layout_for(municipality_id: int, municipality_name: str) -> Layout:
    """The municipality's layout, or the defaults."""
    row = DocumentLayout.objects.filter(municipality_id=municipality_id).first()
    return row.as_layout(municipality_name) if row else Layout(municipality=municipality_name)
