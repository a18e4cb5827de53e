"""Editing sites: versioned writes, conflicts between connections, validation, retire, create."""

from __future__ import annotations

import json
import math
import threading

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog import editing
from catalog.repository import Catalog
from catalog.validation import ValidationFailed
from tests.catalog.edit_support import actor, open_conn

SITE = "pingyao-shuanglinsi"  # 双林寺, 平遥县 140728, national relic unit


def test_an_edit_bumps_the_version_records_the_diff_and_feeds_search(conn, db):
    result = editing.update_site(
        conn, actor("olga"), SITE, 1, {"name_zh": "双林古寺", "ticket_cny": 35, "address": " 平遥县中都乡 "}
    )
    assert result.version == 2
    assert result.diff["name_zh"] == ["双林寺", "双林古寺"]
    assert result.diff["ticket_cny"] == [None, 35.0]
    assert result.diff["address"] == [None, "平遥县中都乡"]
    with Catalog(db, readonly=True) as cat:
        site = cat.site(SITE)
        assert (site.name_zh, site.version, site.updated_by) == ("双林古寺", 2, "olga")
        assert cat.site_ids(text="双林古寺") == [SITE]
        assert cat.site_ids(text="shuanglingusi") == [SITE]  # pinyin recomputed
        assert cat.site_ids(text="中都乡") == [SITE]
    row = conn.execute("SELECT * FROM changes").fetchone()
    assert (row["actor"], row["action"], row["version"]) == ("olga", "update", 2)


def test_saving_the_same_values_records_nothing(conn):
    result = editing.update_site(conn, actor("olga"), SITE, 1, {"name_zh": "双林寺"})
    assert (result.version, result.change_id) == (1, None)
    assert conn.execute("SELECT count(*) FROM changes").fetchone()[0] == 0


def test_stale_version_from_a_second_connection_is_refused_with_who_and_when(db):
    first, second = open_conn(db), open_conn(db)
    seen_by_first = editing.site_state(first, SITE)["version"]
    seen_by_second = editing.site_state(second, SITE)["version"]
    editing.update_site(first, actor("olga"), SITE, seen_by_first, {"name_en": "Shuanglin Temple A"})
    with pytest.raises(editing.EditConflict) as conflict:
        editing.update_site(
            second, actor("oscar"), SITE, seen_by_second, {"name_en": "Shuanglin Temple B"}
        )
    exc = conflict.value
    assert exc.changed_by == "olga" and exc.version == 2 and exc.changed_at
    assert f"changed by olga at {exc.changed_at}" in str(exc)
    assert exc.current["name_en"] == "Shuanglin Temple A"  # the current values, for the form
    assert editing.site_state(second, SITE)["name_en"] == "Shuanglin Temple A"  # not overwritten
    editing.update_site(second, actor("oscar"), SITE, exc.version, {"name_en": "Shuanglin B"})
    first.close(), second.close()


def test_concurrent_saves_of_one_version_commit_exactly_once(db):
    outcomes: list[str] = []
    barrier = threading.Barrier(8)

    def editor(i: int) -> None:
        conn = open_conn(db)
        barrier.wait()
        try:
            editing.update_site(conn, actor("olga"), SITE, 1, {"visit_minutes": 30 + i})
            outcomes.append("committed")
        except editing.EditConflict:
            outcomes.append("conflict")
        except Exception as exc:  # noqa: BLE001 - counted and asserted below
            outcomes.append(f"error {exc!r}")
        finally:
            conn.close()

    threads = [threading.Thread(target=editor, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["committed"] + ["conflict"] * 7


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name_zh": "  "}, "name_zh", "is required"),
        ({"name_zh": None}, "name_zh", "is required"),
        ({"lat": 39.9, "lon": 116.4}, "lat", "outside Jinzhong"),  # Beijing
        ({"lat": 37.0276, "lon": 111.9136}, "lat", "lies in 介休市, not 平遥县"),  # in Jiexiu
        ({"lat": float("nan")}, "lat", "finite"),
        ({"lon": float("inf")}, "lon", "finite"),
        ({"lat": "37.1; DROP TABLE sites"}, "lat", "not a number"),
        ({"kind": "castle"}, "kind", "unknown kind"),
        ({"county_adcode": "110101"}, "county_adcode", "11 county-level"),
        ({"coord_precision": "exact"}, "coord_precision", "must be one of"),
        ({"themes": ["晋商文化", "外星文化"]}, "themes", "unknown theme"),
        ({"visit_minutes": 0}, "visit_minutes", "between 5 and 1440"),
        ({"visit_minutes": 12.5}, "visit_minutes", "whole number"),
        ({"ticket_cny": -1}, "ticket_cny", "between 0 and 10000"),
        ({"name_en": "x" * 1_000_000}, "name_en", "at most 120"),
        ({"note": "长" * 2001}, "note", "at most 2000"),
        ({"name_zh": "双林\x00寺"}, "name_zh", "control characters"),
        ({"name_zh": "双林\ud800寺"}, "name_zh", "not valid Unicode"),
        ({"name_zh": "Ë«ÁÖËÂ\ufffd"}, "name_zh", "wrong encoding"),
        ({"name_zh": 42}, "name_zh", "must be text"),
        ({"hours": {"seasons": [{"start": "01-01", "end": "12-31", "open": "18:00", "close": "08:00"}]}},
         "hours", "not after opening"),
        ({"hours": {"seasons": [{"start": "01-01", "end": "12-31", "open": "25:00", "close": "26:00"}]}},
         "hours", "HH:MM"),
        ({"hours": {"seasons": []}}, "hours", "at least one season"),
        ({"designations": [{"kind": "国宝", "level": "national"}]}, "designations", "unknown kind"),
        ({"designations": [{"kind": "文物保护单位", "level": "galactic"}]}, "designations", "unknown level"),
        ({"designations": [{"kind": "文物保护单位", "level": "world"}]}, "designations", "world"),
        ({"designations": [{"kind": "文物保护单位", "level": "national", "year": 1066}]},
         "designations", "not plausible"),
        ({"designations": [{"kind": "中国传统村落", "level": "national", "batch": "1"}] * 2},
         "designations", "repeats"),
        ({"retired": True}, "retired", "not an editable field"),
        ({"version": 99}, "version", "not an editable field"),
    ],
)
def test_bad_values_are_refused_next_to_their_field_and_nothing_changes(conn, changes, field, message):
    with pytest.raises(ValidationFailed) as failed:
        editing.update_site(conn, actor("olga"), SITE, 1, changes)
    assert field in failed.value.errors, failed.value.errors
    assert message in failed.value.errors[field]
    assert editing.site_state(conn, SITE)["version"] == 1
    assert conn.execute("SELECT count(*) FROM changes").fetchone()[0] == 0


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert('x')</script>",
        "<img src=x onerror=alert(1)>",
        "'); DROP TABLE sites; --",
        "双林寺\" OR 1=1 --",
        "[click](javascript:alert(1))",
    ],
)
def test_html_script_and_sql_are_stored_as_inert_text(conn, db, text):
    editing.update_site(conn, actor("olga"), SITE, 1, {"name_en": text, "note": text})
    state = editing.site_state(conn, SITE)
    assert state["name_en"] == text and state["note"] == text
    assert conn.execute("SELECT count(*) FROM sites").fetchone()[0] == 5  # table intact
    with Catalog(db, readonly=True) as cat:
        assert cat.site(SITE).name_en == text


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=200))
def test_any_text_is_either_refused_cleanly_or_stored_verbatim(conn, text):
    version = editing.site_state(conn, SITE)["version"]
    try:
        editing.update_site(conn, actor("olga"), SITE, version, {"address": text})
    except ValidationFailed as exc:
        assert set(exc.errors) == {"address"}
        return
    stored = editing.site_state(conn, SITE)["address"]
    assert stored == (text.strip() or None)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lat=st.floats(allow_nan=True, allow_infinity=True), lon=st.floats(allow_nan=True, allow_infinity=True))
def test_any_float_pair_is_either_inside_the_county_or_refused(conn, lat, lon):
    version = editing.site_state(conn, SITE)["version"]
    try:
        editing.update_site(conn, actor("olga"), SITE, version, {"lat": lat, "lon": lon})
    except ValidationFailed:
        return
    assert math.isfinite(lat) and math.isfinite(lon)
    assert 36.5 < lat < 38.5 and 111.5 < lon < 114.5  # Jinzhong's rough extent


def test_a_map_click_is_saved_at_six_decimals(conn):
    result = editing.update_site(
        conn, actor("olga"), SITE, 1, {"lat": 37.17123456789, "lon": 112.13198765432}
    )
    state = editing.site_state(conn, SITE)
    assert (state["lat"], state["lon"]) == (37.171235, 112.131988)
    assert result.diff["lat"][1] == 37.171235


def test_designations_are_edited_with_the_site(conn, db):
    current = editing.site_state(conn, SITE)["designations"]
    added = {"kind": "A级景区", "level": "national", "batch": "4A", "year": 2020, "source": "jz-wl"}
    result = editing.update_site(conn, actor("olga"), SITE, 1, {"designations": [*current, added]})
    assert len(result.diff["designations"][1]) == len(current) + 1
    with Catalog(db, readonly=True) as cat:
        assert SITE in cat.site_ids(kinds=["A级景区"])
        assert {d.kind for d in cat.site(SITE).designations} == {"文物保护单位", "A级景区"}


def test_retire_hides_the_site_but_keeps_it(conn, db):
    editing.set_retired(conn, actor("olga"), SITE, 1, note="closed for restoration")
    with Catalog(db, readonly=True) as cat:
        assert SITE not in cat.site_ids()
        assert SITE in cat.site_ids(include_retired=True)
        assert cat.site(SITE).retired
    assert conn.execute("SELECT count(*) FROM designations WHERE site_id = ?", [SITE]).fetchone()[0]
    result = editing.set_retired(conn, actor("oscar"), SITE, 2, retired=False)
    assert result.diff == {"retired": [True, False]}


def test_create_site_gets_an_id_defaults_marked_estimated_and_a_log_row(conn, db):
    result = editing.create_site(
        conn,
        actor("olga"),
        {"name_zh": "清虚观", "county_adcode": "140728", "lat": 37.2003, "lon": 112.1795,
         "coord_precision": "site", "kind": "temple", "themes": "宗教建筑"},
    )
    assert result.site_id == "pingyao-qingxuguan" and result.version == 1
    with Catalog(db, readonly=True) as cat:
        site = cat.site(result.site_id)
        assert site.hours.estimated and site.visit_minutes_estimated
        assert site.themes == ("宗教建筑",) and cat.site_ids(themes=["宗教建筑"], text="清虚")
    change = conn.execute("SELECT action, diff FROM changes").fetchone()
    assert change["action"] == "create" and json.loads(change["diff"])["name_zh"] == [None, "清虚观"]
    with pytest.raises(ValidationFailed, match="already exists"):
        editing.create_site(conn, actor("olga"), {"name_zh": "x", "county_adcode": "140728",
            "lat": 37.2, "lon": 112.18, "coord_precision": "site", "kind": "temple"},
            site_id=result.site_id)


def test_nulls_are_changes_too(conn):
    """The NULL trap of trigger-based history: None -> value -> None are both recorded."""
    editing.update_site(conn, actor("olga"), SITE, 1, {"village": "桥头村"})
    result = editing.update_site(conn, actor("olga"), SITE, 2, {"village": None})
    assert result.diff == {"village": ["桥头村", None]}


def test_load_script_smoke(tmp_path):
    """A short run of the benchmark: no errors, log and versions agree (see catalog/load.py)."""
    from catalog import load
    from tests.catalog.edit_support import template

    figures = load.run(template(), editors=4, readers=8, seconds=2, hot_sites=2,
                       editor_think=0.01, reader_think=0.01)
    assert figures["errors"] == 0, figures["error_samples"]
    assert figures["edits_committed"] > 0 and figures["reads"] > 0
    assert figures["edits_attempted"] == figures["edits_committed"] + figures["edits_conflicts"]
    assert figures["changes_logged"] == figures["edits_committed"]


def test_the_version_key_sees_a_commit_still_in_the_write_ahead_log(db):
    """The app's caches are keyed on ``store.version_key``: a commit that has not reached the
    main file (no checkpoint yet) must change it, although the main file's mtime does not move."""
    from catalog import store

    before = store.version_key(db)
    mtime = db.stat().st_mtime_ns
    conn = store.connect(db)
    try:
        conn.execute("PRAGMA wal_autocheckpoint = 0")  # keep the commit in the WAL
        after_open = store.version_key(db)
        editing.update_site(conn, actor("olga"), SITE, 1, {"ticket_cny": 35})
        in_wal = store.version_key(db)
        assert db.stat().st_mtime_ns == mtime  # what an mtime-only key would have missed
        assert in_wal != after_open
        assert store.version_key(db) == in_wal  # stable while nothing changes
    finally:
        store.close(conn)  # checkpoints into the main file
    assert store.version_key(db) not in (before, in_wal)
