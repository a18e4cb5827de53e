"""Form inputs -> the planner, through the same functions as ``python -m routing plan``.

``build_request`` checks the form the way a person needs (clear, translated sentences for the
usual mistakes), then hands a request dict to ``routing.problem_json.request_from_json``, which
applies the full JSON contract. ``run_plan`` is the CLI's path: ``routing.cli.sites_from_catalog``
-> ``routing.planner.plan`` -> ``routing.validate.validate_itinerary``. Nothing here re-implements
planning, and nothing imports Streamlit.
"""

from __future__ import annotations

import threading
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from catalog.models import Site
from routing.cli import InputError, sites_from_catalog
from routing.engine import warm_up
from routing.engine.config import ENGINE
from routing.planner import plan
from routing.problem import Itinerary, RequestError, TripRequest, parse_hhmm
from routing.problem_json import request_from_json
from routing.validate import validate_itinerary
from ui.i18n import t
from ui.urlstate import PlanInputs, parse_point

# Load the compiled search (~1.5 s from numba's disk cache) while the user fills in the form,
# rather than inside the first plan's time limit; ``solve`` waits for it if needed.
threading.Thread(target=warm_up, name="planner-warm-up", daemon=True).start()


class PlanInputError(ValueError):
    """A form input a person must fix; the message is one translated sentence."""


@dataclass(frozen=True)
class PlanResult:
    """A validated itinerary with the sites it refers to (pool and lodging places by id)."""

    request: TripRequest
    itinerary: Itinerary
    sites: dict[str, Site]


def _minutes(text: str, lang: str) -> int:
    try:
        return parse_hhmm(text, "time")
    except RequestError:
        raise PlanInputError(t("err_request", lang, msg=f"{text!r} is not HH:MM")) from None


def _place(value: str, known: Collection[str], lang: str) -> Any:
    point = parse_point(value)
    if point is not None:
        lat, lon, name = point
        if not (-90 <= lat <= 90 and -180 <= lon <= 180) or not name:
            raise PlanInputError(t("err_bad_point", lang))
        return {"lat": lat, "lon": lon, "name": name}
    if value.startswith("pt:"):
        raise PlanInputError(t("err_bad_point", lang))
    if value not in known:
        raise PlanInputError(t("err_unknown_site", lang, id=value))
    return value


def build_request(p: PlanInputs, known_ids: Collection[str], lang: str = "zh") -> TripRequest:
    """Check ``p`` against the catalogue's ids and build the planner's request."""
    if p.days < 1:
        raise PlanInputError(t("err_days", lang))
    if p.days > 14:
        raise PlanInputError(t("err_days_max", lang))
    if _minutes(p.day_end, lang) <= _minutes(p.day_start, lang):
        raise PlanInputError(t("err_end_before_start", lang, start=p.day_start, end=p.day_end))
    for site_id in (*p.must, *p.excluded, *(s for s, _ in p.pinned)):
        if site_id not in known_ids:
            raise PlanInputError(t("err_unknown_site", lang, id=site_id))
    clash = sorted(set(p.must) | {s for s, _ in p.pinned})
    for site_id in clash:
        if site_id in p.excluded:
            raise PlanInputError(t("err_both", lang, id=site_id))
    lodging = [_place(p.lodging_for(n), known_ids, lang) for n in range(1, p.days + 1)]
    data: dict[str, Any] = {
        "start_date": p.start_date.isoformat(),
        "days": p.days,
        "day_start": p.day_start,
        "day_end": p.day_end,
        "lodging": lodging,
        "mode": p.mode,
        "group_size": max(1, p.group_size),
        "candidates": {},
        "must_visit": list(p.must),
        "excluded": list(p.excluded),
        "pinned": {s: d for s, d in p.pinned if d <= p.days},
    }
    if p.lunch:
        lo, hi = _minutes(p.lunch_earliest, lang), _minutes(p.lunch_latest, lang)
        start, end = _minutes(p.day_start, lang), _minutes(p.day_end, lang)
        if p.lunch_minutes < 1 or hi - lo < p.lunch_minutes or lo < start or hi > end:
            raise PlanInputError(t("err_lunch", lang, m=p.lunch_minutes))
        data["lunch"] = {"earliest": p.lunch_earliest, "latest": p.lunch_latest,
                         "minutes": p.lunch_minutes}
    if p.greenways:
        data["candidates"]["greenways"] = list(p.greenways)
        if p.buffer_km:
            data["candidates"]["greenway_buffer_km"] = float(p.buffer_km)
    if p.themes:
        data["candidates"]["themes"] = list(p.themes)
    if p.max_per_day:
        data["max_sites_per_day"] = p.max_per_day
    try:
        return request_from_json(data)
    except RequestError as exc:
        raise PlanInputError(t("err_request", lang, msg=exc)) from None


def run_plan(request: TripRequest, db: Path, time_limit: float = 1.0, lang: str = "zh",
             seed: int = 0) -> PlanResult:
    """Plan and validate exactly as the CLI does; PlanInputError for anything the user can fix."""
    try:
        pool, places = sites_from_catalog(request, db)
        itinerary = plan(request, pool, budget=ENGINE.budget(time_limit, seed=seed),
                         places=places)
    except (InputError, RequestError) as exc:
        raise PlanInputError(t("err_request", lang, msg=exc)) from None
    sites = {s.id: s for s in (*pool, *places)}
    violations = validate_itinerary(request, list(sites.values()), itinerary)
    if violations:
        first = violations[0]
        raise PlanInputError(t("err_plan_failed", lang, msg=f"{first.code}: {first.message}"))
    return PlanResult(request, itinerary, sites)
