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
