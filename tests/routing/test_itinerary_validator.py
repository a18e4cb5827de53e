"""The independent validator catches each kind of broken plan: take one valid plan and break it
one way per test. Every test also asserts that the intact plan has no violation of that kind."""

from __future__ import annotations

import copy
import dataclasses

import pytest

from catalog.models import OpeningHours, Season
from routing.validate import validate_itinerary
from tests.routing.planning_helpers import LUNCH, plan_checked, request, sites

PINGYAO = sites("pingyao_5_sites")
REQ = request(start_date="2026-05-12", lunch=LUNCH, mode="coach", group_size=40)  # Tue, Wed


@pytest.fixture(scope="module")
def good() -> dict:
    _, data = plan_checked(REQ, PINGYAO)
    assert all(len(d["visits"]) >= 2 for d in data["days"]), "fixture plan needs 2 visits a day"
    return data


def codes(data: dict, req=REQ, pool=PINGYAO) -> set[str]:  # noqa: ANN001
    return {v.code for v in validate_itinerary(req, pool, data)}


def broken(good: dict) -> dict:
    return copy.deepcopy(good)


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def mins(text: str) -> int:
    return int(text[:2]) * 60 + int(text[3:])


def test_valid_plan_has_no_violation(good: dict) -> None:
    assert codes(good) == set()


def test_visit_before_opening(good: dict) -> None:
    data = broken(good)
    v = next(v for d in data["days"] for v in d["visits"] if v["site_id"] != "pingyao-gucheng")
    v["arrive"] = v["start"] = "06:00"
    assert "outside_hours" in codes(data)


def test_visit_on_a_closed_day(good: dict) -> None:
    """The catalogue now says the first site of day 1 is closed on that weekday."""
    first = good["days"][0]["visits"][0]["site_id"]
    closed = OpeningHours(seasons=(Season("01-01", "12-31", "00:00", "24:00",
                                          closed_weekdays=(REQ.start_date.weekday(),)),))
    pool = [dataclasses.replace(s, hours=closed) if s.id == first else s for s in PINGYAO]
    assert "closed_day" in codes(good, pool=pool)


def test_overlapping_visits(good: dict) -> None:
    data = broken(good)
    a, b = data["days"][0]["visits"][:2]
    a["end"] = hhmm(mins(b["start"]) + 10)
    assert "time_order" in codes(data)


def test_drive_shorter_than_the_travel_source(good: dict) -> None:
    data = broken(good)
    v = next(v for d in data["days"] for v in d["visits"] if v["drive_minutes"] > 5)
    v["drive_minutes"] -= 5
    assert "drive_too_short" in codes(data)


def test_drive_longer_than_the_timetable_allows(good: dict) -> None:
    data = broken(good)
    data["days"][0]["lodging"]["drive_minutes"] += 30
    assert "drive_inconsistent" in codes(data)


def test_drive_distance_misreported(good: dict) -> None:
    data = broken(good)
    data["days"][1]["lodging"]["drive_km"] += 3.0
    assert "distance_mismatch" in codes(data)


def test_day_over_budget(good: dict) -> None:
    data = broken(good)
    data["days"][0]["lodging"]["arrive"] = "18:30"  # the day ends 18:00
    assert "day_over_budget" in codes(data)


def test_lunch_missing(good: dict) -> None:
    data = broken(good)
    data["days"][1]["lunch"] = None
    assert "lunch_missing" in codes(data)


def test_lunch_outside_its_window(good: dict) -> None:
    data = broken(good)
    data["days"][0]["lunch"].update(start="14:00", end="15:00")
    assert "lunch_outside_window" in codes(data)


def test_lunch_too_short(good: dict) -> None:
    data = broken(good)
    lunch = data["days"][0]["lunch"]
    lunch["end"] = hhmm(mins(lunch["start"]) + 30)
    assert "lunch_too_short" in codes(data)


def test_lunch_overlapping_a_visit(good: dict) -> None:
    data = broken(good)
    v = data["days"][0]["visits"][0]
    data["days"][0]["lunch"].update(start=v["start"], end=hhmm(mins(v["start"]) + 60))
    assert "lunch_overlap" in codes(data)


def test_not_back_at_the_lodging(good: dict) -> None:
    data = broken(good)
    qiao = next(s for s in PINGYAO if s.id == "qiaojia-dayuan")
    data["days"][0]["lodging"].update(site_id=qiao.id, name=qiao.name_zh, lat=qiao.lat, lon=qiao.lon)
    assert "not_back_at_lodging" in codes(data)


def test_excluded_site_planned(good: dict) -> None:
    planned = good["days"][0]["visits"][0]["site_id"]
    req = dataclasses.replace(REQ, excluded=(planned,))
    assert "excluded_planned" in codes(good, req=req)


def test_must_visit_missing_without_explanation(good: dict) -> None:
    data = broken(good)
    gone = data["days"][1]["visits"].pop()  # the last visit of day 2 vanishes
    req = dataclasses.replace(REQ, must_visit=(gone["site_id"],))
    assert "must_visit_missing" in codes(data, req=req)
    data["must_visit_problems"] = [{"site_id": gone["site_id"], "constraint": "x", "message": "y"}]
    assert "must_visit_missing" not in codes(data, req=req)


def test_pinned_visit_moved(good: dict) -> None:
    on_day_1 = good["days"][0]["visits"][0]["site_id"]
    req = dataclasses.replace(REQ, pinned=((on_day_1, 2),))
    assert "pinned_moved" in codes(good, req=req)


def test_duplicate_visit(good: dict) -> None:
    data = broken(good)
    data["days"][1]["visits"].insert(0, copy.deepcopy(data["days"][0]["visits"][0]))
    assert "duplicate_visit" in codes(data)


def test_max_sites_per_day_exceeded(good: dict) -> None:
    req = dataclasses.replace(REQ, max_sites_per_day=1)
    assert "max_per_day" in codes(good, req=req)


def test_visit_shorter_than_the_site_needs(good: dict) -> None:
    data = broken(good)
    v = data["days"][0]["visits"][0]
    v["end"] = hhmm(mins(v["start"]) + 10)
    assert "visit_too_short" in codes(data)


def test_false_closed_reason(good: dict) -> None:
    data = broken(good)
    gone = data["days"][1]["visits"].pop()
    data["unplanned"].append({"site_id": gone["site_id"], "name": gone["name"],
                              "reason": "closed", "message": "closed"})
    assert "false_reason" in codes(data)


def test_wrong_day_count(good: dict) -> None:
    data = broken(good)
    data["days"].pop()
    assert "day_count" in codes(data)


def test_malformed_result_is_a_violation_not_a_crash(good: dict) -> None:
    data = broken(good)
    del data["days"][0]["visits"][0]["start"]
    data["days"][1]["depart"] = "later"
    assert "malformed" in codes(data)
