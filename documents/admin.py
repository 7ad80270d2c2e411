"""The beheerder keeps each municipality's house style of documents here (logo, colour,
fixed texts, classification); no case data."""

import io

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import DocumentLayout

LOGO_MAX_BYTES = 300 * 1024
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}


class DocumentLayoutForm(forms.ModelForm):
    logo_file = forms.FileField(
        label=_("Logo (PNG of JPEG, hoogstens 300 kB)"),
        required=False,
        help_text=_("Leeg laten: het logo blijft."),
    )
    remove_logo = forms.BooleanField(label=_("Logo verwijderen"), required=False)

    class Meta:
        model = DocumentLayout
        fields = ["municipality", "classification", "colour", "header_text", "footer_text"]

    def clean_logo_file(self):
        upload = self.cleaned_data.get("logo_file")
        if not upload:
            return None
        if upload.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("Het logo is groter dan 300 kB."))
        data = upload.read()
        from PIL import Image, UnidentifiedImageError

        try:
            with Image.open(io.BytesIO(data)) as image:
                kind = image.format
                image.verify()
        except (UnidentifiedImageError, OSError, SyntaxError):
            raise forms.ValidationError(_("Dit is geen PNG- of JPEG-afbeelding.")) from None
        if kind not in LOGO_TYPES:
            raise forms.ValidationError(_("Dit is geen PNG- of JPEG-afbeelding."))
        return data, LOGO_TYPES[kind]

    def save(self, commit=True):
        layout = super().save(commit=False)
        if self.cleaned_data.get("remove_logo"):
            layout.logo, layout.logo_type = b"", ""
        elif self.cleaned_data.get("logo_file"):
            layout.logo, layout.logo_type = self.cleaned_data["logo_file"]
        if commit:
            layout.save()
        return layout


@admin.register(DocumentLayout)
class DocumentLayoutAdmin(admin.ModelAdmin):
    form = DocumentLayoutForm
    list_display = ["municipality", "classification", "colour", "has_logo", "updated_at"]
    fields = [
        "municipality",
        "classification",
        "colour",
        "logo_file",
        "remove_logo",
        "header_text",
        "footer_text",
    ]

    @admin.display(boolean=True, description=_("logo"))
    def has_logo(self, obj):
        return bool(obj.logo)
