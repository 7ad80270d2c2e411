from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from privacy import access, policies, security
from privacy.categories import Category
from privacy.guarding import parse_confirmations

from . import services
from .forms import AssessmentForm, FamilyForm, GroupForm, MembershipForm, ReferralForm, ReferralStatusForm
from .models import REFERRAL_MOVES, Membership, Person, ReferralStatus, YouthGroup
from .reads import read_member, read_person, shared_from_elsewhere, visible_members


def _group_or_404(user, pk) -> YouthGroup:
    return security.visible_or_404(
        YouthGroup.objects.visible_to(user).select_related("municipality"), user, pk, detail="group.view"
    )


@login_required
def group_list(request):
    groups = YouthGroup.objects.visible_to(request.user).prefetch_related("cases").order_by("name")
    q = request.GET.get("q", "").strip()
    if q:
        groups = groups.filter(name__icontains=q)
    can_create = policies.allowed(request.user, "group.create_form")
    return render(request, "groups/group_list.html", {"groups": groups, "q": q, "can_create": can_create})


@login_required
def group_create(request):
    if not policies.allowed(request.user, "group.create_form"):
        raise Http404
    form = GroupForm(request.POST or None, visible_groups=YouthGroup.objects.visible_to(request.user))
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
    if not policies.allowed(request.user, "group.edit", obj=group):
        raise Http404
    form = GroupForm(
        request.POST or None,
        instance=group,
        visible_groups=YouthGroup.objects.visible_to(request.user),
        guard_subject=f"groups.youthgroup:{group.pk}",
    )
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


@login_required
def group_detail(request, pk):
    user = request.user
    group = _group_or_404(user, pk)
    case = group.cases.open().first() or group.cases.first()
    case_visible = case is not None and access.can_view_case(user, case)
    members, withheld = visible_members(user, case) if case_visible else ([], "")
    shared = shared_from_elsewhere(user, group, case)
    if shared is not None:
        withheld = shared["withheld"]
    overlap = _overlap(user, group, members)
    signals = (
        group.signals.visible_to(user)
        .order_by("-observed_at")
        .values_list("observed_at", "location", "organisation__name")[:50]
    )
    timeline = _timeline(case if case_visible else None, signals)
    return render(
        request,
        "groups/group_detail.html",
        {
            "group": group,
            "case": case if case_visible else None,
            "members": members,
            "withheld": withheld,
            "shared": shared,
            "overlap": overlap,
            "timeline": timeline,
            "can_edit": policies.allowed(user, "group.edit", obj=group),
            "can_map": policies.allowed(user, "signal.list"),
            "can_open_case": case is None,
            "related": YouthGroup.objects.visible_to(user).filter(pk__in=group.related_groups.values("pk")),
        },
    )


def _overlap(user, group, members):
    """Members also on the name list of another group this user may see."""
    # One query for all members (was one per member); the access decision per case stays.
    others: dict[int, list] = {}
    for o in (
        Membership.objects.filter(person_id__in=[m.person_id for m in members])
        .exclude(group=group)
        .select_related("group", "case")
        .order_by("pk")
    ):
        if access.can_receive(user, o.case, Category.PERSONAL):
            others.setdefault(o.person_id, []).append(o.group)
    return {m.pk: others[m.person_id] for m in members if m.person_id in others}


def _timeline(case, signals):
    label = _("Signaal")
    events = [
        (observed_at, label, f"{location} — {partner or ''}") for observed_at, location, partner in signals
    ]
    if case is not None:
        for t in case.transitions.select_related("actor"):
            label = t.get_to_step_display() if t.to_step else _("Afgesloten")
            events.append((t.at, _("Stap"), f"{label}: {t.reason}"))
    return sorted(events, key=lambda e: e[0], reverse=True)


@login_required
def person_detail(request, pk):
    """One youth: personal data per category, what is withheld and why; every view logged."""
    person = Person.objects.filter(pk=pk).first()
    read = read_person(request.user, person) if person is not None else None
    if read is None:
        if person is not None:  # exists, but not for this user: the security log notes it
            security.denied(request.user, f"groups.person:{person.pk}")
        raise Http404
    return render(
        request,
        "groups/person_detail.html",
        {
            "person": person,
            "sections": read.sections,
            "bsn": person.bsn if read.bsn_visible else "",
            "can_see_log": any(
                access.can_read_processing_log(request.user, m.case) for m in read.memberships
            ),
            "may_subject_access": policies.allowed(request.user, "subject_access.export", obj=person),
        },
    )


def _membership_or_404(user, pk) -> Membership:
    """The member, only for who may receive personal data in its case; otherwise 404."""
    membership = (
        Membership.objects.select_related("case", "group", "person", "assigned_worker").filter(pk=pk).first()
    )
    if membership is None or not access.can_receive(user, membership.case, Category.PERSONAL):
        raise Http404
    return membership


def _member_page(request, membership, **bound):
    """The member page; the POST views below render it again with their bound form (keyed
    member, assess, referral or family) when the input is invalid or the service refuses."""
    user = request.user
    case = membership.case
    empty = {
        "member": lambda: MembershipForm(
            prefix="member",
            case=case,
            initial={
                "role_in_group": membership.role_in_group,
                "assigned_worker": membership.assigned_worker_id,
            },
        ),
        "assess": lambda: AssessmentForm(prefix="assess"),
        "referral": lambda: ReferralForm(prefix="referral"),
        "family": lambda: FamilyForm(prefix="family", candidates=services.relatives_for(user, membership)),
    }
    forms_ = {name: bound[name] if name in bound else make() for name, make in empty.items()}
    read = read_member(user, membership)
    supplies = {}
    for r in read.referrals:  # the next statuses, for who may supply the referral's category
        if r.category not in supplies:
            supplies[r.category] = bool(access.can_supply(user, case, r.category))
        r.moves = [
            (s.value, s.label) for s in ReferralStatus if s in REFERRAL_MOVES[ReferralStatus(r.status)]
        ]
        r.may_update = supplies[r.category] and bool(r.moves)
    return render(
        request,
        "groups/member_detail.html",
        {
            "m": membership,
            "case": case,
            "forms": forms_,
            "assessments": membership.assessments.select_related("assessed_by"),
            "referrals": read.referrals,
            "withheld": list(read.withheld.values()),
            "family": read.family,
            "can_manage": access.can_manage_case(user, case) and case.is_open,
            "can_supply": bool(access.can_supply(user, case, Category.PERSONAL)),
        },
    )


@require_safe
@login_required
def member_detail(request, pk):
    """One member of a group in one case: role, worker, plus/min/mee history, referrals, family."""
    return _member_page(request, _membership_or_404(request.user, pk))


def _save(request, membership, name, form, write):
    """Validate, call the service, and redirect; or render the page with the form's error."""
    if form.is_valid():
        try:
            write(form.cleaned_data)
        except services.GroupError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Opgeslagen."))
            return redirect("groups:member", pk=membership.pk)
    return _member_page(request, membership, **{name: form})


@require_POST
@login_required
def member_update(request, pk):
    membership = _membership_or_404(request.user, pk)
    form = MembershipForm(request.POST, prefix="member", case=membership.case)
    return _save(
        request,
        membership,
        "member",
        form,
        lambda data: services.update_membership(membership, actor=request.user, **data),
    )


@require_POST
@login_required
def member_assess(request, pk):
    membership = _membership_or_404(request.user, pk)
    form = AssessmentForm(request.POST, prefix="assess")
    return _save(
        request,
        membership,
        "assess",
        form,
        lambda data: services.assess_member(membership, actor=request.user, **data),
    )


@require_POST
@login_required
def member_referral(request, pk):
    membership = _membership_or_404(request.user, pk)
    form = ReferralForm(request.POST, prefix="referral")
    return _save(
        request,
        membership,
        "referral",
        form,
        lambda data: services.add_referral(membership, actor=request.user, **data),
    )


@require_POST
@login_required
def referral_status(request, pk, referral_pk):
    """Move a referral on (submitted, accepted, refused, ended) with its outcome."""
    membership = _membership_or_404(request.user, pk)
    read = read_member(request.user, membership)  # only a referral the user may see
    referral = next((r for r in read.referrals if r.pk == referral_pk), None)
    if referral is None:
        raise Http404
    form = ReferralStatusForm(request.POST, prefix=f"ref{referral.pk}")
    if form.is_valid():
        try:
            services.update_referral(referral, actor=request.user, **form.cleaned_data)
        except services.GroupError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("Status van de verwijzing bijgewerkt."))
            return redirect("groups:member", pk=membership.pk)
    else:
        messages.error(request, _("Kies een status."))
    return _member_page(request, membership)


@require_POST
@login_required
def member_family(request, pk):
    user = request.user
    membership = _membership_or_404(user, pk)
    candidates = services.relatives_for(user, membership)
    form = FamilyForm(request.POST, prefix="family", candidates=candidates)

    def write(data):
        relative = next(m.person for m in candidates if str(m.person_id) == data["relative"])
        services.add_family_link(membership, actor=user, relative=relative, relation=data["relation"])

    return _save(request, membership, "family", form, write)
