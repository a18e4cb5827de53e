"""Shared helpers for the itinerary-layer tests: fixtures, requests, a deterministic budget."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from catalog.models import Site
from routing.engine import Budget
from routing.planner import plan
from routing.problem import Itinerary, TripRequest
from routing.problem_json import itinerary_to_json, request_from_json
from routing.sites_json import load_sites
from routing.validate import validate_itinerary

FIXTURES = Path(__file__).parent / "fixtures"
DET = Budget(max_iterations=60, seed=0)
LUNCH = {"earliest": "11:30", "latest": "13:30", "minutes": 60}


def sites(name: str) -> list[Site]:
    """The sites of fixture ``name`` (e.g. ``"pingyao_5_sites"``)."""
    return load_sites(FIXTURES / f"{name}.json")


def request(**fields: Any) -> TripRequest:
    """A request through the JSON parser: defaults (2 days from Monday 2026-05-11, 08:30–18:00,
    lodging in 平遥古城, car) overridden by ``fields``."""
    data: dict[str, Any] = {
        "start_date": "2026-05-11", "days": 2, "day_start": "08:30", "day_end": "18:00",
        "lodging": "pingyao-gucheng",
    }
    data.update(fields)
    return request_from_json(json.loads(json.dumps(data)))


def plan_checked(req: TripRequest, pool: list[Site], **kw: Any) -> tuple[Itinerary, dict]:
    """Plan with the real engine and assert that the independent validator finds nothing."""
    it = plan(req, pool, budget=kw.pop("budget", DET), **kw)
    violations = validate_itinerary(req, [*pool, *kw.get("places", ())], it)
    assert violations == [], violations
    return it, itinerary_to_json(it)


def day_of(it: Itinerary) -> dict[str, int]:
    """site id -> day number for every planned visit."""
    return {v.site_id: d.day for d in it.days for v in d.visits}


def reasons(it: Itinerary) -> dict[str, str]:
    """site id -> reason code for every unplanned candidate."""
    return {u.site_id: u.reason for u in it.unplanned}
