"""``python -m routing.bench_jinzhong``: the interactive Jinzhong case, end to end, timed.

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
from routing.cli import InputError
from routing.engine import Budget, warm_up
from routing.engine.config import ENGINE
from routing.planner import plan
from routing.problem import TripRequest
from routing.problem_json import request_from_json
from routing.validate import validate_itinerary

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


def case_request(start_date: str | None = None) -> TripRequest:
    """The case as a request (optionally on another start date)."""
    data = dict(CASE)
    if start_date:
        data["start_date"] = start_date
    return request_from_json(data)


def run_once(db: Path, req: TripRequest, budget: Budget) -> dict[str, float]:
    """One timed, validated run; returns its figures."""
    from routing.cli import sites_from_catalog  # the CLI's catalogue adapter, as a user gets it


    t0 = time.perf_counter()
    pool, places = sites_from_catalog(req, db)
    t1 = time.perf_counter()
    it = plan(req, pool, budget=budget, places=places)
    t2 = time.perf_counter()
    violations = validate_itinerary(req, [*pool, *places], it)
    t3 = time.perf_counter()
    totals = it.totals()
    return {
        "wall": t3 - t0, "load": t1 - t0, "plan": t2 - t1, "validate": t3 - t2,
        "candidates": len(pool), "planned": totals["sites_planned"], "value": totals["value"],
        "drive_min": totals["drive_minutes"], "violations": len(violations),
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
    p.add_argument("--workers", type=int, default=None,
                   help="engine processes (default: the app's, routing.engine.config)")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--start-date", default=None)
    p.add_argument("--large", action="store_true",
                   help="the scale benchmark instead: week-long trips over the whole catalogue and"
                        " a synthetic 1,500-site one (routing.bench_large)")
    p.add_argument("--limits", default="1,3,10", help="--large: seconds per run (default 1,3,10)")
    p.add_argument("--seeds", default="0", help="--large: seeds (default 0)")
    p.add_argument("--only", default="", help="--large: request names, comma-separated")
    p.add_argument("--reference", type=float, default=None,
                   help="--large: run this long and update the reference file when better")
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
        return main_large(args.db, limits, seeds, args.workers, only, args.reference)
    workers = ENGINE.workers if args.workers is None else args.workers
    req = case_request(args.start_date)
    header = f"{'run':>3} {'wall s':>7} {'load':>6} {'plan':>6} {'check':>6} {'cand':>5}" \
             f" {'planned':>7} {'value':>6} {'drive min':>9} {'violations':>10} {'engine s':>8}" \
             f" {'iters':>6}"
    print(header)
    rows = []
    for i in range(args.runs):
        budget = ENGINE.budget(args.time_limit, seed=i, workers=workers)
        try:
            r = run_once(args.db, req, budget)
        except InputError as exc:
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
