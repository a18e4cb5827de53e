"""The interactive Jinzhong case on the committed catalogue (3 days on the 大运 greenway ±15 km,
every night in 平遥古城, coach of 40, lunch 11:30–13:30): planned, valid, sensible. Its wall time is
measured by ``python -m routing.bench_jinzhong``, not asserted here."""

from __future__ import annotations

from pathlib import Path

import pytest

from routing.bench_jinzhong import CASE, case_request
from routing.engine import Budget
from routing.planner import plan
from routing.service import catalogue_sites
from routing.validate import validate_itinerary

DB = Path(__file__).resolve().parents[2] / "data" / "heritage.db"
pytestmark = pytest.mark.skipif(not DB.is_file(), reason="the catalogue database is not built")


def test_jinzhong_case_is_planned_and_valid() -> None:
    req = case_request()
    pool, places = catalogue_sites(req, DB)
    assert len(pool) > 50  # the greenway's 17 stops and the sites within 15 km of them
    it = plan(req, pool, budget=Budget(max_iterations=20, seed=0), places=places)
    assert validate_itinerary(req, [*pool, *places], it) == []
    assert all(len(d.visits) >= 2 for d in it.days)
    # the world-heritage old town, where the group sleeps, is the most valuable candidate
    assert "pingyao-gucheng" in it.planned_ids()
    assert len(it.planned_ids()) + len(it.unplanned) == len(pool)


@pytest.mark.parametrize("buffer_km", [None, 15])
def test_default_weights_plan_the_jin_merchant_icons_without_any_must_visit(buffer_km) -> None:
    """3 days on the 大运 greenway by coach from 平遥: 平遥古城, 乔家大院 and 王家大院 are planned
    with no must-visit, because of the recommendation weights seeded for the greenway's icons."""
    from routing.service import plan_trip

    data = {**CASE, "candidates": {"greenways": ["dayun"]}}
    if buffer_km is not None:
        data["candidates"]["greenway_buffer_km"] = buffer_km
    result = plan_trip(data, DB, Budget(max_iterations=60, seed=0))
    planned = set(result.itinerary.planned_ids())
    assert {"pingyao-gucheng", "qixian-qiaojiadayuan", "lingshi-wangjiadayuan"} <= planned
    assert not result.request.must_visit and not result.request.pinned
    why = dict(result.why("qixian-qiaojiadayuan"))
    assert why["recommendation"]["factor"] == 2.0 and "jinzhong-plan" in why["recommendation"]["note"]
    assert "greenway" in why and why["designation"]["level"] == "national"


def test_qu_family_compound_is_walked_from_the_qi_county_old_town() -> None:
    """渠家大院 lies in 祁县古城: the leg between them is walked (no coach park), and the old
    town's visit does not count the compound's two hours again."""
    from routing.service import plan_trip
    from routing.walking import TOWN_MIN_MINUTES

    data = {**CASE, "days": 1, "candidates": {"counties": ["140727"]},
            "pinned": {"qixian-gucheng": 1, "qixian-qujiadayuan": 1}}
    it = plan_trip(data, DB, Budget(max_iterations=40, seed=0)).itinerary
    visits = [v for v in it.days[0].visits]
    ids = [v.site_id for v in visits]
    town, qu = ids.index("qixian-gucheng"), ids.index("qixian-qujiadayuan")
    if abs(town - qu) == 1:  # next to each other: the later one is reached on foot
        later = visits[max(town, qu)]
        assert later.walked and later.drive_km < 1.5  # ~1 km on foot, ~16 min, no coach park
    old_town = visits[town]
    assert old_town.end - old_town.start == TOWN_MIN_MINUTES  # 90 min less 渠家大院, floored
