"""Every visitor page in both languages, in Debian chromium: no text of the other language
outside proper names (``tests/e2e/langcheck.py``), Streamlit's own words included where
Streamlit lets them be set (placeholders, the multiselect's "Select all"/"Select N matches")."""

from __future__ import annotations

import pytest

from catalog.paths import DEFAULT_DB
from catalog.repository import Catalog
from tests.e2e.helpers import wait_idle
from tests.e2e.langcheck import PAGE_TEXT_JS, foreign_text, proper_names

PATHS = ("",  # home is the default page, at / (/home is not a route once the router ran)
         "map", "catalogue", "site?site=pingyao-gucheng",
         "site?site=lingshi-wangjiadayuan", "greenways", "greenways?greenway=hongse-taihang",
         "plan?gw=dayun&days=2&lodging=pingyao-gucheng", "login")


@pytest.fixture(scope="module")
def names() -> tuple[set[str], set[str]]:
    with Catalog(DEFAULT_DB, readonly=True) as cat:
        return proper_names(cat)


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_every_page_is_in_one_language(app_url, offline_page, names, lang) -> None:
    page = offline_page
    findings = []
    for path in PATHS:
        page.goto(f"{app_url}/{path}{'&' if '?' in path else '?'}lang={lang}")
        wait_idle(page)
        if path.startswith("plan"):
            page.get_by_role("button", name="生成行程" if lang == "zh" else "Plan",
                             exact=True).click()
            wait_idle(page)
        if path == "map":  # a filter's drop-down list, typed into as a visitor does
            page.get_by_role("button", name="筛选" if lang == "zh" else "Filters").click()
            box = page.get_by_test_id("stMultiSelect").first
            box.click()
            page.keyboard.type("历史" if lang == "zh" else "Hist")
            page.wait_for_timeout(300)
        findings += foreign_text(path, page.evaluate(PAGE_TEXT_JS), lang, *names)
        page.keyboard.press("Escape")
    assert not findings, (f"{len(findings)} fragments in the wrong language on the {lang} UI "
                          "(page: fragment in …context…):\n" + "\n".join(map(str, findings)))


def test_a_typed_filter_adds_one_entry_not_every_match(app_url, offline_page) -> None:
    """Typing 乔家 and taking the first entry added 乔家堡村 and 乔家大院 both ("Select 2
    matches" was the first entry); now the first entry is the first match."""
    page = offline_page
    page.goto(f"{app_url}/map")
    wait_idle(page)
    page.get_by_role("button", name="筛选").click()
    box = page.get_by_test_id("stMultiSelect").first
    box.click()
    page.keyboard.type("历史文化名")
    page.wait_for_timeout(300)
    options = page.get_by_role("option").all_inner_texts()
    assert options and not any(o.startswith("Select") for o in options), options
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_idle(page)
    chosen = box.inner_text()
    assert "历史文化名城" in chosen and "历史文化名镇" not in chosen, chosen
