"""Settings of the bench server only (`make bench` starts gunicorn with these).

The project's settings unchanged, plus: the timing middleware (outermost, so it sees the
whole stack) and a URLconf that adds the framework-floor view. Nothing here switches any
check off; the privacy machinery runs exactly as in production.
"""

from groepsaanpak.settings import *  # noqa: F403
from groepsaanpak.settings import MIDDLEWARE

MIDDLEWARE = ["loadtest.middleware.BenchTimingMiddleware", *MIDDLEWARE]
ROOT_URLCONF = "loadtest.urls"
