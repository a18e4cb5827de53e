"""Hand edits in Chromium: plan 3 days, move a visit from day 1 to day 2, add an own stop, see the
days re-timed at once, re-plan and see both kept (Chinese UI, network cut)."""

from __future__ import annotations

import re

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from catalog.paths import DEFAULT_DB
from catalog.repository import Catalog
from tests.e2e.helpers import FOLIUM_IFRAME, map_frame, wait_idle
from tests.e2e.server import block_internet
from ui.display import site_name

LINK = "/plan?start=2026-05-12&days=3&lodging=pingyao-gucheng&gw=dayun&mode=coach&group=40"


def _choose(page, label: str, option: str) -> None:  # noqa: ANN001
    """Open the select box and pick ``option``; a rerun that lands while the list is open closes
    it (seen when the server is busy), so the box is opened again, at most three times."""
    box = page.get_by_test_id("stSelectbox").filter(has_text=label).first
    choice = page.get_by_role("option", name=option, exact=True).first
    for _ in range(3):
        wait_idle(page)
        box.click()
        try:
            choice.wait_for(state="visible", timeout=10_000)
            break
        except PlaywrightTimeout:
            page.keyboard.press("Escape")
    choice.click()
    wait_idle(page)


def _wait_row(page, day: int, *texts: str) -> None:  # noqa: ANN001
    """Wait (the page reruns after an edit) until day ``day``'s table holds ``texts``."""
    page.get_by_role("tab", name=re.compile(f"^第{day}天")).click()
    table = page.locator("[role=tabpanel]:visible table").first
    for text in texts:
        expect(table).to_contain_text(text, timeout=60_000)


def _day_rows(page, day: int) -> list[str]:  # noqa: ANN001
    page.get_by_role("tab", name=re.compile(f"^第{day}天")).click()
    table = page.locator("[role=tabpanel]:visible table").first
    table.locator("tbody tr").first.wait_for(state="visible")  # the tab switch draws it
    return table.locator("tbody tr").all_inner_texts()


def test_move_add_and_replan_keep_the_hand_edits(app_url, offline_page, shot) -> None:
    page = offline_page
    page.goto(app_url + LINK)
    page.get_by_role("tab", name=re.compile("^第3天")).wait_for(timeout=90_000)
    wait_idle(page)
    stop_box = page.get_by_test_id("stSelectbox").filter(has_text="站点").first
    text = stop_box.inner_text() + "\n" + " ".join(
        i.get_attribute("value") or i.get_attribute("aria-label") or ""
        for i in stop_box.locator("input").all())
    assert "D1 · " in text, (text, stop_box.inner_html()[:3000])
    moved = text.split("D1 · ", 1)[1].splitlines()[0].strip()
    rows = _day_rows(page, 1)
    assert any(moved in r for r in rows), (text, rows)

    _choose(page, "移到第几天", "第2天")
    page.get_by_role("button", name="移动", exact=True).click()
    wait_idle(page)
    page.get_by_text("此行程已手动调整").wait_for()
    _wait_row(page, 2, moved)
    assert moved in _day_rows(page, 2)[1]  # the first visit of day 2 (after leaving)
    assert not any(moved in r for r in _day_rows(page, 1))

    page.get_by_label("名称").fill("晋菜馆")
    page.get_by_label("名称").press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="添加", exact=True).click()
    wait_idle(page)
    _wait_row(page, 1, "晋菜馆", "自定义")
    day1 = _day_rows(page, 1)
    assert any("晋菜馆" in r and "自定义" in r for r in day1), day1
    shot(page, "edited")

    page.get_by_role("button", name="重新规划", exact=True).click()
    page.get_by_text("此行程已手动调整").wait_for(state="detached", timeout=60_000)
    wait_idle(page)
    _wait_row(page, 1, "晋菜馆")
    _wait_row(page, 2, moved)
    assert "cs=custom-1" in page.url
    shot(page, "replanned")


def english_name(site_id: str) -> str:
    """The name the English UI shows for a site (the catalogue the server reads)."""
    with Catalog(DEFAULT_DB, readonly=True) as cat:
        return site_name(cat.site(site_id), "en")


TOO_SHORT = ("/plan?start=2026-05-12&days=1&lodging=pingyao-gucheng&gw=dayun&from=08:30&to=11:00"
             "&lunch=no&must=lingshi-wangjiadayuan")


def test_reasons_are_in_the_users_language(app_url, browser, shot) -> None:  # noqa: ANN001
    """The must-visit problem and the dropped-site list: Chinese sentences on the Chinese UI,
    English ones on the English UI (the same plan, translated from its codes)."""
    for lang, problem, dropped in (
        ("zh", ["王家大院", "最早", "晚于"], "单独可以安排"),
        ("en", [english_name("lingshi-wangjiadayuan"), "earliest return", "after 11:00"],
         "fits on its own"),
    ):
        context = browser.new_context(viewport={"width": 1500, "height": 1300})
        page = context.new_page()
        block_internet(page)
        page.goto(app_url + TOO_SHORT + ("&lang=en" if lang == "en" else ""))
        warning = page.get_by_test_id("stAlert").filter(has_text="11:00").first
        warning.wait_for(timeout=90_000)
        text = warning.inner_text()
        assert all(p in text for p in problem), text
        label = "未安排的遗产地" if lang == "zh" else "Not planned"
        page.get_by_text(label).first.click()
        table = page.get_by_test_id("stExpander").filter(has_text=label).first
        table.get_by_text(dropped).first.wait_for()
        body = table.inner_text()
        if lang == "en":
            assert "价值" not in body and "放不下" not in body
        else:
            assert "fits on its own" not in body
        shot(page, lang)
        context.close()


def test_own_stop_point_is_picked_on_the_route_map(app_url, offline_page, shot) -> None:
    """The plan's map keeps its iframe when the plan arrives (only its layers change); switching
    on "pick on the map" makes a map whose click comes back, and the clicked point fills the own
    stop's coordinates."""
    page = offline_page
    page.goto(app_url + LINK)
    frame = map_frame(page)
    page.get_by_role("tab", name=re.compile("^第3天")).wait_for(timeout=90_000)
    frame.locator("path.route-day-3").first.wait_for(state="attached", timeout=60_000)
    wait_idle(page)
    lat_box, lon_box = page.get_by_label("纬度"), page.get_by_label("经度")
    before = (lat_box.input_value(), lon_box.input_value())
    page.get_by_text("在路线图上点击选点").click()
    wait_idle(page)
    # pick mode makes a new iframe: wait until the old one is gone (for a moment both are on
    # the page, and a CI run's locator found two), then for the route through a locator
    expect(page.locator(FOLIUM_IFRAME)).to_have_count(1, timeout=60_000)
    page.frame_locator(FOLIUM_IFRAME).locator("path.route-day-3").first.wait_for(
        state="attached", timeout=60_000)
    page.wait_for_timeout(800)  # the fit-to-bounds
    iframe = page.locator(FOLIUM_IFRAME).first
    iframe.scroll_into_view_if_needed()
    box = iframe.bounding_box()
    use = page.get_by_role("button", name=re.compile("^用地图上点击的位置"))
    for _ in range(3):  # a click the still-settling map missed is tried again
        page.mouse.click(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.45)
        try:
            use.wait_for(timeout=15_000)
            break
        except PlaywrightTimeout:
            continue
    point = re.search(r"（([\d.]+)，([\d.]+)）", use.inner_text())
    use.click()
    expect(lat_box).to_have_value(point.group(1), timeout=30_000)
    expect(lon_box).to_have_value(point.group(2), timeout=30_000)
    after = (lat_box.input_value(), lon_box.input_value())
    assert after != before, (before, after)
    lat, lon = (float(v) for v in after)
    assert 36.0 < lat < 38.5 and 111.5 < lon < 114.5, after  # a point in Jinzhong's frame
    shot(page, "picked")


def test_the_map_iframe_survives_the_plan_click(app_url, offline_page) -> None:
    """Before a plan the map shows the sites the form points at; the plan then arrives in the
    same iframe (its layers swapped, Leaflet not loaded again), which is what makes a plan click
    fast (``python -m tests.e2e.bench``)."""
    page = offline_page
    page.goto(app_url + "/plan?gw=dayun&days=3&lodging=pingyao-gucheng&mode=coach&group=40")
    frame = map_frame(page)
    frame.locator("path.preview-site").first.wait_for(state="attached", timeout=60_000)
    frame.evaluate("() => { window.__sameIframe = 'yes'; }")
    page.get_by_role("button", name="生成行程").click()
    frame.locator("path.route-day-3").first.wait_for(state="attached", timeout=60_000)
    assert frame.evaluate("() => window.__sameIframe") == "yes"
    assert frame.locator("path.preview-site").count() == 0  # the preview layer is gone
    # the form folded away: the itinerary is what one sees after the click
    expect(page.get_by_text("出发日期")).to_be_hidden()
    assert page.get_by_role("tab", name=re.compile("^第1天")).is_visible()
