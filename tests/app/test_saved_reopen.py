"""A saved plan reopens in the planner with its hand edits (a moved visit, an own stop), its pins
and the itinerary itself, not a new solve (AppTest, a private catalogue copy with accounts)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from catalog.repository import Catalog
from catalog.safetext import md
from tests.catalog.edit_support import PASSWORD, editable_copy
from ui.display import site_name

APP = str(Path(__file__).resolve().parents[2] / "app.py")
LINK = {"start": "2026-05-12", "days": "2", "lodging": "pingyao-gucheng", "gw": "dayun"}


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = editable_copy(tmp_path, real=True)
    monkeypatch.setenv("JZ_DB", str(path))
    return path


def ok(at: AppTest) -> AppTest:
    assert not at.exception, [e.value for e in at.exception]
    return at


def planned_as_pat() -> AppTest:
    """The app with the planner pat logged in and the 2-day plan of ``LINK`` shown."""
    at = AppTest.from_file(APP, default_timeout=120)
    at.run()
    at.switch_page("pages/login.py").run()
    at.text_input(key="login_name").input("pat")
    at.text_input(key="login_password").input(PASSWORD)
    ok(at.button[0].click().run())
    for key, value in LINK.items():
        at.query_params[key] = value
    return ok(at.switch_page("pages/plan.py").run())


def test_a_hand_edited_plan_reopens_as_saved(db) -> None:
    at = planned_as_pat()
    first = at.session_state["plan_result"].itinerary
    moved = first.days[0].visits[0].site_id
    at.selectbox(key="edit_stop").set_value(moved)
    at.selectbox(key="edit_day").set_value(2)
    at.number_input(key="edit_pos").set_value(1)
    ok(at.button(key="edit_move").click().run())
    at.text_input(key="edit_cs_name").set_value("晋菜馆")
    at.number_input(key="edit_cs_lat").set_value(37.205)
    at.number_input(key="edit_cs_lon").set_value(112.18)
    at.number_input(key="edit_cs_min").set_value(45)
    at.selectbox(key="edit_cs_day").set_value(1)
    ok(at.button(key="edit_add").click().run())
    edited = at.session_state["plan_result"]
    assert edited.request.layout is not None and edited.request.custom_stops

    ok(at.switch_page("pages/saved_plans.py").run())
    at.text_input(key="save_plan_name").input("手改的两日")
    ok(at.button[0].click().run())
    assert any("版本 1" in s.value for s in at.success)

    # another plan replaces it in the session, then version 1 is reopened
    for key in list(at.query_params):
        del at.query_params[key]
    for key, value in {**LINK, "days": "3"}.items():
        at.query_params[key] = value
    ok(at.switch_page("pages/plan.py").run())
    assert len(at.session_state["plan_result"].itinerary.days) == 3
    ok(at.switch_page("pages/saved_plans.py").run())
    opener = next(b for b in at.button if (b.key or "").startswith("open_"))
    ok(opener.click().run())
    back = at.session_state["plan_result"]
    assert back.itinerary == edited.itinerary  # the same days, visits and times: not re-solved
    assert back.request.layout == edited.request.layout
    assert back.request.custom_stops == edited.request.custom_stops
    assert moved == back.itinerary.days[1].visits[0].site_id
    assert any(v.custom and v.name == "晋菜馆" for v in back.itinerary.days[0].visits)
    tabs = [t.label for t in at.tabs if t.label.startswith("第")]
    assert tabs == ["第1天 2026-05-12", "第2天 2026-05-13"]


def test_a_plan_saved_in_chinese_lists_english_names_on_the_english_ui(db) -> None:
    at = planned_as_pat()
    planned = [v.site_id for d in at.session_state["plan_result"].itinerary.days for v in d.visits]
    ok(at.switch_page("pages/saved_plans.py").run())
    at.text_input(key="save_plan_name").input("两日")
    ok(at.button[0].click().run())

    at.selectbox(key="lang").set_value("en").run()
    ok(at)
    listed = " ".join(" ".join(map(str, t.value.iloc[:, -1])) for t in at.table)
    with Catalog(db, readonly=True) as cat:
        english = [site_name(s, "en") for s in cat.get_many(planned)]
    assert english and all(md(n) in listed for n in english), (english, listed)
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in listed), listed
