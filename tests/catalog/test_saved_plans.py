"""Saved plans with versions: the same name saves v2 and keeps v1; rename, copy and delete act on
the owner's whole plan; others' shared plans can be copied, not changed; Beijing time shown."""

from __future__ import annotations

import pytest

from catalog import editing, itineraries
from catalog.permissions import PermissionDenied
from tests.catalog.edit_support import actor

PLAN = ["pingyao-gucheng", "pingyao-shuanglinsi"]


def test_saving_a_name_again_is_a_new_version_and_the_old_one_stays(conn):
    first = itineraries.save(conn, actor("pat"), "平遥一日", PLAN, {"v": 1})
    second = itineraries.save(conn, actor("pat"), "平遥一日", PLAN[:1], {"v": 2})
    (plan,) = itineraries.plans(conn, actor("pat"))
    assert [v.version for v in plan.versions] == [2, 1]
    assert plan.latest.id == second and plan.latest.body == {"v": 2}
    assert itineraries.get(conn, actor("pat"), first).body == {"v": 1}
    # another planner's plan of the same name is a different plan
    itineraries.save(conn, actor("olga"), "平遥一日", PLAN, {"v": "olga"})
    assert [p.latest.version for p in itineraries.plans(conn, actor("olga"))] == [1]


def test_rename_copy_delete(conn):
    v1 = itineraries.save(conn, actor("pat"), "A", PLAN, {"v": 1})
    itineraries.save(conn, actor("pat"), "A", PLAN, {"v": 2})
    itineraries.save(conn, actor("pat"), "B", PLAN, {"v": "b"})
    with pytest.raises(itineraries.ItineraryError) as taken:
        itineraries.rename(conn, actor("pat"), "A", "B")
    assert taken.value.code == "name_taken"
    itineraries.rename(conn, actor("pat"), "A", "C")
    names = {p.name: [v.version for v in p.versions] for p in itineraries.plans(conn, actor("pat"))}
    assert names == {"C": [2, 1], "B": [1]}
    copied = itineraries.copy(conn, actor("pat"), v1, "C 副本")
    assert itineraries.get(conn, actor("pat"), copied).body == {"v": 1}
    assert itineraries.get(conn, actor("pat"), copied).version == 1
    assert itineraries.delete(conn, actor("pat"), "C") == 2
    assert {p.name for p in itineraries.plans(conn, actor("pat"))} == {"B", "C 副本"}
    with pytest.raises(itineraries.ItineraryError):
        itineraries.get(conn, actor("pat"), v1)


def test_others_may_copy_a_shared_plan_but_not_change_it(conn):
    shared = itineraries.save(conn, actor("olga"), "共享", PLAN, {"v": 1}, shared=True)
    private = itineraries.save(conn, actor("olga"), "私人", PLAN, {"v": 1})
    with pytest.raises(itineraries.ItineraryError) as err:
        itineraries.rename(conn, actor("pat"), "共享", "mine")
    assert err.value.code == "not_yours"
    with pytest.raises(itineraries.ItineraryError):
        itineraries.delete(conn, actor("pat"), "共享")
    with pytest.raises(itineraries.ItineraryError):
        itineraries.get(conn, actor("pat"), private)
    mine = itineraries.copy(conn, actor("pat"), shared, "我的副本")
    assert itineraries.get(conn, actor("pat"), mine).owner == "pat"
    with pytest.raises(PermissionDenied):
        itineraries.plans(conn, itineraries.Actor.anonymous())


def test_a_copy_keeps_the_notices_of_its_source(conn):
    src = itineraries.save(conn, actor("pat"), "A", PLAN, {})
    editing.update_site(conn, actor("olga"), "pingyao-shuanglinsi", 1, {"visit_minutes": 45})
    dup = itineraries.get(conn, actor("pat"), itineraries.copy(conn, actor("pat"), src, "B"))
    assert [n.site_id for n in itineraries.notices(conn, dup)] == ["pingyao-shuanglinsi"]


def test_names_and_local_time(conn):
    with pytest.raises(itineraries.ItineraryError) as err:
        itineraries.save(conn, actor("pat"), "x" * 121, PLAN, {})
    assert err.value.code == "bad_name" and err.value.params == {"max": 120}
    assert itineraries.local_time("2026-11-27T17:05:00Z") == "2026-11-28 01:05"
