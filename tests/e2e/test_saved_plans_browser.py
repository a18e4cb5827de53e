"""A planner's week in Debian chromium, network cut: log in, reload (still logged in), plan, save,
save again under the same name (version 2), log out, log in, reopen version 1 in the planner and
see the same itinerary; a group size out of range is a message and plans nothing.

Runs its own server on a private copy of the catalogue with test accounts ($JZ_DB).
"""

from __future__ import annotations

import contextlib
import re

from playwright.sync_api import TimeoutError as PlaywrightTimeout

from tests.e2e.helpers import wait_idle
from tests.e2e.server import ARTIFACTS, block_internet
from tests.e2e.test_login_cookie import PASSWORD, logged_in, nav, planner_app, wait_cookie

__all__ = ["planner_app"]  # the server fixture, shared with the cookie tests' module

PLAN_V1 = "start=2026-05-12&days=2&lodging=pingyao-gucheng&gw=dayun&group=40"
PLAN_V2 = "start=2026-05-12&days=3&lodging=pingyao-gucheng&gw=dayun&group=40"
NAME = "晋商两日游"


def log_in(page, url: str) -> None:  # noqa: ANN001
    page.goto(f"{url}/login")
    wait_idle(page)
    page.get_by_label("用户名").fill("pat")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    wait_idle(page)
    nav(page).get_by_text("已存行程").wait_for()


def itinerary_text(page) -> list[str]:  # noqa: ANN001
    """Every day tab's label and timeline, as shown."""
    tabs = page.get_by_role("tab").filter(has_text=re.compile(r"^第\d+天"))
    tabs.first.wait_for(timeout=90_000)
    out = []
    for i in range(tabs.count()):
        tabs.nth(i).click()
        panel = page.get_by_role("tabpanel").filter(visible=True).first
        out.append(tabs.nth(i).inner_text() + "\n" + panel.locator("table").inner_text())
    return out


def plan_from_link(page, url: str, query: str) -> list[str]:  # noqa: ANN001
    page.goto(f"{url}/plan?{query}")
    wait_idle(page, timeout=120_000)
    return itinerary_text(page)


def save_as(page, name: str) -> str:  # noqa: ANN001
    nav(page).get_by_text("已存行程").click()
    wait_idle(page)
    page.get_by_label("行程名称").fill(name)
    page.get_by_role("button", name="保存", exact=True).click()
    wait_idle(page)
    return page.get_by_text(re.compile("已保存：")).inner_text()


def test_save_twice_logout_login_reopen_version_1(planner_app, browser) -> None:
    url, _ = planner_app
    context = browser.new_context(viewport={"width": 1500, "height": 1200}, locale="zh-CN")
    page = context.new_page()
    block_internet(page)
    page.goto(url)
    wait_idle(page)
    log_in(page, url)
    wait_cookie(page, context)
    page.reload()
    assert logged_in(page), "a reload logged the planner out"

    first = plan_from_link(page, url, PLAN_V1)
    assert [f.split("\n")[0] for f in first] == ["第1天 2026-05-12", "第2天 2026-05-13"]
    assert "版本 1" in save_as(page, NAME)
    second = plan_from_link(page, url, PLAN_V2)
    assert len(second) == 3
    assert "版本 2" in save_as(page, NAME)

    page.goto(f"{url}/login")
    wait_idle(page)
    page.get_by_text("当前用户：pat").wait_for()
    page.get_by_role("button", name="退出登录").click()
    page.get_by_role("button", name="登录", exact=True).wait_for()
    assert not logged_in(page)
    log_in(page, url)
    nav(page).get_by_text("已存行程").click()
    wait_idle(page)
    plan = page.get_by_test_id("stExpander").filter(has_text=NAME)
    assert "版本 2" in plan.locator("summary").inner_text()
    plan.locator("summary").click()
    plan.get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name=re.compile(r"^版本 1 · ")).click()
    # the pick reruns the page: wait for that run to start and end, so the click below lands on
    # the rerun's button (a click on the one being replaced can be lost under load: a full CI
    # run timed out here once, waiting for the planner's URL). The rerun may be over before
    # this looks; then there is nothing to wait for.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_selector("[data-test-script-state='running']", timeout=3_000)
    wait_idle(page)
    plan.get_by_role("button", name="在行程规划中打开").click()
    wait_idle(page, timeout=120_000)
    page.wait_for_url(re.compile(r"/plan\?"))
    reopened = itinerary_text(page)
    page.screenshot(path=str(ARTIFACTS / "saved-plan-reopened-v1.png"), full_page=True)
    assert reopened == first, "version 1 reopened differs from what was saved"
    assert "days=2" in page.url
    context.close()


def test_group_size_out_of_range_is_a_message_and_plans_nothing(planner_app, page) -> None:
    url, _ = planner_app
    block_internet(page)
    page.goto(f"{url}/plan")
    wait_idle(page)
    box = page.get_by_label("人数")
    box.fill("99999")
    box.press("Enter")
    wait_idle(page)
    page.get_by_role("button", name="生成行程").click()
    wait_idle(page)
    error = page.get_by_test_id("stAlert").filter(has_text="人数")
    error.wait_for()
    assert "1 到 200" in error.inner_text() and "未生成行程" in error.inner_text()
    assert page.get_by_role("tab").filter(has_text=re.compile(r"^第\d+天")).count() == 0
    assert box.input_value() == "99999"
    page.screenshot(path=str(ARTIFACTS / "plan-group-out-of-range.png"), full_page=True)
