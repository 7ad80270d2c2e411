"""Pages of step 5: the integral plan of approach (the version in force, every earlier
version, a comparison of two versions) and its editor for the procesregisseur and the
uitvoeringscoördinator.

Every page loads the case through privacy.access (404 for who may not see it). A measure
aimed at one member names that member only for who may receive personal data; every such
read is logged per subject. The editor is the managers' (404 for anyone else); a save
based on an older version is a conflict that keeps all the author's input."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from accounts.models import Organisation
from analysis import reads
from cases import workflow
from cases.models import Step
from cases.reads import case_or_404
from plans import content as c
from plans import services as plan_services
from plans.common import ERRORS, GuardRefused, VersionConflict
from plans.forms import FORMSETS, CompareForm, PlanForm, item_initial, kept_forms
from plans.models import PlanVersion, TargetKind
from plans.reads import member_names, plan_diff, present
from privacy import access, guard
from privacy.categories import Category
from privacy.guarding import confirmation_key, parse_confirmations


def _base(case, user, **extra):
    return {"case": case, "steps": Step.choices, "can_manage": access.can_manage_case(user, case), **extra}


def _confirmed(request):
    return parse_confirmations(request.POST.getlist("guard_confirm"))


# --- reading a version: what the user may see -------------------------------------------------


def _present(user, case, content: dict, operation: str) -> dict:
    """A plan document as the user may see it, ready for the template."""
    names, withheld = member_names(user, case, c.member_keys(content), operation)
    return present(case, content, names, withheld)


# --- the plan in force, an earlier version ---------------------------------------------------------


def _may_edit(user, case) -> bool:
    return access.can_manage_case(user, case) and case.is_open and workflow.write_allowed(case, "plan")


@login_required
def plan(request, pk):
    user = request.user
    case = case_or_404(user, pk)
    versions = list(case.approach_plans.select_related("author", "author_organisation"))
    version = versions[0] if versions else None
    context = _base(
        case, user, version=version, versions=versions, latest=version, may_edit=_may_edit(user, case)
    )
    if version is not None:
        context["plan"] = _present(user, case, version.content, "approach_plan.read")
    return render(request, "plans/plan.html", context)


@login_required
def plan_version(request, pk, number):
    user = request.user
    case = case_or_404(user, pk)
    version = get_object_or_404(
        PlanVersion.objects.select_related("author", "author_organisation"), case=case, number=number
    )
    latest = plan_services.current(case)
    return render(
        request,
        "plans/plan_version.html",
        _base(
            case,
            user,
            version=version,
            latest=latest,
            plan=_present(user, case, version.content, "approach_plan.read"),
        ),
    )


# --- comparing two versions ----------------------------------------------------------------------


@login_required
def plan_compare(request, pk):
    user = request.user
    case = case_or_404(user, pk)
    versions = {v.number: v for v in case.approach_plans.select_related("author", "author_organisation")}
    numbers = sorted(versions, reverse=True)
    context = _base(case, user, numbers=numbers)
    if len(numbers) < 2:
        context["form"] = None
        return render(request, "plans/plan_compare.html", context)
    data = request.GET if ("van" in request.GET or "naar" in request.GET) else None
    initial = {"van": numbers[1], "naar": numbers[0]}
    form = CompareForm(data or None, numbers=numbers, initial=initial)
    context["form"] = form
    if data is None:
        van, naar = initial["van"], initial["naar"]
    elif form.is_valid():
        van, naar = form.cleaned_data["van"], form.cleaned_data["naar"]
    else:
        return render(request, "plans/plan_compare.html", context)
    old, new = versions[van], versions[naar]
    sections, summary, withheld = plan_diff(user, case, old.content, new.content, "approach_plan.compare")
    context.update(
        old=old, new=new, sections=sections, summary=summary, members_withheld=withheld, same=van == naar
    )
    return render(request, "plans/plan_compare.html", context)


# --- the editor -------------------------------------------------------------------------------


def _organisation_choices(case):
    """The municipality's organisations, the case's participants first."""
    orgs = list(Organisation.objects.filter(municipality_id=case.municipality_id).order_by("name"))
    taking_part = set(case.participants.values_list("organisation_id", flat=True))
    first = [(str(o.pk), o.name) for o in orgs if o.pk in taking_part]
    rest = [(str(o.pk), o.name) for o in orgs if o.pk not in taking_part]
    if first and rest:
        return [(_("Deelnemende partners"), first), (_("Andere organisaties in de gemeente"), rest)]
    return first or rest


def _goal_choices(main, goals_fs):
    """The goals a result may belong to: the standard goals (by their key) and the local
    goals of the form as it is now (also a local goal added in the same edit)."""
    keys = main.bound_goal_keys()
    choices = [(keys[code], str(label)) for code, label in c.GOALS.items() if keys[code]]
    for i, form in enumerate(goals_fs.forms, start=1):
        key = form["key"].value()
        text = (form["text"].value() or "").strip()
        if key:
            label = text if len(text) <= 60 else text[:57] + "…"
            choices.append((key, label or _("Lokaal doel %(n)s (nog leeg)") % {"n": i}))
    return choices


def _build(case, user, data, source: dict, based_on: int):
    """The main form and the formsets, bound to `data` (POST) or filled from `source`."""
    main = PlanForm(data, initial=None if data else PlanForm.initial_from(source, based_on))
    may_members = access.can_receive(user, case, Category.PERSONAL)
    members, _reason = reads.members(user, case) if may_members else ([], "")
    member_choices = [(str(m.pk), m.person.full_name) for m in members] if may_members else None

    def make(section, **form_kwargs):
        cls, prefix, _fields = FORMSETS[section]
        initial = None if data else item_initial(section, source)
        return cls(data, prefix=prefix, initial=initial, form_kwargs=form_kwargs)

    goals_fs = make("goals")
    formsets = {
        "goals": goals_fs,
        "results": make("results", goal_choices=_goal_choices(main, goals_fs)),
        "scenarios": make("scenarios"),
        "measures": make(
            "measures", organisation_choices=_organisation_choices(case), member_choices=member_choices
        ),
    }
    return main, formsets, bool(may_members)


def _content(main, formsets) -> tuple[dict, dict[str, list]]:
    """The plan document from valid forms, and for each list section the form of each row
    (to put the service's errors back on the right field)."""
    d = main.cleaned_data
    keys = main.bound_goal_keys()
    content = c.empty()
    rows = {"goals": [], "results": [], "scenarios": [], "measures": []}
    for code in c.GOALS:
        if code in d["goal_codes"]:
            content["goals"].append(
                {"key": keys[code] or c.new_key(), "code": code, "text": d[f"goal_text_{code}"]}
            )
            rows["goals"].append(None)  # errors on a standard goal go to the checkboxes
    for section in ("tracks", "strategy", "organisation"):
        for code in content[section]:
            content[section][code] = d[f"{section}_{code}"]
    for section, fs in formsets.items():
        fields = FORMSETS[section][2]
        for form in kept_forms(fs):
            item = {"key": form.cleaned_data.get("key") or ""}
            item.update({name: form.cleaned_data.get(name) for name in fields})
            if section == "goals":
                item["code"] = c.LOCAL_GOAL
            if section == "measures" and item.get("target_kind") != TargetKind.MEMBER:
                item["membership"] = None
            content[section].append(item)
            rows[section].append(form)
    return content, rows


def _apply_errors(errors: dict[str, list[str]], main, rows) -> None:
    """Put the service's errors ("results.0.baseline") next to the field they are about."""
    for path, messages_ in errors.items():
        section, _sep, rest = path.partition(".")
        index, _sep, name = rest.partition(".")
        form, field = main, None
        if section == "reason":
            field = "reason"
        elif section == "goals" and (not index or rows["goals"][int(index)] is None):
            field = "goal_codes"
        elif section in rows and index.isdigit() and int(index) < len(rows[section]):
            form = rows[section][int(index)]
            field = name if name in form.fields and not form.fields[name].widget.is_hidden else None
        for message in messages_:
            form.add_error(field, message)


def _rebase(form, number: int) -> None:
    """After a conflict: keep all input, point the form at the newest version."""
    data = form.data.copy()
    data[form.add_prefix("based_on")] = str(number)
    form.data = data


@login_required
def plan_edit(request, pk):
    user = request.user
    case = case_or_404(user, pk)
    if not access.can_manage_case(user, case):
        raise Http404
    latest = plan_services.current(case)
    based_on = latest.number if latest else 0
    if latest is not None:
        source, origin = latest.content, "current"
    elif request.GET.get("leeg"):
        source, origin = c.empty(), "empty"
    else:
        source, origin = plan_services.draft(case), "draft"
    data = request.POST if request.method == "POST" else None
    main, formsets, may_members = _build(case, user, data, source, based_on)
    conflict = conflict_sections = conflict_summary = None
    guard_findings = []
    editable = _may_edit(user, case)
    if request.method == "POST" and editable:
        valid = main.is_valid()
        valid = all([fs.is_valid() for fs in formsets.values()]) and valid
        if valid:
            content, rows = _content(main, formsets)
            try:
                version = plan_services.save_plan(
                    case,
                    actor=user,
                    based_on=main.cleaned_data["based_on"],
                    content=content,
                    reason=main.cleaned_data["reason"],
                    confirmed_findings=_confirmed(request),
                )
            except VersionConflict as exc:
                conflict = exc.current
                main.add_error(None, str(exc))
                _rebase(main, conflict.number)
                conflict_sections, conflict_summary, _withheld = plan_diff(
                    user, case, conflict.content, content, "approach_plan.compare"
                )
            except plan_services.PlanInvalid as exc:
                _apply_errors(exc.errors, main, rows)
                main.add_error(None, str(exc))
            except GuardRefused as exc:
                main.add_error(None, str(exc))
                guard_findings = [
                    {
                        "finding": f,
                        "key": confirmation_key(f),
                        "explanation": guard.KIND_EXPLANATIONS.get(f.kind, ""),
                    }
                    for f in exc.findings
                ]
            except ERRORS as exc:
                main.add_error(None, str(exc))
            else:
                messages.success(
                    request,
                    _("Versie %(n)s van het plan van aanpak is opgeslagen en nu van kracht.")
                    % {"n": version.number},
                )
                return redirect("plans:plan", pk=case.pk)
        else:
            main.add_error(None, _("Het plan is niet opgeslagen. Verbeter de gemarkeerde velden."))
    return render(
        request,
        "plans/plan_edit.html",
        _base(
            case,
            user,
            latest=latest,
            origin=origin,
            editable=editable,
            not_editable_reason=""
            if editable
            else _("Het plan van aanpak kan alleen in stap 5 en 6 van een lopende casus worden bewerkt."),
            main=main,
            formsets=formsets,
            may_members=may_members,
            members_withheld="" if may_members else access.can_receive(user, case, Category.PERSONAL).reason,
            conflict=conflict,
            conflict_sections=conflict_sections,
            conflict_summary=conflict_summary,
            guard_findings=guard_findings,
        ),
    )
