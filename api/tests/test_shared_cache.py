"""The rate-limit counters live in a cache that all worker processes share: a count made
in one process is seen by another (with a per-process cache, N workers allow N× the rate)."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

from django.conf import settings
from django.core.cache import cache

ROOT = Path(__file__).resolve().parents[2]


def test_default_cache_is_shared_between_processes():
    if os.environ.get("CACHE_URL", "").startswith("locmem://"):  # chosen for a single process
        assert settings.CACHES["default"]["BACKEND"].endswith("LocMemCache")
        return
    assert settings.CACHES["default"]["BACKEND"].endswith("FileBasedCache")
    key = f"shared-{uuid.uuid4().hex}"
    code = f"import django; django.setup(); from django.core.cache import cache; cache.set({key!r}, 7, 60)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "groepsaanpak.settings"}
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True)  # noqa: S603
    assert cache.get(key) == 7
    cache.delete(key)
