"""An independent check of a planned itinerary against its request (行程校验).

It shares no code with the planner or the engine: opening hours are re-read from the sites'
seasons here, ``HH:MM`` is parsed here, and every time, drive and lunch is recomputed from the
result's own figures and the travel source. It answers "could a coach really do this day?" and
returns every violation it finds (an empty list means the plan is sound).

Drive legs are checked against the travel source in seconds: a leg may take longer than the source
says (rounding up to whole minutes, waiting) but never less.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from catalog.models import Site
from routing.problem import Itinerary, PlaceRef, TripRequest  # the contract's types only
from routing.travel import EstimatedTravel, TravelPoint, TravelTimeSource
from routing.walking import towns, travel_point
from routing.walking import visit_minutes as town_visit_minutes


@dataclass(frozen=True)
class Violation:
    """One broken rule: a stable ``code``, the day (1-based) and site when they apply, a sentence."""

    code: str
    message: str
    day: int | None = None
    site_id: str | None = None


def _minutes(text: str) -> int:
    hh, mm = text.split(":")
    return int(hh) * 60 + int(mm)


def _opening(site: Site, day: dt.date) -> tuple[int, int, int] | None:
    """(open, last admission, close) in minutes on ``day``; None when closed (own reading)."""
    hours = site.hours
    if hours.always_open:
        return (0, 1440, 1440)
    mmdd = (day.month, day.day)
    for season in hours.seasons:
        start = tuple(int(x) for x in season.start.split("-"))
        end = tuple(int(x) for x in season.end.split("-"))
        inside = start <= mmdd <= end if start <= end else (mmdd >= start or mmdd <= end)
        if not inside:
            continue
        if day.weekday() in season.closed_weekdays:
            return None
        close = _minutes(season.close)
        last = _minutes(season.last_entry) if season.last_entry else close
        return (_minutes(season.open), last, close)
    return None


def _same_place(place: Mapping[str, Any], expected: PlaceRef) -> bool:
    if expected.site_id is not None:
        return place.get("site_id") == expected.site_id
    return (place.get("site_id") is None and abs(place["lat"] - expected.lat) < 1e-9
            and abs(place["lon"] - expected.lon) < 1e-9)


def _point(place: Mapping[str, Any], by_id: Mapping[str, Site], ref: PlaceRef,
           town_of: Mapping[str, str]) -> TravelPoint:
    site = by_id.get(place.get("site_id") or "")
    if site is not None:
        return travel_point(site, town_of)
    return TravelPoint(place["lat"], place["lon"], ref.county_adcode)


def validate_itinerary(
    request: TripRequest,
    sites: Iterable[Site],
    result: Itinerary | Mapping[str, Any],
    travel: TravelTimeSource | None = None,
) -> list[Violation]:
    """Every violation of ``result`` (an ``Itinerary`` or its JSON) against ``request``.

    ``sites`` must contain every site the result or the request names (candidates and lodging).
    ``travel`` defaults to the embedded estimate for the request's mode and group size.
    """
    if not isinstance(result, Mapping):
        from routing.problem_json import itinerary_to_json  # serialisation only, no planning

        result = itinerary_to_json(result)
    travel = travel or EstimatedTravel(mode=request.mode, group_size=request.group_size)
    by_id = {s.id: s for s in sites}
    out: list[Violation] = []
    days = result.get("days", [])
    if len(days) != request.days:
        out.append(Violation("day_count", f"{len(days)} days planned, {request.days} requested"))
    seen: dict[str, int] = {}
    try:
        for index, day in enumerate(days[: request.days]):
            _check_day(request, by_id, travel, index, day, seen, out)
        _check_trip(request, result, seen, by_id, out)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError) as exc:
        # A hand-edited or truncated result: say so instead of raising.
        out.append(Violation("malformed", f"the result does not follow the schema ({exc!r})"))
    return out


def _check_day(request: TripRequest, by_id: Mapping[str, Site], travel: TravelTimeSource, index: int,
               day: Mapping[str, Any], seen: dict[str, int], out: list[Violation]) -> None:
    n = index + 1
    date = request.start_date + dt.timedelta(days=index)
    if day.get("day") != n or day.get("date") != date.isoformat():
        out.append(Violation("wrong_date", f"day {n} should be {date.isoformat()}", n))
    # Day 1 starts at the start point (or night 1's lodging); day n at night n-1's lodging.
    expected_origin = request.start if (n == 1 and request.start) else request.lodging[max(0, n - 2)]
    if not _same_place(day["origin"], expected_origin):
        out.append(Violation("wrong_origin", f"day {n} starts at {day['origin']['name']},"
                             " not where the previous night was spent", n))
    if not _same_place(day["lodging"], request.lodging[index]):
        out.append(Violation("not_back_at_lodging", f"day {n} ends at {day['lodging']['name']},"
                             f" not at night {n}'s lodging", n))
    visits = day["visits"]
    if request.max_sites_per_day is not None and len(visits) > request.max_sites_per_day:
        out.append(Violation("max_per_day", f"day {n} has {len(visits)} visits, more than"
                             f" {request.max_sites_per_day}", n))
    town_of = towns(by_id.values())  # the walking rule: legs inside one town are walked
    stops = [_point(day["origin"], by_id, expected_origin, town_of)]
    for v in visits:
        site = by_id.get(v["site_id"])
        stops.append(travel_point(site, town_of) if site else stops[-1])
    stops.append(_point(day["lodging"], by_id, request.lodging[index], town_of))
    same_day = [by_id[v["site_id"]] for v in visits if v["site_id"] in by_id]
    seconds, metres = travel.matrix(stops)

    depart = _minutes(day["depart"])
    if depart < request.day_start:
        out.append(Violation("day_over_budget", f"day {n} leaves at {day['depart']}, before the"
                             " day starts", n))
    busy: list[tuple[int, int, str]] = []  # (from, to, what) intervals the group is occupied
    for i, v in enumerate(visits):
        sid = v["site_id"]
        if sid in seen:
            out.append(Violation("duplicate_visit", f"{sid} is visited twice (days {seen[sid]} and"
                                 f" {n})", n, sid))
        seen.setdefault(sid, n)
        arrive, start, end, leave = (_minutes(v[k]) for k in ("arrive", "start", "end", "depart"))
        _check_leg(n, sid, depart, arrive, v, seconds[i][i + 1], metres[i][i + 1], out)
        busy.append((depart, depart + -(-seconds[i][i + 1] // 60), f"the drive to {sid}"))
        if not arrive <= start < end <= leave:
            out.append(Violation("time_order", f"{sid}: arrive {v['arrive']}, start {v['start']},"
                                 f" end {v['end']}, depart {v['depart']} are out of order", n, sid))
        site = by_id.get(sid)
        if site is None:
            out.append(Violation("unknown_site", f"{sid} is not a known site", n, sid))
        else:
            _check_hours(site, date, n, start, end, out,
                         town_visit_minutes(site, same_day, town_of))
        busy.append((start, end, f"the visit of {sid}"))
        depart = leave
    arrive = _minutes(day["lodging"]["arrive"])
    _check_leg(n, None, depart, arrive, day["lodging"], seconds[-2][-1], metres[-2][-1], out)
    busy.append((depart, depart + -(-seconds[-2][-1] // 60), "the drive to the lodging"))
    if arrive > request.day_end:
        out.append(Violation("day_over_budget", f"day {n} reaches the lodging at"
                             f" {day['lodging']['arrive']}, after the day ends", n))
    _check_lunch(request, day, n, busy, out)


def _check_leg(n: int, sid: str | None, depart: int, arrive: int, leg: Mapping[str, Any],
               need_s: int, need_m: int, out: list[Violation]) -> None:
    target = sid or "the lodging"
    if (arrive - depart) * 60 < need_s or leg["drive_minutes"] * 60 < need_s:
        out.append(Violation("drive_too_short", f"the drive to {target} is planned at"
                             f" {arrive - depart} min (reported {leg['drive_minutes']}), the travel"
                             f" source needs {need_s / 60:.1f} min", n, sid))
    if leg["drive_minutes"] > arrive - depart:
        out.append(Violation("drive_inconsistent", f"the drive to {target} is reported as"
                             f" {leg['drive_minutes']} min but the timetable leaves"
                             f" {arrive - depart} min for it", n, sid))
    if abs(leg["drive_km"] - need_m / 1000) > 0.051:
        out.append(Violation("distance_mismatch", f"the drive to {target} is reported as"
                             f" {leg['drive_km']} km, the travel source says"
                             f" {need_m / 1000:.1f} km", n, sid))


def _check_hours(site: Site, date: dt.date, n: int, start: int, end: int,
                 out: list[Violation], needed: int) -> None:
    hours = _opening(site, date)
    if hours is None:
        out.append(Violation("closed_day", f"{site.name_zh} is closed on {date.isoformat()}",
                             n, site.id))
        return
    open_, last, close = hours
    if start < open_ or start > last or end > close:
        out.append(Violation("outside_hours", f"{site.name_zh} is visited outside its opening"
                             f" hours on {date.isoformat()}", n, site.id))
    if end - start < needed:
        out.append(Violation("visit_too_short", f"{site.name_zh} gets {end - start} min, it needs"
                             f" {needed}", n, site.id))


def _check_lunch(request: TripRequest, day: Mapping[str, Any], n: int,
                 busy: list[tuple[int, int, str]], out: list[Violation]) -> None:
    lunch = request.lunch
    if lunch is None:
        return
    if not day.get("lunch"):
        out.append(Violation("lunch_missing", f"day {n} has no lunch", n))
        return
    start, end = _minutes(day["lunch"]["start"]), _minutes(day["lunch"]["end"])
    if end - start < lunch.minutes:
        out.append(Violation("lunch_too_short", f"day {n} lunch is {end - start} min, not"
                             f" {lunch.minutes}", n))
    if start < lunch.earliest or end > lunch.latest:
        out.append(Violation("lunch_outside_window", f"day {n} lunch {day['lunch']['start']}–"
                             f"{day['lunch']['end']} is outside the lunch window", n))
    if start < request.day_start or end > request.day_end:
        out.append(Violation("lunch_outside_window", f"day {n} lunch is outside the day", n))
    for lo, hi, what in busy:
        if start < hi and lo < end:
            out.append(Violation("lunch_overlap", f"day {n} lunch overlaps {what}", n))


def _check_trip(request: TripRequest, result: Mapping[str, Any], seen: dict[str, int],
                by_id: Mapping[str, Site], out: list[Violation]) -> None:
    for sid in request.excluded:
        if sid in seen:
            out.append(Violation("excluded_planned", f"{sid} is excluded but planned on day"
                                 f" {seen[sid]}", seen[sid], sid))
    explained = {p["site_id"] for p in result.get("must_visit_problems", [])}
    pinned = dict(request.pinned)
    for sid in {*request.must_visit, *pinned}:
        if sid not in seen and sid not in explained:
            out.append(Violation("must_visit_missing", f"must-visit {sid} is neither planned nor"
                                 " explained", site_id=sid))
        if sid in seen and sid in pinned and seen[sid] != pinned[sid]:
            out.append(Violation("pinned_moved", f"{sid} is pinned to day {pinned[sid]} but planned"
                                 f" on day {seen[sid]}", seen[sid], sid))
    for u in result.get("unplanned", []):
        sid = u["site_id"]
        if sid in seen:
            out.append(Violation("planned_and_unplanned", f"{sid} is both planned and listed as"
                                 " unplanned", seen[sid], sid))
        site = by_id.get(sid)
        dates = [request.start_date + dt.timedelta(days=i) for i in range(request.days)]
        if u["reason"] == "closed" and site and any(_opening(site, d) for d in dates):
            out.append(Violation("false_reason", f"{sid} is said to be closed but opens on a trip"
                                 " day", site_id=sid))
        if u["reason"] == "excluded" and sid not in request.excluded:
            out.append(Violation("false_reason", f"{sid} is said to be excluded but was not",
                                 site_id=sid))
    totals = result.get("totals")
    if totals is not None:
        count = sum(len(d["visits"]) for d in result["days"])
        if totals.get("sites_planned") != count:
            out.append(Violation("totals_mismatch", f"totals say {totals.get('sites_planned')}"
                                 f" sites, the days hold {count}"))
