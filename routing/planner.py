"""The itinerary planner (行程规划): request + sites -> engine instance -> itinerary with reasons.

``plan`` is a pure function of its arguments. It pre-checks every candidate alone (closed on all
trip days, cannot fit any day even alone), answers impossible must-visits with the constraint that
forbids them, gives the rest to the TOPTW engine, and maps the engine's absolute seconds back to
days, ``HH:MM`` times and drives. Unit conventions are fixed in ``routing.model``.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from catalog.holidays import calendar_day
from catalog.models import Site
from routing.engine import Break, Budget, Instance, Node, Solution, Tour, TourPlan, solve
from routing.explain import closed_message, fit_alone, fitting_days, is_closed_throughout, why_not
from routing.model import TripModel
from routing.problem import (
    DayPlan,
    Itinerary,
    MustVisitProblem,
    PlannedVisit,
    RequestError,
    TripRequest,
    Unplanned,
    format_hhmm,
)
from routing.travel import EstimatedTravel, TravelTimeSource

DAY_S = 86_400


def default_travel(request: TripRequest) -> EstimatedTravel:
    """The embedded travel estimate for the request's mode and group size."""
    return EstimatedTravel(mode=request.mode, group_size=request.group_size)


def plan(
    request: TripRequest,
    sites: Sequence[Site],
    travel: TravelTimeSource | None = None,
    budget: Budget | None = None,
    *,
    places: Iterable[Site] = (),
) -> Itinerary:
    """Plan the trip. ``sites`` are the candidates (must-visit and pinned ids must be among them);
    ``places`` are extra sites usable only as lodging/start.

    Raises ``UnknownSiteError`` for an id not among them and ``RequestError`` when a day cannot
    even hold the drive between its two lodgings.
    """
    prep = prepare(request, sites, travel, places=places)
    solution = (solve(prep.instance, budget or Budget()) if prep.engine_nodes
                else _empty_solution(prep.instance))
    return itinerary(prep, solution)


def itinerary(prep: Prepared, solution: Solution) -> Itinerary:
    """The itinerary of an engine ``solution`` of ``prep.instance`` (``plan``'s second half; the
    scale benchmark prepares once and solves many times)."""
    model, engine_nodes = prep.model, prep.engine_nodes
    request = model.request
    problems, unplanned = list(prep.problems), dict(prep.unplanned)
    pinned = request.pinned_day()
    must = set(request.must_visit) | set(pinned)
    days_out = _days(model, solution, engine_nodes, must, pinned)
    days_out = [_shorten_towns(model, d) for d in days_out]

    planned = {engine_nodes[v.node] for t in solution.tours for v in t.visits}
    for k in solution.unserved_required:
        s = engine_nodes[k]
        msg, params = _conflict_message(model, s, prep.allowed[s], days_out, must)
        problems.append(MustVisitProblem(model.candidates[s].id, "conflict", msg, "conflict",
                                         params))
        unplanned[s] = ("does_not_fit", msg, "conflict", params)
    for s in engine_nodes:
        if s not in planned and s not in unplanned:
            site = model.candidates[s]
            unplanned[s] = ("lower_value", _lower_value_message(model, s), "lower_value",
                            {"site_id": site.id, "value": model.values[s]})
    out = [Unplanned(site.id, site.name_zh, "excluded", f"{site.name_zh} was excluded by the request",
                     "excluded", {"site_id": site.id})
           for site in model.excluded]
    out += [Unplanned(model.candidates[s].id, model.candidates[s].name_zh, r, m, c, p)
            for s, (r, m, c, p) in sorted(unplanned.items())]
    stats = {k: float(v) for k, v in solution.stats.items()}
    stats.update(engine_nodes=float(len(engine_nodes)), locations=float(len(prep.instance.travel)))
    return Itinerary(tuple(days_out), tuple(out), tuple(problems), stats)


@dataclass(frozen=True)
class Prepared:
    """The pre-checked trip and the engine instance built from it (``instance.nodes[k]`` is
    candidate ``engine_nodes[k]``)."""

    model: TripModel
    instance: Instance
    engine_nodes: tuple[int, ...]
    unplanned: dict[int, tuple[str, str, str, dict]]  # candidate -> (reason, message, code, params)
    problems: tuple[MustVisitProblem, ...]
    allowed: dict[int, list[int]]  # candidate index -> day indexes on which it fits alone


def holiday_visits(request: TripRequest, sites: Sequence[Site]) -> list[Site]:
    """``sites`` with ``request.holiday_extra_minutes`` added to every A级景区 visit when a trip
    day is a public holiday (crowds at the gate and inside).

    The engine has one visit length per site, not one per day, so on a trip that mixes holidays
    and ordinary days an A级景区 gets the longer visit on every day: the plan is never too tight
    on the holiday, at the cost of slack on the other days.
    """
    extra = request.holiday_extra_minutes
    if extra <= 0 or not any(calendar_day(d).holiday for d in request.dates()):
        return list(sites)
    return [replace(s, visit_minutes=s.visit_minutes + extra)
            if s.a_level else s for s in sites]


def prepare(
    request: TripRequest,
    sites: Sequence[Site],
    travel: TravelTimeSource | None = None,
    *,
    places: Iterable[Site] = (),
) -> Prepared:
    """Resolve the request, pre-check every candidate alone and build the engine instance."""
    sites = holiday_visits(request, sites)
    model = TripModel.build(request, sites, travel or default_travel(request), places)
    _check_empty_days(model)
    must = set(request.must_visit) | {s for s, _ in request.pinned}
    pinned = request.pinned_day()
    problems: list[MustVisitProblem] = []
    unplanned: dict[int, tuple[str, str, str, dict]] = {}
    engine_nodes: list[int] = []  # candidate indexes handed to the engine
    allowed: dict[int, list[int]] = {}

    per_day_pins: dict[int, list[int]] = {}
    for s, site in enumerate(model.candidates):
        if site.id in pinned:
            per_day_pins.setdefault(pinned[site.id] - 1, []).append(s)

    for s, site in enumerate(model.candidates):
        if is_closed_throughout(model, s):
            params = {"site_id": site.id}
            unplanned[s] = ("closed", closed_message(model, s), "closed_all_days", params)
            if site.id in must:
                problems.append(MustVisitProblem(site.id, "closed", unplanned[s][1],
                                                 "closed_all_days", params))
            continue
        days = fitting_days(model, s)
        if not days:
            fit = why_not(model, s)
            unplanned[s] = ("does_not_fit",
                            f"cannot be fitted into any day, even alone: {fit.message}",
                            fit.code, fit.params)
            if site.id in must:
                problems.append(MustVisitProblem(site.id, fit.constraint or "day_length",
                                                 fit.message, fit.code, fit.params))
            continue
        if site.id in pinned:
            d = pinned[site.id] - 1
            if d not in days:
                fit = fit_alone(model, s, d)
                constraint = "pinned_day_closed" if fit.constraint == "closed" else "pinned_day"
                msg = f"pinned to day {d + 1}, but {fit.message}"
                problems.append(MustVisitProblem(site.id, constraint, msg, fit.code, fit.params))
                unplanned[s] = ("does_not_fit", msg, fit.code, fit.params)
                continue
            days = [d]
        if model.values[s] <= 0 and site.id not in must:
            unplanned[s] = ("lower_value",
                            f"{site.name_zh} has no value under the interest weights given",
                            "no_value", {"site_id": site.id})
            continue
        engine_nodes.append(s)
        allowed[s] = days

    cap = request.max_sites_per_day
    if cap is not None:
        for d, pins in per_day_pins.items():
            live = [s for s in pins if s in allowed]
            for s in live[cap:]:
                site = model.candidates[s]
                msg = (f"pinned to day {d + 1} together with {len(live)} sites, more than the"
                       f" maximum of {cap} sites per day")
                params = {"site_id": site.id, "day": d + 1, "count": len(live), "max": cap}
                problems.append(MustVisitProblem(site.id, "max_sites_per_day", msg,
                                                 "max_sites_per_day", params))
                unplanned[s] = ("does_not_fit", msg, "max_sites_per_day", params)
                engine_nodes.remove(s)

    instance = _instance(model, engine_nodes, allowed, must)
    return Prepared(model, instance, tuple(engine_nodes), unplanned, tuple(problems), allowed)


def _check_empty_days(model: TripModel) -> None:
    """Refuse a request whose days cannot even hold the drive between lodgings (and lunch)."""
    req = model.request
    for d in range(model.days):
        leg = model.minutes[model.origin_loc[d]][model.lodging_loc[d]]
        # Lunch is taken while stopped before leaving (the engine's rule), so it precedes the leg.
        ready = req.day_start if req.lunch is None else max(req.day_start, req.lunch.earliest)
        ready += req.lunch.minutes if req.lunch is not None else 0
        if ready + leg > req.day_end:
            raise RequestError(
                f"day {d + 1}: the drive from {model.origins[d].name} to"
                f" {model.lodgings[d].name} ({leg} min) and lunch do not fit between"
                f" {format_hhmm(req.day_start)} and {format_hhmm(req.day_end)}",
                "day_too_short", day=d + 1, origin=model.origins[d].name,
                lodging=model.lodgings[d].name, minutes=leg, start=format_hhmm(req.day_start),
                end=format_hhmm(req.day_end),
            )


def _conflict_message(model: TripModel, s: int, days: list[int], planned: list[DayPlan],
                      must: set[str]) -> tuple[str, dict]:
    """Name the days a must-visit fits alone and the fixed visits that took them."""
    site = model.candidates[s]
    parts = []
    fixed_by_day = []
    for d in days:
        fixed = [v for v in planned[d].visits if v.site_id in must]
        fixed_by_day.append({"day": d + 1, "site_ids": [v.site_id for v in fixed]})
        names = [v.name for v in fixed]
        parts.append(f"day {d + 1}" + (f" ({', '.join(names)})" if names else ""))
    return (f"{site.name_zh} fits {' or '.join(parts)} on its own, but not together with the other"
            " must-visit and pinned sites there (opening hours, the day length and lunch leave no"
            " room): drop or move one of them, or add a day",
            {"site_id": site.id, "days": fixed_by_day})


def _lower_value_message(model: TripModel, s: int) -> str:
    site = model.candidates[s]
    return (f"{site.name_zh} fits on its own (value {model.values[s]}), but the chosen sites"
            " were worth more in the time available")


def _instance(
    model: TripModel, nodes: list[int], allowed: dict[int, list[int]], must: set[str]
) -> Instance:
    """The engine instance: one tour per day; seconds = minutes × 60, all ``int``."""
    req = model.request
    locs = sorted({*model.origin_loc, *model.lodging_loc, *(model.site_loc[s] for s in nodes)})
    pos = {loc: i for i, loc in enumerate(locs)}
    if model.minutes_array is not None:  # numpy: no Python loop over a 1,514² matrix
        idx = np.asarray(locs, dtype=np.int64)
        travel = model.minutes_array[np.ix_(idx, idx)] * 60
        travel.setflags(write=False)
    else:
        travel = tuple(tuple(model.minutes[a][b] * 60 for b in locs) for a in locs)
    tours = []
    for d in range(model.days):
        base = d * DAY_S
        lunch = None
        if req.lunch is not None:
            lunch = Break(base + req.lunch.earliest * 60,
                          base + (req.lunch.latest - req.lunch.minutes) * 60,
                          req.lunch.minutes * 60)
        tours.append(Tour(
            start_loc=pos[model.origin_loc[d]], end_loc=pos[model.lodging_loc[d]],
            earliest_start=base + req.day_start * 60, latest_end=base + req.day_end * 60,
            lunch=lunch, max_visits=req.max_sites_per_day,
        ))
    engine_nodes = []
    for s in nodes:
        windows = []
        site = model.candidates[s]
        for d in allowed[s]:
            w = model.window(s, d)
            assert w is not None
            # Clip to the day (an always-open village is "open" from 00:00): tighter windows
            # change no feasible plan and keep the engine's time propagation short.
            lo = max(w[0], req.day_start)
            hi = min(w[1], req.day_end - site.visit_minutes)
            if lo <= hi:  # fit_alone guarantees this for every allowed day
                windows.append((d * DAY_S + lo * 60, d * DAY_S + hi * 60))
        engine_nodes.append(Node(
            service=site.visit_minutes * 60, score=model.values[s], windows=tuple(windows),
            required=site.id in must,
            allowed_tours=(frozenset(allowed[s]) if len(allowed[s]) < model.days else None),
        ))
    instance = Instance(
        nodes=tuple(engine_nodes), node_loc=tuple(pos[model.site_loc[s]] for s in nodes),
        tours=tuple(tours), travel=travel, name="jinzhong-trip",
    )
    return instance


def _shorten_towns(model: TripModel, day: DayPlan) -> DayPlan:
    """A day visiting a town and sites inside it, re-timed with the town's shorter visit
    (``routing.walking``), when the re-timed day keeps every window, lunch and its end."""
    index = {site.id: s for s, site in enumerate(model.candidates)}
    order = [index[v.site_id] for v in day.visits]
    if all(model.visit_minutes(s, order) == model.candidates[s].visit_minutes for s in order):
        return day
    from routing.retime import retime_day  # retime builds on this module's travel default

    shorter = retime_day(model, day.day - 1, order)
    if any(v.issues for v in shorter.visits) or shorter.lodging_issues or (
            day.lunch_start is not None and shorter.lunch_start is None):
        return day
    return shorter


def _empty_solution(instance: Instance) -> Solution:
    """No candidate is left: each day is lunch before leaving (if any) and the drive to the
    night's lodging. (Not worth an engine call; the engine also refuses zero nodes.)"""
    tours = []
    for t in instance.tours:
        lunch_start = None
        depart = t.earliest_start
        if t.lunch is not None:
            lunch_start = max(t.earliest_start, t.lunch.earliest_start)
            depart = lunch_start + t.lunch.duration
        leg = int(instance.travel[t.start_loc][t.end_loc])
        tours.append(TourPlan((), depart, depart + leg, lunch_start))
    travel = sum(int(instance.travel[t.start_loc][t.end_loc]) for t in instance.tours)
    return Solution(tours=tuple(tours), score=0, travel_time=travel)


def _days(model: TripModel, solution: Solution, nodes: list[int], must: set[str],
          pinned: dict[str, int]) -> list[DayPlan]:
    """Turn engine tours (absolute seconds) into day plans (minutes of day).

    Inputs were whole minutes × 60, so every engine time divides by 60 exactly; the departure
    from a stop is the next arrival minus the leg (the engine drives as soon as it leaves).
    """
    req = model.request
    out = []
    for d, tour in enumerate(solution.tours):
        base = d * DAY_S

        def minute(t: int, base: int = base) -> int:
            return -(-(t - base) // 60)  # ceil: never earlier than the engine's time

        order = [nodes[v.node] for v in tour.visits]
        locs = [model.origin_loc[d], *(model.site_loc[s] for s in order), model.lodging_loc[d]]
        legs = [model.minutes[a][b] for a, b in zip(locs, locs[1:], strict=False)]
        km = [round(model.metres[a][b] / 1000, 1) for a, b in zip(locs, locs[1:], strict=False)]
        arrivals = [minute(v.arrive) for v in tour.visits] + [minute(tour.return_time)]
        departs = [a - leg for a, leg in zip(arrivals, legs, strict=True)]
        lunch_start = minute(tour.lunch_start) if tour.lunch_start is not None else None
        lunch_end = lunch_start + req.lunch.minutes if lunch_start is not None and req.lunch else None
        at = None
        visits = []
        for i, (s, v) in enumerate(zip(order, tour.visits, strict=True)):
            site = model.candidates[s]
            start, end = minute(v.start), minute(v.end)
            # lunch is eaten at the stop where the group is between arriving and driving on
            if lunch_end is not None and arrivals[i] <= lunch_start and lunch_end <= departs[i + 1]:
                at = site.id
            visits.append(PlannedVisit(
                site_id=site.id, name=site.name_zh, arrive=arrivals[i], start=start, end=end,
                depart=departs[i + 1], drive_minutes=legs[i], drive_km=km[i],
                value=model.values[s], must_visit=site.id in req.must_visit,
                pinned=site.id in pinned, ticket_cny=site.ticket_cny,
                estimated=site.hours.estimated or site.visit_minutes_estimated,
                approximate_location=site.coord_precision in ("township", "county"),
                walked=model.walked[locs[i]][locs[i + 1]], **own_stop_fields(site),
            ))
        if lunch_end is not None and at is None and lunch_end <= departs[0]:
            at = "origin"
        out.append(DayPlan(
            day=d + 1, date=model.dates[d], origin=model.origins[d], depart=departs[0],
            visits=tuple(visits), lodging=model.lodgings[d], lodging_arrive=arrivals[-1],
            lodging_drive_minutes=legs[-1], lodging_drive_km=km[-1],
            lunch_start=lunch_start, lunch_end=lunch_end, lunch_at=at,
        ))
    return out


def own_stop_fields(site: Site) -> dict:
    """The fields that mark a visit as an own stop (added by hand) and carry its point."""
    if site.kind != "custom":
        return {}
    return {"custom": True, "lat": site.lat, "lon": site.lon}


__all__ = ["Prepared", "default_travel", "own_stop_fields", "plan", "prepare"]
