"""Editing 非遗 items and greenway stops: validated, versioned, logged, reverted (real catalogue)."""

from __future__ import annotations

from pathlib import Path

import pytest

from catalog import editing, records
from catalog.editing import EditConflict, EditError
from catalog.permissions import Actor, PermissionDenied
from catalog.repository import Catalog, live_site_names, site_names
from catalog.validation import ValidationFailed
from tests.catalog.edit_support import actor, editable_copy, open_conn

ITEM = "ich-heshun-niulangzhinv"


@pytest.fixture
def real(tmp_path: Path):
    db = editable_copy(tmp_path, real=True)
    conn = open_conn(db)
    yield db, conn
    conn.close()


def test_an_intangible_item_is_edited_logged_and_reverted(real):
    db, conn = real
    before = records.intangible_state(conn, ITEM)
    saved = records.update_intangible(conn, actor("olga"), ITEM, before["version"], {
        "category": "民间文学", "site_id": "pingyao-gucheng", "batch": "1"})
    assert saved.version == before["version"] + 1
    assert saved.diff["site_id"] == [None, "pingyao-gucheng"]
    with Catalog(db, readonly=True) as cat:
        assert [i.id for i in cat.intangible(site_id="pingyao-gucheng")] == [ITEM]
    (change,) = records.history_of(conn, actor("olga"), "intangible", ITEM)
    assert change.actor == "olga" and change.action == "update"
    with pytest.raises(EditConflict):  # a stale form is refused, nothing overwritten
        records.update_intangible(conn, actor("oscar"), ITEM, before["version"], {"batch": "2"})
    back = records.revert(conn, actor("oscar"), "intangible", ITEM, before["version"],
                          saved.version)
    after = records.intangible_state(conn, ITEM)
    assert {k: after[k] for k in records.INTANGIBLE_FIELDS} == {
        k: before[k] for k in records.INTANGIBLE_FIELDS}
    assert back.version == saved.version + 1
    assert [c.action for c in records.history_of(conn, actor("olga"), "intangible", ITEM)] == [
        "update", "revert"]


def test_bad_item_values_and_roles_are_refused(real):
    _db, conn = real
    v = records.intangible_state(conn, ITEM)["version"]
    with pytest.raises(ValidationFailed) as caught:
        records.update_intangible(conn, actor("olga"), ITEM, v, {
            "level": "world", "site_id": "no-such-site", "source": "", "county_adcode": "999999"})
    assert set(caught.value.errors) == {"level", "site_id", "source", "county_adcode"}
    with pytest.raises(PermissionDenied):
        records.update_intangible(conn, actor("pat"), ITEM, v, {"batch": "1"})
    created = records.create_intangible(conn, actor("olga"), "ich-test-item", {
        "name_zh": "测试项目", "level": "unknown", "category": "民俗", "source": "县文旅局 2026"})
    assert created.version == 1 and records.intangible_state(conn, "ich-test-item")["level"] == (
        "unknown")


def test_greenway_stops_are_reordered_logged_and_reverted(real):
    db, conn = real
    before = records.greenway_state(conn, "dayun")
    stops = list(before["stops"])
    stops[1], stops[2] = stops[2], stops[1]  # swap 常家庄园 and 孔宅
    stops.append({"name_in_plan": "慈相寺", "site_ids": ["pingyao-cixiangsi"], "source": "测试"})
    saved = records.update_greenway(conn, actor("olga"), "dayun", before["version"],
                                    {"stops": stops})
    with Catalog(db, readonly=True) as cat:
        dayun = next(g for g in cat.greenways() if g.id == "dayun")
        assert [s[1] for s in dayun.stops[:3]] == ["榆次老城", "孔宅", "常家庄园"]
        assert dayun.stops[-1] == (len(stops), "慈相寺", "pingyao-cixiangsi")
        assert any(g.greenway_id == "dayun" and g.order == len(stops)
                   for g in cat.site("pingyao-cixiangsi").greenways)
    (change,) = records.history_of(conn, actor("olga"), "greenway", "dayun")
    assert set(change.diff) == {"stops"}
    records.revert(conn, actor("olga"), "greenway", "dayun", before["version"], saved.version)
    assert records.greenway_state(conn, "dayun")["stops"] == before["stops"]


def test_a_bad_stop_is_refused(real):
    _db, conn = real
    state = records.greenway_state(conn, "dayun")
    for stops, code in (
        ([{"name_in_plan": "某地", "site_ids": ["no-such-site"]}], "greenway_stop_site"),
        ([{"name_in_plan": "", "site_ids": []}], "greenway_stop_name"),
        ([], "greenway_stops"),
        ([{"name_in_plan": "甲", "site_ids": ["jiexiu-zhangbi"]},
          {"name_in_plan": "乙", "site_ids": ["jiexiu-zhangbi"]}], "greenway_stop_twice"),
    ):
        with pytest.raises(ValidationFailed) as caught:
            records.update_greenway(conn, actor("olga"), "dayun", state["version"],
                                    {"stops": stops})
        assert caught.value.errors["stops"].code == code


def test_the_pick_lists_hold_every_item_and_greenway_and_the_live_sites(real):
    """What the officer records page offers: items and greenways by id, sites not retired in
    pinyin order (a retired site leaves the list at once)."""
    db, conn = real
    items = records.intangible_names(conn)
    assert list(items) == sorted(items) and items[ITEM] == (
        records.intangible_state(conn, ITEM)["name_zh"])
    assert len(items) == conn.execute("SELECT count(*) FROM intangible").fetchone()[0]
    with Catalog(db, readonly=True) as cat:
        assert records.greenway_names(conn) == {g.id: g.name_zh for g in cat.greenways()}
        live = {s.id: s.name_zh for s in cat.sites()}
    sites = live_site_names(conn)
    assert sites == live
    pinyin = [conn.execute("SELECT pinyin FROM sites WHERE id = ?", [i]).fetchone()[0]
              for i in sites]
    assert pinyin == sorted(pinyin)
    site = "pingyao-shuanglinsi"
    editing.set_retired(conn, actor("olga"), site, editing.site_state(conn, site)["version"])
    assert site in sites and site not in live_site_names(conn)


def test_the_site_edit_list_keeps_retired_sites_and_marks_them(real):
    """What the officer edit page offers: every site, retired ones too (they can be opened and
    brought back), in pinyin order, each with its Chinese name and whether it is retired."""
    _db, conn = real
    site = "pingyao-shuanglinsi"
    editing.set_retired(conn, actor("olga"), site, editing.site_state(conn, site)["version"])
    names = site_names(conn)
    assert len(names) == conn.execute("SELECT count(*) FROM sites").fetchone()[0]
    assert names[site] == (editing.site_state(conn, site)["name_zh"], True)
    assert {i: n for i, (n, retired) in names.items() if not retired} == live_site_names(conn)
    keys = [conn.execute("SELECT pinyin, id FROM sites WHERE id = ?", [i]).fetchone()
            for i in names]
    assert [tuple(k) for k in keys] == sorted(tuple(k) for k in keys)


def test_the_records_log_is_read_by_officers_only(real):
    """Like a site's history, the log of 非遗 items and greenways names who changed what: the
    domain refuses it to a planner or a visitor, whatever page asks."""
    _db, conn = real
    assert records.history_of(conn, actor("olga"), "greenway", "dayun") == []
    for who in (actor("pat"), Actor.anonymous()):
        with pytest.raises(PermissionDenied):
            records.history_of(conn, who, "greenway", "dayun")


def test_a_gap_in_the_records_log_is_refused_not_rebuilt_wrongly(real):
    """A version the log does not account for (a write that skipped the log) makes every earlier
    state unknowable: ``state_at`` says so with a code, as a site's history does, and a revert
    across the gap writes nothing."""
    _db, conn = real
    before = records.intangible_state(conn, ITEM)
    records.update_intangible(conn, actor("olga"), ITEM, before["version"], {"batch": "1"})
    with conn:  # an unlogged write: the row moves on a version, the log does not
        conn.execute("UPDATE intangible SET batch = '9', version = version + 1 WHERE id = ?",
                     [ITEM])
    current = records.intangible_state(conn, ITEM)
    assert current["version"] == before["version"] + 2
    assert records.state_at(conn, "intangible", ITEM, current["version"])["batch"] == "9"
    with pytest.raises(EditError) as caught:
        records.state_at(conn, "intangible", ITEM, before["version"])
    assert caught.value.code == "log_gap"
    assert caught.value.params == {"id": ITEM, "v": before["version"] + 2}
    log = len(records.history_of(conn, actor("olga"), "intangible", ITEM))
    with pytest.raises(EditError):
        records.revert(conn, actor("olga"), "intangible", ITEM, before["version"],
                       current["version"])
    assert records.intangible_state(conn, ITEM) == current
    assert len(records.history_of(conn, actor("olga"), "intangible", ITEM)) == log


@pytest.mark.parametrize(("field", "value", "code"), [
    ("name_zh", "牛郎\ud800织女", "bad_unicode"),  # a lone surrogate (a broken decode)
    ("category", "民间\ufffd学", "replacement_char"),  # U+FFFD: decoded with the wrong codec
    ("batch", 3, "must_be_text"),
    ("source", ["县志"], "must_be_text"),
])
def test_an_item_with_broken_or_non_text_is_refused_and_nothing_is_written(real, field, value,
                                                                           code):
    """The 非遗 fields follow the site fields' text rule (``catalog.validation``): a coded
    problem for the field, and neither the item nor the log changes; a new item neither."""
    _db, conn = real
    before = records.intangible_state(conn, ITEM)
    with pytest.raises(ValidationFailed) as caught:
        records.update_intangible(conn, actor("olga"), ITEM, before["version"], {field: value})
    assert caught.value.errors[field].code == code
    with pytest.raises(ValidationFailed) as caught:
        records.create_intangible(conn, actor("olga"), "ich-test-broken", {
            "name_zh": "测试项目", "level": "unknown", "source": "县文旅局 2026", field: value})
    assert caught.value.errors[field].code == code
    assert records.intangible_state(conn, ITEM) == before
    assert records.intangible_state(conn, "ich-test-broken") is None
    assert records.history_of(conn, actor("olga"), "intangible", ITEM) == []


@pytest.mark.parametrize(("change", "field", "code"), [
    ({"name_en": "Dayun \ufffd Greenway"}, "name_en", "replacement_char"),
    ({"name_zh": 42}, "name_zh", "must_be_text"),
    ({"stops": [{"name_in_plan": "榆次\udc80老城", "site_ids": []}]}, "stops", "bad_unicode"),
    ({"stops": [{"name_in_plan": "榆次老城", "site_ids": [], "source": 7}]}, "stops",
     "must_be_text"),
])
def test_a_greenway_with_broken_or_non_text_is_refused_and_nothing_is_written(real, change,
                                                                              field, code):
    _db, conn = real
    before = records.greenway_state(conn, "dayun")
    with pytest.raises(ValidationFailed) as caught:
        records.update_greenway(conn, actor("olga"), "dayun", before["version"], change)
    assert caught.value.errors[field].code == code
    assert records.greenway_state(conn, "dayun") == before
    assert records.history_of(conn, actor("olga"), "greenway", "dayun") == []


def test_a_year_read_back_as_a_number_is_still_accepted(real):
    """The stored year is an integer; saving another field sends it back as one."""
    _db, conn = real
    before = records.intangible_state(conn, ITEM)
    saved = records.update_intangible(conn, actor("olga"), ITEM, before["version"],
                                      {"year": 2008})
    saved = records.update_intangible(conn, actor("olga"), ITEM, saved.version, {"batch": "3"})
    assert records.intangible_state(conn, ITEM)["year"] == 2008
    assert saved.diff == {"batch": [before["batch"], "3"]}
