"""Why a site can or cannot be planned: the pre-checks behind drop reasons and must-visit answers.

A site "fits alone" on a day when the group can leave that morning's origin, visit it inside its
opening window, have lunch (if the request has one) and reach that night's lodging by the end of
the day, with nothing else planned. A site that fits alone on no trip day is ``does_not_fit``; one
that is closed on every trip day is ``closed``. These checks are exact for a single visit, so an
engine never has to discover them, and their wording names the constraint that decides.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from routing.model import TripModel
from routing.problem import format_hhmm

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Fit:
    """The outcome of fitting one site alone into one day. ``constraint`` is None when it fits."""

    constraint: str | None
    message: str = ""
    code: str = ""  # the template behind ``message`` (README, planner section: codes)
    params: dict = field(default_factory=dict)


def _dur(minutes: int) -> str:
    h, m = divmod(minutes, 60)
    return f"{h} h {m:02d} min" if h else f"{m} min"


def _clock(minutes: int) -> str:
    """A time of day that may run past midnight: ``26:26`` reads "02:26 the next day"."""
    if minutes < 24 * 60:
        return format_hhmm(minutes)
    days, rest = divmod(minutes, 24 * 60)
    return f"{format_hhmm(rest)} {'the next day' if days == 1 else f'{days} days later'}"


def fit_alone(model: TripModel, s: int, d: int) -> Fit:
    """Can candidate ``s`` be the only visit of day index ``d``?"""
    req, site = model.request, model.candidates[s]
    day = model.dates[d]
    label = f"day {d + 1} ({day.isoformat()}, {WEEKDAYS[day.weekday()]})"
    base = {"site_id": site.id, "day": d + 1, "date": day.isoformat(), "weekday": day.weekday()}
    hours = model.hours[s][d]
    if hours is None:
        return Fit("closed", f"{site.name_zh} is closed on {label}", "closed_day", base)
    window = model.window(s, d)
    if window is None:
        open_, _, close = hours
        return Fit(
            "opening_hours",
            f"the visit of {site.name_zh} takes {_dur(site.visit_minutes)} but it is open only"
            f" {format_hhmm(open_)}–{format_hhmm(close)} on {label}",
            "opening_hours", {**base, "visit": site.visit_minutes, "open": format_hhmm(open_),
                              "close": format_hhmm(close)},
        )
    open_, latest, _ = window
    out = model.minutes[model.origin_loc[d]][model.site_loc[s]]
    back = model.minutes[model.site_loc[s]][model.lodging_loc[d]]
    visit = site.visit_minutes

    def schedule(leave: int) -> tuple[int, int] | None:
        start = max(leave + out, open_)
        return (start, start + visit) if start <= latest else None

    lunch = req.lunch
    plain = schedule(req.day_start)
    if plain is None:
        return Fit(
            "day_length",
            f"leaving {model.origins[d].name} at {format_hhmm(req.day_start)} the group reaches"
            f" {site.name_zh} at {_clock(req.day_start + out)}, after its last admission"
            f" {format_hhmm(latest)} on {label}",
            "arrives_too_late", {**base, "origin": model.origins[d].name,
                                 "origin_id": model.origins[d].site_id,
                                 "leave": format_hhmm(req.day_start),
                                 "arrive": _clock(req.day_start + out),
                                 "latest": format_hhmm(latest)},
        )
    if plain[1] + back > req.day_end:
        return Fit(
            "day_length",
            f"{site.name_zh} needs {_dur(out)} to get there, {_dur(visit)} inside and"
            f" {_dur(back)} to {model.lodgings[d].name}; the earliest return is"
            f" {_clock(plain[1] + back)}, after the day ends at {format_hhmm(req.day_end)}"
            f" on {label}",
            "returns_too_late", {**base, "out": out, "visit": visit, "back": back,
                                 "lodging": model.lodgings[d].name,
                                 "lodging_id": model.lodgings[d].site_id,
                                 "return": _clock(plain[1] + back),
                                 "end": format_hhmm(req.day_end)},
        )
    if lunch is None:
        return Fit(None)
    # Lunch before leaving (at the origin), on arrival before the visit, or right after it: the
    # orders a single-visit day allows; each taken as early as possible dominates later choices.
    first = max(req.day_start, lunch.earliest)
    if first + lunch.minutes <= lunch.latest:
        after_lunch = schedule(first + lunch.minutes)
        if after_lunch is not None and after_lunch[1] + back <= req.day_end:
            return Fit(None)
    on_arrival = max(req.day_start + out, lunch.earliest)
    if on_arrival + lunch.minutes <= lunch.latest:
        start = max(on_arrival + lunch.minutes, open_)
        if start <= latest and start + visit + back <= req.day_end:
            return Fit(None)
    eat = max(plain[1], lunch.earliest)
    if eat + lunch.minutes <= lunch.latest and eat + lunch.minutes + back <= req.day_end:
        return Fit(None)
    return Fit(
        "lunch",
        f"{site.name_zh} can only be visited {format_hhmm(plain[0])}–{format_hhmm(plain[1])} on"
        f" {label}, which leaves no {lunch.minutes} min for lunch between"
        f" {format_hhmm(lunch.earliest)} and {format_hhmm(lunch.latest)}",
        "no_lunch", {**base, "start": format_hhmm(plain[0]), "end": format_hhmm(plain[1]),
                     "minutes": lunch.minutes, "earliest": format_hhmm(lunch.earliest),
                     "latest": format_hhmm(lunch.latest)},
    )


def fitting_days(model: TripModel, s: int) -> list[int]:
    """Day indexes on which candidate ``s`` fits alone."""
    return [d for d in range(model.days) if fit_alone(model, s, d).constraint is None]


def is_closed_throughout(model: TripModel, s: int) -> bool:
    """True when the site is closed on every day of the trip."""
    return all(h is None for h in model.hours[s])


def closed_message(model: TripModel, s: int) -> str:
    """A sentence naming the trip days on which a site is closed."""
    site = model.candidates[s]
    days = ", ".join(f"{d.isoformat()} ({WEEKDAYS[d.weekday()]})" for d in model.dates)
    return f"{site.name_zh} is closed on every day of the trip: {days}"


def why_not(model: TripModel, s: int, days: list[int] | None = None) -> Fit:
    """The deciding constraint when ``s`` fits alone on none of ``days`` (all days by default).

    The most telling failure wins: closed on every day, then the opening hours being too short
    for the visit, then the day budget, then lunch.
    """
    days = list(range(model.days)) if days is None else days
    fits = [fit_alone(model, s, d) for d in days]
    if all(f.constraint == "closed" for f in fits):
        if len(days) == model.days:
            return Fit("closed", closed_message(model, s), "closed_all_days",
                       {"site_id": model.candidates[s].id})
        return fits[0]
    for constraint in ("opening_hours", "day_length", "lunch"):
        for f in fits:
            if f.constraint == constraint:
                return f
    return Fit(None)
