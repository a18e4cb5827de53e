"""Findings 1 and 2 in a real browser: hostile text fetches nothing and links nowhere.

A fresh server on a catalogue whose 双林寺 carries hostile names (the fixture of
test_findings_01_02_injection.py), and a plan link whose lodging point is named with a link and an
image. Chromium records every request that leaves the loopback server (aborted): on the old main
the image in the name was requested from every neighbouring site card and from the plan timeline.
"""

from __future__ import annotations

from urllib.parse import quote, urlparse

import pytest

from tests.e2e.helpers import wait_idle
from tests.e2e.server import block_internet, chromium_path, server_on
from tests.security.test_findings_01_02_injection import (  # noqa: F401 - the fixture
    LODGING,
    SITE,
    hostile_db,
)

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not chromium_path(), reason="Debian chromium is not installed")]

PATHS = [f"/site?site={SITE}", "/site?site=pingyao-gucheng", "/greenways?greenway=dayun",
         f"/plan?start=2026-05-12&days=1&must={SITE}&lodging={quote(LODGING)}",
         f"/site?site={SITE}&lang=en"]


@pytest.fixture(scope="module")
def hostile_app(hostile_db):  # noqa: F811 - the imported fixture
    with server_on(hostile_db) as url:
        yield url


def test_hostile_names_fetch_nothing_and_link_nowhere(hostile_app, browser, shot) -> None:
    page = browser.new_page()
    page.set_default_timeout(60_000)
    evil: list[str] = []
    page.on("request", lambda r: evil.append(r.url)
            if urlparse(r.url).hostname == "evil.example" else None)
    block_internet(page)
    for path in PATHS:
        page.goto(hostile_app + path)
        wait_idle(page)
        if path.startswith("/plan"):
            page.get_by_text("官方购票").first.wait_for(timeout=180_000)  # the timeline is drawn
        else:
            page.locator("[data-testid='stMain'] h1").first.wait_for()
        page.wait_for_timeout(1500)
        hrefs = page.locator("a").evaluate_all("as => as.map(a => a.href)")
        assert not [h for h in hrefs if urlparse(h).hostname == "evil.example"], (path, hrefs)
        images = page.locator("img").evaluate_all("is => is.map(i => i.src)")
        assert not [s for s in images if "evil" in s or s.endswith("x.png")], (path, images)
        assert page.locator("main script, main iframe[src*='evil']").count() == 0
        shot(page, path.strip("/").split("?")[0] + str(PATHS.index(path)))
    assert evil == []  # old main: the image in the name was requested
    page.close()
