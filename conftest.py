"""Personas used across the suite (CONVENTIONS §6): one municipality with a covenant,
its partners, and an outsider from a neighbouring municipality."""

import os
from datetime import date

import pytest
from django.conf import settings as django_settings
from django.utils import translation
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import settings as hypothesis_settings

from accounts.models import OrganisationKind, Role
from demo.management.commands.demo import BASIS, COVENANT
from privacy.categories import LegalBasis
from privacy.models import MatrixItem
from privacy.reference import load_reference_data
from privacy.services import publish_covenant
from tests.factories import MunicipalityFactory, OrganisationFactory, UserFactory

# Property tests (tests/test_no_500_property.py): random examples per field. The default
# `ci` keeps `make test` and .ci/run short; HYPOTHESIS_PROFILE=dev or thorough for longer runs
# by hand. No example database on disk, no deadline (a request's time is not what is tested).
hypothesis_settings.register_profile("ci", max_examples=2, deadline=None, database=None)
hypothesis_settings.register_profile("dev", max_examples=10, deadline=None, database=None)
hypothesis_settings.register_profile("thorough", max_examples=200, deadline=None, database=None)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


class World:
    """The cast. Attributes are users unless named *_org / municipality."""

    def staff(self, kind) -> list:
        """The professional(s) of this organisation kind whom a test names for its case
        when it invites the organisation (need to know: only they see the names)."""
        return [self.professional[kind]] if kind in self.professional else []


@pytest.fixture(autouse=True)
def _dutch_by_default():
    # A test that switches to English (a request with the English cookie, activate("en"))
    # leaves the thread's language behind; the next test in that process must start in Dutch.
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # Argon2 is the production hasher (tested in accounts); tests log in hundreds of times.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def world(db):
    if not MatrixItem.objects.exists():  # flushed by an earlier transactional test
        load_reference_data()
    w = World()
    w.municipality = MunicipalityFactory(name="Teststad")
    w.neighbour = MunicipalityFactory(name="Buurdorp")
    orgs = {}
    for kind in OrganisationKind:
        orgs[kind] = OrganisationFactory(
            name=f"{kind.label} Teststad", kind=kind, municipality=w.municipality
        )
    w.orgs = orgs
    w.regisseur = UserFactory(
        username="regisseur",
        organisation=orgs[OrganisationKind.GEMEENTE],
        role=Role.PROCESREGISSEUR,
    )
    w.coordinator = UserFactory(
        username="coordinator", organisation=orgs[OrganisationKind.GEMEENTE], role=Role.COORDINATOR
    )
    w.wijkagent = UserFactory(username="wijkagent", organisation=orgs[OrganisationKind.POLITIE])
    w.officier = UserFactory(
        username="officier", organisation=orgs[OrganisationKind.OM], function_title="gebiedsofficier"
    )
    # Answers the groepsscan: it is addressed to the teamchef's function (§3.3), not to the police.
    w.teamchef = UserFactory(
        username="teamchef", organisation=orgs[OrganisationKind.POLITIE], function_title="teamchef"
    )
    w.jongerenwerker = UserFactory(
        username="jongerenwerker", organisation=orgs[OrganisationKind.JONGERENWERK]
    )
    w.boa = UserFactory(username="boa", organisation=orgs[OrganisationKind.HANDHAVING])
    w.leerplicht = UserFactory(username="leerplicht", organisation=orgs[OrganisationKind.LEERPLICHT])
    w.zorg = UserFactory(username="zorg", organisation=orgs[OrganisationKind.ZORG])
    w.school = UserFactory(username="school", organisation=orgs[OrganisationKind.SCHOOL])
    # The professional of each partner: whom a test names when it invites the organisation.
    w.professional = {
        OrganisationKind.POLITIE: w.wijkagent,
        OrganisationKind.OM: w.officier,
        OrganisationKind.JONGERENWERK: w.jongerenwerker,
        OrganisationKind.HANDHAVING: w.boa,
        OrganisationKind.LEERPLICHT: w.leerplicht,
        OrganisationKind.ZORG: w.zorg,
        OrganisationKind.SCHOOL: w.school,
    }
    w.burgemeester = UserFactory(
        username="burgemeester", organisation=orgs[OrganisationKind.GEMEENTE], role=Role.BESLISSER
    )
    w.privacy = UserFactory(
        username="privacy",
        organisation=orgs[OrganisationKind.GEMEENTE],
        role=Role.PRIVACYFUNCTIONARIS,
    )
    w.beheer = UserFactory(
        username="beheer",
        organisation=orgs[OrganisationKind.GEMEENTE],
        role=Role.BEHEERDER,
        is_staff=True,
    )
    outsider_org = OrganisationFactory(
        name="Gemeente Buurdorp", kind=OrganisationKind.GEMEENTE, municipality=w.neighbour
    )
    w.outsider = UserFactory(username="buurgemeente", organisation=outsider_org, role=Role.PROCESREGISSEUR)
    rules = [
        {
            "organisation_kind": kind,
            "category": category,
            "may_supply": s,
            "may_receive": r,
            "legal_basis": BASIS.get(kind, LegalBasis.AVG_6_1_E_GEMEENTEWET),
        }
        for kind, cats in COVENANT.items()
        for category, (s, r) in cats.items()
    ]
    publish_covenant(
        municipality=w.municipality,
        title="Testconvenant",
        effective_from=date(2020, 1, 1),
        purposes="Testdoel",
        parties=list(orgs.values()),
        rules=rules,
    )
    return w


@pytest.fixture
def verified_client(client):
    """Log a user in through the real two-step flow (password + TOTP)."""

    def login(user):
        from django_otp.oath import totp

        device, _ = TOTPDevice.objects.get_or_create(user=user, defaults={"confirmed": True, "name": "test"})
        TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)  # allow a second login in the same 30 s
        client.logout()  # one client, one user at a time
        client.post("/inloggen/", {"username": user.username, "password": "test-Wachtwoord-2026"})
        response = client.post("/inloggen/code/", {"token": f"{totp(device.bin_key):06d}"})
        assert response.status_code == 302, response.content[:500]
        return client

    return login


@pytest.fixture(autouse=True)
def _own_checkpoint_dir(settings, tmp_path):
    # Checkpoints anchor one database's logs; each test's database is new, so are its checkpoints.
    settings.LOG_CHECKPOINT_DIR = str(tmp_path / "checkpoints")
