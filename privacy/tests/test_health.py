"""/health/ for load balancers: 200 with no data when the app server can work; 503 naming
the failing check when it cannot."""

import pytest
from django.db import OperationalError
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db


def test_healthy_server_answers_ok_without_login(client):
    response = client.get("/health/")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_unapplied_migration_makes_the_server_unavailable(client, monkeypatch):
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("pending", False)])
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "check": "migrations"}


def test_database_going_away_makes_the_server_unavailable(client, monkeypatch):
    from privacy import health

    def broken():
        raise OperationalError("connection refused")

    monkeypatch.setattr(health, "CHECKS", (("database", broken), *health.CHECKS[1:]))
    response = client.get("/health/")
    assert response.status_code == 503
    assert response.json() == {"status": "unavailable", "check": "database"}


def test_only_get(client):
    assert client.post("/health/").status_code == 405
