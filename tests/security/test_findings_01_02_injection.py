"""Findings 1 and 2: hostile text in every text field and link parameter stays text everywhere.

Old main: a share link's lodging point name rendered a live link and fetched an image in the plan
timeline (``st.table`` is Markdown) and was a live ``=HYPERLINK`` in the Excel export; an officer's
name ``![p](http://…)`` was fetched by every visitor on the neighbouring site cards
(``st.page_link`` labels are Markdown); catalogue CSV exports wrote formulas as they were.

Here every text field of a site is hostile; every page is opened in both languages (AppTest) and
every Markdown-bearing element is checked for live link, image or HTML syntax; the plan and
catalogue exports are checked cell by cell. test_browser_injection.py does the same in Chromium.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from openpyxl import load_workbook
from streamlit.testing.v1 import AppTest

from catalog import editing
from catalog.report import to_csv as catalogue_csv
from catalog.repository import Catalog
from catalog.safetext import FORMULA_TRIGGERS
from routing.exports import build_sheet
from routing.exports.files import to_csv, to_xlsx
from tests.catalog.edit_support import actor, editable_copy, open_conn

ROOT = Path(__file__).resolve().parents[2]
APP = str(ROOT / "app.py")
SITE = "pingyao-shuanglinsi"
EVIL = "http://evil.example"
HOSTILE = {
    "name_zh": f"双林寺![t]({EVIL}/x.png)",
    "name_en": f'=HYPERLINK("{EVIL}","Shuanglin") [buy]({EVIL}/buy)',
    "township": "=cmd|' /C calc'!A0",
    "village": "<img src=x onerror=alert(1)>",
    "address": f"@SUM(1+1) **bold** [官方购票]({EVIL}/buy)",
    "coord_source": f"![p]({EVIL}/name.png)",
    "note": f"+1+1 <script>alert(2)</script> [n]({EVIL})",
}
LODGING = f"pt:37.2,112.18,[官方购票]({EVIL}/buy) ![t]({EVIL}/x.png)"
LIVE = [
    re.compile(r"(?<!\\)\]\(\s*<?http://evil"),  # a link to the data's target (our sources link)
    re.compile(r"(?<!\\)!\[(?!\s)"),            # an image
    re.compile(r"(?<!\\)<(img|script|iframe)"),  # raw HTML
    re.compile(r"(?<!\\)\*\*bold"),             # emphasis from the data
]


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = editable_copy(tmp_path_factory.mktemp("hostile"), real=True)
    conn = open_conn(path)
    current = editing.site_state(conn, SITE)
    designations = [{**d, "batch": "=1+1", "official_name": f"[x]({EVIL})",
                     "source": f"![s]({EVIL}/s.png)"} for d in current["designations"]]
    editing.update_site(conn, actor("olga"), SITE, 1, {**HOSTILE, "designations": designations})
    conn.close()
    return path


def texts(at: AppTest) -> list[str]:
    """Every string the page hands to Streamlit's Markdown renderer."""
    out: list[str] = []
    for kind in ("markdown", "caption", "error", "warning", "info", "success", "title",
                 "subheader", "header", "text"):
        out += [str(e.value) for e in getattr(at, kind)]
    out += [e.proto.label for e in at.get("page_link")]
    out += [e.label for e in at.expander] + [e.label for e in at.tabs]
    for table in at.table:
        frame = table.value
        out += [str(v) for v in frame.to_numpy().ravel()] + [str(i) for i in frame.index]
    return out


def assert_inert(at: AppTest, where: str) -> None:
    assert not at.exception, (where, [e.value for e in at.exception])
    for text in texts(at):
        for pattern in LIVE:
            match = pattern.search(text)
            assert not match, (where, pattern.pattern, text[max(0, match.start() - 60):][:160])


PAGES = [
    ("home", {}), ("map", {}), ("catalogue", {}), ("site", {"site": SITE}),
    ("site", {"site": "pingyao-gucheng"}),  # 双林寺 is among its nearby sites
    ("greenways", {"greenway": "dayun"}),
    ("site", {"site": f"[x]({EVIL})"}), ("greenways", {"greenway": f"![g]({EVIL}/g.png)"}),
    ("plan", {"start": "2026-05-12", "days": "1", "lodging": LODGING, "must": SITE}),
    ("plan", {"start": "2026-05-12", "days": "1", "lodging": "pingyao-gucheng",
              "must": f"[m]({EVIL})", "gw": f"![g]({EVIL}/g.png)"}),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("page", "query"), PAGES,
                         ids=[f"{p}-{'-'.join(q.values())[:30]}" for p, q in PAGES])
def test_every_page_shows_hostile_text_as_text(hostile_db, monkeypatch, page, query,
                                               lang) -> None:
    monkeypatch.setenv("JZ_DB", str(hostile_db))
    at = AppTest.from_file(APP, default_timeout=180)
    at.session_state["lang"] = lang
    at.run()
    for key, value in query.items():
        at.query_params[key] = value
    if page == "plan":  # the dropped-site and value tables are drawn once opened
        at.session_state["plan_dropped_open"] = at.session_state["plan_why_open"] = True
    at.switch_page(f"pages/{page}.py").run()
    assert_inert(at, f"{page} {query} {lang}")
    if page == "plan" and query["lodging"] == LODGING:
        result = at.session_state["plan_result"]
        shown = "\n".join(texts(at))
        assert "官方购票" in shown and SITE in {v.site_id for d in result.itinerary.days
                                             for v in d.visits}
        check_plan_exports(result, lang)


def formula_like(value: object) -> bool:
    text = str(value).lstrip(" \u3000\u00a0")
    return bool(text) and text[0] in FORMULA_TRIGGERS


def check_plan_exports(result, lang: str) -> None:
    sheet = build_sheet(result.itinerary, result.sites, lang)  # what the plan page exports
    rows = list(csv.reader(io.StringIO(to_csv(sheet).decode("utf-8-sig"))))
    assert not [c for row in rows for c in row if formula_like(c)]
    assert any(c.startswith("'=HYPERLINK") for row in rows for c in row) or lang == "zh"
    book = load_workbook(io.BytesIO(to_xlsx(sheet)))
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for c in row:
                assert c.data_type != "f", (sheet.title, c.coordinate, c.value)
                assert not (isinstance(c.value, str) and formula_like(c.value)), c.value


def test_catalogue_csv_export_neutralises_formulas(hostile_db) -> None:
    with Catalog(hostile_db, readonly=True) as cat:
        text = catalogue_csv(cat.sites())
    cells = [c for row in csv.reader(io.StringIO(text)) for c in row]
    assert not [c for c in cells if formula_like(c)]
    assert "'=cmd|' /C calc'!A0" in cells and "'@SUM(1+1) **bold** [官方购票](" \
        f"{EVIL}/buy)" in cells
