"""Strict JSON (de)serialisation of ``TripRequest`` and ``Itinerary`` (schema: README.md (planner section)).

Every reader refuses unknown keys and wrong types with a ``RequestError`` naming the field, so a
typo such as ``"must_vist"`` is an error rather than a silently ignored wish.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from typing import Any

from catalog.models import THEMES
from routing.problem import (
    DATE_PATTERN,
    MODES,
    REASONS,
    CandidateFilter,
    DayPlan,
    Itinerary,
    Lunch,
    MustVisitProblem,
    Place,
    PlaceRef,
    PlannedVisit,
    RequestError,
    TripRequest,
    Unplanned,
    format_hhmm,
    parse_hhmm,
)

_REQUEST_KEYS = {
    "description", "start_date", "days", "day_start", "day_end", "lodging", "start", "lunch",
    "mode", "candidates", "must_visit", "excluded", "pinned", "max_sites_per_day", "interests",
    "group_size",
}
_REQUIRED = ("start_date", "days", "day_start", "day_end", "lodging")
_FILTER_KEYS = {"greenways", "greenway_buffer_km", "themes", "kinds", "levels", "counties"}
#: Bounds a request must keep (the plan form's limits; larger values are mistakes or attacks).
MAX_GROUP_SIZE = 200
MAX_SITES_PER_DAY = 20
FIRST_DATE, LAST_DATE = dt.date(2000, 1, 1), dt.date(2099, 12, 31)
_MAX_DIGITS = 18  # a JSON integer longer than this is no count or id we use
_MAX_DEPTH = 32  # requests nest 3 levels; deeper is refused before Python's recursion limit


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise RequestError(f"duplicate field {key!r}")
        out[key] = value
    return out


def _refuse_constant(name: str) -> float:
    raise RequestError(f"{name} is not a number JSON allows")


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_DIGITS:
        raise RequestError(f"number {text[:12]}… has more than {_MAX_DIGITS} digits")
    return int(text)


def _check_tree(data: object) -> None:
    """Refuse lone surrogates (unprintable as UTF-8) anywhere, and nesting deeper than allowed."""
    stack: list[tuple[object, int]] = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > _MAX_DEPTH:
            raise RequestError(f"the JSON is nested more than {_MAX_DEPTH} levels deep")
        items: list[object] = []
        if isinstance(value, dict):
            items = [*value.keys(), *value.values()]
        elif isinstance(value, list):
            items = value
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise RequestError(f"text {value[:20]!r} holds an unpaired surrogate "
                                   "(not valid Unicode)") from None
        stack.extend((v, depth + 1) for v in items)


def loads_request_json(raw: bytes | str) -> object:
    """Parse request JSON strictly: UTF-8, no duplicate keys, no NaN/Infinity, integers of at
    most 18 digits, bounded nesting, no lone surrogates. Every refusal is a ``RequestError``."""
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise RequestError(f"the file is not UTF-8 (byte {exc.start}: "
                               f"0x{raw[exc.start]:02x})") from None
    else:
        text = raw
    depth = 0
    in_string = escaped = False
    for ch in text:  # a cheap pre-scan: json's recursive decoder must never see deep nesting
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in "[{":
            depth += 1
            if depth > _MAX_DEPTH:
                raise RequestError(f"the JSON is nested more than {_MAX_DEPTH} levels deep")
        elif ch in "]}":
            depth -= 1
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_int=_bounded_int,
                          parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise RequestError(f"malformed JSON at line {exc.lineno} column {exc.colno}:"
                           f" {exc.msg}") from None
    _check_tree(data)
    return data


def _obj(value: object, where: str, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise RequestError(f"{where}: expected an object, got {type(value).__name__}")
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise RequestError(f"{where}: unknown field {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})")
    return value


def _mapping(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise RequestError(f"{where}: expected an object, got {type(value).__name__}")
    return value


def _int(value: object, where: str, minimum: int | None = None,
         maximum: int | None = None) -> int:
    if type(value) is not int:
        raise RequestError(f"{where}: expected a whole number, got {value!r}")
    if minimum is not None and value < minimum:
        raise RequestError(f"{where}: must be at least {minimum}, got {value}")
    if maximum is not None and value > maximum:
        raise RequestError(f"{where}: must be at most {maximum}, got {value}")
    return value


def _num(value: object, where: str) -> float:
    if type(value) not in (int, float) or not math.isfinite(value):  # type: ignore[arg-type]
        raise RequestError(f"{where}: expected a number, got {value!r}")
    return float(value)  # type: ignore[arg-type]


def _str(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RequestError(f"{where}: expected a non-empty string, got {value!r}")
    return value


def _strs(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise RequestError(f"{where}: expected a list of strings, got {value!r}")
    return tuple(_str(v, f"{where}[{i}]") for i, v in enumerate(value))


def parse_date(value: object, where: str) -> dt.date:
    """``"2026-05-12"`` -> date; anything else is a ``RequestError``."""
    if not isinstance(value, str) or not DATE_PATTERN.match(value):
        raise RequestError(f"{where}: expected a date as YYYY-MM-DD, got {value!r}")
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise RequestError(f"{where}: {value!r} is not a calendar date") from None
    if not FIRST_DATE <= date <= LAST_DATE:
        raise RequestError(f"{where}: {value} is outside the dates the planner serves "
                           f"({FIRST_DATE.year}–{LAST_DATE.year})")
    return date


def _place(value: object, where: str) -> PlaceRef:
    if isinstance(value, str):
        return PlaceRef(site_id=_str(value, where))
    obj = _obj(value, where, {"lat", "lon", "name", "county_adcode", "site_id"})
    if "site_id" in obj:
        if set(obj) != {"site_id"}:
            raise RequestError(f"{where}: give either a site_id or lat/lon/name, not both")
        return PlaceRef(site_id=_str(obj["site_id"], f"{where}.site_id"))
    for key in ("lat", "lon", "name"):
        if key not in obj:
            raise RequestError(f"{where}: a point needs lat, lon and name (missing {key!r})")
    lat, lon = _num(obj["lat"], f"{where}.lat"), _num(obj["lon"], f"{where}.lon")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise RequestError(f"{where}: lat/lon out of range ({lat}, {lon})")
    county = obj.get("county_adcode")
    return PlaceRef(
        lat=lat, lon=lon, name=_str(obj["name"], f"{where}.name"),
        county_adcode=_str(county, f"{where}.county_adcode") if county is not None else None,
    )


def request_from_json(data: object) -> TripRequest:
    """Build a ``TripRequest`` from parsed JSON, refusing anything outside the contract."""
    obj = _obj(data, "request", _REQUEST_KEYS)
    for key in _REQUIRED:
        if key not in obj:
            raise RequestError(f"request: missing required field {key!r}")
    start_date = parse_date(obj["start_date"], "start_date")
    days = _int(obj["days"], "days", minimum=1)
    if days > 14:
        raise RequestError(f"days: at most 14 days can be planned at once, got {days}")
    day_start = parse_hhmm(obj["day_start"], "day_start")
    day_end = parse_hhmm(obj["day_end"], "day_end")
    if day_end <= day_start:
        raise RequestError(
            f"day_end {obj['day_end']} must be after day_start {obj['day_start']}"
        )
    raw_lodging = obj["lodging"]
    if isinstance(raw_lodging, list):
        if len(raw_lodging) != days:
            raise RequestError(
                f"lodging: give one place per night ({days}), or a single place for every night;"
                f" got {len(raw_lodging)}"
            )
        lodging = tuple(_place(p, f"lodging[{i}]") for i, p in enumerate(raw_lodging))
    else:
        lodging = (_place(raw_lodging, "lodging"),) * days
    start = _place(obj["start"], "start") if obj.get("start") is not None else None
    lunch = None
    if obj.get("lunch") is not None:
        lo = _obj(obj["lunch"], "lunch", {"earliest", "latest", "minutes"})
        for key in ("earliest", "latest", "minutes"):
            if key not in lo:
                raise RequestError(f"lunch: missing {key!r}")
        lunch = Lunch(
            parse_hhmm(lo["earliest"], "lunch.earliest"),
            parse_hhmm(lo["latest"], "lunch.latest"),
            _int(lo["minutes"], "lunch.minutes", minimum=1),
        )
        if lunch.latest - lunch.earliest < lunch.minutes:
            raise RequestError(
                f"lunch: {lunch.minutes} min do not fit between {lo['earliest']} and {lo['latest']}"
            )
        if lunch.earliest < day_start or lunch.latest > day_end:
            raise RequestError("lunch: the lunch window must lie inside day_start..day_end")
    mode = obj.get("mode", "car")
    if mode not in MODES:
        raise RequestError(f"mode: expected one of {', '.join(MODES)}, got {mode!r}")
    candidates = _filter(obj.get("candidates", {}))
    pinned_raw = _mapping(obj.get("pinned", {}), "pinned")
    pinned = []
    for site_id, day in sorted(pinned_raw.items()):
        day = _int(day, f"pinned.{site_id}", minimum=1)
        if day > days:
            raise RequestError(f"pinned.{site_id}: day {day} is after the last day ({days})")
        pinned.append((site_id, day))
    interests_raw = _mapping(obj.get("interests", {}), "interests")
    interests = []
    for theme, weight in sorted(interests_raw.items()):
        if theme not in THEMES:
            raise RequestError(f"interests: unknown theme {theme!r} (themes: {', '.join(THEMES)})")
        w = _num(weight, f"interests.{theme}")
        if not 0 <= w <= 10:
            raise RequestError(f"interests.{theme}: weight must be between 0 and 10, got {w}")
        interests.append((theme, w))
    max_per_day = obj.get("max_sites_per_day")
    must = _strs(obj.get("must_visit", []), "must_visit")
    excluded = _strs(obj.get("excluded", []), "excluded")
    clash = sorted(set(must + tuple(s for s, _ in pinned)) & set(excluded))
    if clash:
        raise RequestError(f"site {clash[0]!r} is both excluded and must-visit/pinned")
    return TripRequest(
        start_date=start_date, days=days, day_start=day_start, day_end=day_end,
        lodging=lodging, start=start, lunch=lunch, mode=mode, candidates=candidates,
        must_visit=must, excluded=excluded, pinned=tuple(pinned),
        max_sites_per_day=(
            _int(max_per_day, "max_sites_per_day", minimum=1, maximum=MAX_SITES_PER_DAY)
            if max_per_day is not None else None
        ),
        interests=tuple(interests),
        group_size=_int(obj.get("group_size", 1), "group_size", minimum=1,
                        maximum=MAX_GROUP_SIZE),
    )


def _filter(value: object) -> CandidateFilter:
    obj = _obj(value, "candidates", _FILTER_KEYS)
    buffer = obj.get("greenway_buffer_km")
    if buffer is not None and (_num(buffer, "candidates.greenway_buffer_km") < 0):
        raise RequestError("candidates.greenway_buffer_km: must not be negative")
    return CandidateFilter(
        greenways=_strs(obj.get("greenways", []), "candidates.greenways"),
        greenway_buffer_km=float(buffer) if buffer is not None else None,
        themes=_strs(obj.get("themes", []), "candidates.themes"),
        kinds=_strs(obj.get("kinds", []), "candidates.kinds"),
        levels=_strs(obj.get("levels", []), "candidates.levels"),
        counties=_strs(obj.get("counties", []), "candidates.counties"),
    )


def request_to_json(req: TripRequest) -> dict[str, Any]:
    """The inverse of ``request_from_json`` (round-trips exactly)."""
    c = req.candidates
    out: dict[str, Any] = {
        "start_date": req.start_date.isoformat(),
        "days": req.days,
        "day_start": format_hhmm(req.day_start),
        "day_end": format_hhmm(req.day_end),
        "lodging": [p.to_json() for p in req.lodging],
        "mode": req.mode,
        "candidates": {
            "greenways": list(c.greenways), "themes": list(c.themes), "kinds": list(c.kinds),
            "levels": list(c.levels), "counties": list(c.counties),
        },
        "must_visit": list(req.must_visit),
        "excluded": list(req.excluded),
        "pinned": dict(req.pinned),
        "interests": dict(req.interests),
        "group_size": req.group_size,
    }
    if c.greenway_buffer_km is not None:
        out["candidates"]["greenway_buffer_km"] = c.greenway_buffer_km
    if req.start is not None:
        out["start"] = req.start.to_json()
    if req.lunch is not None:
        out["lunch"] = {
            "earliest": format_hhmm(req.lunch.earliest),
            "latest": format_hhmm(req.lunch.latest),
            "minutes": req.lunch.minutes,
        }
    if req.max_sites_per_day is not None:
        out["max_sites_per_day"] = req.max_sites_per_day
    return out


# ---------------------------------------------------------------- result


def _place_json(p: Place) -> dict[str, Any]:
    return {"name": p.name, "site_id": p.site_id, "lat": p.lat, "lon": p.lon}


def itinerary_to_json(it: Itinerary) -> dict[str, Any]:
    """The result as JSON-ready data: times ``HH:MM``, drives in minutes and km."""
    days = []
    for d in it.days:
        days.append({
            "day": d.day,
            "date": d.date.isoformat(),
            "origin": _place_json(d.origin),
            "depart": format_hhmm(d.depart),
            "visits": [
                {
                    "site_id": v.site_id, "name": v.name,
                    "arrive": format_hhmm(v.arrive), "start": format_hhmm(v.start),
                    "end": format_hhmm(v.end), "depart": format_hhmm(v.depart),
                    "drive_minutes": v.drive_minutes, "drive_km": v.drive_km,
                    "value": v.value, "must_visit": v.must_visit, "pinned": v.pinned,
                    "ticket_cny": v.ticket_cny, "estimated": v.estimated,
                    "approximate_location": v.approximate_location,
                }
                for v in d.visits
            ],
            "lunch": None if d.lunch_start is None else {
                "start": format_hhmm(d.lunch_start),
                "end": format_hhmm(d.lunch_end if d.lunch_end is not None else d.lunch_start),
                "at": d.lunch_at,
            },
            "lodging": {
                **_place_json(d.lodging),
                "arrive": format_hhmm(d.lodging_arrive),
                "drive_minutes": d.lodging_drive_minutes,
                "drive_km": d.lodging_drive_km,
            },
        })
    return {
        "days": days,
        "totals": it.totals(),
        "unplanned": [
            {"site_id": u.site_id, "name": u.name, "reason": u.reason, "message": u.message}
            for u in it.unplanned
        ],
        "must_visit_problems": [
            {"site_id": m.site_id, "constraint": m.constraint, "message": m.message}
            for m in it.must_visit_problems
        ],
        "stats": dict(it.stats),
    }


def _result_place(obj: dict[str, Any], where: str) -> Place:
    return Place(
        name=_str(obj["name"], f"{where}.name"),
        lat=_num(obj["lat"], f"{where}.lat"),
        lon=_num(obj["lon"], f"{where}.lon"),
        site_id=obj.get("site_id"),
    )


def itinerary_from_json(data: object) -> Itinerary:
    """Read a result back (for re-planning and tests); malformed input raises ``RequestError``."""
    try:
        return _itinerary_from_json(data)
    except (KeyError, TypeError) as exc:
        raise RequestError(f"itinerary: malformed result ({exc!r})") from None


def _itinerary_from_json(data: object) -> Itinerary:
    obj = _obj(data, "itinerary", {"days", "totals", "unplanned", "must_visit_problems", "stats"})
    days = []
    for i, d in enumerate(obj["days"]):
        w = f"days[{i}]"
        lunch = d.get("lunch")
        visits = tuple(
            PlannedVisit(
                site_id=v["site_id"], name=v["name"],
                arrive=parse_hhmm(v["arrive"], f"{w}.arrive"),
                start=parse_hhmm(v["start"], f"{w}.start"),
                end=parse_hhmm(v["end"], f"{w}.end"),
                depart=parse_hhmm(v["depart"], f"{w}.depart"),
                drive_minutes=_int(v["drive_minutes"], f"{w}.drive_minutes"),
                drive_km=_num(v["drive_km"], f"{w}.drive_km"),
                value=_int(v["value"], f"{w}.value"),
                must_visit=bool(v.get("must_visit", False)), pinned=bool(v.get("pinned", False)),
                ticket_cny=v.get("ticket_cny"), estimated=bool(v.get("estimated", False)),
                approximate_location=bool(v.get("approximate_location", False)),
            )
            for v in d["visits"]
        )
        days.append(DayPlan(
            day=_int(d["day"], f"{w}.day", minimum=1),
            date=parse_date(d["date"], f"{w}.date"),
            origin=_result_place(d["origin"], f"{w}.origin"),
            depart=parse_hhmm(d["depart"], f"{w}.depart"),
            visits=visits,
            lodging=_result_place(d["lodging"], f"{w}.lodging"),
            lodging_arrive=parse_hhmm(d["lodging"]["arrive"], f"{w}.lodging.arrive"),
            lodging_drive_minutes=_int(d["lodging"]["drive_minutes"], f"{w}.lodging.drive_minutes"),
            lodging_drive_km=_num(d["lodging"]["drive_km"], f"{w}.lodging.drive_km"),
            lunch_start=parse_hhmm(lunch["start"], f"{w}.lunch.start") if lunch else None,
            lunch_end=parse_hhmm(lunch["end"], f"{w}.lunch.end") if lunch else None,
            lunch_at=lunch.get("at") if lunch else None,
        ))
    unplanned = []
    for u in obj.get("unplanned", []):
        if u["reason"] not in REASONS:
            raise RequestError(f"unplanned: unknown reason {u['reason']!r}")
        unplanned.append(Unplanned(u["site_id"], u["name"], u["reason"], u["message"]))
    problems = tuple(
        MustVisitProblem(m["site_id"], m["constraint"], m["message"])
        for m in obj.get("must_visit_problems", [])
    )
    return Itinerary(tuple(days), tuple(unplanned), problems, dict(obj.get("stats", {})))
