"""Real-browser tests: Debian chromium through Playwright, the app on a free loopback port, and
every non-loopback request aborted (PITFALLS b). Skipped only when no chromium is installed
(``scripts/test.sh`` installs it)."""

from __future__ import annotations

import importlib.metadata

import pytest

from tests.e2e.server import (
    ARTIFACTS,
    CHROMIUM_ARGS,
    block_internet,
    chromium_path,
    chromium_version,
    streamlit_server,
)


def pytest_report_header(config) -> list[str]:  # noqa: ANN001
    return [f"browser tests: {chromium_version()} at {chromium_path()}, playwright "
            f"{importlib.metadata.version('playwright')}"]


def pytest_collection_modifyitems(config, items) -> None:  # noqa: ANN001
    for item in items:
        if "tests/e2e" in str(item.fspath):
            item.add_marker(pytest.mark.browser)
            if not chromium_path():
                item.add_marker(pytest.mark.skip(reason="Debian chromium is not installed"))


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    return {**browser_type_launch_args, "executable_path": chromium_path(), "args": CHROMIUM_ARGS}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    return {**browser_context_args, "viewport": {"width": 1500, "height": 1300}, "locale": "zh-CN"}


@pytest.fixture(scope="session")
def app_url():
    with streamlit_server() as url:
        yield url


@pytest.fixture
def offline_page(page):
    """A page whose requests to anything but the loopback server are aborted (and recorded)."""
    page.blocked = []  # type: ignore[attr-defined]
    page.on("requestfailed", lambda r: page.blocked.append(r.url))  # type: ignore[attr-defined]
    block_internet(page)
    page.set_default_timeout(30_000)
    return page


@pytest.fixture
def shot(request):
    """Save a screenshot under test-artifacts/ named after the test."""
    ARTIFACTS.mkdir(exist_ok=True)

    def save(page, suffix: str = "") -> None:  # noqa: ANN001
        name = request.node.name + (f"-{suffix}" if suffix else "")
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return save
