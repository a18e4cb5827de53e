"""Extra visit time at A级景区 on public holidays (``TripRequest.holiday_extra_minutes``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from catalog.paths import DEFAULT_DB, ensure_built
from catalog.repository import Catalog
from routing.planner import holiday_visits
from routing.problem import PlaceRef, RequestError, TripRequest
from routing.problem_json import (
    MAX_HOLIDAY_EXTRA_MINUTES,
    request_from_json,
    request_to_json,
)


def _request(start: dt.date, extra: int) -> TripRequest:
    return TripRequest(start_date=start, days=2, day_start=510, day_end=1080,
                       lodging=(PlaceRef(site_id="pingyao-gucheng"),) * 2,
                       holiday_extra_minutes=extra)


def _sites():
    with Catalog(ensure_built(DEFAULT_DB), readonly=True) as cat:
        return cat.sites()


def test_a_level_visits_get_the_extra_time_on_a_holiday_trip() -> None:
    sites = _sites()
    longer = {s.id: s.visit_minutes for s in holiday_visits(_request(dt.date(2026, 10, 1), 30),
                                                            sites)}
    a_level = [s for s in sites if any(d.kind == "A级景区" and d.ended is None
                                       for d in s.designations)]
    others = [s for s in sites if s not in a_level]
    assert a_level and others
    # 乔家大院's 5A was revoked in 2019: no longer an A级景区, no extra time
    assert "qixian-qiaojiadayuan" in {s.id for s in others}
    assert all(longer[s.id] == s.visit_minutes + 30 for s in a_level)
    assert all(longer[s.id] == s.visit_minutes for s in others)


def test_no_extra_time_off_holidays_or_when_not_asked() -> None:
    sites = _sites()
    for req in (_request(dt.date(2026, 11, 24), 30), _request(dt.date(2026, 10, 1), 0)):
        assert [s.visit_minutes for s in holiday_visits(req, sites)] == [
            s.visit_minutes for s in sites]


def test_the_field_round_trips_through_json_and_refuses_negatives() -> None:
    req = _request(dt.date(2026, 10, 1), 45)
    assert request_from_json(request_to_json(req)).holiday_extra_minutes == 45
    assert request_from_json(request_to_json(replace(req, holiday_extra_minutes=0))) \
        .holiday_extra_minutes == 0
    data = request_to_json(req)
    data["holiday_extra_minutes"] = -5
    try:
        request_from_json(data)
    except Exception as exc:  # noqa: BLE001 - RequestError
        assert "holiday_extra_minutes" in str(exc)
    else:
        raise AssertionError("a negative extra time was accepted")



def test_the_extra_time_has_a_maximum() -> None:
    """240 minutes (the plan form's cap, ``MAX_HOLIDAY_EXTRA_MINUTES``) is read; 241 is a coded
    error naming the field and the bound (the app translates it: tests/app)."""
    data = request_to_json(_request(dt.date(2026, 10, 1), MAX_HOLIDAY_EXTRA_MINUTES))
    assert request_from_json(data).holiday_extra_minutes == MAX_HOLIDAY_EXTRA_MINUTES == 240
    data["holiday_extra_minutes"] = 241
    with pytest.raises(RequestError) as caught:
        request_from_json(data)
    assert caught.value.code == "too_large"
    assert caught.value.params == {"where": "holiday_extra_minutes", "max": 240, "got": 241}
