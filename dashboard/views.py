from django.contrib.auth.decorators import login_required
from django.shortcuts import render

from accounts.models import Role
from cases.models import CaseStatus
from privacy import access


@login_required
def home(request):
    user = request.user
    cases = (
        access.visible_cases(user)
        .filter(status=CaseStatus.OPEN)
        .select_related("group", "coordinator")
        .order_by("step", "group__name")
    )
    signals = access.visible_signals(user).select_related("organisation")
    context = {
        "cases": cases[:20],
        "my_signals": signals.filter(reported_by=user)[:5],
        "new_signal_count": signals.filter(status="nieuw").count()
        if user.role in access.MUNICIPAL_ROLES
        else None,
        "can_report": access.can_report_signal(user),
        "is_admin": user.role == Role.BEHEERDER,
        "is_privacy_officer": user.role == Role.PRIVACYFUNCTIONARIS,
    }
    return render(request, "dashboard/home.html", context)


def help_page(request):
    return render(request, "dashboard/help.html")
