"""Who is told, and the one call every domain service makes to tell them (ADR 0013).

Recipients are only people the access decision lets open the case — its named
participants, the function a request is addressed to, the beslisser who may decide —
asked through privacy (never a second rule). What they are told carries no personal data:
the kind of event and the group's working name (notifications.models.TEXTS)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Q
from django.urls import reverse

from notifications.services import notify
from privacy import access, policies


def tell(kind: str, case, users, *, link: str | None = None, actor=None, key: str = "") -> list:
    """Notify `users` of `kind` on `case` (the actor is not told of their own work); each
    recipient must be able to open the case."""
    seen = [u for u in users if u is not None and access.can_view_case(u, case)]
    return notify(
        seen,
        kind,
        alias=case.group.name,
        link=link or reverse("cases:detail", args=[case.pk]),
        case_id=case.pk,
        key=key,
        exclude=[actor] if actor is not None else (),
    )


def participants(case) -> list:
    """The people named for the case (who opened it, its coordinator, those named since)."""
    return list(get_user_model().objects.filter(pk__in=case.named_user_ids(), is_active=True))


def organisation_users(organisation_id):
    return (
        get_user_model()
        .objects.filter(organisation_id=organisation_id, is_active=True)
        .select_related("organisation")
    )


def allowed_in(organisation_id, policy: str, case, obj=None) -> list:
    """The active users of an organisation whom `policy` allows on this object."""
    return [u for u in organisation_users(organisation_id) if policies.allowed(u, policy, case=case, obj=obj)]


def deciders(case) -> list:
    """The beslissers who may record the forum's decision on this case."""
    users = (
        get_user_model()
        .objects.filter(organisation__municipality_id=case.municipality_id, is_active=True)
        .select_related("organisation")
    )
    return [u for u in users if policies.allowed(u, "step4.record_decision", case=case)]


def holding_function(case, function: str) -> list:
    """Who may open the case and holds (or deputises for) `function` — an escalation level."""
    users = (
        get_user_model()
        .objects.filter(
            Q(organisation__municipality_id=case.municipality_id)
            | Q(organisation_id__in=case.participant_organisation_ids()),
            is_active=True,
        )
        .select_related("organisation")
    )
    return [u for u in users if policies.holds_function(u, function)]
