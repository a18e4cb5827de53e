"""AppTest: a masked site's exact point is in nothing the server sends a visitor's pages.

Every element of the site card, the map (the folium HTML inside the component) and the
catalogue page is serialised and searched for the exact point's digits; the officer's edit page
still shows it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from google.protobuf import text_format

from catalog import editing
from tests.app.conftest import no_exception, open_page
from tests.app.test_officer_pages import logged_in
from tests.catalog.edit_support import actor, editable_copy, open_conn
from tests.catalog.test_masking import EXACT, SITE, assert_hidden


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = editable_copy(tmp_path, real=True)
    conn = open_conn(path)
    state = editing.site_state(conn, SITE)
    editing.update_site(conn, actor("olga"), SITE, state["version"], {
        "lat": EXACT[0], "lon": EXACT[1], "public_precision": "township"})
    conn.close()
    monkeypatch.setenv("JZ_DB", str(path))
    return path


def page_source(at) -> str:  # noqa: ANN001 - AppTest
    """Everything the script sent: each element's protobuf as text (component args included)."""
    out = []

    def walk(node) -> None:  # noqa: ANN001
        proto = getattr(node, "proto", None)
        if proto is not None:
            out.append(text_format.MessageToString(proto, as_utf8=True))
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)
    return "\n".join(out)


@pytest.mark.parametrize("page,query", [("site", {"site": SITE}), ("map", {"site": SITE}),
                                        ("catalogue", {"q": "慈相寺"})])
def test_visitor_pages_never_carry_the_exact_point(db, page, query):
    at = open_page(page, query)
    no_exception(at)
    source = page_source(at)
    # the site is there (at its public point); folium writes names as JSON \u escapes
    assert any(s in source for s in ("慈相寺", "\\u6148\\u76f8\\u5bfa", SITE)), page
    assert_hidden(source, f"{page} page")


def test_the_officer_edit_page_shows_the_exact_point(db):
    at = logged_in("olga")
    at.switch_page("pages/officer_edit.py").run()
    at.selectbox(key="edit_site").select(SITE).run()
    no_exception(at)
    assert f"{EXACT[0]:.6f}" in page_source(at)
