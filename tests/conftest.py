"""Shared test setup."""

from __future__ import annotations

import os
import tempfile

# Keep the tests' holiday tables and validation markers out of the user's real cache folder,
# and shared by every test of one session (so the cache paths are exercised, not bypassed).
os.environ.setdefault("XDG_CACHE_HOME", tempfile.mkdtemp(prefix="followup-test-cache-"))
