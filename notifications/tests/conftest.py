"""The step-5 fixtures (a case with a plan in force), shared with the plans app's tests."""

from plans.tests.conftest import planned, step5  # noqa: F401 - fixtures
