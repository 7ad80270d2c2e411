"""A merge of two person records that are the same youth (issue 18, §4.1.5).

The absorbed record stays (with its pseudonym, so processing-log rows written about it still
resolve), but every reference to it moves to the kept record; `moved` lists which rows
moved, so an undo within the period puts exactly those back."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from groups.models import Person
from privacy.categories import Category


class PersonMerge(models.Model):
    kept = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="merges_kept")
    absorbed = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="merges_absorbed")
    # {"app_label.Model.field": [pk, ...]}: the rows whose reference moved from absorbed to kept
    moved = models.JSONField(default=dict)
    reason = models.CharField(_("reden"), max_length=300)
    merged_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    merged_at = models.DateTimeField(auto_now_add=True)
    undo_until = models.DateTimeField(_("ongedaan te maken tot"))
    undone_at = models.DateTimeField(null=True, blank=True)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    category = Category.PERSONAL

    class Meta:
        ordering = ["-merged_at", "-pk"]
        verbose_name = _("samenvoeging van personen")
        verbose_name_plural = _("samenvoegingen van personen")

    @property
    def is_active(self) -> bool:
        return self.undone_at is None
