"""Session set-up shared by every test tier."""

from catalog.paths import DEFAULT_DB, ensure_built


def pytest_sessionstart(session) -> None:  # noqa: ARG001 - pytest's hook signature
    """The live catalogue is not in git: a fresh clone builds it from the seed before tests."""
    ensure_built(DEFAULT_DB)
