"""Finding 12: a fresh server's first deep link shows a visitor no officer page, data or name.

With the page files in a top-level ``pages/`` folder, Streamlit 1.67 runs a fresh server's first
deep link to a page *file* (``/history``, ``/officer_edit``…) without ``app.py``'s router, and its
automatic sidebar menu lists every page file's name (PITFALLS b). On the old main such a link
rendered the officer page with its data; with only the lead's guard it still listed ``officer
edit``, ``admin users``… in the sidebar. Now each page guards itself and the menu is our own.

Each path gets its own freshly started server (the bug needs the server's *first* request).
"""

from __future__ import annotations

import pytest

from tests.e2e.helpers import wait_idle
from tests.e2e.server import block_internet, chromium_path, streamlit_server
from ui.i18n import t

pytestmark = [pytest.mark.browser,
              pytest.mark.skipif(not chromium_path(), reason="Debian chromium is not installed")]

# the issue's five, then the page files' own names (which is what Streamlit's v1 mode serves)
PATHS = ["/edit", "/history", "/import", "/users", "/saved",
         "/officer_edit", "/officer_import", "/admin_users", "/saved_plans"]
OFFICER_TITLES = [t(k, lang) for k in ("page_officer_edit", "page_history", "page_officer_import",
                                       "page_admin_users", "page_saved_plans")
                  for lang in ("zh", "en")]
FILE_NAMES = ["officer_edit", "officer edit", "officer_import", "officer import", "admin_users",
              "admin users", "saved_plans", "saved plans", "history"]


@pytest.mark.parametrize("path", PATHS)
def test_first_deep_link_shows_no_officer_page(browser, path: str) -> None:
    with streamlit_server() as url:
        page = browser.new_page()
        block_internet(page)
        page.set_default_timeout(30_000)
        page.goto(url + path)
        wait_idle(page)
        sidebar = page.locator("[data-testid='stSidebar']")
        sidebar.get_by_text("语言 / Language").wait_for()
        page.wait_for_timeout(1000)  # a late element would show here
        body = page.locator("body").inner_text()
        # our menu, with the visitor's pages under their titles
        assert sidebar.get_by_role("link", name="行程规划").count() == 1
        links = sidebar.locator("a").evaluate_all("as => as.map(a => a.textContent)")
        for title in OFFICER_TITLES:
            assert title not in body, (path, title)
        for name in FILE_NAMES:  # (a visitor's menu icons are home, map, table… ligatures)
            assert not any(name in (text or "").lower() for text in links), (path, links)
        hrefs = sidebar.locator("a").evaluate_all("as => as.map(a => a.getAttribute('href'))")
        for bad in ("officer", "admin", "history", "import", "users", "saved", "edit"):
            assert not any(bad in (h or "") for h in hrefs), (path, hrefs)
        # no officer data: no form, table, file uploader or version line
        main = page.locator("[data-testid='stMain']")
        for testid in ("stForm", "stDataFrame", "stFileUploader", "stTable"):
            if path in ("/edit", "/import", "/users", "/saved"):  # served by the router: home
                continue
            assert main.locator(f"[data-testid='{testid}']").count() == 0, (path, testid)
        assert "v1" not in main.inner_text() and "password" not in body.lower()
        page.close()
