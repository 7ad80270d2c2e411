"""The privacy officer's overview: one page (privacy.overview gathers it)."""

from datetime import timedelta
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.models import Organisation
from documents import processing_log

from . import operations, overview, policies, registry
from .forms import OverviewLogFilterForm


@require_safe
@login_required
def privacy_overview(request):
    user = request.user
    if not policies.allowed(user, "privacy_overview.read"):
        raise Http404
    municipality_id = user.organisation.municipality_id
    names = overview.Names(municipality_id)
    cases = registry.case_facts(municipality_id)
    form = OverviewLogFilterForm(
        request.GET or None,
        operations=[(op.code, str(op.label)) for op in operations.OPERATIONS.values()],
        organisations=Organisation.objects.filter(municipality_id=municipality_id)
        .order_by("name")
        .values_list("name", flat=True),
        cases=[(c["id"], c["label"]) for c in cases],
    )
    entries = overview.municipality_log(municipality_id)
    valid = form.is_valid() if form.is_bound else True
    filters = form.filters() if form.is_bound and valid else {}
    entries = overview.filtered(entries, **filters) if valid else entries.none()
    if valid and request.GET.get("format") == "csv":
        return processing_log.words_csv_response(overview.export_rows(user, entries, names))
    page = overview.read_log_page(user, entries, names, page_number=request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k in form.fields and v}
    person = filters.get("person")
    week_ago = timezone.now() - timedelta(days=7)
    return render(
        request,
        "privacy/overview.html",
        {
            "form": form,
            "page": page,
            "filter_query": urlencode(query),
            "person_name": names.person(str(person)) if person else "",
            "register": overview.register_of_activities(),
            "covenants": overview.covenant_versions(municipality_id),
            "retention": overview.retention(municipality_id),
            "informing": registry.informing_status(municipality_id),
            "guard_count": overview.guard_confirmations_count(municipality_id, week_ago),
            "security": overview.security_summary(municipality_id, week_ago),
            "log_state": overview.log_state(),
            "sections": overview.extra_sections(user),
        },
        status=200 if valid else 400,
    )
