from django.apps import AppConfig


class LoadtestConfig(AppConfig):
    """Synthetic data at city scale and the instruments of `make bench` (see bench/README.md).

    Has no models. Nothing here is mounted or active in a normal run: the floor view and
    the timing middleware only exist in `loadtest.bench_settings`, used by the bench server."""

    name = "loadtest"
    verbose_name = "Belastingtest"
