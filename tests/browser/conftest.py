"""Browser tests: real headless Chromium (Debian package) driven by Playwright, with
axe-core from npm injected into every page a test visits."""

import os
from pathlib import Path

import pytest

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    # bypass_csp only so axe-core can be injected; the app's own pages never need it.
    return {**browser_context_args, "bypass_csp": True, "locale": "nl-NL"}


@pytest.fixture(autouse=True)
def _allow_log_flush(request):
    """The live server's teardown flushes the database; the processing log refuses
    deletes unless a purge permit exists (see privacy migration 0002)."""
    yield
    if "live_server" in request.fixturenames:
        from privacy.log import grant_purge_permit

        grant_purge_permit()


class AxeViolations(AssertionError):
    pass


def check_accessibility(page, *, context: str = "") -> None:
    """Fail on serious or critical WCAG 2.1 AA violations on the current page."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        """async () => await axe.run(document, {runOnly: {type: 'tag',
             values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})"""
    )
    bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
    if bad:
        lines = [
            f"{v['impact']}: {v['id']} — {v['help']} ({len(v['nodes'])}x: {v['nodes'][0]['target']})"
            for v in bad
        ]
        raise AxeViolations(f"axe-core op {context or page.url}:\n" + "\n".join(lines))


@pytest.fixture
def axe():
    return check_accessibility
