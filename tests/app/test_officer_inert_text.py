"""HTML and script typed by an officer are shown as text everywhere: map tooltips, the site card.

Stored verbatim (tests/catalog/test_edit.py); here the display side: the folium map's HTML and
the site card's markdown carry the text escaped, never as live tags.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from catalog import editing
from catalog.repository import Catalog
from catalog.safetext import html, md
from tests.catalog.edit_support import actor, editable_copy, open_conn
from ui.basemap import NO_TILES
from ui.maps import site_map

APP = str(Path(__file__).resolve().parents[2] / "app.py")
SITE = "pingyao-shuanglinsi"
HOSTILE = {
    "name_zh": "双林寺<img src=x onerror=alert(1)>",
    "name_en": "<script>alert('en')</script>",
    "address": "<b>bold</b> [link](javascript:alert(3)) **strong**",
    "coord_source": "<iframe src=//evil>",
}


@pytest.fixture
def hostile_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = editable_copy(tmp_path, real=True)
    conn = open_conn(path)
    editing.update_site(conn, actor("olga"), SITE, 1, HOSTILE)
    conn.close()
    monkeypatch.setenv("JZ_DB", str(path))
    return path


def test_map_tooltips_escape_site_names(hostile_db):
    with Catalog(hostile_db, readonly=True) as cat:
        site = cat.site(SITE)
    for lang in ("zh", "en"):
        fmap, _ = site_map([site], NO_TILES, lang, cluster=False)
        page = fmap.get_root().render()
        assert "<img src=x" not in page and "<script>alert('en')" not in page
        # the escaped label is in the page, as HTML or inside the markers' JSON data array
        assert re.search(r"(&|\\u0026)(lt|#60);(img src=x|script)", page)


def test_site_card_shows_the_text_not_the_tags(hostile_db):
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.query_params["site"] = SITE
    at.switch_page("pages/site.py").run()
    assert not at.exception, [e.value for e in at.exception]
    shown = "\n".join(m.value for m in at.markdown)
    # every "<" of officers' text is either an entity or backslash-escaped markdown (literal)
    live = re.search(r"(?<!\\)<(img|iframe|b>|script)", shown)
    assert not live, shown[max(0, live.start() - 80) : live.end() + 40]
    assert html(HOSTILE["name_zh"]) in shown  # as character references: literal text
    assert md(HOSTILE["address"]) in shown


def test_md_leaves_no_active_markdown_or_html():
    escaped = md("<b>x</b> [a](javascript:1) **y** `z`")
    for raw in ("<b>", "[a]", "](", "**", "`z`"):
        assert raw not in escaped
