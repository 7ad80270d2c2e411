"""Requests with refused tokens are throttled per client address: after FAILURES_ALLOWED
refusals within the window even a valid token from that address waits (429), so tokens
cannot be guessed at full speed; another address is not affected."""

import pytest
from rest_framework.test import APIClient

from api.authentication import FAILURES_ALLOWED

pytestmark = pytest.mark.django_db


def _get(key, ip):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    return client.get("/api/v1/cases/", REMOTE_ADDR=ip)


def test_refused_tokens_are_throttled_per_address(world, api):
    good = api(world.regisseur).key
    for _ in range(FAILURES_ALLOWED):
        assert _get("ga_wrong-token", "198.51.100.4").status_code == 401
    throttled = _get("ga_wrong-token", "198.51.100.4")
    assert throttled.status_code == 429
    assert "ongeldig token" in throttled.json()["detail"]
    assert "Retry-After" in throttled.headers
    assert _get(good, "198.51.100.4").status_code == 429  # the address waits, whatever it sends
    assert _get(good, "198.51.100.5").status_code == 200  # another address does not
