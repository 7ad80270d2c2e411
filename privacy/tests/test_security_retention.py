"""The security log is kept SECURITY_LOG_RETENTION_DAYS (default three years) and then
purged by apply_retention, from its oldest entry, leaving a chain that still verifies
(issue 14). On SQLite here; on PostgreSQL through the owner's function in test_log_roles."""

from datetime import timedelta
from io import StringIO
from unittest import mock

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from privacy import chain, security
from privacy.migrations_sql import purge_function_sql
from privacy.models import SecurityEvent
from privacy.retention import apply_retention

pytestmark = pytest.mark.django_db


def _event(username: str, days_ago: int) -> None:
    with mock.patch("django.utils.timezone.now", return_value=timezone.now() - timedelta(days=days_ago)):
        security.record("login.failure", username=username)


def _period(settings, days: int) -> None:
    """The retention period, as the operator sets it: the setting, and on PostgreSQL the
    owner's purge function installed anew with it (db_roles --apply, docs/deploy.md)."""
    settings.SECURITY_LOG_RETENTION_DAYS = days
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(purge_function_sql(days))


def _kept():
    return list(SecurityEvent.objects.order_by("sequence").values_list("username", flat=True))


def test_default_retention_is_three_years(settings):
    assert settings.SECURITY_LOG_RETENTION_DAYS == 3 * 365


def test_apply_retention_removes_events_past_the_period_only(settings):
    _period(settings, 3 * 365)
    for name, days in (("oud-1", 4 * 365), ("oud-2", 3 * 365 + 2), ("jong", 3 * 365 - 2), ("nieuw", 0)):
        _event(name, days)
    report = apply_retention()
    assert report.security_events_removed == 2
    assert _kept() == ["jong", "nieuw"]
    assert chain.verify(security.STREAM).problems == []
    assert apply_retention().security_events_removed == 0  # a second run finds nothing


def test_the_period_follows_the_setting(settings):
    _period(settings, 10)
    _event("twintig", 20)
    _event("vijf", 5)
    apply_retention()
    assert _kept() == ["vijf"]


def test_dry_run_counts_and_removes_nothing(settings):
    _period(settings, 10)
    _event("twintig", 20)
    out = StringIO()
    call_command("apply_retention", "--dry-run", stdout=out)
    assert "Beveiligingslog: 1 gebeurtenissen ouder dan 10 dagen verwijderd." in out.getvalue()
    assert _kept() == ["twintig"]


def test_a_later_computation_date_never_removes_events_within_the_period(settings):
    _period(settings, 10)
    _event("vijf", 5)
    report = apply_retention(today=timezone.localdate() + timedelta(days=365))
    assert (report.security_events_removed, _kept()) == (0, ["vijf"])
