"""The security suite's browser tests use the e2e tier's Chromium set-up (Debian chromium)."""

from tests.e2e.conftest import browser_context_args, browser_type_launch_args, shot  # noqa: F401
