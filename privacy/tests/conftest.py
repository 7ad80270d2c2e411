"""The fixtures of step 5 (a case with a plan in force), for the retention tests, which
need a case that went through every step."""

from plans.tests.conftest import planned, step5  # noqa: F401 - fixtures
