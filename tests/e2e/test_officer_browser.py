"""Officer flow in Debian chromium, network cut: log in, move a site's point on the map, save,
see it in history, revert; a visitor never sees the edit pages.

Runs its own server on a private copy of the catalogue with test accounts ($JZ_DB), so the
committed data/heritage.db is never edited.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest

from catalog import editing, history
from tests.catalog.edit_support import PASSWORD, actor, open_conn
from tests.e2e.helpers import FOLIUM_IFRAME, map_frame, wait_idle
from tests.e2e.server import server_on_copy

SITE = "pingyao-shuanglinsi"
NAME = "双林寺"
EDIT_LABELS = ("编辑遗产地", "修改历史", "批量导入", "用户管理")


@pytest.fixture(scope="module")
def officer_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    with server_on_copy(tmp_path_factory.mktemp("officer-e2e")) as served:
        yield served


def nav(page):  # noqa: ANN001
    """The app's own page menu (ui.guard.menu: page links in the sidebar)."""
    return page.get_by_test_id("stSidebar")


def log_in(page, url: str, name: str) -> None:  # noqa: ANN001
    page.goto(f"{url}/login")
    wait_idle(page)
    page.get_by_label("用户名").fill(name)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    wait_idle(page)
    nav(page).get_by_text("编辑遗产地").wait_for()


def choose_site(page) -> None:  # noqa: ANN001
    """Pick the site in the page's 选择遗产地 select box (type to filter, Enter)."""
    box = page.get_by_test_id("stSelectbox").filter(has_text="选择遗产地")
    box.wait_for()
    for _ in range(3):
        box.locator("input").click()
        box.locator("input").fill(NAME)
        page.get_by_role("option", name=re.compile(f"{NAME} · {SITE}")).click()
        wait_idle(page)
        if box.locator("input").input_value() == f"{NAME} · {SITE}":
            return
    raise AssertionError("could not select the site")


def point_shown(page) -> tuple[float, float]:  # noqa: ANN001
    text = page.get_by_text(re.compile("将保存的位置")).inner_text()
    lat, lon = re.search(r"([\d.]+), ([\d.]+)", text).groups()
    return float(lat), float(lon)


def test_a_visitor_never_sees_the_edit_pages(officer_app, offline_page) -> None:
    url, _ = officer_app
    page = offline_page
    page.goto(url)
    wait_idle(page)
    links = nav(page).inner_text()
    assert "登录" in links
    assert not any(label in links for label in EDIT_LABELS)
    page.goto(f"{url}/edit")  # a bookmarked officer page: its guard says to log in
    wait_idle(page)
    page.get_by_text("此页只对登录的工作人员开放，请先登录。").wait_for()
    assert not page.get_by_text("将保存的位置").count()
    assert not page.get_by_text("Page not found").count()
    assert not any(label in nav(page).inner_text() for label in EDIT_LABELS)


def test_officer_moves_a_point_saves_sees_history_and_reverts(officer_app, offline_page, shot):
    url, db = officer_app
    conn = open_conn(db)
    original = editing.site_state(conn, SITE)
    page = offline_page
    log_in(page, url, "olga")
    nav(page).get_by_text("编辑遗产地").click()  # client-side: the session (login) is kept
    wait_idle(page)

    choose_site(page)
    page.get_by_text(f"将保存的位置：{original['lat']:.6f}, {original['lon']:.6f}").wait_for()

    frame = map_frame(page)
    frame.wait_for_selector("path.edit-point", state="attached")
    box = page.locator(FOLIUM_IFRAME).first.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2 + 80, box["y"] + box["height"] / 2 + 50)
    page.wait_for_function(
        "(lat) => ![...document.querySelectorAll('p')].some(p => p.innerText.includes(lat))",
        arg=f"{original['lat']:.6f}", timeout=30_000)
    wait_idle(page)
    lat, lon = point_shown(page)
    assert lat < original["lat"] and lon > original["lon"]  # clicked below and right of centre
    shot(page, "moved")

    page.get_by_role("button", name="保存").click()
    wait_idle(page)
    page.get_by_text("已保存：版本 2").wait_for()
    saved = editing.site_state(conn, SITE)
    assert (saved["lat"], saved["lon"], saved["version"], saved["updated_by"]) == (
        lat, lon, 2, "olga")
    assert saved["coord_precision"] == "site"
    assert saved["coord_source"].startswith("map click by olga")

    nav(page).get_by_text("修改历史").click()
    wait_idle(page)
    choose_site(page)
    page.get_by_text(re.compile("版本 2，最后修改：olga")).wait_for()
    line = page.get_by_text(re.compile(r"v2 · .* · olga · 修改"))
    line.wait_for()
    assert "lat" in line.inner_text() and "lon" in line.inner_text()
    # each field's before/after; the grid's code loads lazily, after the text above is drawn
    page.get_by_test_id("stDataFrame").first.wait_for()
    assert page.get_by_test_id("stDataFrame").count() == 1
    (change,) = history.site_history(conn, actor("olga"), SITE)
    assert set(change.diff) >= {"lat", "lon"}
    shot(page, "history")

    page.get_by_role("button", name="恢复").click()
    wait_idle(page)
    page.get_by_text("已恢复到版本 1（新版本 3）").wait_for()
    reverted = editing.site_state(conn, SITE)
    assert (reverted["lat"], reverted["lon"]) == (original["lat"], original["lon"])
    assert history.site_history(conn, actor("olga"), SITE)[-1].action == "revert"
    conn.close()
    shot(page, "reverted")


def test_officer_uploads_a_file_with_a_bad_row_and_nothing_changes(officer_app, offline_page,
                                                                  tmp_path, shot):
    url, db = officer_app
    conn = open_conn(db)
    before = conn.execute("SELECT count(*), max(version) FROM sites").fetchone()[:]
    page = offline_page
    log_in(page, url, "olga")
    nav(page).get_by_text("批量导入").click()
    wait_idle(page)
    upload = tmp_path / "new_sites.csv"
    upload.write_text(
        "name_zh,county_adcode,lat,lon,coord_precision,kind\n"
        "测试新寺,140728,37.2003,112.1795,site,temple\n"
        "北京某寺,140728,39.9,116.4,site,temple\n",
        encoding="utf-8",
    )
    page.locator("input[type=file]").set_input_files(str(upload))
    page.get_by_text("new_sites.csv").wait_for()
    page.get_by_role("button", name="导入").click()
    wait_idle(page)
    page.get_by_text("未导入任何内容：1 行有问题（共 2 行）").wait_for()
    page.get_by_text(re.compile("第 3 行：lat, lon：.*不在晋中市内")).wait_for()  # in Chinese
    shot(page)
    assert conn.execute("SELECT count(*), max(version) FROM sites").fetchone()[:] == before
    conn.close()
