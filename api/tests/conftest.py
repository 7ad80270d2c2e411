"""API personas: the `world` of the suite, each with a bearer token, and a case in step 2
with one youth on the name list and information in every category."""

import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.cache import cache
from rest_framework.test import APIClient

from api.services import create_token
from cases import services
from cases.models import InformationItem
from privacy.categories import Category
from privacy.models import MatrixItem
from tests.factories import GroupFactory

P, CR, CA, SP = Category.PERSONAL, Category.CRIMINAL, Category.CARE, Category.SPECIAL

CONTENT = {
    P: "Rol: harde kern",
    CR: "Drie processen-verbaal voor vernieling",
    CA: "Traject jeugdhulp loopt",
    SP: "Religieuze achtergrond",
}


@pytest.fixture(autouse=True, scope="session")
def _api_translations():
    """`make messages` compiles api/locale in CI; a developer's tree may hold a stale .mo."""
    po = Path(__file__).resolve().parents[1] / "locale" / "en" / "LC_MESSAGES" / "django.po"
    mo = po.with_suffix(".mo")
    msgfmt = shutil.which("msgfmt")
    if msgfmt and (not mo.exists() or mo.stat().st_mtime < po.stat().st_mtime):
        subprocess.run([msgfmt, "-o", str(mo), str(po)], check=True)  # noqa: S603


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    # The world's 14 users cost ~5 s of Argon2 per test; hashing strength is not tested here.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_throttle():
    cache.clear()  # throttle counters live in the cache; user ids repeat between tests
    yield
    cache.clear()


@pytest.fixture
def api(db):
    """api(user) -> an APIClient that sends `Authorization: Bearer <token of user>`."""

    def make(user, **headers):
        _token, key = create_token(user, name="test")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}", **headers)
        client.key = key
        return client

    return make


@pytest.fixture
def story(world):
    """A case in step 2 (coordinator, legal basis, every organisation invited) with
    'Kees Voorbeeld' on the name list and information in every category about him."""
    group = GroupFactory(municipality=world.municipality, name="Testgroep")
    case = services.open_case(group, actor=world.regisseur, reason="signalen")
    services.appoint_coordinator(
        case,
        coordinator=world.coordinator,
        legal_basis_choice="avg6e_gw172",
        legal_basis="Convenant art. 4",
        necessity="Overlast en geweld",
        actor=world.regisseur,
    )
    for kind, org in world.orgs.items():
        services.invite_participant(case, organisation=org, actor=world.regisseur, name=world.staff(kind))
    services.advance_case(case, to_step=2, actor=world.regisseur, reason="informatie verzamelen")
    membership = services.add_to_name_list(
        case, actor=world.coordinator, full_name="Kees Voorbeeld", nickname="Kay"
    )
    person = membership.person
    person.bsn = "123456782"
    person.save(update_fields=["bsn"])
    for category, (label, supplier) in {
        P: ("Rollen", world.coordinator),
        CR: ("Ontvangen PV's", world.wijkagent),
        CA: ("Lopend traject op groepsleden?", world.zorg),
    }.items():
        services.add_information(
            case,
            actor=supplier,
            matrix_item=MatrixItem.objects.get(label__startswith=label),
            content=CONTENT[category],
            person=person,
        )
    InformationItem.objects.create(  # behind the app's back: nobody may see it
        case=case,
        person=person,
        category=SP,
        content=CONTENT[SP],
        matrix_item=MatrixItem.objects.get(category=SP),
        supplied_by=world.orgs["gemeente"],
        created_by=world.regisseur,
    )
    case.refresh_from_db()
    world.group, world.case, world.person, world.membership = group, case, person, membership
    return world
