"""Hand edits of a plan, as changes to its request (pure functions; nothing is solved here).

A plan's request is the whole state: ``pinned``, ``excluded``, ``custom_stops`` and ``layout``
(``routing.problem.TripRequest``). Each edit returns a new request whose ``layout`` is the
itinerary as staff arranged it; ``routing.service.plan_trip`` then times that layout at once,
without solving, and notes what breaks on the affected rows. ``replan`` drops the layout so the
engine fills the days again around what staff decided:

- moving a visit pins it to its new day (a hand-placed stop stays on its day);
- pinning puts a site (planned or not) on a day;
- removing a catalogue site excludes it (it does not come back), removing a custom stop deletes it;
- a custom stop is always planned on its day.

The engine chooses the order within a day when it re-plans; the layout keeps staff's order until
then. A saved plan or a link carries the request, so the edits reopen as they were.
"""

from __future__ import annotations

from dataclasses import replace

from routing.problem import CUSTOM_PREFIX, CustomStop, Itinerary, RequestError, TripRequest

Layout = tuple[tuple[str, ...], ...]


def layout_of(request: TripRequest, itinerary: Itinerary) -> Layout:
    """The arrangement being edited: the request's layout, else the plan's days as solved."""
    if request.layout is not None:
        return request.layout
    return tuple(tuple(v.site_id for v in d.visits) for d in itinerary.days)


def _check_day(request: TripRequest, day: int) -> None:
    if not 1 <= day <= request.days:
        raise RequestError(f"day {day} is not a day of the trip (1–{request.days})",
                           "pinned_after_last_day", site_id="", day=day, days=request.days)


def _place(layout: Layout, stop: str, day: int, position: int | None) -> Layout:
    days = [[s for s in d if s != stop] for d in layout]
    target = days[day - 1]
    at = len(target) if position is None else max(0, min(position, len(target)))
    target.insert(at, stop)
    return tuple(tuple(d) for d in days)


def _pin(request: TripRequest, stop: str, day: int) -> TripRequest:
    if stop.startswith(CUSTOM_PREFIX):
        stops = tuple(replace(c, day=day) if c.id == stop else c for c in request.custom_stops)
        return replace(request, custom_stops=stops)
    pins = dict(request.pinned)
    pins[stop] = day
    return replace(request, pinned=tuple(sorted(pins.items())),
                   excluded=tuple(i for i in request.excluded if i != stop))


def move(request: TripRequest, itinerary: Itinerary, stop: str, day: int,
         position: int | None = None) -> TripRequest:
    """Move ``stop`` to ``day`` (1-based) at ``position`` (0-based; None: last); it is pinned
    there, so re-planning keeps it on that day."""
    _check_day(request, day)
    layout = _place(layout_of(request, itinerary), stop, day, position)
    return replace(_pin(request, stop, day), layout=layout)


def pin(request: TripRequest, itinerary: Itinerary, site_id: str, day: int) -> TripRequest:
    """Pin ``site_id`` (planned or not) to ``day``: it moves there, last, unless already there."""
    _check_day(request, day)
    layout = layout_of(request, itinerary)
    if site_id not in layout[day - 1]:
        layout = _place(layout, site_id, day, None)
    return replace(_pin(request, site_id, day), layout=layout)


def remove(request: TripRequest, itinerary: Itinerary, stop: str) -> TripRequest:
    """Take ``stop`` out of the plan: a catalogue site is excluded, a custom stop deleted."""
    layout = tuple(tuple(s for s in d if s != stop) for d in layout_of(request, itinerary))
    if stop.startswith(CUSTOM_PREFIX):
        return replace(request, layout=layout,
                       custom_stops=tuple(c for c in request.custom_stops if c.id != stop))
    return replace(
        request, layout=layout,
        excluded=tuple(dict.fromkeys((*request.excluded, stop))),
        must_visit=tuple(i for i in request.must_visit if i != stop),
        pinned=tuple((s, d) for s, d in request.pinned if s != stop),
    )


def add_custom(request: TripRequest, itinerary: Itinerary, name: str, lat: float, lon: float,
               minutes: int, day: int, position: int | None = None) -> TripRequest:
    """Add a stop of staff's own (a named point with a visit length) on ``day``."""
    _check_day(request, day)
    if not name.strip():
        raise RequestError("a custom stop needs a name", "expected_string", where="name",
                           got="''")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise RequestError(f"custom stop: lat/lon out of range ({lat}, {lon})",
                           "point_out_of_range", where="custom", lat=lat, lon=lon)
    if not 0 <= minutes <= 24 * 60:
        raise RequestError(f"custom stop: {minutes} min is not a visit length", "too_small",
                           where="minutes", min=0, got=minutes)
    taken = {c.id for c in request.custom_stops}
    n = 1
    while f"{CUSTOM_PREFIX}{n}" in taken:
        n += 1
    stop = CustomStop(f"{CUSTOM_PREFIX}{n}", " ".join(name.replace("|", " ").split()),
                      round(lat, 6), round(lon, 6), int(minutes), day)
    layout = _place(layout_of(request, itinerary), stop.id, day, position)
    return replace(request, custom_stops=(*request.custom_stops, stop), layout=layout)


def replan(request: TripRequest) -> TripRequest:
    """The request to solve again: the same pins, exclusions and custom stops, no layout."""
    return replace(request, layout=None)
