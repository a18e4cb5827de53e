"""Logins survive a reload (Debian chromium, network cut): the signed HttpOnly session cookie keeps
a planner logged in across reloads and share links, logout ends it on the server, and a captured
cookie replayed after logout gets nothing.

Runs its own server on a private copy of the catalogue with test accounts ($JZ_DB).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from catalog import login_sessions as ls
from tests.catalog.edit_support import PASSWORD

__all__ = ["PASSWORD", "planner_app"]
from tests.e2e.helpers import wait_idle
from tests.e2e.server import block_internet, server_on_copy


@pytest.fixture(scope="module")
def planner_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    with server_on_copy(tmp_path_factory.mktemp("planner-e2e")) as served:
        yield served


def nav(page):  # noqa: ANN001
    return page.get_by_test_id("stSidebar")


def log_in(page, url: str, name: str = "pat") -> None:  # noqa: ANN001
    # A fresh server runs its first deep link without the router (PITFALLS b): open / first.
    page.goto(url)
    wait_idle(page)
    page.goto(f"{url}/login")
    wait_idle(page)
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    wait_idle(page)
    nav(page).get_by_text("已存行程").wait_for()


def session_cookie(context) -> dict | None:  # noqa: ANN001
    return next((c for c in context.cookies() if c["name"] == ls.COOKIE), None)


def wait_cookie(page, context) -> dict:  # noqa: ANN001
    for _ in range(50):
        cookie = session_cookie(context)
        if cookie:
            return cookie
        page.wait_for_timeout(100)
    raise AssertionError("the session cookie was never set")


def logged_in(page) -> bool:  # noqa: ANN001
    wait_idle(page)
    page.wait_for_timeout(300)
    return nav(page).get_by_text("已存行程").count() > 0


def test_login_survives_a_reload_and_a_replayed_cookie_is_refused(planner_app, browser) -> None:
    url, db = planner_app
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    block_internet(page)
    log_in(page, url)
    cookie = wait_cookie(page, context)
    assert cookie["httpOnly"] and cookie["sameSite"] == "Lax" and cookie["path"] == "/"
    assert cookie["expires"] > 0  # expiring, not a session-only cookie
    assert "pat" not in cookie["value"]  # a random token, not the user name
    # the server keeps only the token's hash
    conn = ls.connect(db)
    stored = [tuple(r) for r in conn.execute("SELECT * FROM login_sessions")]
    conn.close()
    assert stored and all(cookie["value"].split(".")[0] not in str(r) for r in stored)

    page.reload()
    assert logged_in(page), "a reload logged the planner out"
    page.goto(f"{url}/plan?days=2&gw=dayun")  # a share link opened in the same browser
    assert logged_in(page)

    captured = dict(cookie)
    page.goto(f"{url}/login")
    wait_idle(page)
    page.get_by_role("button", name="退出登录").click()
    wait_idle(page)
    for _ in range(50):
        if session_cookie(context) is None:
            break
        page.wait_for_timeout(100)
    assert session_cookie(context) is None, "logout left the cookie in the browser"
    page.reload()
    assert not logged_in(page)

    # an attacker who copied the cookie before logout gets nothing
    thief = browser.new_context(locale="zh-CN")
    thief.add_cookies([captured])
    stolen = thief.new_page()
    block_internet(stolen)
    stolen.goto(f"{url}/login")
    assert not logged_in(stolen)
    assert stolen.get_by_role("button", name="登录", exact=True).count() == 1
    thief.close()
    context.close()


def test_a_forged_cookie_is_refused(planner_app, browser) -> None:
    url, _ = planner_app
    context = browser.new_context(locale="zh-CN")
    host = url.split("//")[1].split(":")[0]
    context.add_cookies([{"name": ls.COOKIE, "value": "x" * 43 + ".forged", "domain": host,
                          "path": "/"}])
    page = context.new_page()
    block_internet(page)
    page.goto(f"{url}/login")
    assert not logged_in(page)
    context.close()
