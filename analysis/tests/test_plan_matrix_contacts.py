"""The concept plan with capacity per partner, the interventiematrix, and contacts with
other municipalities."""

import pytest
from django.utils import timezone

from analysis import services
from analysis.models import CapacityEstimate, InterventionEntry, MunicipalityContact
from privacy.categories import Category
from privacy.models import ProcessingLogEntry

pytestmark = pytest.mark.django_db


def test_concept_plan_is_versioned_and_person_line_withheld(world, case, verified_client):
    services.save_concept_plan(
        case, actor=world.coordinator, based_on=0, person_line="Ryan Meijer krijgt een mentor."
    )
    services.save_concept_plan(case, actor=world.wijkagent, based_on=1, group_line="Groepsverbod overwegen.")
    with pytest.raises(services.VersionConflict):
        services.save_concept_plan(case, actor=world.zorg, based_on=1, area_line="x")
    assert [v.number for v in case.concept_plan_versions.all()] == [2, 1]
    assert case.concept_plan_versions.first().person_line == "Ryan Meijer krijgt een mentor."  # carried over
    html = verified_client(world.burgemeester).get(f"/casussen/{case.pk}/concept-pva/").content.decode()
    assert "Ryan Meijer" not in html and "Groepsverbod overwegen." in html


def test_capacity_per_partner_with_totals(world, case, verified_client):
    services.add_capacity(
        case, actor=world.wijkagent, organisation=world.orgs["politie"], months=6, hours_per_week=8, cost=0
    )
    services.add_capacity(
        case, actor=world.coordinator, organisation=world.orgs["jongerenwerk"], months=12, fte=0.5, cost=30000,
        note="Ambulant jongerenwerk in de avonden",
    )  # fmt: skip
    with pytest.raises(services.AccessDenied, match="eigen organisatie"):
        services.add_capacity(
            case, actor=world.wijkagent, organisation=world.orgs["zorg"], months=6, hours_per_week=2
        )
    with pytest.raises(services.AnalysisError, match="uren per week of in fte"):
        services.add_capacity(case, actor=world.wijkagent, organisation=world.orgs["politie"], months=6)
    assert [e.total_hours for e in CapacityEstimate.objects.order_by("pk")] == [208, 936]
    html = verified_client(world.jongerenwerker).get(f"/casussen/{case.pk}/concept-pva/").content.decode()
    assert "Ambulant jongerenwerk in de avonden" in html and "1144" in html and "30000" in html
    estimate = CapacityEstimate.objects.get(organisation=world.orgs["politie"])
    with pytest.raises(services.AccessDenied):
        services.remove_capacity(estimate, actor=world.jongerenwerker)
    services.remove_capacity(estimate, actor=world.wijkagent)
    assert CapacityEstimate.objects.count() == 1


def test_capacity_form_through_the_page(world, case, verified_client):
    client = verified_client(world.wijkagent)
    response = client.post(
        f"/casussen/{case.pk}/concept-pva/inzet/",
        {
            "cap-organisation": world.orgs["politie"].pk,
            "cap-hours_per_week": "6",
            "cap-months": "3",
        },
    )
    assert response.status_code == 302
    assert CapacityEstimate.objects.get().hours_per_week == 6


def test_interventiematrix_group_row_is_guarded_and_member_rows_logged(world, case, verified_client):
    with pytest.raises(services.GuardRefused):
        services.add_intervention(
            case, actor=world.jongerenwerker, column="signalen", content="Kevin de Vries deelt drugs uit."
        )
    client = verified_client(world.jongerenwerker)
    ryan = case.memberships.get(person__full_name="Ryan Meijer")
    response = client.post(
        f"/casussen/{case.pk}/interventiematrix/",
        {
            "row": str(ryan.pk),
            "column": "interventies",
            "category": "personal",
            "content": "Ryan Meijer wil stage lopen.",
        },
    )
    assert response.status_code == 302  # a member row may name the member: it is personal data by design
    entry = InterventionEntry.objects.get()
    assert (entry.membership, entry.category, entry.organisation) == (
        ryan,
        Category.PERSONAL,
        world.orgs["jongerenwerk"],
    )
    assert ProcessingLogEntry.objects.filter(
        operation="interventiematrix.add", data_subject=str(ryan.person.pseudonym)
    ).exists()
    html = client.post(
        f"/casussen/{case.pk}/interventiematrix/",
        {"row": "", "column": "signalen", "content": "Kevin de Vries deelt uit."},
    ).content.decode()
    assert "Deze tekst lijkt persoonsgegevens te bevatten" in html
    assert InterventionEntry.objects.count() == 1


def test_municipality_contact_is_recorded_by_the_municipality_with_group_level_text(
    world, case, verified_client
):
    today = timezone.localdate()
    with pytest.raises(services.AccessDenied):
        services.record_municipality_contact(
            case,
            actor=world.wijkagent,
            municipality=world.neighbour,
            informed_on=today,
            shared_information="x",
        )
    with pytest.raises(services.GuardRefused):
        services.record_municipality_contact(
            case, actor=world.regisseur, municipality=world.neighbour, informed_on=today,
            shared_information="Ryan Meijer komt ook in Buurdorp.",
        )  # fmt: skip
    with pytest.raises(services.AnalysisError, match="andere gemeente"):
        services.record_municipality_contact(
            case,
            actor=world.regisseur,
            municipality=world.municipality,
            informed_on=today,
            shared_information="x",
        )
    client = verified_client(world.regisseur)
    response = client.post(
        f"/casussen/{case.pk}/gemeenten/",
        {
            "municipality": world.neighbour.pk,
            "informed_on": today.isoformat(),
            "shared_information": "De groep komt in het weekend bij het station van Buurdorp.",
        },
    )
    assert response.status_code == 302
    contact = MunicipalityContact.objects.get()
    assert (contact.municipality, contact.recorded_by) == (world.neighbour, world.regisseur)
    html = verified_client(world.jongerenwerker).get(f"/casussen/{case.pk}/gemeenten/").content.decode()
    assert "station van Buurdorp" in html and "Contact vastleggen" not in html
    assert (
        verified_client(world.jongerenwerker).post(f"/casussen/{case.pk}/gemeenten/", {}).status_code == 404
    )
