"""The planning service: the one way a trip is planned, by the CLI and the app alike.

    plan_trip(request, sites, budget) -> PlanResult

``request`` is a ``TripRequest`` or its JSON form (checked by ``parse_request``, the JSON contract
of ``routing.problem_json``). ``sites`` is the catalogue database (a path: the catalogue adapter
below picks the candidate pool from the request's filters, adds must-visit, pinned and
hand-placed ids and looks up lodging ids, through the read layer visitors get) or a plain
sequence of sites (the pool as given). ``budget`` bounds the engine; ``default_budget`` uses both
engine processes where the machine has two or more cores.

What comes back is checked: a solved plan passes the independent validator
(``routing.validate``); a hand-arranged one (``request.layout``, see ``routing.edits``) is timed
as given and what breaks is reported on its rows. Everything a person may have to fix is a
``RequestError`` with a ``code`` and ``params`` (README, planner section: codes), so the app can
say it in the user's language. Callers outside ``routing`` import this module and
``routing.problem`` (the data types) only; a test holds the app to that.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from catalog.models import OpeningHours, Site
from routing import edits
from routing.engine import Budget, warm_up
from routing.planner import plan
from routing.problem import CustomStop, Itinerary, RequestError, TripRequest
from routing.problem_json import (
    MAX_GROUP_SIZE,
    MAX_HOLIDAY_EXTRA_MINUTES,
    MAX_SITES_PER_DAY,
    custom_stop_to_json,
    itinerary_from_json,
    itinerary_to_json,
    request_from_json,
    request_to_json,
)
from routing.retime import retime
from routing.validate import validate_itinerary
from routing.value import value_parts

#: Seconds of engine search for an interactive plan (the app's and the CLI's default).
TIME_LIMIT_S = 1.0
#: The interactive budget stops once this many search rounds in a row leave the best plan
#: unchanged (``Budget.no_improvement``). Measured on the 大运 cases (one worker, loaded
#: machine): with the greenway's 17 candidates the best was last improved by round 600 of ~7,300
#: in 1 s, so the search stops after ~0.3 s; with the ±15 km pool (116 candidates) it still
#: improved at round 900 of 936, and the rule never cuts it short.
NO_IMPROVEMENT_ROUNDS = 2000

__all__ = ["MAX_GROUP_SIZE", "MAX_HOLIDAY_EXTRA_MINUTES", "MAX_SITES_PER_DAY", "TIME_LIMIT_S",
           "PlanResult", "RequestError", "catalogue_sites", "edits", "custom_stop_to_json",
           "default_budget",
           "itinerary_from_json", "itinerary_to_json", "parse_request", "plan_trip",
           "request_to_json", "start_warm_up", "warm_up", "warm_up_state"]


@dataclass(frozen=True)
class PlanResult:
    """A checked itinerary with every site it refers to (pool, lodging places and the custom
    stops as sites, by id) and where the time went (``timings``: seconds per step)."""

    request: TripRequest
    itinerary: Itinerary
    sites: dict[str, Site]
    timings: dict[str, float] = field(default_factory=dict, compare=False)

    def why(self, site_id: str) -> list[tuple[str, dict[str, object]]]:
        """The steps behind a site's value in this plan (``routing.value.value_parts``)."""
        site = self.sites.get(site_id)
        if site is None or site.kind == "custom":
            return []
        return value_parts(site, dict(self.request.interests), self.request.candidates.greenways)


def parse_request(data: object) -> TripRequest:
    """The request's JSON form -> ``TripRequest`` (coded ``RequestError`` for anything wrong)."""
    return request_from_json(data)


def default_budget(time_limit: float = TIME_LIMIT_S, seed: int = 0,
                   max_iterations: int | None = None) -> Budget:
    """The interactive budget: both engine processes where there are two or more cores.

    The early stop's idle rounds grow with the limit: whoever asks for a longer search wants it
    used. A week over the whole catalogue stopped after ~1.3 s of a 3 s limit (2,000 idle rounds);
    with the stop scaled, the three catalogue weeks at 3 s, seeds 10-19, gain 0.21 -> 0.15 % mean
    gap (2026-12-08, routing/engine/BENCHMARKS.md), while the 1 s default stops as before.
    """
    return Budget(time_limit=time_limit, max_iterations=max_iterations, seed=seed,
                  workers=2 if (os.cpu_count() or 1) >= 2 else 1,
                  no_improvement=int(NO_IMPROVEMENT_ROUNDS * max(1.0, time_limit / TIME_LIMIT_S)))


def catalogue_sites(request: TripRequest, db: Path) -> tuple[list[Site], list[Site]]:
    """(candidate pool, lodging-only places) for ``request`` from the catalogue at ``db``."""
    from catalog.repository import Catalog, CatalogError

    try:
        cat = Catalog(db, readonly=True)
    except CatalogError as exc:
        raise RequestError(str(exc), "catalogue_unreadable", path=str(db), error=str(exc)) from None
    try:
        c = request.candidates
        filters: dict[str, Any] = {k: list(v) for k, v in (
            ("kinds", c.kinds), ("levels", c.levels), ("counties", c.counties),
            ("themes", c.themes), ("greenways", c.greenways)) if v}
        if c.greenway_buffer_km is not None:
            filters["greenway_buffer_km"] = c.greenway_buffer_km
        try:
            pool = {s.id: s for s in cat.sites(**filters)}
        except (ValueError, KeyError) as exc:
            raise RequestError(f"candidates: {exc}", "bad_candidates", error=str(exc)) from None
        except sqlite3.Error as exc:
            raise RequestError(f"catalogue {db} cannot be read ({exc}); rebuild it with"
                               " python -m catalog build", "catalogue_unreadable", path=str(db),
                               error=str(exc)) from None
        laid = [i for day in request.layout or () for i in day if not i.startswith("custom-")]
        for site_id in (*request.must_visit, *(s for s, _ in request.pinned), *laid):
            if site_id not in pool:
                pool[site_id] = _lookup(cat, site_id)
        places = [_lookup(cat, i) for i in sorted(request.site_ids() - set(pool))]
        return [s for s in pool.values() if not s.retired or s.id in request.must_visit], places
    finally:
        cat.close()


def _lookup(cat: Any, site_id: str) -> Site:
    try:
        return cat.site(site_id)
    except KeyError:
        raise RequestError(f"unknown site id {site_id!r} (not in the catalogue)", "unknown_site",
                           site_id=site_id) from None


def custom_site(stop: CustomStop) -> Site:
    """A custom stop as a site: open all day, worth nothing, its own visit length."""
    return Site(
        id=stop.id, name_zh=stop.name, name_en=stop.name, pinyin="", county_adcode=stop.county_adcode or "",
        county_zh="", township=None, village=None, address=None, lat=stop.lat, lon=stop.lon,
        coord_precision="site", coord_source="hand", kind="custom", themes=(),
        visit_minutes=stop.minutes, visit_minutes_estimated=False,
        hours=OpeningHours(always_open=True, estimated=False), ticket_cny=None,
        ticket_estimated=False,
    )


def engine_request(request: TripRequest) -> TripRequest:
    """The request the planner sees: every custom stop pinned to its day."""
    pins = dict(request.pinned)
    pins.update({c.id: c.day for c in request.custom_stops})
    return replace(request, pinned=tuple(sorted(pins.items())), layout=None)


def plan_trip(request: TripRequest | Mapping[str, Any], sites: Path | str | Sequence[Site],
              budget: Budget | None = None) -> PlanResult:
    """Plan (or, for a hand-arranged ``layout``, re-time) the trip and check the result.

    Raises ``RequestError`` (coded) for a request a person must fix, including a plan that
    fails the independent validator (code ``plan_invalid``: a bug, never the user's doing).
    """
    t0 = time.perf_counter()
    req = request if isinstance(request, TripRequest) else parse_request(request)
    if isinstance(sites, (str, Path)):
        pool, places = catalogue_sites(req, Path(sites))
    else:
        pool, places = list(sites), []
    custom = [custom_site(c) for c in req.custom_stops]
    clash = {c.id for c in custom} & {s.id for s in (*pool, *places)}
    if clash:
        stop = sorted(clash)[0]
        raise RequestError(f"custom stop id {stop!r} is a catalogue id", "custom_id", id=stop)
    pool = [*pool, *custom]
    by_id = {s.id: s for s in (*pool, *places)}
    t1 = time.perf_counter()
    timings = {"load": t1 - t0}
    if req.layout is not None:
        itinerary = retime(req, engine_request(req), pool, places)
        timings["retime"] = time.perf_counter() - t1
        return PlanResult(req, itinerary, by_id, timings)
    solved = engine_request(req)
    itinerary = plan(solved, pool, budget=budget or default_budget(), places=places)
    t2 = time.perf_counter()
    violations = validate_itinerary(solved, [*pool, *places], itinerary)
    timings.update(plan=t2 - t1, validate=time.perf_counter() - t2,
                   engine=float(itinerary.stats.get("seconds", 0.0)))
    if violations:
        first = violations[0]
        raise RequestError(f"the plan failed validation ({len(violations)} problems; first:"
                           f" {first.code}: {first.message})", "plan_invalid",
                           count=len(violations), first=f"{first.code}: {first.message}")
    return PlanResult(req, itinerary, by_id, timings)


# ---------------------------------------------------------------- engine warm-up

_WARM_STATE: dict[str, float | None] = {"started": None, "done": None}
_WARM_LOCK = threading.Lock()
_ENGINE_CACHE = Path(__file__).resolve().parent / "engine" / "__pycache__"


def start_warm_up() -> None:
    """Start loading (or, on a fresh machine, compiling) the engine in the background, once per
    process: the app calls it when it starts, so the first plan rarely waits."""
    with _WARM_LOCK:
        if _WARM_STATE["started"] is not None:
            return
        _WARM_STATE["started"] = time.monotonic()

    def run() -> None:
        warm_up()
        _WARM_STATE["done"] = time.monotonic()

    threading.Thread(target=run, name="planner-warm-up", daemon=True).start()


def warm_up_state() -> dict[str, Any]:
    """Whether the engine is ready; if not, what it is doing (``compiling`` when numba has no
    cache for it on this machine yet: ~40 s once; else ``loading``: ~1–2 s) and for how long."""
    started, done = _WARM_STATE["started"], _WARM_STATE["done"]
    if done is not None:
        return {"ready": True}
    cached = any(_ENGINE_CACHE.glob("core*.nbi"))
    return {"ready": False, "stage": "loading" if cached else "compiling",
            "usual_s": 2 if cached else 40,
            "waited_s": 0.0 if started is None else time.monotonic() - started}
