"""Property: whatever the request, every plan the real engine returns passes the independent
validator, and every candidate is either planned or listed once with a reason."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from routing.engine import Budget
from routing.planner import plan
from routing.problem import RequestError
from routing.problem_json import request_from_json
from routing.validate import validate_itinerary
from tests.routing.planning_helpers import sites

MIXED = sites("jinzhong_mixed_9_sites")
IDS = sorted(s.id for s in MIXED)
LODGINGS = ["pingyao-gucheng", "zhangbi-gubao",
            {"lat": 37.027, "lon": 111.913, "name": "介休宾馆", "county_adcode": "140781"}]


def hhmm(m: int) -> str:
    return f"{m // 60:02d}:{m % 60:02d}"


@st.composite
def requests(draw: st.DrawFn) -> dict:
    days = draw(st.integers(1, 3))
    start = draw(st.integers(7 * 4, 10 * 4)) * 15
    end = min(22 * 60, start + draw(st.integers(6 * 4, 11 * 4)) * 15)
    data: dict = {
        "start_date": (dt.date(2026, 1, 1) + dt.timedelta(days=draw(st.integers(0, 364)))).isoformat(),
        "days": days, "day_start": hhmm(start), "day_end": hhmm(end),
        "lodging": [draw(st.sampled_from(LODGINGS)) for _ in range(days)],
        "mode": draw(st.sampled_from(["car", "coach"])),
        "group_size": draw(st.integers(1, 50)),
    }
    if draw(st.booleans()):
        data["start"] = draw(st.sampled_from(LODGINGS))
    if draw(st.booleans()):
        earliest = draw(st.integers(11 * 4, 12 * 4)) * 15
        minutes = draw(st.sampled_from([30, 45, 60]))
        latest = earliest + minutes + draw(st.integers(0, 6)) * 15
        if start <= earliest and latest <= end:
            data["lunch"] = {"earliest": hhmm(earliest), "latest": hhmm(latest), "minutes": minutes}
    chosen = draw(st.lists(st.sampled_from(IDS), max_size=4, unique=True))
    split = draw(st.integers(0, len(chosen)))
    data["must_visit"], rest = chosen[:split], chosen[split:]
    if rest:
        data["excluded"] = rest[:1]
        data["pinned"] = {sid: draw(st.integers(1, days)) for sid in rest[1:2]}
    if draw(st.booleans()):
        data["max_sites_per_day"] = draw(st.integers(1, 4))
    if draw(st.booleans()):
        data["interests"] = {"晋商文化": draw(st.sampled_from([0.0, 0.5, 2.0])), "红色文化": 3.0}
    return data


# derandomize: the same examples on every run, so CI is repeatable; raise max_examples locally
# to hunt (300 examples found the @example below).
@settings(max_examples=30, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(data=requests(), seed=st.integers(0, 1000))
@example(  # found by this test: the engine returned 张壁古堡 on both days (duplicate_visit)
    data={"start_date": "2026-01-01", "days": 2, "day_start": "07:00", "day_end": "16:00",
          "lodging": ["pingyao-gucheng", "pingyao-gucheng"], "mode": "car", "group_size": 1,
          "must_visit": ["mianshan"]},
    seed=0,
)
def test_every_plan_passes_the_validator(data: dict, seed: int) -> None:
    req = request_from_json(data)
    try:
        it = plan(req, MIXED, budget=Budget(max_iterations=15, seed=seed))
    except RequestError as exc:  # a day too short for its own drive and lunch: refused, not planned
        assert "do not fit between" in str(exc)
        assume(False)
    assert validate_itinerary(req, MIXED, it) == []
    planned = it.planned_ids()
    unplanned = [u.site_id for u in it.unplanned]
    assert sorted(planned + unplanned) == IDS
