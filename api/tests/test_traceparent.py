"""W3C Trace Context on the API (issue 21): a partner's `traceparent` is carried into the
processing log — its trace id, its span as the parent span — so that the partner's call and
our processing can be joined in both logs; a malformed header is ignored."""

import pytest

from privacy.models import ProcessingLogEntry

pytestmark = pytest.mark.django_db

TRACE = "4bf92f3577b34da6a3ce929d0e0e4736"
PARENT = "00f067aa0ba902b7"


def _read(api, world, story, **headers):
    before = ProcessingLogEntry.objects.count()
    response = api(world.coordinator, **headers).get(
        f"/api/v1/cases/{story.case.pk}/name-list/{story.membership.pk}"
    )
    assert response.status_code == 200
    new = ProcessingLogEntry.objects.order_by("sequence")[before:]
    assert new, "the read of the member is logged"
    return list(new)


def test_a_partners_traceparent_is_carried_into_the_log(api, world, story):
    entries = _read(api, world, story, HTTP_TRACEPARENT=f"00-{TRACE}-{PARENT}-01")
    assert {(e.trace_id, e.parent_span_id) for e in entries} == {(TRACE, PARENT)}
    assert all(e.span_id not in (PARENT, "") for e in entries)  # our own spans, below the partner's


@pytest.mark.parametrize(
    "header",
    [
        "garbage",
        f"00-{'0' * 32}-{PARENT}-01",  # all-zero trace id
        f"00-{TRACE}-{'0' * 16}-01",  # all-zero parent
        f"ff-{TRACE}-{PARENT}-01",  # forbidden version
        f"00-{TRACE.upper()}-{PARENT}-01",  # upper case is not allowed
        f"00-{TRACE}-{PARENT}-01-extra",  # version 00 has nothing after the flags
    ],
)
def test_a_malformed_traceparent_is_ignored(api, world, story, header):
    entries = _read(api, world, story, HTTP_TRACEPARENT=header)
    assert all(e.trace_id != TRACE and e.parent_span_id != PARENT for e in entries)


def test_without_traceparent_each_request_has_its_own_trace(api, world, story):
    first = _read(api, world, story)
    assert len({e.trace_id for e in first}) == 1 and first[0].trace_id != TRACE
