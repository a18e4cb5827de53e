"""The interactive Jinzhong case on the committed catalogue (3 days on the 大运 greenway ±15 km,
every night in 平遥古城, coach of 40, lunch 11:30–13:30): planned, valid, sensible. Its wall time is
measured by ``python -m routing.bench_jinzhong``, not asserted here."""

from __future__ import annotations

from pathlib import Path

import pytest

from routing.bench_jinzhong import case_request
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
