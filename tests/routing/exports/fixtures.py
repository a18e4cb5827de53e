"""A real plan of ``export_4_sites.json`` (the real engine, deterministic budget) for the exports."""

from __future__ import annotations

from dataclasses import replace

import pytest

from catalog.models import Site
from routing.exports import TripSheet, build_sheet
from routing.problem import Itinerary
from tests.routing.planning_helpers import LUNCH, plan_checked, request, sites

GROUP = 40
SHARE = "http://127.0.0.1:8501/plan?start=2026-05-12&days=2&lodging=pingyao-gucheng&group=40"


@pytest.fixture(scope="session")
def export_sites() -> dict[str, Site]:
    return {s.id: s for s in sites("export_4_sites")}


@pytest.fixture(scope="session")
def planned(export_sites: dict[str, Site]) -> Itinerary:
    """Two days from 平遥古城 with all four sites as must-sees and lunch, for a coach of 40."""
    req = request(start_date="2026-05-12", must_visit=sorted(export_sites), lunch=LUNCH,
                  mode="coach", group_size=GROUP)
    it, _ = plan_checked(req, list(export_sites.values()))
    assert sorted(it.planned_ids()) == sorted(export_sites), "the fixture plan lost a site"
    return it


@pytest.fixture(scope="session")
def sheet_zh(planned: Itinerary, export_sites: dict[str, Site]) -> TripSheet:
    return build_sheet(planned, export_sites, "zh", GROUP, SHARE)


@pytest.fixture(scope="session")
def sheet_en(planned: Itinerary, export_sites: dict[str, Site]) -> TripSheet:
    return build_sheet(planned, export_sites, "en", GROUP, SHARE)


def with_name(sites_by_id: dict[str, Site], site_id: str, name: str) -> dict[str, Site]:
    """The sites with one renamed (user text in exports)."""
    return {**sites_by_id, site_id: replace(sites_by_id[site_id], name_zh=name, name_en=name)}
