from .log import end_trace, start_trace


class TraceMiddleware:
    """One trace per request, so every processing-log entry of a request shares a trace id."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = start_trace()
        try:
            return self.get_response(request)
        finally:
            end_trace(token)
