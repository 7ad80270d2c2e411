from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cases.models import CaseStatus
from privacy import access, log
from privacy.categories import Category
from privacy.guarding import parse_confirmations

from . import services
from .forms import GroupForm
from .models import Person, YouthGroup

INFO_CATEGORIES = (Category.PERSONAL, Category.CRIMINAL, Category.CARE, Category.SPECIAL)


def _group_or_404(user, pk) -> YouthGroup:
    group = access.visible_groups(user).filter(pk=pk).select_related("municipality").first()
    if group is None:
        raise Http404
    return group


@login_required
def group_list(request):
    groups = access.visible_groups(request.user).prefetch_related("cases").order_by("name")
    q = request.GET.get("q", "").strip()
    if q:
        groups = groups.filter(name__icontains=q)
    can_create = request.user.role in access.MUNICIPAL_ROLES
    return render(request, "groups/group_list.html", {"groups": groups, "q": q, "can_create": can_create})


@login_required
def group_create(request):
    if request.user.role not in access.MUNICIPAL_ROLES:
        raise Http404
    form = GroupForm(request.POST or None, visible_groups=access.visible_groups(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            group = services.create_group(
                actor=request.user,
                name=form.cleaned_data["name"],
                aliases=form.cleaned_data["aliases"],
                locations=form.cleaned_data["locations"],
                description=form.cleaned_data["description"],
                confirmed_findings=parse_confirmations(request.POST.getlist("guard_confirm")),
            )
            services.update_group(
                group,
                actor=request.user,
                related_groups=form.cleaned_data["related_groups"],
                other_municipalities=form.cleaned_data["other_municipalities"],
            )
        except services.GroupError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Groep vastgelegd."))
            return redirect("groups:detail", pk=group.pk)
    return render(request, "groups/group_form.html", {"form": form})


@login_required
def group_edit(request, pk):
    group = _group_or_404(request.user, pk)
    if not (
        request.user.role in access.MUNICIPAL_ROLES
        and request.user.organisation.municipality_id == group.municipality_id
    ):
        raise Http404
    form = GroupForm(request.POST or None, instance=group, visible_groups=access.visible_groups(request.user))
    if request.method == "POST" and form.is_valid():
        data = {
            k: form.cleaned_data[k]
            for k in (
                "name",
                "aliases",
                "locations",
                "description",
                "related_groups",
                "other_municipalities",
            )
        }
        try:
            services.update_group(
                YouthGroup.objects.get(pk=group.pk),
                actor=request.user,
                confirmed_findings=parse_confirmations(request.POST.getlist("guard_confirm")),
                **data,
            )
        except services.GroupError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Groepsgegevens bijgewerkt."))
            return redirect("groups:detail", pk=group.pk)
    return render(request, "groups/group_form.html", {"form": form, "group": group})


def visible_members(user, case):
    """The case's name list as this user may see it: (memberships, withheld reason)."""
    decision = access.can_receive(user, case, Category.PERSONAL)
    if not decision:
        return [], decision.reason
    members = list(
        case.memberships.select_related("person", "added_by_organisation")
        .prefetch_related("assessments")
        .order_by("person__full_name")
    )
    log.record(
        actor=user,
        action="read",
        operation="name_list.read",
        activity="namenlijst",
        subjects=[m.person.pseudonym for m in members],
        case=case,
        categories=[Category.PERSONAL],
    )
    return members, ""


@login_required
def group_detail(request, pk):
    user = request.user
    group = _group_or_404(user, pk)
    case = group.cases.filter(status=CaseStatus.OPEN).first() or group.cases.first()
    case_visible = case is not None and access.can_view_case(user, case)
    members, withheld = visible_members(user, case) if case_visible else ([], "")
    overlap = _overlap(user, group, members)
    signals = (
        access.visible_signals(user)
        .filter(group=group)
        .prefetch_related("tags")
        .order_by("-observed_at")[:50]
    )
    timeline = _timeline(group, case if case_visible else None, signals)
    return render(
        request,
        "groups/group_detail.html",
        {
            "group": group,
            "case": case if case_visible else None,
            "members": members,
            "withheld": withheld,
            "overlap": overlap,
            "timeline": timeline,
            "can_edit": user.role in access.MUNICIPAL_ROLES
            and user.organisation.municipality_id == group.municipality_id,
            "can_open_case": case is None or case.status == CaseStatus.CLOSED,
            "related": access.visible_groups(user).filter(pk__in=group.related_groups.values("pk")),
        },
    )


def _overlap(user, group, members):
    """Members also on the name list of another group this user may see."""
    result = {}
    for m in members:
        others = [
            o
            for o in m.person.memberships.exclude(group=group).select_related("group", "case")
            if access.can_receive(user, o.case, Category.PERSONAL)
        ]
        if others:
            result[m.pk] = [o.group for o in others]
    return result


def _timeline(group, case, signals):
    events = [
        (
            s.observed_at,
            _("Signaal"),
            f"{s.location} — {s.organisation.name if s.organisation_id else ''}",
        )
        for s in signals
    ]
    if case is not None:
        for t in case.transitions.select_related("actor"):
            label = t.get_to_step_display() if t.to_step else _("Afgesloten")
            events.append((t.at, _("Stap"), f"{label}: {t.reason}"))
    return sorted(events, key=lambda e: e[0], reverse=True)


@login_required
def person_detail(request, pk):
    """One youth: personal data per category, what is withheld and why; every view logged."""
    user = request.user
    person = Person.objects.filter(pk=pk).first()
    if person is None:
        raise Http404
    memberships = [
        m
        for m in person.memberships.select_related("case", "group")
        if access.can_receive(user, m.case, Category.PERSONAL)
    ]
    if not memberships:
        raise Http404
    sections, seen_categories = [], {Category.PERSONAL}
    for m in memberships:
        case = m.case
        allowed = {c for c in INFO_CATEGORIES if access.can_receive(user, case, c)}
        # Withheld categories are named whether or not data exists, so the page reveals
        # neither content nor existence (not shown, not counted).
        withheld = [access.can_receive(user, case, c).reason for c in INFO_CATEGORIES if c not in allowed]
        items = list(
            case.information.filter(person=person, category__in=allowed).select_related(
                "matrix_item", "supplied_by"
            )
        )
        seen_categories.update(i.category for i in items)
        sections.append({"membership": m, "case": case, "items": items, "withheld": withheld})
    bsn_visible = any(access.can_receive(user, m.case, Category.BSN) for m in memberships)
    log.record(
        actor=user,
        action="read",
        operation="person.read",
        activity="groepsaanpak",
        subjects=[person.pseudonym],
        case=memberships[0].case,
        categories=sorted(seen_categories | ({Category.BSN} if bsn_visible and person.bsn else set())),
    )
    masked_bsn = ("*****" + person.bsn[-4:]) if person.bsn else ""
    return render(
        request,
        "groups/person_detail.html",
        {
            "person": person,
            "sections": sections,
            "bsn": person.bsn if bsn_visible else masked_bsn,
            "can_see_log": any(access.can_read_processing_log(user, m.case) for m in memberships),
        },
    )
