"""The client address behind reverse proxies: X-Forwarded-For is believed only from the
proxies the operator trusts, and only from the right (what a client writes itself, further
left, never counts)."""

import ipaddress

import pytest
from django.test import RequestFactory

from groepsaanpak.clientip import client_ip


@pytest.fixture
def proxies(settings):
    settings.TRUSTED_PROXIES = [ipaddress.ip_network("10.0.0.0/24"), ipaddress.ip_network("192.0.2.9")]


def _request(remote, forwarded=None):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


def test_without_trusted_proxies_the_header_is_ignored(settings):
    settings.TRUSTED_PROXIES = []
    assert client_ip(_request("10.0.0.5", "203.0.113.7")) == "10.0.0.5"


def test_behind_one_trusted_proxy_the_client_is_the_forwarded_address(proxies):
    assert client_ip(_request("10.0.0.5", "203.0.113.7")) == "203.0.113.7"


def test_a_forged_address_on_the_left_is_not_believed(proxies):
    # the client sent "X-Forwarded-For: 1.2.3.4"; the proxy appended the real address
    assert client_ip(_request("10.0.0.5", "1.2.3.4, 203.0.113.7")) == "203.0.113.7"


def test_two_trusted_proxies_are_skipped(proxies):
    assert client_ip(_request("10.0.0.5", "203.0.113.7, 192.0.2.9")) == "203.0.113.7"


def test_an_untrusted_direct_caller_cannot_choose_its_address(proxies):
    assert client_ip(_request("198.51.100.1", "203.0.113.7")) == "198.51.100.1"


def test_malformed_header_falls_back_to_the_proxy(proxies):
    assert client_ip(_request("10.0.0.5", "not-an-address")) == "10.0.0.5"


@pytest.mark.django_db
def test_lockout_counts_the_real_client_not_the_proxy(proxies, client):
    from accounts.models import LoginFailure

    client.post(
        "/inloggen/",
        {"username": "niemand", "password": "fout"},
        REMOTE_ADDR="10.0.0.5",
        HTTP_X_FORWARDED_FOR="203.0.113.7",
    )
    assert list(LoginFailure.objects.values_list("ip_address", flat=True)) == ["203.0.113.7"]
