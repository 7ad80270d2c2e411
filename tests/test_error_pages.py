"""Styled Dutch error pages with a way back. 403 and 404 say the same thing — "you may not
see this, or it does not exist" — so a page never tells whether something exists."""

import re

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory, override_settings
from django.views.defaults import permission_denied

from tests.factories import SignalFactory

pytestmark = pytest.mark.django_db


def _main(response) -> str:
    html = response.content.decode()
    return re.sub(r"\s+", " ", html.split('<main id="main"', 1)[1].split("</main>", 1)[0])


@override_settings(DEBUG=False)
def test_outsider_and_missing_page_get_the_same_dutch_404_with_a_way_back(world, verified_client):
    signal = SignalFactory(reported_by=world.wijkagent)
    client = verified_client(world.outsider)
    hidden = client.get(f"/signalen/{signal.pk}/")
    missing = client.get("/signalen/999999/")
    assert hidden.status_code == missing.status_code == 404
    assert _main(hidden) == _main(missing)
    assert "U mag deze pagina niet zien, of hij bestaat niet" in _main(hidden)
    assert 'href="/"' in _main(hidden)  # the way back
    assert 'class="app-nav"' in hidden.content.decode()  # the page keeps the app's own layout


def test_403_says_the_same_as_404():
    request = RequestFactory().get("/x/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "U mag deze pagina niet zien, of hij bestaat niet" in response.content.decode()
