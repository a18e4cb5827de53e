"""The app in Debian chromium with the network cut: map markers, clicks, planning, AMap shift."""

from __future__ import annotations

import re

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from catalog.coords import haversine_m
from catalog.paths import DEFAULT_DB
from catalog.repository import Catalog
from tests.e2e.helpers import (
    CLICKABLE_MARKER_JS,
    DRAWN_COUNT_JS,
    FOLIUM_IFRAME,
    MARKER_POSITIONS_JS,
    map_frame,
    wait_idle,
)


def catalogue_count() -> int:
    with Catalog(DEFAULT_DB, readonly=True) as cat:
        return cat.count()


def site_name(site_id: str) -> str:
    with Catalog(DEFAULT_DB, readonly=True) as cat:
        return cat.site(site_id).name_zh


def test_map_iframe_draws_every_site_offline(app_url, offline_page, shot) -> None:
    page = offline_page
    page.goto(f"{app_url}/map")
    wait_idle(page)
    frame = map_frame(page)
    frame.wait_for_selector("path.site-marker, .site-cluster", state="attached")
    expected = catalogue_count()
    # the initial fitBounds re-clusters once; wait until what is drawn adds up
    frame.wait_for_function(f"() => {{ const d = ({DRAWN_COUNT_JS})(); "
                            f"return d.lone + d.clustered === {expected}; }}", timeout=15_000)
    page.wait_for_timeout(500)
    drawn = frame.evaluate(DRAWN_COUNT_JS)
    assert drawn["lone"] + drawn["clustered"] == expected
    assert drawn["clusters"] > 0  # dense areas are clustered
    positions = frame.evaluate(MARKER_POSITIONS_JS)
    assert len(positions) == catalogue_count()
    # Leaflet itself came from our static folder, and nothing outside loopback was reached.
    scripts = frame.evaluate("() => [...document.scripts].map(s => s.src).filter(Boolean)")
    assert any(s.endswith("/app/static/vendor/leaflet-1.9.4/leaflet.js") for s in scripts)
    assert all("127.0.0.1" in s for s in scripts), scripts
    assert frame.locator(".leaflet-control-layers").count() == 1
    shot(page)


def test_clicking_a_marker_opens_its_card(app_url, offline_page, shot) -> None:
    page = offline_page
    page.goto(f"{app_url}/map")
    wait_idle(page)
    frame = map_frame(page)
    frame.wait_for_selector("path.site-marker", state="attached")
    title = page.locator(".site-card-title")
    for attempt in range(3):
        # let the initial fit-to-bounds finish re-clustering; on a busy machine it can still
        # move the marker after the first look, so a missed click is tried again (as a person
        # clicks again), at most three times
        page.wait_for_timeout(500 * (attempt + 1))
        target = frame.evaluate(CLICKABLE_MARKER_JS)
        assert target, "no lone marker on screen"
        site_id = target["id"]
        # A real mouse click at the marker's centre (what a person does), not a synthetic event.
        box = page.locator(FOLIUM_IFRAME).first.bounding_box()
        page.mouse.click(box["x"] + target["x"], box["y"] + target["y"])
        try:
            title.wait_for(timeout=15_000)
            break
        except PlaywrightTimeout:
            continue
    title.wait_for(timeout=15_000)
    assert site_name(site_id) in title.inner_text()
    link = page.get_by_role("link", name="打开完整卡片")
    assert f"site={site_id}" in link.get_attribute("href")
    shot(page)


def test_two_day_dayun_trip_from_pingyao(app_url, offline_page, shot) -> None:
    page = offline_page
    page.goto(f"{app_url}/plan?gw=dayun&days=2&lodging=pingyao-gucheng")
    wait_idle(page)
    page.get_by_role("button", name="生成行程").click()
    page.get_by_role("tab", name=re.compile("^第2天")).wait_for(timeout=60_000)
    day_tabs = page.get_by_role("tab", name=re.compile(r"^第\d+天")).all_inner_texts()
    assert [t.split(" ")[0] for t in day_tabs] == ["第1天", "第2天"]
    frame = map_frame(page)
    for day in (1, 2):
        frame.wait_for_selector(f"path.route-day-{day}", state="attached")
        assert frame.locator(f".route-stop-day-{day}").count() >= 1
    assert "gw=dayun" in page.url and "days=2" in page.url  # the link reproduces the plan
    page.get_by_role("tab", name=re.compile("^第2天")).click()
    shot(page)
    page.locator(FOLIUM_IFRAME).scroll_into_view_if_needed()
    shot(page, "route-map")


def test_amap_tiles_move_markers_by_the_gcj02_offset(app_url, offline_page, shot) -> None:
    page = offline_page
    page.goto(f"{app_url}/map")
    wait_idle(page)
    before = map_frame(page).evaluate(MARKER_POSITIONS_JS)
    page.get_by_role("button", name="底图与图层").click()  # the map's settings popover
    page.get_by_text("高德地图（GCJ-02）").click()
    wait_idle(page)
    page.wait_for_function(
        f"""() => {{
          const f = document.querySelector('{FOLIUM_IFRAME}');
          const w = f && f.contentWindow;
          if (!w || !w.map) return false;
          let moved = false;
          w.map.eachLayer(l => {{ if (l.getLayers) l.getLayers().forEach(m => {{
            if (m.options && /site-pingyao-gucheng/.test(m.options.className || '')) {{
              moved = Math.abs(m.getLatLng().lng - {before['pingyao-gucheng'][1]}) > 1e-4; }} }}); }});
          return moved;
        }}""",
        timeout=30_000,
    )
    after = map_frame(page).evaluate(MARKER_POSITIONS_JS)
    assert set(after) == set(before)
    shifts = [haversine_m(b[1], b[0], after[k][1], after[k][0]) for k, b in before.items()]
    assert all(520 <= s <= 640 for s in shifts), (min(shifts), max(shifts))
    pingyao = haversine_m(before["pingyao-gucheng"][1], before["pingyao-gucheng"][0],
                          after["pingyao-gucheng"][1], after["pingyao-gucheng"][0])
    assert 560 <= pingyao <= 600  # ~581 m (PITFALLS d)
    shot(page)


def test_every_page_runs_without_script_errors(app_url, offline_page) -> None:
    """No uncaught JS error on any page, the maps in their iframes included; every folium map
    comes up (a layer added after the layer control, for one, breaks the whole map script)."""
    page = offline_page
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(f"{page.url}: {exc}"))
    maps = {"/": 0, "/map": 1, "/catalogue": 0, "/site?site=pingyao-gucheng": 1,  # its mini-map
            "/greenways?greenway=dayun": 1, "/greenways?greenway=hongse-taihang": 1,
            "/greenways?greenway=nanbu-shandi": 1,
            "/plan?start=2026-05-12&days=1&lodging=pingyao-gucheng&gw=dayun": 1,
            "/map?lang=en": 1}
    for path, n_maps in maps.items():
        page.goto(f"{app_url}{path}")
        wait_idle(page)
        page.get_by_role("heading").first.wait_for()
        for i in range(n_maps):
            map_frame(page, i).wait_for_selector(".leaflet-interactive, .site-cluster",
                                                 state="attached")
        assert not page.get_by_test_id("stException").count(), path
    assert errors == []
