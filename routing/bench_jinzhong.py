"""``python -m routing.bench_jinzhong``: the interactive Jinzhong cases, end to end, timed.

First table: each request of ``REQUESTS`` planned once through the service (the app's budget),
with its value, sites, drive minutes, and the least drive for the same visits on the same days
(``routing.drive_gap``: every order tried). Second table: the main case timed ``--runs`` times.

3 days on the 大运 greenway: every catalogue site on the greenway or within 15 km of it is a
candidate, every night in 平遥古城, a coach of 40, lunch 11:30–13:30 for 60 min, days 08:30–18:00.
Each run times what a user waits for: reading the candidates from the catalogue, pre-checks,
the engine search and the independent validation. Target: under 2 s on the 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

from catalog.paths import DEFAULT_DB, ensure_built
from routing.engine import Budget, warm_up
from routing.problem import RequestError, TripRequest
from routing.service import parse_request, plan_trip

CASE = {
    "description": "3 days on the 大运 greenway (±15 km), lodging 平遥古城, coach of 40",
    "start_date": "2026-05-12",
    "days": 3,
    "day_start": "08:30",
    "day_end": "18:00",
    "lodging": "pingyao-gucheng",
    "lunch": {"earliest": "11:30", "latest": "13:30", "minutes": 60},
    "mode": "coach",
    "group_size": 40,
    "candidates": {"greenways": ["dayun"], "greenway_buffer_km": 15},
}


#: The benchmark requests: the main case and three others across the greenways.
REQUESTS: dict[str, dict] = {
    "dayun-3d-coach": {**CASE, "candidates": {"greenways": ["dayun"]},
                       "description": "3 days on the 大运 greenway's stops, 平遥古城, coach of 40"},
    "dayun-3d-coach-15km": CASE,
    "nanbu-2d-car": {**CASE, "days": 2, "mode": "car", "group_size": 4,
                     "lodging": {"lat": 37.027, "lon": 111.913, "name": "介休宾馆",
                                 "county_adcode": "140781"},
                     "candidates": {"greenways": ["nanbu-shandi"], "greenway_buffer_km": 10},
                     "description": "2 days on the southern mountains greenway ±10 km, car"},
    "hongse-2d-car": {**CASE, "days": 2, "mode": "car", "group_size": 4,
                      "lodging": "zuoquan-matianzhen",
                      "candidates": {"greenways": ["hongse-taihang"]},
                      "description": "2 days on the red Taihang greenway's stops, nights in 麻田"},
}


def compare(db: Path, seed: int = 0) -> list[dict[str, object]]:
    """One plan per request (the app's budget) against the least drive for its visits."""
    from routing.drive_gap import least_drive
    from routing.service import catalogue_sites, default_budget

    rows = []
    for name, data in REQUESTS.items():
        req = parse_request(data)
        result = plan_trip(req, db, default_budget(seed=seed))
        pool, places = catalogue_sites(req, db)
        drive, least = least_drive(req, pool, result.itinerary, places)
        totals = result.itinerary.totals()
        rows.append({"request": name, "value": totals["value"], "sites": totals["sites_planned"],
                     "drive": drive, "least": least,
                     "engine_s": result.itinerary.stats.get("seconds", 0.0)})
    return rows


def case_request(start_date: str | None = None) -> TripRequest:
    """The case as a request (optionally on another start date)."""
    data = dict(CASE)
    if start_date:
        data["start_date"] = start_date
    return parse_request(data)


def run_once(db: Path, req: TripRequest, budget: Budget) -> dict[str, float]:
    """One timed, validated run through the planning service; returns its figures."""
    t0 = time.perf_counter()
    result = plan_trip(req, db, budget)  # the service validates; a failure raises plan_invalid
    wall = time.perf_counter() - t0
    it, tm = result.itinerary, result.timings
    totals = it.totals()
    return {
        "wall": wall, "load": tm["load"], "plan": tm["plan"], "validate": tm["validate"],
        "candidates": float(it.stats.get("engine_nodes", 0.0)),
        "planned": totals["sites_planned"], "value": totals["value"],
        "drive_min": totals["drive_minutes"], "violations": 0,
        "iterations": it.stats.get("iterations", 0.0), "engine_s": it.stats.get("seconds", 0.0),
    }


def _profile(db: Path, req: TripRequest, budget: Budget) -> None:
    """Where one run spends its time (cumulative), to aim speed-ups at the right layer."""
    import cProfile
    import pstats

    profiler = cProfile.Profile()
    profiler.runcall(run_once, db, req, budget)
    pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(12)


def main(argv: list[str] | None = None) -> int:
    """Run the case ``--runs`` times and print one row per run plus the median."""
    p = argparse.ArgumentParser(prog="python -m routing.bench_jinzhong", description=__doc__)
    p.add_argument("--db", type=Path, default=None, help="catalogue (default data/heritage.db)")
    p.add_argument("--time-limit", type=float, default=1.0, help="engine seconds (default 1.0)")
    p.add_argument("--workers", type=int, default=2)
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--start-date", default=None)
    p.add_argument("--large", action="store_true",
                   help="the scale benchmark instead: week-long trips over the whole catalogue and"
                        " a synthetic 1,500-site one (routing.bench_large)")
    p.add_argument("--limits", default="1,3,10", help="--large: seconds per run (default 1,3,10)")
    p.add_argument("--seeds", default="0", help="--large: seeds (default 0)")
    p.add_argument("--only", default="", help="--large: request names, comma-separated")
    p.add_argument("--reference", type=float, default=None,
                   help="--large: run this long (no early stop) and update the reference file"
                        " when better")
    p.add_argument("--profile", action="store_true",
                   help="after the runs, profile one more (1 worker) and print the top 12 calls")
    args = p.parse_args(argv)
    args.db = args.db or ensure_built(DEFAULT_DB)
    if not args.db.is_file():
        print(f"error: catalogue not found: {args.db}", file=sys.stderr)
        return 2
    print(f"# compiled search loaded in {warm_up():.2f} s (once per process, not in any run)", flush=True)
    if args.large:
        from routing.bench_large import main_large

        try:
            limits = [float(v) for v in args.limits.split(",") if v.strip()]
            seeds = [int(v) for v in args.seeds.split(",") if v.strip()]
        except ValueError:
            print("error: --limits and --seeds take comma-separated numbers", file=sys.stderr)
            return 2
        only = [v.strip() for v in args.only.split(",") if v.strip()] or None
        return main_large(args.db, limits, seeds, only, args.reference)
    print(f"{'request':<22} {'value':>6} {'sites':>5} {'drive min':>9} {'least drive':>11}"
          f" {'extra':>6} {'engine s':>8}")
    for r in compare(args.db):
        least = "n/a" if r["least"] is None else f"{r['least']}"
        extra = "n/a" if r["least"] is None else f"{r['drive'] - r['least']}"  # type: ignore[operator]
        print(f"{r['request']:<22} {r['value']:>6} {r['sites']:>5} {r['drive']:>9} {least:>11}"
              f" {extra:>6} {r['engine_s']:>8.2f}", flush=True)
    print()
    req = case_request(args.start_date)
    header = f"{'run':>3} {'wall s':>7} {'load':>6} {'plan':>6} {'check':>6} {'cand':>5}" \
             f" {'planned':>7} {'value':>6} {'drive min':>9} {'violations':>10} {'engine s':>8}" \
             f" {'iters':>6}"
    print(header)
    rows = []
    for i in range(args.runs):
        budget = Budget(time_limit=args.time_limit, seed=i, workers=args.workers)
        try:
            r = run_once(args.db, req, budget)
        except RequestError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 2
        rows.append(r)
        print(f"{i + 1:>3} {r['wall']:>7.2f} {r['load']:>6.2f} {r['plan']:>6.2f}"
              f" {r['validate']:>6.2f} {r['candidates']:>5.0f} {r['planned']:>7.0f}"
              f" {r['value']:>6.0f} {r['drive_min']:>9.0f} {r['violations']:>10.0f}"
              f" {r['engine_s']:>8.2f} {r['iterations']:>6.0f}")
    if args.profile:
        _profile(args.db, req, Budget(time_limit=args.time_limit, seed=0, workers=1))
    walls = [r["wall"] for r in rows]
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average (1 min) after the runs: {load:.1f} on {os.cpu_count()} cores")
    print(f"median wall {statistics.median(walls):.2f} s, max {max(walls):.2f} s"
          f" (target < 2 s); every plan valid: {all(r['violations'] == 0 for r in rows)}")
    return 0 if all(r["violations"] == 0 for r in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
