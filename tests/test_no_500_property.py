"""No input gives a 500 (issue 15), as a property: arbitrary text — NUL, lone surrogates,
direction overrides, zero-width characters, very long strings, anything Unicode holds — in
every free-text form field and query parameter of every page, and every string field and
query parameter of every API endpoint, never answers 5xx, and a refused write (4xx) leaves
nothing behind.

The fields are not a hand list: the pages are found by following the links of the demo
from the start page (every URL pattern they reach is counted against the URLconf), their
forms and query parameters read from the HTML the views render; the API's endpoints,
query parameters and body fields come from its OpenAPI schema (the serializers), with the
ids in its paths taken from the API's own answers.

Per field: two fixed examples (lone surrogates; 150,000 characters) and the random ones of the hypothesis profile:
HYPOTHESIS_PROFILE=ci (the default: 2), dev (10) or thorough (200); see conftest.py."""

from __future__ import annotations

import io
import json
from html.parser import HTMLParser
from urllib.parse import quote_from_bytes, urljoin, urlsplit

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction
from django.test import Client, override_settings
from django.urls import Resolver404, get_resolver, resolve
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from api.services import create_token
from groepsaanpak import text

pytestmark = pytest.mark.django_db

PASSWORD = "demo-Groepsaanpak-2026"
SPECIAL = [text.NUL, "\ud800", "\udfff", *text.DIRECTION, *text.INVISIBLE, "\u0301", "\uffff", "\U0010ffff"]
ARBITRARY = st.one_of(
    st.text(st.characters(exclude_categories=()), max_size=40),  # any code point, surrogates too
    st.lists(st.one_of(st.sampled_from(SPECIAL), st.text(max_size=5)), max_size=8).map("".join),
    st.builds(lambda n, c: c * n, st.integers(1_000, 200_000), st.sampled_from(["x", "é", "\u202e", "0"])),
)
# Rows that a refused request may still write: the log of who read what, the security log
# (a refusal about an existing object is access.denied), sessions, API bookkeeping.
# Everything else must be as it was after a 4xx.
MAY_CHANGE = {
    "privacy.processinglogentry", "privacy.securityevent", "privacy.loghead", "sessions.session", "api.apitoken",
}  # fmt: skip
NOT_FOLLOWED = ("/uitloggen/", "/i18n/", "/static/", "/media/", "/beheer/", "/api/")
MAX_PAGES = 400


class Forms(HTMLParser):
    """Links, and forms with their fields and current values, from one page."""

    def __init__(self):
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict] = []
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self.forms.append(
                {"action": a.get("action") or "", "method": (a.get("method") or "get").lower(), "fields": []}
            )
        elif not self.forms:
            return
        elif tag == "input" and a.get("name"):
            kind = (a.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            if kind in ("submit", "button", "file", "image", "reset"):
                return
            free = kind in ("text", "search", "email", "url", "tel", "password")
            self.forms[-1]["fields"].append((a["name"], a.get("value") or "", free))
        elif tag == "textarea" and a.get("name"):
            self._textarea = a["name"]
            self.forms[-1]["fields"].append((a["name"], "", True))
        elif tag == "select" and a.get("name"):
            self._select = a["name"]
            self.forms[-1]["fields"].append((a["name"], None, False))
        elif tag == "option" and self._select:
            fields = self.forms[-1]["fields"]
            name, value, free = fields[-1]
            if value is None or "selected" in a:
                fields[-1] = (name, a.get("value", ""), free)

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None

    def handle_data(self, data):
        if self._textarea and self.forms:
            fields = self.forms[-1]["fields"]
            name, value, free = fields[-1]
            fields[-1] = (name, value + data, free)


def _encode(pairs) -> str:
    """A form body or query string as a browser (or an attacker) sends it; lone surrogates
    go out as the invalid UTF-8 they would be."""
    return "&".join(
        f"{quote_from_bytes(k.encode('utf-8', 'surrogatepass'))}={quote_from_bytes(v.encode('utf-8', 'surrogatepass'))}"
        for k, v in pairs
    )


def _crawl(client, start: str) -> tuple[list[tuple], set[str]]:
    """Targets (method, path, pairs, field) for every free-text field of every form and every
    query parameter of every link, and the URL pattern names reached."""
    seen, queue, targets, reached = set(), [start], [], set()
    while queue and len(seen) < MAX_PAGES:
        url = queue.pop(0)
        path, query = urlsplit(url).path, urlsplit(url).query
        if path in seen:
            continue
        seen.add(path)
        response = client.get(url)
        assert response.status_code < 500, url
        if response.status_code != 200 or "html" not in response.get("Content-Type", ""):
            continue
        reached.add(resolve(path).view_name)
        if query:
            pairs = [tuple(p.split("=", 1)) if "=" in p else (p, "") for p in query.split("&")]
            targets += [("get", path, pairs, name) for name, _ in pairs]
        page = Forms()
        page.feed(response.content.decode())
        for href in page.links:
            target = urljoin(url, href)
            if target.startswith("/") and not target.startswith(NOT_FOLLOWED) and "#" not in target:
                queue.append(target)
        for form in page.forms:
            action = urljoin(url, form["action"]) if form["action"] else url
            action_path = urlsplit(action).path
            if action_path.startswith(NOT_FOLLOWED):
                continue
            try:
                reached.add(resolve(action_path).view_name)
            except Resolver404:
                continue
            pairs = [(n, v or "") for n, v, _ in form["fields"]]
            for name, _value, free in form["fields"]:
                if free and name != "csrfmiddlewaretoken":
                    targets.append((form["method"], action_path, pairs, name))
    unique = {(m, p, f): (m, p, pairs, f) for m, p, pairs, f in targets}
    return list(unique.values()), reached


def _counts() -> dict[str, int]:
    return {
        m._meta.label_lower: m._default_manager.count()
        for m in apps.get_models()
        if m._meta.label_lower not in MAY_CHANGE and m._meta.managed and not m._meta.proxy
    }


def _check(send, label: str):
    """Run `send` for arbitrary values, each in a transaction rolled back afterwards."""

    @settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
    @given(value=ARBITRARY)
    @example(value="Zo\u00eb\ud800\udfff")  # every field: lone surrogates (overrides: test_bad_input.py)
    @example(value="x" * 150_000)  # and a very long string
    def prop(value):
        with transaction.atomic():
            before = _counts()
            response = send(value)
            assert response.status_code < 500, (label, repr(value[:80]), response.status_code)
            if 400 <= response.status_code < 500:
                assert _counts() == before, (label, repr(value[:80]), "a refused request saved something")
            transaction.set_rollback(True)

    prop()


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("demo", stdout=io.StringIO())


# Who looks: anonymous (the login pages), and personas whose pages hold different forms.
PERSONAS = (None, "coordinator", "regisseur", "jongerenwerker", "privacy")


@override_settings(DEMO_MODE=True, API_RATE_LIMIT="100000/min")
def test_no_page_field_or_query_parameter_gives_a_500(demo):
    reached, done = set(), set()
    for username in PERSONAS:
        client = Client()
        if username:
            response = client.post("/inloggen/", {"username": username, "password": PASSWORD})
            assert response.status_code == 302, username
        targets, seen = _crawl(client, "/" if username else "/inloggen/")
        reached |= seen
        for method, path, pairs, field in targets:
            if (method, path, field) in done:
                continue
            done.add((method, path, field))

            def send(value, client=client, method=method, path=path, pairs=pairs, field=field):
                data = [(k, value if k == field else v) for k, v in pairs]
                if method == "get":
                    return client.get(f"{path}?{_encode(data)}")
                return client.post(path, _encode(data), content_type="application/x-www-form-urlencoded")

            _check(send, f"{username}: {method.upper()} {path} {field}")
    page_patterns = {
        name for name in _url_names() if not name.startswith(("api:", "admin:", "set_language", "health"))
    }
    print(f"{len(done)} fields on {len(reached & page_patterns)} of {len(page_patterns)} page URL patterns")
    print("not reached:", sorted(page_patterns - reached))  # forms the demo's steps do not show
    assert len(reached & page_patterns) >= 0.6 * len(page_patterns), sorted(page_patterns - reached)
    assert len(done) >= 150


def _url_names() -> set[str]:
    names = set()

    def walk(patterns, prefix=""):
        for p in patterns:
            if hasattr(p, "url_patterns"):
                ns = f"{p.namespace}:" if p.namespace else ""
                walk(p.url_patterns, prefix + ns)
            elif p.name:
                names.add(prefix + p.name)

    walk(get_resolver().url_patterns)
    return names


# ---- the API, from its OpenAPI schema -------------------------------------------------------


def _schema() -> dict:
    from drf_spectacular.generators import SchemaGenerator

    return SchemaGenerator().get_schema(request=None, public=True)


def _resolve(schema: dict, node: dict) -> dict:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _minimal(schema: dict, node: dict):
    """A plain value of the schema's type, so that the fuzzed field is not alone."""
    node = _resolve(schema, node)
    for key in ("allOf", "oneOf", "anyOf"):
        if key in node:
            return _minimal(schema, node[key][0])
    if "enum" in node:
        return next((v for v in node["enum"] if v not in (None, "")), None)
    kind = node.get("type")
    if kind == "object":
        return {
            k: _minimal(schema, v)
            for k, v in node.get("properties", {}).items()
            if k in node.get("required", [])
        }
    if kind == "array":
        return []
    if kind == "integer" or kind == "number":
        return 1
    if kind == "boolean":
        return False
    return {"date": "2026-11-20", "date-time": "2026-11-20T21:30:00+01:00"}.get(node.get("format"), "tekst")


def _string_fields(schema: dict, node: dict, prefix: str = "") -> list[str]:
    node = _resolve(schema, node)
    if node.get("type") != "object":
        return []
    out = []
    for name, prop in node.get("properties", {}).items():
        prop = _resolve(schema, prop)
        if prop.get("readOnly"):
            continue
        if prop.get("type") == "string" and "enum" not in prop and "format" not in prop:
            out.append(prefix + name)
    return out


def _fill_path(client, template: str) -> str:
    """/api/v1/cases/{pk}/name-list/{member_pk} with ids from the API's own lists."""
    path = ""
    for segment in template.strip("/").split("/"):
        if segment.startswith("{"):
            ident = "1"
            response = client.get(path)
            if response.status_code == 200:
                body = response.json()
                rows = body.get("results", body) if isinstance(body, dict) else body
                if isinstance(rows, list) and rows and isinstance(rows[0], dict):
                    key = "number" if "number" in segment else "id"
                    ident = str(rows[0].get(key, rows[0].get("id", 1)))
            path += f"/{ident}"
        else:
            path += f"/{segment}"
    return path


@override_settings(DEMO_MODE=True, API_RATE_LIMIT="100000/min")
def test_no_api_field_or_query_parameter_gives_a_500(demo):
    from accounts.models import User

    schema = _schema()
    client = APIClient()
    _token, key = create_token(User.objects.get(username="coordinator"), name="property")
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")
    targets = []
    for template, operations in schema["paths"].items():
        path = _fill_path(client, template)
        for method, op in operations.items():
            if method not in ("get", "post", "put", "patch"):
                continue
            for param in op.get("parameters", []):
                if (
                    param["in"] == "query"
                    and _resolve(schema, param.get("schema", {})).get("type") == "string"
                ):
                    targets.append((method, path, None, "query", param["name"]))
            body = op.get("requestBody", {}).get("content", {}).get("application/json")
            if body and method != "get":
                base = _minimal(schema, body["schema"])
                targets += [(method, path, base, "body", f) for f in _string_fields(schema, body["schema"])]
    print(f"{len(targets)} API fields on {len(schema['paths'])} paths")
    assert len(targets) >= 50
    for method, path, base, where, field in targets:

        def send(value, method=method, path=path, base=base, where=where, field=field):
            if where == "query":
                return client.generic(method.upper(), f"{path}?{_encode([(field, value)])}")
            body = json.dumps({**(base or {}), field: value})  # lone surrogates as \\ud800 escapes
            return client.generic(method.upper(), path, body, content_type="application/json")

        _check(send, f"{method.upper()} {path} {where}:{field}")
