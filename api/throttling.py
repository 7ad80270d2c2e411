from rest_framework import throttling
from rest_framework.settings import api_settings


class UserRateThrottle(throttling.UserRateThrottle):
    """Per user (per address when anonymous). The rate is read per request, so
    REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"]["user"] (env API_RATE_LIMIT) always applies.
    The counter lives in Django's cache: configure a shared cache when running several
    app servers, otherwise each process counts for itself."""

    def get_rate(self):
        return api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
