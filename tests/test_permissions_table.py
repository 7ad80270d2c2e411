"""Every page and API endpoint × every persona × the one expected answer, from the readable
table in tests/permissions_table.py, on the seeded demo. A URL of the URLconf without a row
fails the suite, and so does a row whose URL is gone.

One seeded database for the whole table (seeding per persona would take minutes): the
test asks every cell and reports all differences at once, as `url name · object · persona:
expected → got`."""

from __future__ import annotations

import datetime
import io
import re

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.test import APIClient

from accounts.models import Organisation, User
from analysis.models import ForumMember
from api.services import create_token
from cases import services as case_services
from cases.models import Case
from closing.models import Handover
from groepsaanpak import uploads
from groups import services as group_services
from intake.models import Signal
from monitoring.models import Escalation
from notifications.models import Notification
from privacy.models import ChangeRequest, Covenant, GuardConfirmation
from tests import samples
from tests.permissions_table import ENDS_SESSION, PERSONAS, rows

PASSWORD = "demo-Groepsaanpak-2026"


def url_patterns(patterns=None, prefix="", namespace=""):
    """(key, route, pattern) for every URL: the key is `namespace:name`, or the route
    for a pattern without a name."""
    for p in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(p, URLResolver):
            ns = ":".join(filter(None, (namespace, p.namespace)))
            yield from url_patterns(p.url_patterns, prefix + str(p.pattern), ns)
        elif isinstance(p, URLPattern):
            route = prefix + str(p.pattern)
            key = f"{namespace}:{p.name}" if namespace and p.name else (p.name or route)
            yield key, route, p


def test_every_url_has_a_row_and_every_row_a_url():
    keys = {key for key, _route, _p in url_patterns()}
    named = {name for name, _obj, _outcomes in rows()}
    assert sorted(keys - named) == [], "URLs without a row in tests/permissions_table.py"
    assert sorted(named - keys) == [], "rows in tests/permissions_table.py for URLs that no longer exist"


def test_each_row_states_one_known_outcome_per_persona():
    allowed = {"200", "302", "L", "400", "401", "403", "404", "405", "409"}
    for name, obj, outcomes in rows():
        assert set(outcomes) == set(PERSONAS), name
        assert set(outcomes.values()) <= allowed, (name, obj, outcomes)


# --- the run ---------------------------------------------------------------------------------


def _seed():
    with override_settings(DEMO_MODE=True):
        call_command("demo", stdout=io.StringIO())
    case3 = Case.objects.get(group__name="Jongeren Parkwijk")
    case1 = Case.objects.get(group__name="De Jonkies")
    politie = Organisation.objects.get(name="Politie basisteam Westerhaven")
    request = case_services.send_request(
        case3,
        actor=User.objects.get(username="regisseur"),
        kind="groepsscan",
        addressee=politie,
        question="Groepsscan",
        due_date=timezone.localdate() + datetime.timedelta(days=30),
        mayor=User.objects.get(username="burgemeester"),
        om_officer=User.objects.get(username="officier"),
    )
    # Answered by the teamchef (the function it is addressed to): per name, then the report,
    # which goes to the burgemeester and the officier (gebiedsofficier).
    teamchef = User.objects.get(username="teamchef")
    case_services.answer_names(
        request, actor=teamchef, answers={r.membership_id: ("known", "") for r in request.names.all()}
    )
    checked = uploads.check(samples.upload("rapport.pdf", samples.PDF))
    case_services.answer_request(request, actor=teamchef, answer="Zie rapport", attachment=checked)
    # A referral on case3's first member, by the regisseur (referrals: their own covenant row).
    group_services.add_referral(
        case3.memberships.order_by("pk").first(),
        actor=User.objects.get(username="regisseur"),
        kind="pga",
        referred_on=timezone.localdate(),
    )
    # Need to know: handhaving takes part in case1, but its boa is no longer named for it.
    boa = case1.named.get(user__username="boa", removed_at=None)
    case_services.unname_person(boa, reason="Niet meer nodig", actor=User.objects.get(username="regisseur"))
    return case1, case3, request


def _first(queryset):
    found = queryset.order_by("pk").first()
    return found.pk if found is not None else 999999


def _objects(case1, case3, request) -> dict[str, dict]:
    member = case3.memberships.order_by("pk").first()
    member1 = case1.memberships.order_by("pk").first()
    advice = case3.advices.order_by("number").first()
    action = case3.actions.order_by("pk").first()
    escalation = Escalation.objects.filter(case=case3).order_by("pk").first()
    last = lambda qs: qs.order_by("-number").values_list("number", flat=True).first() or 1  # noqa: E731
    c3 = {"pk": case3.pk}
    return {
        "none": {},
        "manual": {"slug": "aan-de-slag"},
        "audience": {"audience": "youth"},
        "case1": {"pk": case1.pk},
        "case1.document": {"pk": case1.pk, "kind": "plan"},  # step 2: no plan yet (409)
        "case3.document": {**c3, "kind": "plan"},
        "case3": c3,
        "group3": {"pk": case3.group_id, "group_pk": case3.group_id},
        "signal3": {"pk": _first(Signal.objects.filter(group=case3.group))},
        "person3": {"pk": member.person_id, "pseudonym": member.person.pseudonym},
        "member3": {"pk": member.pk},
        "person1": {"pk": member1.person_id, "pseudonym": member1.person.pseudonym},
        "member1": {"pk": member1.pk},
        "case3.member": {
            **c3,
            "membership_pk": member.pk,
            "member_pk": member.pk,
            "person_pk": member.person_id,
        },
        "case3.referral": {
            **c3,
            "member_pk": member.pk,
            "referral_pk": _first(member.referrals),
        },
        "member3.referral": {"pk": member.pk, "referral_pk": _first(member.referrals)},
        "case3.request": {**c3, "request_pk": request.pk},
        "case3.transition": {**c3, "transition_pk": _first(case3.transitions)},
        "case3.decision": {**c3, "decision_pk": _first(case3.decisions)},
        "report3": {"pk": request.pk},
        "case3.picture": {**c3, "number": last(case3.picture_versions)},
        "case3.concept_plan": {**c3, "number": last(case3.concept_plan_versions)},
        "case3.plan": {**c3, "number": last(case3.approach_plans)},
        "case3.round": {**c3, "number": last(case3.circular_rounds)},
        "case3.report": {**c3, "number": last(case3.progress_reports)},
        "case3.tie": {**c3, "tie_pk": _first(case3.ties)},
        "case3.estimate": {**c3, "estimate_pk": _first(case3.capacity_estimates)},
        "case3.advice": {**c3, "number": advice.number if advice else 1},
        "case3.forum_member": {
            **c3,
            "number": advice.number if advice else 1,
            "member_pk": _first(ForumMember.objects.filter(advice=advice)),
        },
        "case3.action": {**c3, "action_pk": action.pk},
        "case3.escalation": {
            **c3,
            "action_pk": escalation.action_id if escalation else action.pk,
            "escalation_pk": escalation.pk if escalation else 999999,
        },
        "case3.indicator": {**c3, "indicator_pk": _first(case3.indicators)},
        # The demo publishes no half-A4 crisis briefing: the page of one that is not there.
        "case3.publication": {**c3, "publication_pk": 999999},
        "handover": {"pk": _first(Handover.objects.all())},
        "org": {"pk": _first(Organisation.objects.filter(name="Politie basisteam Westerhaven"))},
        "user": {"pk": User.objects.get(username="wijkagent").pk},
        "change": {"pk": _first(ChangeRequest.objects.all())},
        "confirmation": {"pk": _first(GuardConfirmation.objects.all())},
        "case3.named": {**c3, "named_pk": _first(case3.named)},
        "reset-link": {"uidb64": "MQ", "token": "bestaat-niet"},
        "covenant": {"pk": _first(Covenant.objects.all())},
        "missing": {"rest": "bestaat-niet", "url": "bestaat-niet"},
        # issue 19: a notification of the regisseur's; the home page's card of named cases
        "notification": {"pk": _first(Notification.objects.filter(recipient__username="regisseur"))},
        "waiting": {"kind": "casussen"},
    }


_ADMIN_MODEL = re.compile(r"^beheer/(\w+)/(\w+)/")


def _admin_kwargs(route: str, names) -> dict:
    """The admin's own URLs: the first object of the model the route is about."""
    kwargs = {}
    match = _ADMIN_MODEL.match(route)
    try:
        model = apps.get_model(*match.groups()) if match else User
    except LookupError:  # beheer/password_change/done/ and the like
        model = User
    pk = _first(model.objects.all())
    for name in names:
        kwargs[name] = {
            "object_id": pk,
            "id": pk,
            "pk": pk,
            "content_type_id": ContentType.objects.get_for_model(User).pk,
            "app_label": "accounts",
            "url": "bestaat-niet",
        }[name]
    if "content_type_id" in names:
        kwargs["object_id"] = _first(User.objects.all())
    return kwargs


_ARGUMENT = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>")


def arguments(route: str) -> list[str]:
    """The names of the arguments of a full route (its includes' prefixes too)."""
    return [a or b for a, b in _ARGUMENT.findall(route)]


def _path(key: str, route: str, pattern, obj: str, objects: dict) -> str:
    names = arguments(route)
    if obj == "admin":
        kwargs = _admin_kwargs(route, names)
    else:
        given = objects[obj]
        missing = [n for n in names if n not in given]
        assert not missing, f"{key}: object {obj} has no {missing}"
        kwargs = {n: given[n] for n in names}
    if pattern.name:
        return reverse(key, kwargs=kwargs)
    path = route  # an unnamed pattern: fill its arguments in by hand
    for n, v in kwargs.items():
        path = re.sub(rf"<(?:\w+:)?{n}>|\(\?P<{n}>[^)]*\)", str(v), path)
    return "/" + path.lstrip("^").rstrip("$")


def _outcome(response) -> str:
    if response.status_code == 302:
        location = response["Location"]
        # The admin sends who may not use it to its own login, which is ours (groepsaanpak/urls.py).
        return "L" if location.startswith((reverse("accounts:login"), "/beheer/login/")) else "302"
    return str(response.status_code)


def _session(username: str) -> Client:
    client = Client()
    if username == "anon":
        return client
    user = User.objects.get(username=username)
    device, _ = TOTPDevice.objects.get_or_create(user=user, defaults={"confirmed": True, "name": "test"})
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    client.post("/inloggen/", {"username": username, "password": PASSWORD})
    done = client.post("/inloggen/code/", {"token": f"{totp(device.bin_key):06d}"})
    assert done.status_code == 302, (username, done.content[:300])
    return client


def _api(username: str) -> APIClient:
    client = APIClient()
    if username != "anon":
        _token, key = create_token(User.objects.get(username=username), name="tabel")
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client


@pytest.mark.django_db
def test_every_persona_gets_the_expected_answer_on_every_url(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    objects = _objects(*_seed())
    patterns = {key: (route, p) for key, route, p in url_patterns()}
    table = rows()
    differences, observed = [], []
    for persona in PERSONAS:
        # The API's rate limit counts per user id in the cache; earlier tests of this run
        # reuse the same ids within the minute, so the counter, not the rights, would answer.
        cache.clear()
        session, api = _session(persona), _api(persona)
        for key, obj, expected in table:
            route, pattern = patterns[key]
            path = _path(key, route, pattern, obj, objects)
            client = api if key.startswith("api:") else session
            if key in ENDS_SESSION:
                client = _session(persona)
            got = _outcome(client.get(path))
            observed.append((key, obj, persona, got))
            if got != expected[persona]:
                differences.append(f"{key} · {obj} · {persona}: {expected[persona]} → {got}  ({path})")
    if differences:
        _print_observed(observed)
    assert differences == []


def _print_observed(observed) -> None:
    """The table as observed, to paste after review (never blindly: a 200 for the
    outsider is a bug to fix, not a row to write)."""
    by_row: dict[tuple[str, str], dict[str, str]] = {}
    for key, obj, persona, got in observed:
        by_row.setdefault((key, obj), {})[persona] = got
    for (key, obj), outcomes in by_row.items():
        print(f"{key:<42} {obj:<18} " + " ".join(f"{outcomes[p]:<3}" for p in PERSONAS).rstrip())
