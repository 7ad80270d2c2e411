from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services
from .forms import PreferencesForm
from .models import Notification


@login_required
def notification_list(request):
    """The user's own notifications, newest first, unread marked."""
    page = Paginator(services.for_user(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page, "notifications": page})


@login_required
@require_POST
def mark_read(request, pk):
    """Mark one read and, with ?open=1, follow its link (the notification's own path)."""
    try:
        note = services.mark_read(request.user, pk)
    except Notification.DoesNotExist:
        raise Http404 from None
    if request.POST.get("open") and url_has_allowed_host_and_scheme(note.link, allowed_hosts=None):
        return redirect(note.link)
    return redirect("notifications:list")


@login_required
@require_POST
def mark_all_read(request):
    services.mark_all_read(request.user)
    messages.success(request, _("Alle meldingen staan op gelezen."))
    return redirect("notifications:list")


@login_required
def preferences(request):
    form = PreferencesForm(request.POST or None, initial_choices=services.preferences(request.user))
    if request.method == "POST" and form.is_valid():
        services.set_preferences(request.user, form.cleaned_data)
        messages.success(request, _("Uw keuzes voor meldingen zijn opgeslagen."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})
