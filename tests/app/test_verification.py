"""AppTest: the verification queue (核查清单) lists estimated facts; an officer fixes hours in it.

On a copy of the real catalogue: the queue's first hours row is an estimated site; the officer
types real hours with a source and saves; the card stops marking the hours 估计值; the history
page shows the readable change; a visitor cannot open the queue.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from catalog import editing, verification
from catalog.repository import Catalog
from catalog.safetext import md
from tests.app.test_officer_pages import assert_guarded, logged_in, no_exception
from tests.catalog.edit_support import editable_copy, open_conn
from ui.display import site_name


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = editable_copy(tmp_path, real=True)
    monkeypatch.setenv("JZ_DB", str(path))
    return path


def test_a_visitor_cannot_open_the_queue(db):
    at = logged_in(None)
    assert_guarded(at, "verification")
    at = logged_in("pat")  # a planner neither
    assert_guarded(at, "verification")


def test_an_officer_fixes_hours_in_the_queue(db):
    conn = open_conn(db)
    first = next(i for i in verification.queue(conn) if i.fact == "hours")
    conn.close()
    at = logged_in("olga")
    at.switch_page("pages/verification.py").run()
    no_exception(at)
    assert at.title[0].value == "核查清单"
    base = f"q_hours_{first.site_id}_{first.version}"
    assert any(first.name_zh in m.value for m in at.markdown)
    old_open = first.current.split(" ")[1].split("-")[0]  # e.g. 09:00 of the first season
    new_line = first.current.replace(f" {old_open}-", " 08:30-", 1)
    at.text_input(key=f"{base}_value").input(new_line)
    at.text_input(key=f"{base}_source").input("景区公告 2026-11-20")
    at.button[0].click().run()
    no_exception(at)
    assert [s.value for s in at.success] == ["已保存 1 行"], [e.value for e in at.error]

    conn = open_conn(db)
    state = editing.site_state(conn, first.site_id)
    conn.close()
    assert state["hours"]["estimated"] is False
    assert state["hours"]["source"] == "景区公告 2026-11-20"

    at.query_params["site"] = first.site_id
    at.switch_page("pages/site.py").run()
    no_exception(at)
    hours_md = [m.value for m in at.markdown if m.value.startswith("**开放时间**")]
    assert hours_md and "估计值" not in hours_md[0].split("\n")[0]

    at.switch_page("pages/history.py").run()
    no_exception(at)
    at.selectbox(key="hist_site").select(first.site_id).run()
    season = "4–10月" if first.current.startswith("04-01..10-31") else first.current[:12]
    shown = [m.value.replace("\\", "") for m in at.markdown]  # history text is safetext.md-escaped
    assert any(f"{season} 开放 {old_open} → 08:30" in text for text in shown), shown


def test_a_bad_row_is_refused_with_its_reason_and_others_save(db):
    conn = open_conn(db)
    rows = [i for i in verification.queue(conn) if i.fact == "ticket"][:2]
    conn.close()
    at = logged_in("olga")
    at.switch_page("pages/verification.py").run()
    at.segmented_control(key="q_fact").set_value("ticket").run()
    no_exception(at)
    at.text_input(key=f"q_ticket_{rows[0].site_id}_{rows[0].version}_value").input("30")
    at.text_input(key=f"q_ticket_{rows[1].site_id}_{rows[1].version}_value").input("很多")
    at.button[0].click().run()
    no_exception(at)
    assert [s.value for s in at.success] == ["已保存 1 行"]
    assert any("不是数字" in e.value for e in at.error), [e.value for e in at.error]


def test_an_officer_edits_an_intangible_item_and_reverts_it(db):
    at = logged_in("olga")
    at.switch_page("pages/officer_records.py").run()
    no_exception(at)
    item = "ich-heshun-niulangzhinv"
    conn = open_conn(db)
    seed_batch = conn.execute("SELECT batch FROM intangible WHERE id = ?", [item]).fetchone()[0]
    conn.close()
    at.selectbox(key="rec_item").select(item).run()
    at.text_input(key=f"ri_b_{item}:1").input("9")
    at.button[0].click().run()  # the item form's save
    no_exception(at)
    assert [s.value for s in at.success] == ["已保存：版本 2"]
    # the site history's table: text unquoted, the action and headings in the user's language
    table = at.dataframe[0]  # (the second is the greenway tab's stop editor)
    (row,) = table.value.to_dict("records")
    assert (row["field"], row["before"], row["after"], row["action"]) == (
        "batch", seed_batch, "9", "修改")
    assert json.loads(table.proto.columns)["after"]["label"] == "修改后"
    at.selectbox(key=f"rec_revert_v_intangible_{item}").select(1)
    at.button(key=f"rec_revert_intangible_{item}").click().run()
    no_exception(at)
    assert [s.value for s in at.success] == ["已恢复到版本 1（新版本 3）"]
    conn = open_conn(db)
    assert conn.execute("SELECT batch, version FROM intangible WHERE id = ?",
                        [item]).fetchone()[:] == (seed_batch, 3)
    conn.close()


def test_the_officer_pages_speak_english(db):
    at = logged_in("olga")
    at.session_state["lang"] = "en"
    at.switch_page("pages/verification.py").run()
    no_exception(at)
    assert at.title[0].value == "Verification queue"
    assert any(c.value.startswith("Facts the catalogue does not know") for c in at.caption)
    assert [b.label for b in at.button][-1:] == ["Save the rows filled in"]
    # rows name the site in English with its Chinese name (the sources'), the county in English
    conn = open_conn(db)
    first = next(i for i in verification.queue(conn) if i.fact == "hours")
    county = conn.execute("SELECT name_en FROM counties WHERE name_zh = ?",
                          [first.county_zh]).fetchone()[0]
    conn.close()
    with Catalog(db, readonly=True) as cat:
        english = site_name(cat.site(first.site_id), "en")  # the English name, else pinyin
    assert english and county and english != first.name_zh
    assert any(md(f"{english} ({first.name_zh}) · {county}") == m.value for m in at.markdown), [
        m.value for m in at.markdown][:8]
    at.session_state["lang"] = "en"
    at.switch_page("pages/officer_records.py").run()
    no_exception(at)
    assert at.title[0].value == "ICH items & greenways"
    assert at.selectbox(key="rec_item").label == "Choose an item"
