"""The permission table (privacy/policies.py), tested as a table: for every policy and
every persona the one expected outcome. The cases and objects are plain facts (no domain
model): that is all a policy may look at.

The world (conftest): one municipality with the demo covenant; the case's participants are
the gemeente, the police, youth work and care — the OM, handhaving, leerplicht and school
do not take part. The outsider is the procesregisseur of the neighbouring municipality."""

import ast
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings

from privacy import policies
from privacy.categories import Category

pytestmark = pytest.mark.django_db

PERSONAS = (
    "regisseur", "coordinator", "wijkagent", "officier", "jongerenwerker", "boa", "leerplicht",
    "zorg", "school", "burgemeester", "privacy", "beheer", "outsider",
)  # fmt: skip

# (policy, situation): one column per persona, in the order of PERSONAS; Y = allowed.
#
#                                             reg coo wij off jon boa lee zor sch bur pri beh out
EXPECTED = """
case.view               open                   Y   Y   Y   .   Y   .   .   Y   .   Y   .   .   .
case_document.produce   open                   Y   Y   Y   .   Y   .   .   Y   .   Y   .   .   .
case_document.produce   closed                 Y   Y   Y   .   Y   .   .   Y   .   Y   .   .   .
case.manage             open                   Y   Y   .   .   .   .   .   .   .   .   .   .   .
case.manage             youth-work-coordinator Y   Y   .   .   Y   .   .   .   .   .   .   .   .
case.name               open                   Y   Y   Y   .   Y   .   .   Y   .   .   .   .   .
case.name               unnamed                .   Y   .   .   .   .   .   .   .   .   .   .   .
case.name               police-colleague       Y   Y   Y   .   .   .   .   .   .   .   .   .   .
case.name               care-worker            Y   Y   .   .   .   .   .   .   .   .   .   .   .
category.receive        open:personal          Y   Y   Y   .   Y   .   .   Y   .   .   .   .   .
category.receive        open:criminal          Y   Y   Y   .   .   .   .   .   .   .   .   .   .
category.receive        unnamed:personal       .   Y   .   .   .   .   .   .   .   .   .   .   .
category.receive        unnamed:group          Y   Y   Y   .   Y   .   .   Y   .   Y   .   .   .
category.supply         unnamed:personal       .   Y   .   .   .   .   .   .   .   .   .   .   .
category.receive        step1:personal         .   .   .   .   .   .   .   .   .   .   .   .   .
category.receive        step1:group            Y   Y   Y   .   Y   .   .   Y   .   Y   .   .   .
category.supply         open:personal          Y   Y   Y   .   Y   .   .   Y   .   .   .   .   .
category.supply         closed:group           .   .   .   .   .   .   .   .   .   .   .   .   .
signal.report           -                      Y   Y   Y   Y   Y   Y   Y   Y   Y   .   .   .   Y
signal.list             -                      Y   Y   Y   Y   Y   Y   Y   Y   Y   .   .   .   Y
signal.triage           -                      Y   Y   .   .   .   .   .   .   .   .   .   .   Y
signal.triage           signal                 Y   Y   .   .   .   .   .   .   .   .   .   .   .
group.list              -                      Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   .   .   Y
group.create            -                      Y   Y   .   .   .   .   .   .   .   .   .   .   Y
group.create_form       -                      Y   Y   .   .   .   .   .   .   .   .   .   .   Y
group.edit              group                  Y   Y   .   .   .   .   .   .   .   .   .   .   .
case.open               group                  Y   Y   .   .   .   .   .   .   .   .   .   .   .
case.reopen             closed                 Y   Y   .   .   .   .   .   .   .   .   .   .   .
case.fast_track         open                   Y   .   .   .   .   .   .   .   .   .   .   .   .
case.fast_track         closed                 .   .   .   .   .   .   .   .   .   .   .   .   .
request.answer          groepsscan-request     .   .   .   .   .   .   .   .   .   .   .   .   .
request.answer          internal-request       .   .   .   .   .   .   Y   .   .   .   .   .   .
groepsscan.police_start open                   .   .   Y   .   .   .   .   .   .   .   .   .   .
groepsscan.police_start closed                 .   .   .   .   .   .   .   .   .   .   .   .   .
regie.view              -                      Y   Y   .   .   .   .   .   .   .   Y   .   .   Y
search                  -                      Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   .   .   Y
agenda.view             -                      Y   Y   .   .   .   .   .   .   .   Y   .   .   Y
step3.work              step3                  Y   Y   Y   .   Y   .   .   Y   .   .   .   .   .
step3.work              open                   .   .   .   .   .   .   .   .   .   .   .   .   .
step4.record_decision   open                   .   .   .   .   .   .   .   .   .   Y   .   .   .
monitoring.record       open                   Y   Y   Y   .   Y   .   .   Y   .   .   .   .   .
monitoring.record       closed                 .   .   .   .   .   .   .   .   .   .   .   .   .
action.see              group-action           Y   Y   Y   .   Y   .   .   Y   .   Y   .   .   .
action.see              member-action          Y   Y   Y   .   Y   .   .   Y   .   .   .   .   .
action.update           member-action          Y   Y   Y   .   .   .   .   .   .   .   .   .   .
action.update           closed-action          .   .   .   .   .   .   .   .   .   .   .   .   .
action.escalate         open                   Y   Y   .   .   .   .   .   .   .   .   .   .   .
action.escalate         closed                 .   .   .   .   .   .   .   .   .   .   .   .   .
closing.decide          open                   .   .   .   .   .   .   .   .   .   Y   .   .   .
closing.retention_only  -                      .   .   .   .   .   .   .   .   .   .   Y   .   .
handover.list           -                      Y   Y   Y   Y   Y   Y   Y   Y   Y   Y   .   .   Y
handover.answer         handover               .   .   .   .   Y   .   .   .   .   .   .   .   .
evaluation.contribute   open                   Y   Y   Y   .   Y   .   .   Y   .   .   .   .   .
retention.set           closed                 Y   Y   .   .   .   .   .   .   .   .   Y   .   .
legal_hold.set          open                   Y   .   .   .   .   .   .   .   .   .   Y   .   .
informing.manage        open                   Y   Y   Y   .   Y   .   .   Y   .   .   .   .   .
informing.manage        unnamed                .   Y   .   .   .   .   .   .   .   .   .   .   .
informing.manage        step1                  .   .   .   .   .   .   .   .   .   .   .   .   .
informing.template      -                      Y   .   .   .   .   .   .   .   .   .   .   .   Y
school_letter.compose   open                   Y   Y   .   .   .   .   .   .   .   .   .   .   .
school_letter.compose   closed                 .   .   .   .   .   .   .   .   .   .   .   .   .
privacy_overview.read   -                      .   .   .   .   .   .   .   .   .   .   Y   .   .
processing_log.read     -                      .   .   .   .   .   .   .   .   .   .   Y   .   .
processing_log.read     open                   Y   Y   .   .   .   .   .   .   .   .   Y   .   .
processing_log.read_person person              Y   Y   .   .   .   .   .   .   .   .   Y   .   .
subject_access.export   person                 Y   .   .   .   .   .   .   .   .   .   .   .   .
rights.handle           person                 Y   .   .   .   .   .   .   .   .   .   .   .   .
person.merge            merge                  Y   .   .   .   .   .   .   .   .   .   .   .   .
person.merge            merge-elsewhere        .   .   .   .   .   .   .   .   .   .   .   .   .
person.merge_undo       merge-undo             Y   .   .   .   .   .   .   .   .   .   Y   .   .
person.merge_undo       merge-undo-late        .   .   .   .   .   .   .   .   .   .   .   .   .
rights.old_value        person                 .   .   .   .   .   .   .   .   .   .   Y   .   .
guard_confirmations.read -                     .   .   .   .   .   .   .   .   .   .   Y   .   .
security_log.read       -                      .   .   .   .   .   .   .   .   .   .   Y   Y   .
security_log.read_all   -                      .   .   .   .   .   .   .   .   .   .   .   Y   .
covenant.view           -                      Y   Y   .   .   .   .   .   .   .   .   Y   .   Y
covenant.edit           -                      Y   .   .   .   .   .   .   .   .   .   Y   .   Y
change.request_user     -                      .   .   .   .   .   .   .   .   .   .   .   Y   .
change.request_user     user-jongerenwerker    .   .   .   .   .   .   .   .   .   .   .   Y   .
change.request_user     user-beheer            .   .   .   .   .   .   .   .   .   .   .   .   .
change.request_organisation -                  .   .   .   .   .   .   .   .   .   .   .   Y   .
change.decide           -                      .   .   .   .   .   .   .   .   .   .   Y   Y   .
change.decide           change-by-regisseur    .   .   .   .   .   .   .   .   .   .   Y   Y   .
change.decide           change-by-beheer       .   .   .   .   .   .   .   .   .   .   Y   .   .
change.decide           change-about-privacy   .   .   .   .   .   .   .   .   .   .   .   .   .
change.decide           change-elsewhere       .   .   .   .   .   .   .   .   .   .   .   Y   .
change.list_all         -                      .   .   .   .   .   .   .   .   .   .   .   Y   .
change.list             -                      Y   .   .   .   .   .   .   .   .   .   Y   Y   Y
admin.open              -                      .   .   .   .   .   .   .   .   .   .   .   Y   .
"""

ROWS = [line.split() for line in EXPECTED.strip().splitlines()]
CASES = [(persona, row[0], row[1], row[2 + i] == "Y") for row in ROWS for i, persona in enumerate(PERSONAS)]


PARTICIPANTS = ("gemeente", "politie", "jongerenwerk", "zorg")


def _case(world, pk, *, step=6, open_=True, coordinator=None, named=True):
    """A case as the policies see it: facts only. Before step 2 no coordinator, no legal basis.
    Named for it (need to know): its coordinator, and unless `named` is False the regisseur and
    the professionals of the participating partners (wijkagent, jongerenwerker, zorg)."""
    ids = [world.orgs[kind].pk for kind in PARTICIPANTS]
    coordinator_id = None if step < 2 else (coordinator or world.coordinator).pk
    others = (world.regisseur, *(world.professional[kind] for kind in PARTICIPANTS[1:])) if named else ()
    named_ids = {pk for pk in (coordinator_id, *(u.pk for u in others)) if pk}
    return SimpleNamespace(
        pk=pk,
        municipality_id=world.municipality.pk,
        step=step,
        is_open=open_,
        coordinator_id=coordinator_id,
        has_legal_basis=step >= 2,
        participant_organisation_ids=lambda: ids,
        named_user_ids=lambda: named_ids,
    )


def _change(world, requester, subject, municipality):
    """A four-eyes change request as the policies see it (privacy.models.ChangeRequest)."""
    return SimpleNamespace(
        requested_by_id=requester.pk,
        user_id=subject.pk if subject else None,
        municipality_id=municipality.pk,
    )


def _elsewhere(world):
    case = _case(world, 9007)
    case.municipality_id = world.neighbour.pk
    return case


def _undo(world, *, days):
    import datetime

    from django.utils import timezone

    return SimpleNamespace(
        merged_by_id=world.regisseur.pk,
        undo_until=timezone.now() + datetime.timedelta(days=days),
        undone=False,
        cases=(_case(world, 9001),),
    )


def _situation(world, situation):
    """(case, obj) for a situation of the table."""
    name, _sep, category = situation.partition(":")
    cases = {
        "open": _case(world, 9001),
        "step1": _case(world, 9002, step=1),
        "step3": _case(world, 9003, step=3),
        "closed": _case(world, 9004, step=7, open_=False),
        "youth-work-coordinator": _case(world, 9005, coordinator=world.jongerenwerker),
        "unnamed": _case(world, 9006, named=False),
    }
    police = world.orgs["politie"]
    municipal = SimpleNamespace(municipality_id=world.municipality.pk)
    objects = {
        "-": (None, None),
        "signal": (None, municipal),
        "group": (None, municipal),
        "group-action": (
            None,
            SimpleNamespace(
                case=cases["open"], membership_id=None, organisation_id=police.pk, organisation=police
            ),
        ),
        "member-action": (
            None,
            SimpleNamespace(
                case=cases["open"], membership_id=1, organisation_id=police.pk, organisation=police
            ),
        ),
        "closed-action": (
            None,
            SimpleNamespace(
                case=cases["closed"], membership_id=None, organisation_id=police.pk, organisation=police
            ),
        ),
        # a groepsscan to the teamchef's function (no persona holds it: the wijkagent does
        # not) and an internal request to leerplicht (the organisation answers)
        "groepsscan-request": (
            cases["open"],
            SimpleNamespace(addressee_id=police.pk, addressee_function="teamchef"),
        ),
        "internal-request": (
            cases["open"],
            SimpleNamespace(addressee_id=world.orgs["leerplicht"].pk, addressee_function=""),
        ),
        "handover": (
            None,
            SimpleNamespace(case=cases["open"], to_organisation_id=world.orgs["jongerenwerk"].pk),
        ),
        # whom to name for the open case: a colleague of the wijkagent, the care worker
        "police-colleague": (cases["open"], SimpleNamespace(pk=99001, organisation_id=police.pk)),
        "care-worker": (cases["open"], world.zorg),
        "user-jongerenwerker": (None, world.jongerenwerker),
        "user-beheer": (None, world.beheer),
        "change-by-regisseur": (None, _change(world, world.regisseur, None, world.municipality)),
        "change-by-beheer": (None, _change(world, world.beheer, world.jongerenwerker, world.municipality)),
        "change-about-privacy": (None, _change(world, world.beheer, world.privacy, world.municipality)),
        "change-elsewhere": (None, _change(world, world.regisseur, None, world.neighbour)),
        "person": (
            None,
            SimpleNamespace(municipality_id=world.municipality.pk, cases=lambda: [cases["open"]]),
        ),
        # merging two records of one youth (persons.merging): the cases of both; a case of
        # the other municipality among them refuses everyone
        "merge": (
            None,
            SimpleNamespace(cases=(cases["open"], cases["step3"]), municipality_id=world.municipality.pk),
        ),
        "merge-elsewhere": (
            None,
            SimpleNamespace(cases=(cases["open"], _elsewhere(world)), municipality_id=world.municipality.pk),
        ),
        "merge-undo": (None, _undo(world, days=1)),
        "merge-undo-late": (None, _undo(world, days=-1)),
    }
    if name in objects:
        return objects[name]
    return cases[name], (category or None)


def test_the_table_names_every_policy_and_every_persona_once():
    named = {row[0] for row in ROWS}
    assert named == set(policies.POLICIES), "every policy has at least one row; no row without a policy"
    assert all(len(row) == 2 + len(PERSONAS) for row in ROWS), "one outcome per persona in every row"
    assert len({(row[0], row[1]) for row in ROWS}) == len(ROWS), "one row per (policy, situation)"


@pytest.mark.parametrize(("persona", "policy", "situation", "expected"), CASES)
def test_policy(world, persona, policy, situation, expected):
    user = getattr(world, persona)
    case, obj = _situation(world, situation)
    decision = policies.check(user, policy, case=case, obj=obj)
    assert bool(decision) is expected
    assert policies.allowed(user, policy, case=case, obj=obj) is expected
    if not expected and decision.reason:
        assert isinstance(decision.reason, str)


def test_the_teamchef_and_a_deputy_answer_a_groepsscan(world):
    case, request = _situation(world, "groepsscan-request")
    assert policies.allowed(world.teamchef, "request.answer", case=case, obj=request)
    world.wijkagent.function_title = "Plaatsvervangend  Teamchef"
    assert policies.allowed(world.wijkagent, "request.answer", case=case, obj=request)
    world.wijkagent.function_title = "teamchef jeugd"
    decision = policies.check(world.wijkagent, "request.answer", case=case, obj=request)
    assert not decision and "teamchef" in decision.reason


def test_a_refusal_says_why_in_dutch(world):
    _none, action = _situation(world, "member-action")
    decision = policies.check(world.jongerenwerker, "action.update", obj=action)
    assert not decision
    assert "eigenaar van de actie" in decision.reason
    assert policies.check(world.wijkagent, "case.reopen", case=_case(world, 9010, open_=False)).reason == (
        "Alleen de gemeente kan een casus heropenen."
    )


def test_the_anonymous_user_may_nothing(world):
    from django.contrib.auth.models import AnonymousUser

    for name in policies.POLICIES:
        assert not policies.allowed(AnonymousUser(), name, case=_case(world, 9020), obj=Category.GROUP)


def test_an_unknown_policy_is_an_error_not_a_no(world):
    with pytest.raises(KeyError):
        policies.check(world.regisseur, "case.reopne", case=_case(world, 9030))


def _names_used_in_code() -> dict[str, list[str]]:
    """Every policy name the code asks for: the string constants in the name argument of
    policies.check / policies.allowed, and in a keyword argument `policy=`."""
    root = Path(settings.BASE_DIR)
    used: dict[str, list[str]] = {}
    for path in root.rglob("*.py"):
        rel = path.relative_to(root)
        if rel.parts[0] in {".venv", "node_modules"} or "tests" in rel.parts or "migrations" in rel.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            arguments = [k.value for k in node.keywords if k.arg == "policy"]
            func = node.func
            if (
                isinstance(func, ast.Attribute)
                and func.attr in {"check", "allowed"}
                and isinstance(func.value, ast.Name)
                and func.value.id == "policies"
                and len(node.args) >= 2
            ):
                arguments.append(node.args[1])
            for argument in arguments:
                for constant in ast.walk(argument):
                    if isinstance(constant, ast.Constant) and isinstance(constant.value, str):
                        used.setdefault(constant.value, []).append(f"{rel}:{constant.lineno}")
    return used


def test_every_policy_the_code_asks_for_is_in_the_table():
    used = _names_used_in_code()
    assert len(used) > 20, "the scan finds the callers"
    unknown = {name: where for name, where in used.items() if name not in policies.POLICIES}
    assert not unknown


def test_every_policy_of_the_navigation_is_in_the_table():
    from dashboard.navigation import NAV

    assert {policy for _url, _label, policy in NAV if policy} <= set(policies.POLICIES)
