"""Timing a hand-arranged itinerary (``TripRequest.layout``) without solving.

Staff move, pin, remove and add stops; the day is then re-timed at once: leave the day's origin
at the day start, drive (or walk) each leg, wait at a gate that is not open yet, visit for the
site's visit length, and reach the night's lodging. Nothing is moved to make it fit. What breaks is
reported on the row it affects, as a ``Note`` with a code:

- ``closed``: the site is closed that day (the visit is still timed where it stands);
- ``after_closing``: the group arrives after the last start that lets the visit end by closing;
- ``past_day_end``: the day runs past its end (on the lodging row, and on the first visit that
  ends after the day's end);
- ``lunch_lost``: no stop leaves room for lunch inside its window (on the visit that spans it).

Lunch is eaten at the first stop where it can start inside its window: before leaving the origin
or a visit, or on arrival while waiting for a gate, and is put off to a later stop only when one
still leaves room for it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from catalog.models import Site
from routing.model import TripModel
from routing.planner import default_travel, own_stop_fields
from routing.problem import (
    DayPlan,
    Itinerary,
    Note,
    PlannedVisit,
    TripRequest,
    Unplanned,
    format_hhmm,
)


def retime(shown: TripRequest, request: TripRequest, pool: Sequence[Site],
           places: Iterable[Site] = ()) -> Itinerary:
    """Time ``shown.layout`` day by day (``request`` is the same trip as the planner sees it:
    custom stops pinned, no layout)."""
    assert shown.layout is not None
    model = TripModel.build(request, pool, default_travel(request), places)
    index = {site.id: s for s, site in enumerate(model.candidates)}
    for stop in (i for day in shown.layout for i in day):
        if stop not in index:  # excluded by the same request: placing it is a contradiction
            from routing.problem import RequestError

            raise RequestError(f"layout: {stop!r} is excluded or not a candidate",
                               "layout_unknown_stop", id=stop)
    days = [retime_day(model, d, [index[i] for i in shown.layout[d]]) for d in range(model.days)]
    laid = {i for day in shown.layout for i in day}
    # Only what staff removed can be said without solving; the other candidates are not listed.
    removed = tuple(Unplanned(s.id, s.name_zh, "excluded", f"{s.name_zh} was excluded by the"
                              " request", "excluded", {"site_id": s.id}) for s in model.excluded)
    return Itinerary(tuple(days), removed, stats={"retimed": 1.0, "stops": float(len(laid))})


def retime_day(model: TripModel, d: int, order: list[int]) -> DayPlan:
    """Day index ``d`` visiting candidates ``order`` as given, timed; notes on what breaks."""
    req = model.request
    lunch = req.lunch
    pins = req.pinned_day()
    stops = [model.origin_loc[d], *(model.site_loc[s] for s in order), model.lodging_loc[d]]
    legs = [model.minutes[a][b] for a, b in zip(stops, stops[1:], strict=False)]
    km = [round(model.metres[a][b] / 1000, 1) for a, b in zip(stops, stops[1:], strict=False)]
    walked = [model.walked[a][b] for a, b in zip(stops, stops[1:], strict=False)]
    visit_len = [model.visit_minutes(s, order) for s in order]

    def ends_after(now: int, i: int) -> int:
        """When visit ``i`` would end if the group left the previous stop at ``now``."""
        arrive = now + legs[i]
        window = model.window(order[i], d)
        return max(arrive, window[0] if window else arrive) + visit_len[i]

    now = req.day_start
    lunch_start: int | None = None
    lunch_at: str | None = None

    def can_eat(at: int) -> bool:
        return lunch is not None and lunch_start is None and \
            max(at, lunch.earliest) + lunch.minutes <= lunch.latest

    def eat_here(at: int, i: int) -> bool:
        """Eat now rather than after visit ``i``: it is lunch time, or later is too late."""
        assert lunch is not None
        if at >= lunch.earliest or i >= len(order):
            return True
        return not can_eat(ends_after(at, i))

    if can_eat(now) and eat_here(now, 0):
        lunch_start = max(now, lunch.earliest)  # type: ignore[union-attr]
        lunch_at = "origin"
        now = lunch_start + lunch.minutes  # type: ignore[union-attr]
    depart = now
    visits: list[PlannedVisit] = []
    arrivals: list[int] = []
    for i, s in enumerate(order):
        site = model.candidates[s]
        arrive = now + legs[i]
        arrivals.append(arrive)
        notes: list[Note] = []
        hours = model.hours[s][d]
        window = model.window(s, d)
        ready = arrive
        if window is not None and can_eat(arrive) and arrive >= lunch.earliest \
                and max(arrive, lunch.earliest) + lunch.minutes <= window[0]:  # type: ignore[union-attr]
            lunch_start, lunch_at = arrive, site.id  # waiting at the gate anyway
            ready = arrive + lunch.minutes  # type: ignore[union-attr]
        start = ready
        if hours is None:
            notes.append(Note("closed", f"{site.name_zh} is closed on day {d + 1}",
                              {"site_id": site.id, "day": d + 1}))
        elif window is None or ready > window[1]:
            latest = window[1] if window else hours[0]
            notes.append(Note(
                "after_closing",
                f"{site.name_zh} cannot be visited from {format_hhmm(ready)}: the last start is"
                f" {format_hhmm(latest)} (closes {format_hhmm(hours[2])})",
                {"site_id": site.id, "arrive": format_hhmm(ready), "latest": format_hhmm(latest),
                 "close": format_hhmm(hours[2])}))
            start = max(ready, hours[0])
        else:
            start = max(ready, window[0])
        end = start + visit_len[i]
        now = end
        if can_eat(now) and eat_here(now, i + 1):
            lunch_start, lunch_at = max(now, lunch.earliest), site.id  # type: ignore[union-attr]
            now = lunch_start + lunch.minutes  # type: ignore[union-attr]
        visits.append(PlannedVisit(
            site_id=site.id, name=site.name_zh, arrive=arrive, start=start, end=end, depart=now,
            drive_minutes=legs[i], drive_km=km[i], value=model.values[s],
            must_visit=site.id in req.must_visit, pinned=site.id in pins,
            ticket_cny=site.ticket_cny,
            estimated=site.hours.estimated or site.visit_minutes_estimated,
            approximate_location=site.coord_precision in ("township", "county"),
            walked=walked[i], issues=tuple(notes), **own_stop_fields(site),
        ))
    back = now + legs[-1]
    lodging_notes: list[Note] = []
    if back > req.day_end:
        note = Note("past_day_end", f"day {d + 1} ends at {format_hhmm(back)}, after"
                    f" {format_hhmm(req.day_end)}",
                    {"day": d + 1, "end": format_hhmm(back), "limit": format_hhmm(req.day_end)})
        lodging_notes.append(note)
        for i, v in enumerate(visits):
            if v.end > req.day_end:
                visits[i] = _with(v, note)
                break
    if lunch is not None and lunch_start is None:
        note = Note("lunch_lost", f"no stop of day {d + 1} leaves {lunch.minutes} min for lunch"
                    f" between {format_hhmm(lunch.earliest)} and {format_hhmm(lunch.latest)}",
                    {"day": d + 1, "minutes": lunch.minutes,
                     "earliest": format_hhmm(lunch.earliest), "latest": format_hhmm(lunch.latest)})
        spanning = [i for i, v in enumerate(visits) if v.end > lunch.latest - lunch.minutes]
        if spanning:
            visits[spanning[0]] = _with(visits[spanning[0]], note)
        else:
            lodging_notes.append(note)
    return DayPlan(
        day=d + 1, date=model.dates[d], origin=model.origins[d], depart=depart,
        visits=tuple(visits), lodging=model.lodgings[d], lodging_arrive=back,
        lodging_drive_minutes=legs[-1], lodging_drive_km=km[-1],
        lunch_start=lunch_start,
        lunch_end=lunch_start + lunch.minutes if lunch is not None and lunch_start is not None
        else None,
        lunch_at=lunch_at, lodging_issues=tuple(lodging_notes),
    )


def _with(v: PlannedVisit, note: Note) -> PlannedVisit:
    from dataclasses import replace

    return replace(v, issues=(*v.issues, note))
