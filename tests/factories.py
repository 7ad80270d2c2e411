"""Factories for deep object graphs; personas are built from them in conftest.py."""

import factory
from django.utils import timezone

from accounts.models import Municipality, Organisation, OrganisationKind, Role, User
from groups.models import YouthGroup
from intake.models import Signal

PASSWORD = "test-Wachtwoord-2026"


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Gemeente{n}")


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisatie {n}")
    kind = OrganisationKind.GEMEENTE
    municipality = factory.SubFactory(MunicipalityFactory)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Test"
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.PROFESSIONAL
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = YouthGroup

    name = factory.Sequence(lambda n: f"Groep {n}")
    municipality = factory.SubFactory(MunicipalityFactory)


class SignalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Signal

    reported_by = factory.SubFactory(UserFactory)
    organisation = factory.LazyAttribute(lambda o: o.reported_by.organisation)
    municipality = factory.LazyAttribute(lambda o: o.organisation.municipality)
    observed_at = factory.LazyFunction(timezone.now)
    location = "Marktplein"
    source = "eigen"
    impact = "middel"
    description = "Groep van ongeveer tien jongeren, harde muziek."


def case_in_step_2(world, group, *, partners=(), name_staff=True):
    """A case for `group` opened by the regisseur, with the coordinator and a legal basis, the
    `partners` (organisation kinds) invited — their professionals named unless `name_staff`
    is False — and moved to step 2, all through the services."""
    from cases import services

    case = services.open_case(group, actor=world.regisseur, reason="x")
    services.appoint_coordinator(
        case,
        coordinator=world.coordinator,
        legal_basis_choice="avg6e_gw172",
        legal_basis="c",
        necessity="n",
        actor=world.regisseur,
    )
    for kind in partners:
        staff = world.staff(kind) if name_staff else []
        services.invite_participant(case, organisation=world.orgs[kind], actor=world.regisseur, name=staff)
    return services.advance_case(case, to_step=2, actor=world.regisseur, reason="x")


def bearer_client(user):
    """An API client with a fresh bearer token of `user`."""
    from rest_framework.test import APIClient

    from api.services import create_token

    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {create_token(user, name='t')[1]}")
    return client


def agree_names(world, case, *names):
    """Put `names` on the case's name list (by the coordinator) and agree them: the name
    list is agreed before any information request goes out (§3.3)."""
    from cases import services
    from groups.models import MembershipStatus

    memberships = []
    for full_name in names or ("Jan Jansen",):
        m = services.add_to_name_list(case, actor=world.coordinator, full_name=full_name)
        memberships.append(
            services.set_membership_status(m, status=MembershipStatus.AGREED, actor=world.coordinator)
        )
    return memberships


def send_groepsscan(world, case, *, names=("Jan Jansen",), outcomes=None, question="Groepsscan graag"):
    """A groepsscan of `case` (step 2) for the agreed `names`, from the burgemeester through the
    regisseur to the teamchef, the report to the burgemeester and the officier (gebiedsofficier).
    `outcomes`: {full name: outcome} the teamchef answers per name (all "known" when None;
    pass {} to leave the names unanswered). The group-level answer is left to the test."""
    import datetime

    from django.utils import timezone

    from cases import services

    if names:
        agree_names(world, case, *names)
    request = services.send_request(
        case,
        actor=world.regisseur,
        kind="groepsscan",
        addressee=world.orgs["politie"],
        question=question,
        due_date=timezone.localdate() + datetime.timedelta(days=14),
        mayor=world.burgemeester,
        om_officer=world.officier,
    )
    if outcomes is None:
        outcomes = {
            r.membership.person.full_name: "known" for r in request.names.select_related("membership__person")
        }
    if outcomes:
        by_name = {m.person.full_name: m.pk for m in request.case.memberships.select_related("person")}
        services.answer_names(
            request,
            actor=world.teamchef,
            answers={by_name[n]: (outcome, "") for n, outcome in outcomes.items()},
        )
    return request
