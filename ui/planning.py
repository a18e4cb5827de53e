"""Form inputs -> the planning service (``routing.service.plan_trip``), the CLI's one path.

``request_data`` maps the form (``PlanInputs``) onto the request's JSON form, nothing more: every
rule about a request (days, end after start, lunch window, must/excluded clash, coordinates,
unknown ids) is the service's, raised as a coded ``RequestError`` that ``ui.plan_text`` words in
the user's language. Nothing here imports Streamlit, the engine or the catalogue adapter.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from routing.problem import RequestError, TripRequest
from routing.service import (
    TIME_LIMIT_S,
    PlanResult,
    custom_stop_to_json,
    default_budget,
    parse_request,
    plan_trip,
)
from ui.plan_text import say_error
from ui.urlstate import LODGING_POINT_PREFIX, PlanInputs, parse_point

__all__ = ["PlanInputError", "PlanResult", "build_request", "request_data", "run_plan"]


class PlanInputError(ValueError):
    """A request a person must fix; ``str`` is one sentence in the user's language and
    ``error`` the service's coded error behind it."""

    def __init__(self, text: str, error: RequestError | None = None) -> None:
        super().__init__(text)
        self.error = error


def _place(value: str) -> Any:
    """A lodging choice: a site id, or a ``pt:lat,lon,name`` point as the request's point form
    (an unreadable point is passed on as given, so the service names what is wrong with it)."""
    if not value.startswith(LODGING_POINT_PREFIX):
        return value
    point = parse_point(value)
    if point is None:
        return {"lat": None, "lon": None, "name": value}
    lat, lon, name = point
    return {"lat": lat, "lon": lon, "name": name}


def request_data(p: PlanInputs) -> dict[str, Any]:
    """The request's JSON form for the form's inputs (not checked: the service does that)."""
    data: dict[str, Any] = {
        "start_date": p.start_date.isoformat(),
        "days": p.days,
        "day_start": p.day_start,
        "day_end": p.day_end,
        "lodging": [_place(p.lodging_for(n)) for n in range(1, max(p.days, 1) + 1)],
        "mode": p.mode,
        "group_size": p.group_size,
        "candidates": {},
        "must_visit": list(p.must),
        "excluded": list(p.excluded),
        "pinned": {s: d for s, d in p.pinned if d <= p.days},  # fewer days drop later pins
        "custom_stops": [custom_stop_to_json(c) for c in p.custom],
    }
    if p.layout is not None:
        data["layout"] = [list(day) for day in p.layout]
    if p.lunch:
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
    if p.holiday_extra:
        data["holiday_extra_minutes"] = p.holiday_extra
    return data


def build_request(p: PlanInputs, lang: str = "zh") -> TripRequest:
    """The checked request for the form; ``PlanInputError`` (translated) when it breaks a rule."""
    try:
        return parse_request(request_data(p))
    except RequestError as exc:
        raise PlanInputError(say_error(exc, lang), exc) from None


def run_plan(request: TripRequest, db: Path, time_limit: float = TIME_LIMIT_S, lang: str = "zh",
             seed: int = 0) -> PlanResult:
    """Plan through the service; ``PlanInputError`` (translated) for anything to fix."""
    try:
        return plan_trip(request, db, default_budget(time_limit, seed))
    except RequestError as exc:
        raise PlanInputError(say_error(exc, lang), exc) from None
