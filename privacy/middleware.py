from . import security
from .log import current_trace, end_trace, flush_reads, start_trace


class TraceMiddleware:
    """One trace per request: every processing-log entry of a request shares its trace id,
    and the reads gathered during the request are appended once per data subject. The
    access-denied events of the request are written at its end (privacy.security)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = start_trace(in_request=True)
        security_token = security.start_request()
        try:
            response = self.get_response(request)
            if response.status_code < 400:  # an error page showed nobody's data
                flush_reads(current_trace())
            return response
        finally:
            end_trace(token)
            # after the view's transaction, so a refusal that rolled it back is still logged
            security.end_request(security_token)
