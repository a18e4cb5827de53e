"""The planner's inputs and their URL form (query params), so a link reproduces a plan (pure).

``PlanInputs`` is what the plan form holds. ``to_params`` writes it as short query parameters;
``from_params`` reads them back leniently: a value that cannot be read, or that the form's
widgets cannot hold (``LIMITS``, a time that is not HH:MM, an unknown travel mode or theme), is
reported in ``errors`` (shown to the user) and the default is kept, while values that parse but
are wrong (``days=0``, an end before the start, an unknown site) are kept as given so the form's
checks explain them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from catalog.models import THEMES
from routing.problem import CUSTOM_PREFIX, MODES, CustomStop
from routing.service import MAX_GROUP_SIZE, MAX_HOLIDAY_EXTRA_MINUTES, MAX_SITES_PER_DAY

LODGING_POINT_PREFIX = "pt:"


@dataclass(frozen=True)
class PlanInputs:
    """Everything the plan form asks for; ids are catalogue site ids, times ``HH:MM``."""

    start_date: dt.date = field(default_factory=lambda: dt.date.today() + dt.timedelta(days=7))
    days: int = 2
    day_start: str = "08:30"
    day_end: str = "18:00"
    lodging: tuple[str, ...] = ("pingyao-gucheng",)  # one per night, or one for every night
    lunch: bool = True
    lunch_earliest: str = "11:30"
    lunch_latest: str = "13:30"
    lunch_minutes: int = 60
    mode: str = "car"
    group_size: int = 1
    greenways: tuple[str, ...] = ()
    buffer_km: float | None = None
    themes: tuple[str, ...] = ()
    must: tuple[str, ...] = ()
    excluded: tuple[str, ...] = ()
    pinned: tuple[tuple[str, int], ...] = ()
    max_per_day: int = 0
    holiday_extra: int = 0  # minutes more per A级景区 visit on a public holiday
    #: hand edits (``routing.edits``): stops added by hand, and the itinerary as arranged by
    #: hand (per day, stop ids in order) or None for a solved plan
    custom: tuple[CustomStop, ...] = ()
    layout: tuple[tuple[str, ...], ...] | None = None

    def lodging_for(self, night: int) -> str:
        """The lodging of night ``night`` (1-based); the last one given repeats."""
        if not self.lodging:
            return ""
        return self.lodging[min(night, len(self.lodging)) - 1]


def point_lodging(lat: float, lon: float, name: str) -> str:
    """A map point as a lodging value: ``pt:37.2,112.18,客栈``."""
    return f"{LODGING_POINT_PREFIX}{lat:.6f},{lon:.6f},{name}"


def parse_point(value: str) -> tuple[float, float, str] | None:
    """``pt:lat,lon,name`` -> (lat, lon, name); None for a site id or a malformed point."""
    if not value.startswith(LODGING_POINT_PREFIX):
        return None
    parts = value[len(LODGING_POINT_PREFIX) :].split(",", 2)
    try:
        return float(parts[0]), float(parts[1]), (parts[2] if len(parts) > 2 else "").strip()
    except (ValueError, IndexError):
        return None


def _ids(value: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in value.split(",") if v.strip())


def to_params(p: PlanInputs) -> dict[str, str]:
    """Query parameters for ``p`` (defaults included, so the link does not depend on them)."""
    out = {
        "start": p.start_date.isoformat(),
        "days": str(p.days),
        "from": p.day_start,
        "to": p.day_end,
        "lodging": "|".join(p.lodging),
        "lunch": f"{p.lunch_earliest}-{p.lunch_latest}-{p.lunch_minutes}" if p.lunch else "no",
        "mode": p.mode,
        "group": str(p.group_size),
    }
    optional = {
        "gw": ",".join(p.greenways),
        "buffer": f"{p.buffer_km:g}" if p.buffer_km is not None else "",
        "themes": ",".join(p.themes),
        "must": ",".join(p.must),
        "excl": ",".join(p.excluded),
        "pin": ",".join(f"{s}:{d}" for s, d in p.pinned),
        "max": str(p.max_per_day) if p.max_per_day else "",
        "hx": str(p.holiday_extra) if p.holiday_extra else "",
        "cs": "|".join(custom_param(c) for c in p.custom),
        "lay": layout_param(p.layout) if p.layout is not None else "",
    }
    out.update({k: v for k, v in optional.items() if v})
    return out


PARAM_KEYS = ("start", "days", "from", "to", "lodging", "lunch", "mode", "group", "gw", "buffer",
              "themes", "must", "excl", "pin", "max", "cs", "lay", "hx")


def with_lang(params: Mapping[str, str], lang: str) -> dict[str, str]:
    """``params`` plus ``lang=`` for any language but Chinese, the default a link needs no
    parameter for."""
    return {**params, **({"lang": lang} if lang != "zh" else {})}


def custom_param(c: CustomStop) -> str:
    """A custom stop in a link: ``custom-1,day,minutes,lat,lon,name`` (the name last: it may
    hold commas; ``|`` separates stops and is kept out of names)."""
    return f"{c.id},{c.day},{c.minutes},{c.lat:.6f},{c.lon:.6f},{c.name.replace('|', ' ')}"


def parse_custom(item: str) -> CustomStop | None:
    """The inverse of ``custom_param``; None when it cannot be read."""
    parts = item.split(",", 5)
    try:
        stop_id, day, minutes, lat, lon, name = parts
        return CustomStop(stop_id.strip(), name.strip(), float(lat), float(lon), int(minutes),
                          int(day))
    except ValueError:
        return None


def layout_param(layout: tuple[tuple[str, ...], ...]) -> str:
    """A hand-arranged itinerary in a link: days separated by ``|``, stops by ``,``."""
    return "|".join(",".join(day) for day in layout)


def parse_layout(value: str) -> tuple[tuple[str, ...], ...]:
    """The inverse of ``layout_param``."""
    return tuple(_ids(day) for day in value.split("|"))


#: What the plan form's number widgets accept (``ui.planform`` uses the same bounds). A link
#: outside them would make the widget raise, so ``from_params`` refuses such values.
LIMITS: dict[str, tuple[int, int]] = {
    "days": (0, 30), "group": (1, MAX_GROUP_SIZE), "max": (0, MAX_SITES_PER_DAY), "buffer": (0, 30),
    "lunch_minutes": (0, 240), "hx": (0, MAX_HOLIDAY_EXTRA_MINUTES),
}


def _in_limits(key: str, value: float) -> bool:
    low, high = LIMITS[key]
    return low <= value <= high


def parse_time(text: str) -> dt.time | None:
    """``"08:30"`` as a time, or None for anything the form's time widgets cannot hold."""
    try:
        return dt.datetime.strptime(text, "%H:%M").time()
    except ValueError:
        return None


def from_params(params: Mapping[str, str], base: PlanInputs | None = None
                ) -> tuple[PlanInputs, list[str]]:
    """Read query parameters over ``base``; returns the inputs and messages for unreadable ones."""
    p = base or PlanInputs()
    errors: list[str] = []
    changes: dict[str, object] = {}

    def number(key: str, cast: type = int) -> object | None:
        try:
            value = cast(params[key])
        except ValueError:
            value = None
        if value is None or not _in_limits(key, value):
            errors.append(f"{key}={params[key]!r}")
            return None
        return value

    if "start" in params:
        try:
            changes["start_date"] = dt.date.fromisoformat(params["start"])
        except ValueError:
            errors.append(f"start={params['start']!r}")
    for key, attr in (("days", "days"), ("group", "group_size"), ("max", "max_per_day"),
                      ("hx", "holiday_extra")):
        if key in params and (value := number(key)) is not None:
            changes[attr] = value
    if "buffer" in params and (value := number("buffer", float)) is not None:
        changes["buffer_km"] = value
    for key, attr in (("from", "day_start"), ("to", "day_end")):
        if key in params:
            if parse_time(params[key].strip()):
                changes[attr] = params[key].strip()
            else:
                errors.append(f"{key}={params[key]!r}")
    if "mode" in params:
        if params["mode"].strip() in MODES:
            changes["mode"] = params["mode"].strip()
        else:
            errors.append(f"mode={params['mode']!r}")
    if "lodging" in params:
        changes["lodging"] = tuple(v.strip() for v in params["lodging"].split("|") if v.strip())
    if "lunch" in params:
        if params["lunch"] == "no":
            changes["lunch"] = False
        else:
            parts = params["lunch"].split("-")
            try:
                minutes = int(parts[2])
                if len(parts) != 3 or not (parse_time(parts[0]) and parse_time(parts[1])
                                           and _in_limits("lunch_minutes", minutes)):
                    raise ValueError(params["lunch"])
                changes.update(lunch=True, lunch_earliest=parts[0], lunch_latest=parts[1],
                               lunch_minutes=minutes)
            except (IndexError, ValueError):
                errors.append(f"lunch={params['lunch']!r}")
    for key, attr in (("gw", "greenways"), ("themes", "themes"), ("must", "must"),
                      ("excl", "excluded")):
        if key in params:
            changes[attr] = _ids(params[key])
    if unknown := [x for x in changes.get("themes", ()) if x not in THEMES]:
        errors.append(f"themes={','.join(unknown)!r}")
        changes["themes"] = tuple(x for x in changes["themes"] if x in THEMES)
    if "pin" in params:
        pins = []
        for item in _ids(params["pin"]):
            site, _, day = item.rpartition(":")
            if site and day.isdigit():
                pins.append((site, int(day)))
            else:
                errors.append(f"pin={item!r}")
        changes["pinned"] = tuple(pins)
    if "cs" in params:
        stops = []
        for item in (i for i in params["cs"].split("|") if i.strip()):
            stop = parse_custom(item)
            if stop is None or not stop.id.startswith(CUSTOM_PREFIX):
                errors.append(f"cs={item!r}")
            else:
                stops.append(stop)
        changes["custom"] = tuple(stops)
    if "lay" in params:
        changes["layout"] = parse_layout(params["lay"])
    return replace(p, **changes), errors  # type: ignore[arg-type]


def has_plan_params(params: Mapping[str, str]) -> bool:
    """True when the URL carries plan inputs (then the page plans on first load)."""
    return "start" in params and "days" in params
