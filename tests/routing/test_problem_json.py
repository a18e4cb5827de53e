"""The JSON contract: strict request parsing with one-sentence errors, and exact round trips."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from routing.problem import RequestError
from routing.problem_json import (
    MAX_DEPTH,
    itinerary_from_json,
    itinerary_to_json,
    loads_request_json,
    request_from_json,
    request_to_json,
)
from tests.routing.planning_helpers import LUNCH, plan_checked, request, sites

BASE = {"start_date": "2026-05-11", "days": 2, "day_start": "08:30", "day_end": "18:00",
        "lodging": "pingyao-gucheng"}


def test_minimal_request_defaults() -> None:
    req = request_from_json(BASE)
    assert req.start_date == dt.date(2026, 5, 11) and req.days == 2
    assert (req.day_start, req.day_end) == (510, 1080)
    assert [p.site_id for p in req.lodging] == ["pingyao-gucheng"] * 2
    assert req.mode == "car" and req.lunch is None and req.group_size == 1


def test_day_origins_follow_the_nights() -> None:
    req = request_from_json({**BASE, "days": 3, "start": {"lat": 37.5, "lon": 112.5, "name": "太原站"},
                             "lodging": ["a", "b", "c"]})
    assert req.day_origin(1).name == "太原站"
    assert [req.day_origin(d).site_id for d in (2, 3)] == ["a", "b"]


def test_full_request_round_trips() -> None:
    data = {**BASE, "lodging": ["pingyao-gucheng", {"lat": 37.03, "lon": 111.91, "name": "介休宾馆",
                                                    "county_adcode": "140781"}],
            "lunch": LUNCH, "mode": "coach", "group_size": 40, "max_sites_per_day": 3,
            "candidates": {"greenways": ["dayun"], "greenway_buffer_km": 15.0, "themes": ["晋商文化"],
                           "kinds": ["文物保护单位"], "levels": ["national"], "counties": ["140728"]},
            "must_visit": ["a"], "excluded": ["b"], "pinned": {"c": 2}, "interests": {"晋商文化": 2.0}}
    req = request_from_json(data)
    assert request_from_json(request_to_json(req)) == req


@pytest.mark.parametrize(("change", "needle"), [
    ({"start_date": "11/05/2026"}, "YYYY-MM-DD"),
    ({"start_date": "2026-02-30"}, "not a calendar date"),
    ({"days": 0}, "at least 1"),
    ({"days": "2"}, "whole number"),
    ({"day_start": "8:30"}, "HH:MM"),
    ({"day_end": "08:00"}, "must be after day_start"),
    ({"day_end": "24:30"}, "HH:MM"),
    ({"lodging": ["a"]}, "one place per night"),
    ({"lodging": {"lat": 37.0, "name": "x"}}, "missing 'lon'"),
    ({"mode": "bike"}, "mode"),
    ({"lunch": {"earliest": "12:00", "latest": "12:30", "minutes": 60}}, "do not fit"),
    ({"lunch": {"earliest": "07:00", "latest": "09:00", "minutes": 30}}, "inside day_start"),
    ({"pinned": {"a": 3}}, "after the last day"),
    ({"pinned": ["a"]}, "expected an object"),
    ({"must_visit": ["a"], "excluded": ["a"]}, "both excluded and must-visit"),
    ({"must_vist": ["a"]}, "unknown field 'must_vist'"),
    ({"candidates": {"greenway": ["dayun"]}}, "unknown field 'greenway'"),
    ({"interests": {"晋商文化": -1}}, "between 0 and 10"),
])
def test_bad_requests_are_one_clear_sentence(change: dict, needle: str) -> None:
    with pytest.raises(RequestError, match=needle) as info:
        request_from_json({**BASE, **change})
    assert "\n" not in str(info.value)


def test_missing_required_field() -> None:
    data = dict(BASE)
    del data["lodging"]
    with pytest.raises(RequestError, match="missing required field 'lodging'"):
        request_from_json(data)


def test_itinerary_json_round_trips() -> None:
    it, data = plan_checked(request(lunch=LUNCH, excluded=["shuanglin-si"]), sites("pingyao_5_sites"))
    back = itinerary_from_json(data)
    assert back.days == it.days and back.unplanned == it.unplanned
    assert itinerary_to_json(back)["totals"] == data["totals"]
    for day in data["days"]:
        for v in day["visits"]:
            assert all(len(v[k]) == 5 and v[k][2] == ":" for k in ("arrive", "start", "end", "depart"))


def test_the_documented_example_follows_the_contract() -> None:
    """README.md (planner section): its request parses, its result reads back, its ids are catalogue ids."""
    import json
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    doc = (root / "README.md").read_text("utf-8")
    req_text, out_text = re.findall(r"```json\n(.*?)\n```", doc, re.S)
    req = request_from_json(json.loads(req_text))
    it = itinerary_from_json(json.loads(out_text))
    assert len(it.days) == req.days and it.planned_ids()
    db = root / "data" / "heritage.db"
    if db.is_file():
        from catalog.repository import Catalog

        cat = Catalog(db, readonly=True)
        ids = req.site_ids() | set(it.planned_ids()) | {u.site_id for u in it.unplanned}
        for site_id in ids:
            cat.site(site_id)  # KeyError if the docs name a site the catalogue lacks
        cat.close()


def _nested(levels: int, inner: str = "1") -> str:
    """``levels`` objects, one inside the other, the innermost holding ``inner``."""
    return '{"a": ' * levels + inner + "}" * levels


@pytest.mark.parametrize("inner", ["1", '"text"', "[]", "{}"])
def test_nesting_at_the_limit_is_read_and_one_level_more_is_refused(inner: str) -> None:
    """The limit counts arrays and objects only: 32 nested objects are read whatever the
    innermost one holds (a number, text, or an empty container as the 32nd level)."""
    levels = MAX_DEPTH if inner in ("1", '"text"') else MAX_DEPTH - 1
    data = loads_request_json(_nested(levels, inner))
    for _ in range(levels):
        data = data["a"]
    assert data == json.loads(inner)
    with pytest.raises(RequestError) as caught:
        loads_request_json(_nested(levels + 1, inner))
    assert caught.value.code == "too_deep" and caught.value.params == {"max": MAX_DEPTH}


def test_nesting_in_arrays_counts_the_same() -> None:
    assert loads_request_json("[" * MAX_DEPTH + "]" * MAX_DEPTH) is not None
    with pytest.raises(RequestError, match="more than 32 levels"):
        loads_request_json("[" * (MAX_DEPTH + 1) + "]" * (MAX_DEPTH + 1))
