"""Hand edits in Chromium: plan 3 days, move a visit from day 1 to day 2, add an own stop, see the
days re-timed at once, re-plan and see both kept (Chinese UI, network cut)."""

from __future__ import annotations

import re

from tests.e2e.helpers import wait_idle

LINK = "/plan?start=2026-05-12&days=3&lodging=pingyao-gucheng&gw=dayun&mode=coach&group=40"


def _choose(page, label: str, option: str) -> None:  # noqa: ANN001
    box = page.get_by_test_id("stSelectbox").filter(has_text=label).first
    box.click()
    page.get_by_role("option", name=option, exact=True).first.click()
    wait_idle(page)


def _day_rows(page, day: int) -> list[str]:  # noqa: ANN001
    page.get_by_role("tab", name=re.compile(f"^第{day}天")).click()
    panel = page.get_by_role("tabpanel").filter(has=page.locator("table")).first
    return panel.locator("table tbody tr").all_inner_texts()


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
    assert any(moved in r for r in _day_rows(page, 1))

    _choose(page, "移到第几天", "第2天")
    page.get_by_role("button", name="移动", exact=True).click()
    wait_idle(page)
    page.get_by_text("此行程已手动调整").wait_for()
    assert moved in _day_rows(page, 2)[1]  # the first visit of day 2 (after leaving)
    assert not any(moved in r for r in _day_rows(page, 1))

    page.get_by_label("名称").fill("晋菜馆")
    page.get_by_label("名称").press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="添加", exact=True).click()
    wait_idle(page)
    day1 = _day_rows(page, 1)
    assert any("晋菜馆" in r and "自定义" in r for r in day1), day1
    shot(page, "edited")

    page.get_by_role("button", name="重新规划", exact=True).click()
    page.get_by_text("此行程已手动调整").wait_for(state="detached", timeout=60_000)
    wait_idle(page)
    assert any("晋菜馆" in r for r in _day_rows(page, 1))
    assert any(moved in r for r in _day_rows(page, 2))
    assert "cs=custom-1" in page.url
    shot(page, "replanned")
