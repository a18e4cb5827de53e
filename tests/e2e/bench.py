"""``python -m tests.e2e.bench``: what users wait for, measured in the real browser.

* map: to the first site marker (or cluster) drawn in the map iframe, with every catalogue site
  on the map (no filters): from typing ``/map`` into a fresh browser (empty cache: Streamlit's
  own bundle loads first), from reloading it with a warm cache, and from clicking "地图" in the
  sidebar on the Home page (the usual path: no page load, just the script run and the iframe);
* plan: from the click on "生成行程" to the itinerary shown: the last day's tab and that day's route
  drawn on the map, for a 3-day trip on the 大运 greenway (±15 km) from 平遥古城 by coach.

The first map load of a fresh server (imports, first query) is reported on its own; the other runs
use a fresh browser context each (empty cache). Each plan run changes the group size so the
app's plan cache never answers. Debian chromium, every non-loopback request aborted.
Targets on the 2-core machine: map < 2 s, plan < 5 s.
"""

from __future__ import annotations

import argparse
import re
import statistics
import sys
import time

from playwright.sync_api import sync_playwright

from catalog.paths import DEFAULT_DB
from catalog.repository import Catalog
from tests.e2e.helpers import FOLIUM_IFRAME, wait_idle
from tests.e2e.server import (
    CHROMIUM_ARGS,
    block_internet,
    chromium_path,
    chromium_version,
    streamlit_server,
)

MARKER = "path.site-marker, .site-cluster"
TARGETS = {"map": 2.0, "plan": 5.0}


def time_map(browser, url: str) -> float:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    block_internet(page)
    t0 = time.perf_counter()
    page.goto(f"{url}/map", wait_until="commit")
    page.frame_locator(FOLIUM_IFRAME).locator(MARKER).first.wait_for(state="attached",
                                                                      timeout=60_000)
    elapsed = time.perf_counter() - t0
    context.close()
    return elapsed


def time_map_repeat(browser, url: str) -> tuple[float, float]:  # noqa: ANN001
    """(reload with a warm browser cache, in-app navigation Home -> Map) in one context."""
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    block_internet(page)
    marker = page.frame_locator(FOLIUM_IFRAME).locator(MARKER).first
    page.goto(f"{url}/map")
    marker.wait_for(state="attached", timeout=60_000)
    t0 = time.perf_counter()
    page.goto(f"{url}/map", wait_until="commit")
    marker.wait_for(state="attached", timeout=60_000)
    reload_s = time.perf_counter() - t0
    page.get_by_role("link", name="首页").click()
    page.get_by_role("heading", name="晋中文旅").wait_for()
    wait_idle(page)
    t0 = time.perf_counter()
    page.locator("[data-testid='stSidebar']").get_by_role("link", name="地图").click()
    marker.wait_for(state="attached", timeout=60_000)
    nav_s = time.perf_counter() - t0
    context.close()
    return reload_s, nav_s


def time_plan(browser, url: str, group: int) -> tuple[float, int]:  # noqa: ANN001
    context = browser.new_context(viewport={"width": 1500, "height": 1100})
    page = context.new_page()
    block_internet(page)
    page.goto(f"{url}/plan?gw=dayun&buffer=15&days=3&lodging=pingyao-gucheng&mode=coach"
              f"&group={group}&lunch=11:30-13:30-60&from=08:30&to=18:00")
    wait_idle(page)
    button = page.get_by_role("button", name="生成行程")
    button.wait_for()
    t0 = time.perf_counter()
    button.click()
    page.get_by_role("tab", name=re.compile("^第3天")).wait_for(timeout=60_000)
    page.frame_locator(FOLIUM_IFRAME).locator("path.route-day-3").wait_for(state="attached",
                                                                            timeout=60_000)
    elapsed = time.perf_counter() - t0
    planned = page.get_by_text(re.compile(r"^共 \d+ 处")).first.inner_text()
    context.close()
    return elapsed, int(re.search(r"\d+", planned).group())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.e2e.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5, help="warm runs of each (default 5)")
    args = parser.parse_args(argv)
    if not chromium_path():
        print("error: Debian chromium not found (apt-get install chromium)", file=sys.stderr)
        return 2
    with Catalog(DEFAULT_DB, readonly=True) as cat:
        n_sites = cat.count()
    print(f"# {chromium_version()}; {n_sites} catalogue sites; network blocked")
    with streamlit_server() as url, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        cold = time_map(browser, url)
        maps = [time_map(browser, url) for _ in range(args.runs)]
        repeats = [time_map_repeat(browser, url) for _ in range(args.runs)]
        plans = [time_plan(browser, url, 40 + i) for i in range(args.runs)]
        browser.close()
    plan_s = [p[0] for p in plans]
    rows = [
        ("map: first marker, fresh server", [cold], "map"),
        (f"map: first marker, empty cache ({n_sites})", maps, "map"),
        ("map: first marker, cached reload", [r[0] for r in repeats], "map"),
        ("map: first marker, Home -> Map click", [r[1] for r in repeats], "map"),
        ("plan: click -> 3-day itinerary shown", plan_s, "plan"),
    ]
    print(f"{'measure':<40} {'runs':>4} {'median s':>9} {'min s':>7} {'max s':>7} {'target':>7}"
          f" {'met':>4}")
    for name, values, target in rows:
        med = statistics.median(values)
        print(f"{name:<40} {len(values):>4} {med:>9.2f} {min(values):>7.2f} {max(values):>7.2f}"
              f" {TARGETS[target]:>6.1f}s {'yes' if med < TARGETS[target] else 'NO':>4}")
    print(f"# sites planned per run: {[p[1] for p in plans]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
