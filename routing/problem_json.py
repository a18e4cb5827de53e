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
    CUSTOM_PREFIX,
    DATE_PATTERN,
    MODES,
    REASONS,
    CandidateFilter,
    CustomStop,
    DayPlan,
    Itinerary,
    Lunch,
    MustVisitProblem,
    Note,
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
    "group_size", "custom_stops", "layout", "holiday_extra_minutes",
}
MAX_DAYS = 14
_CUSTOM_KEYS = {"id", "name", "lat", "lon", "minutes", "day", "county_adcode"}
_REQUIRED = ("start_date", "days", "day_start", "day_end", "lodging")
_FILTER_KEYS = {"greenways", "greenway_buffer_km", "themes", "kinds", "levels", "counties"}
#: Bounds a request must keep (the plan form's limits; larger values are mistakes or attacks).
MAX_GROUP_SIZE = 200
MAX_SITES_PER_DAY = 20
MAX_HOLIDAY_EXTRA_MINUTES = 240  # per A级景区 visit on a public holiday
FIRST_DATE, LAST_DATE = dt.date(2000, 1, 1), dt.date(2099, 12, 31)
_MAX_DIGITS = 18  # a JSON integer longer than this is no count or id we use
#: Arrays and objects nested in one another, at most (scalars are no level). Requests nest 3;
#: deeper is refused by a scan of the text, before json's recursive decoder sees it.
MAX_DEPTH = 32


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise RequestError(f"duplicate field {key!r}", "duplicate_field", field=key)
        out[key] = value
    return out


def _refuse_constant(name: str) -> float:
    raise RequestError(f"{name} is not a number JSON allows", "not_json_number", got=name)


def _bounded_int(text: str) -> int:
    if len(text.lstrip("-")) > _MAX_DIGITS:
        raise RequestError(f"number {text[:12]}… has more than {_MAX_DIGITS} digits",
                           "too_many_digits", got=f"{text[:12]}…", max=_MAX_DIGITS)
    return int(text)


def _check_strings(data: object) -> None:
    """Refuse lone surrogates (unprintable as UTF-8) in any key or text value."""
    stack: list[object] = [data]
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise RequestError(f"text {value[:20]!r} holds an unpaired surrogate "
                                   "(not valid Unicode)", "lone_surrogate",
                                   got=value[:20].encode("utf-8", "replace").decode()) from None


def _check_depth(text: str) -> None:
    """Refuse more than ``MAX_DEPTH`` arrays and objects nested in one another (brackets inside
    strings do not count). Read from the text: json's recursive decoder must never see deep
    nesting."""
    depth = 0
    in_string = escaped = False
    for ch in text:
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
            if depth > MAX_DEPTH:
                raise RequestError(f"the JSON is nested more than {MAX_DEPTH} levels deep",
                                   "too_deep", max=MAX_DEPTH)
        elif ch in "]}":
            depth -= 1


def loads_request_json(raw: bytes | str) -> object:
    """Parse request JSON strictly: UTF-8, no duplicate keys, no NaN/Infinity, integers of at
    most 18 digits, bounded nesting, no lone surrogates. Every refusal is a ``RequestError``."""
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise RequestError(f"the file is not UTF-8 (byte {exc.start}: "
                               f"0x{raw[exc.start]:02x})", "not_utf8", byte=exc.start) from None
    else:
        text = raw
    _check_depth(text)
    try:
        data = json.loads(text, object_pairs_hook=_no_duplicates, parse_int=_bounded_int,
                          parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise RequestError(f"malformed JSON at line {exc.lineno} column {exc.colno}:"
                           f" {exc.msg}", "malformed_json", line=exc.lineno, col=exc.colno,
                           error=exc.msg) from None
    _check_strings(data)
    return data


def _obj(value: object, where: str, allowed: set[str]) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise RequestError(f"{where}: expected an object, got {type(value).__name__}",
                           "expected_object", where=where, got=type(value).__name__)
    unknown = sorted(set(value) - allowed)
    if unknown:
        raise RequestError(
            f"{where}: unknown field {unknown[0]!r} (allowed: {', '.join(sorted(allowed))})",
            "unknown_field", where=where, field=unknown[0], allowed=", ".join(sorted(allowed)))
    return value


def _mapping(value: object, where: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise RequestError(f"{where}: expected an object, got {type(value).__name__}",
                           "expected_object", where=where, got=type(value).__name__)
    return value


def _int(value: object, where: str, minimum: int | None = None,
         maximum: int | None = None) -> int:
    if type(value) is not int:
        raise RequestError(f"{where}: expected a whole number, got {value!r}",
                           "expected_int", where=where, got=repr(value))
    if minimum is not None and value < minimum:
        raise RequestError(f"{where}: must be at least {minimum}, got {value}",
                           "too_small", where=where, min=minimum, got=value)
    if maximum is not None and value > maximum:
        raise RequestError(f"{where}: must be at most {maximum}, got {value}",
                           "too_large", where=where, max=maximum, got=value)
    return value


def _num(value: object, where: str) -> float:
    if type(value) not in (int, float) or not math.isfinite(value):  # type: ignore[arg-type]
        raise RequestError(f"{where}: expected a number, got {value!r}",
                           "expected_number", where=where, got=repr(value))
    return float(value)  # type: ignore[arg-type]


def _str(value: object, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise RequestError(f"{where}: expected a non-empty string, got {value!r}",
                           "expected_string", where=where, got=repr(value))
    return value


def _strs(value: object, where: str) -> tuple[str, ...]:
    if not isinstance(value, list):
        raise RequestError(f"{where}: expected a list of strings, got {value!r}",
                           "expected_list", where=where, got=repr(value))
    return tuple(_str(v, f"{where}[{i}]") for i, v in enumerate(value))


def parse_date(value: object, where: str) -> dt.date:
    """``"2026-05-12"`` -> date; anything else is a ``RequestError``."""
    if not isinstance(value, str) or not DATE_PATTERN.match(value):
        raise RequestError(f"{where}: expected a date as YYYY-MM-DD, got {value!r}",
                           "bad_date", where=where, got=repr(value))
    try:
        date = dt.date.fromisoformat(value)
    except ValueError:
        raise RequestError(f"{where}: {value!r} is not a calendar date",
                           "not_a_date", where=where, got=repr(value)) from None
    if not FIRST_DATE <= date <= LAST_DATE:
        raise RequestError(f"{where}: {value} is outside the dates the planner serves "
                           f"({FIRST_DATE.year}–{LAST_DATE.year})", "date_out_of_range",
                           where=where, got=value, first=FIRST_DATE.year, last=LAST_DATE.year)
    return date


def _place(value: object, where: str) -> PlaceRef:
    if isinstance(value, str):
        return PlaceRef(site_id=_str(value, where))
    obj = _obj(value, where, {"lat", "lon", "name", "county_adcode", "site_id"})
    if "site_id" in obj:
        if set(obj) != {"site_id"}:
            raise RequestError(f"{where}: give either a site_id or lat/lon/name, not both",
                               "site_and_point", where=where)
        return PlaceRef(site_id=_str(obj["site_id"], f"{where}.site_id"))
    for key in ("lat", "lon", "name"):
        if key not in obj:
            raise RequestError(f"{where}: a point needs lat, lon and name (missing {key!r})",
                               "point_incomplete", where=where, field=key)
    lat, lon = _num(obj["lat"], f"{where}.lat"), _num(obj["lon"], f"{where}.lon")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise RequestError(f"{where}: lat/lon out of range ({lat}, {lon})",
                           "point_out_of_range", where=where, lat=lat, lon=lon)
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
            raise RequestError(f"request: missing required field {key!r}",
                               "missing_field", where="request", field=key)
    start_date = parse_date(obj["start_date"], "start_date")
    days = _int(obj["days"], "days")
    if days < 1:
        raise RequestError(f"days: must be at least 1, got {days}", "days_min", got=days)
    if days > MAX_DAYS:
        raise RequestError(f"days: at most {MAX_DAYS} days can be planned at once, got {days}",
                           "days_max", max=MAX_DAYS, got=days)
    day_start = parse_hhmm(obj["day_start"], "day_start")
    day_end = parse_hhmm(obj["day_end"], "day_end")
    if day_end <= day_start:
        raise RequestError(
            f"day_end {obj['day_end']} must be after day_start {obj['day_start']}",
            "end_before_start", start=obj["day_start"], end=obj["day_end"],
        )
    raw_lodging = obj["lodging"]
    if isinstance(raw_lodging, list):
        if len(raw_lodging) != days:
            raise RequestError(
                f"lodging: give one place per night ({days}), or a single place for every night;"
                f" got {len(raw_lodging)}", "lodging_count", days=days, got=len(raw_lodging),
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
                raise RequestError(f"lunch: missing {key!r}", "missing_field", where="lunch",
                                   field=key)
        lunch = Lunch(
            parse_hhmm(lo["earliest"], "lunch.earliest"),
            parse_hhmm(lo["latest"], "lunch.latest"),
            _int(lo["minutes"], "lunch.minutes", minimum=1),
        )
        if lunch.latest - lunch.earliest < lunch.minutes:
            raise RequestError(
                f"lunch: {lunch.minutes} min do not fit between {lo['earliest']} and {lo['latest']}",
                "lunch_too_short", minutes=lunch.minutes, earliest=lo["earliest"],
                latest=lo["latest"],
            )
        if lunch.earliest < day_start or lunch.latest > day_end:
            raise RequestError("lunch: the lunch window must lie inside day_start..day_end",
                               "lunch_outside_day", earliest=lo["earliest"], latest=lo["latest"],
                               start=obj["day_start"], end=obj["day_end"])
    mode = obj.get("mode", "car")
    if mode not in MODES:
        raise RequestError(f"mode: expected one of {', '.join(MODES)}, got {mode!r}",
                           "bad_mode", allowed=", ".join(MODES), got=repr(mode))
    candidates = _filter(obj.get("candidates", {}))
    pinned_raw = _mapping(obj.get("pinned", {}), "pinned")
    pinned = []
    for site_id, day in sorted(pinned_raw.items()):
        day = _int(day, f"pinned.{site_id}", minimum=1)
        if day > days:
            raise RequestError(f"pinned.{site_id}: day {day} is after the last day ({days})",
                               "pinned_after_last_day", site_id=site_id, day=day, days=days)
        pinned.append((site_id, day))
    interests_raw = _mapping(obj.get("interests", {}), "interests")
    interests = []
    for theme, weight in sorted(interests_raw.items()):
        if theme not in THEMES:
            raise RequestError(f"interests: unknown theme {theme!r} (themes: {', '.join(THEMES)})",
                               "unknown_theme", theme=theme, allowed="、".join(THEMES))
        w = _num(weight, f"interests.{theme}")
        if not 0 <= w <= 10:
            raise RequestError(f"interests.{theme}: weight must be between 0 and 10, got {w}",
                               "interest_range", theme=theme, got=w)
        interests.append((theme, w))
    max_per_day = obj.get("max_sites_per_day")
    must = _strs(obj.get("must_visit", []), "must_visit")
    excluded = _strs(obj.get("excluded", []), "excluded")
    clash = sorted(set(must + tuple(s for s, _ in pinned)) & set(excluded))
    if clash:
        raise RequestError(f"site {clash[0]!r} is both excluded and must-visit/pinned",
                           "excluded_and_must", site_id=clash[0])
    custom = _custom_stops(obj.get("custom_stops", []), days)
    layout = _layout(obj["layout"], days, custom) if obj.get("layout") is not None else None
    return TripRequest(
        custom_stops=custom, layout=layout,
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
        holiday_extra_minutes=_int(obj.get("holiday_extra_minutes", 0), "holiday_extra_minutes",
                                   minimum=0, maximum=MAX_HOLIDAY_EXTRA_MINUTES),
    )


def _custom_stops(value: object, days: int) -> tuple[CustomStop, ...]:
    if not isinstance(value, list):
        raise RequestError(f"custom_stops: expected a list, got {value!r}", "expected_list",
                           where="custom_stops", got=repr(value))
    out: list[CustomStop] = []
    for i, raw in enumerate(value):
        where = f"custom_stops[{i}]"
        obj = _obj(raw, where, _CUSTOM_KEYS)
        for key in ("id", "name", "lat", "lon", "minutes", "day"):
            if key not in obj:
                raise RequestError(f"{where}: missing {key!r}", "missing_field", where=where,
                                   field=key)
        stop_id = _str(obj["id"], f"{where}.id")
        if not stop_id.startswith(CUSTOM_PREFIX) or any(c in stop_id for c in ",|:"):
            raise RequestError(f"{where}.id: a custom stop id starts with {CUSTOM_PREFIX!r} and"
                               f" holds no ',', '|' or ':' (got {stop_id!r})", "custom_id",
                               id=stop_id)
        if any(c.id == stop_id for c in out):
            raise RequestError(f"{where}.id: {stop_id!r} is given twice", "custom_duplicate",
                               id=stop_id)
        point = _place({k: obj[k] for k in ("lat", "lon", "name")}, where)
        day = _int(obj["day"], f"{where}.day", minimum=1)
        if day > days:
            raise RequestError(f"{where}.day: day {day} is after the last day ({days})",
                               "pinned_after_last_day", site_id=stop_id, day=day, days=days)
        minutes = _int(obj["minutes"], f"{where}.minutes", minimum=0)
        if minutes > 24 * 60:
            raise RequestError(f"{where}.minutes: at most a day (1440), got {minutes}",
                               "custom_too_long", id=stop_id, got=minutes)
        county = obj.get("county_adcode")
        out.append(CustomStop(stop_id, point.name or "", float(point.lat or 0),
                              float(point.lon or 0), minutes, day,
                              _str(county, f"{where}.county_adcode") if county else None))
    return tuple(out)


def _layout(value: object, days: int, custom: tuple[CustomStop, ...]) -> tuple[tuple[str, ...], ...]:
    if not isinstance(value, list) or len(value) != days:
        raise RequestError(f"layout: give one list of stop ids per day ({days})", "layout_days",
                           days=days)
    out = tuple(_strs(day, f"layout[{i}]") for i, day in enumerate(value))
    seen: set[str] = set()
    known_custom = {c.id for c in custom}
    for stop in (s for day in out for s in day):
        if stop in seen:
            raise RequestError(f"layout: {stop!r} is placed twice", "layout_duplicate", id=stop)
        if stop.startswith(CUSTOM_PREFIX) and stop not in known_custom:
            raise RequestError(f"layout: {stop!r} is not among the custom_stops",
                               "layout_unknown_stop", id=stop)
        seen.add(stop)
    return out


def custom_stop_to_json(c: CustomStop) -> dict[str, Any]:
    """One custom stop as the request writes it."""
    out: dict[str, Any] = {"id": c.id, "name": c.name, "lat": c.lat, "lon": c.lon,
                           "minutes": c.minutes, "day": c.day}
    if c.county_adcode:
        out["county_adcode"] = c.county_adcode
    return out


def _filter(value: object) -> CandidateFilter:
    obj = _obj(value, "candidates", _FILTER_KEYS)
    buffer = obj.get("greenway_buffer_km")
    if buffer is not None and (_num(buffer, "candidates.greenway_buffer_km") < 0):
        raise RequestError("candidates.greenway_buffer_km: must not be negative",
                           "buffer_negative")
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
    if req.holiday_extra_minutes:
        out["holiday_extra_minutes"] = req.holiday_extra_minutes
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
    if req.custom_stops:
        out["custom_stops"] = [custom_stop_to_json(c) for c in req.custom_stops]
    if req.layout is not None:
        out["layout"] = [list(day) for day in req.layout]
    return out


# ---------------------------------------------------------------- result


def _note_json(n: Note) -> dict[str, Any]:
    return {"code": n.code, "params": n.params, "message": n.message}


def _note(obj: dict[str, Any]) -> Note:
    return Note(obj["code"], obj["message"], dict(obj.get("params", {})))


def _place_json(p: Place) -> dict[str, Any]:
    return {"name": p.name, "site_id": p.site_id, "lat": p.lat, "lon": p.lon}


def _visit_point(v: dict, where: str) -> dict[str, float]:
    """An own stop's ``lat``/``lon`` (both or neither; checked like a request's points)."""
    if v.get("lat") is None and v.get("lon") is None:
        return {}
    lat, lon = _num(v.get("lat"), f"{where}.lat"), _num(v.get("lon"), f"{where}.lon")
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        raise RequestError(f"{where}: lat/lon out of range ({lat}, {lon})", "point_out_of_range",
                           where=where, lat=lat, lon=lon)
    return {"lat": lat, "lon": lon}


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
                    "custom": v.custom, "walked": v.walked,
                    "issues": [_note_json(n) for n in v.issues],
                    **({"lat": v.lat, "lon": v.lon} if v.lat is not None else {}),
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
                "issues": [_note_json(n) for n in d.lodging_issues],
            },
        })
    return {
        "days": days,
        "totals": it.totals(),
        "unplanned": [
            {"site_id": u.site_id, "name": u.name, "reason": u.reason, "code": u.code,
             "params": u.params, "message": u.message}
            for u in it.unplanned
        ],
        "must_visit_problems": [
            {"site_id": m.site_id, "constraint": m.constraint, "code": m.code,
             "params": m.params, "message": m.message}
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
        raise RequestError(f"itinerary: malformed result ({exc!r})", "malformed_result",
                           error=repr(exc)) from None


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
                custom=bool(v.get("custom", False)), walked=bool(v.get("walked", False)),
                issues=tuple(_note(n) for n in v.get("issues", [])),
                **_visit_point(v, w),
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
            lodging_issues=tuple(_note(n) for n in d["lodging"].get("issues", [])),
        ))
    unplanned = []
    for u in obj.get("unplanned", []):
        if u["reason"] not in REASONS:
            raise RequestError(f"unplanned: unknown reason {u['reason']!r}", "malformed_result",
                               error=f"unknown reason {u['reason']!r}")
        unplanned.append(Unplanned(u["site_id"], u["name"], u["reason"], u["message"],
                                   u.get("code", ""), dict(u.get("params", {}))))
    problems = tuple(
        MustVisitProblem(m["site_id"], m["constraint"], m["message"], m.get("code", ""),
                         dict(m.get("params", {})))
        for m in obj.get("must_visit_problems", [])
    )
    return Itinerary(tuple(days), tuple(unplanned), problems, dict(obj.get("stats", {})))
