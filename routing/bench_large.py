"""``python -m routing.bench_jinzhong --large``: the planner at catalogue scale.

Long trips over every catalogue site, and over a SYNTHETIC catalogue of 1,500 sites made around
the real ones (``routing.bench_synthetic``: clearly labelled, seeded, in memory only). Each
request is prepared once (candidates, pre-checks, travel matrix: timed and shown apart), then
solved at each time limit (``--limits``, default 1, 3, 10 s) and seed; every itinerary is checked
by the independent validator (``routing.validation.itinerary``). The value of each run is compared
with the reference: the best value any long run found, kept with how and when it was found in
``bench_large_reference.json`` beside this file (``--reference SECONDS`` runs long searches and
updates it when they find better).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import resource
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from catalog.models import Site
from routing.bench_synthetic import DEFAULT_SEED, synthetic_sites
from routing.engine import Budget, solve
from routing.planner import Prepared, itinerary, prepare
from routing.problem import TripRequest
from routing.problem_json import request_from_json
from routing.service import default_budget
from routing.validate import validate_itinerary

REFERENCE = Path(__file__).with_name("bench_large_reference.json")
SYNTHETIC_COUNT = 1500

_CAR = {"mode": "car", "day_start": "08:00", "day_end": "19:00"}
_COACH = {"mode": "coach", "group_size": 40, "day_start": "08:30", "day_end": "18:00",
          "lunch": {"earliest": "11:30", "latest": "13:30", "minutes": 60}}
_WEEK_CAR_NIGHTS = ["pingyao-gucheng", "pingyao-gucheng", "jiexiu-zhangbi", "yuci-laocheng",
                    "xiyang-dazhai", "zuoquan-matianzhen", "taigu-gucheng"]
_WEEK_COACH_NIGHTS = ["pingyao-gucheng"] * 3 + ["lingshi-wangjiadayuan"] + ["yuci-laocheng"] * 3

#: name -> (catalogue: "real" | "synthetic", request JSON). Start on a Tuesday in May (most
#: sites open; Monday closures fall on day 7).
REQUESTS: dict[str, tuple[str, dict]] = {
    "catalogue-5d-car": ("real", {
        **_CAR, "start_date": "2026-05-12", "days": 5,
        "lodging": ["pingyao-gucheng", "pingyao-gucheng", "yuci-laocheng", "zuoquan-matianzhen",
                    "xiyang-dazhai"]}),
    "catalogue-7d-car": ("real", {**_CAR, "start_date": "2026-05-12", "days": 7,
                                  "lodging": _WEEK_CAR_NIGHTS}),
    "catalogue-7d-coach": ("real", {**_COACH, "start_date": "2026-05-12", "days": 7,
                                    "lodging": _WEEK_COACH_NIGHTS}),
    "synthetic1500-7d-car": ("synthetic", {**_CAR, "start_date": "2026-05-12", "days": 7,
                                           "lodging": _WEEK_CAR_NIGHTS}),
    "synthetic1500-7d-coach": ("synthetic", {**_COACH, "start_date": "2026-05-12", "days": 7,
                                             "lodging": _WEEK_COACH_NIGHTS}),
}


@dataclass
class Case:
    name: str
    request: TripRequest
    pool: list[Site]
    places: list[Site]
    prep: Prepared
    prepare_s: float


def load_cases(db: Path, names: list[str] | None = None) -> list[Case]:
    """Read the catalogue once, build the synthetic one, prepare every request."""
    from catalog.repository import Catalog

    cat = Catalog(db, readonly=True)
    try:
        real = [s for s in cat.sites() if not s.retired]
    finally:
        cat.close()
    by_id = {s.id: s for s in real}
    synthetic: list[Site] | None = None
    cases = []
    for name, (kind, data) in REQUESTS.items():
        if names and name not in names:
            continue
        req = request_from_json(data)
        if kind == "real":
            pool, places = real, []
        else:
            if synthetic is None:
                synthetic = synthetic_sites(real, SYNTHETIC_COUNT, DEFAULT_SEED)
            pool = synthetic
            places = [by_id[i] for i in sorted(req.site_ids())]
        t0 = time.perf_counter()
        prep = prepare(req, pool, places=places)
        cases.append(Case(name, req, pool, places, prep, time.perf_counter() - t0))
    return cases


def run(case: Case, budget: Budget) -> dict:
    """Solve once, build and validate the itinerary; the figures of the run."""
    t0 = time.perf_counter()
    sol = solve(case.prep.instance, budget)
    seconds = time.perf_counter() - t0
    it = itinerary(case.prep, sol)
    violations = validate_itinerary(case.request, [*case.pool, *case.places], it)
    totals = it.totals()
    return {"value": int(totals["value"]), "engine_value": sol.score,
            "travel_s": sol.travel_time, "planned": totals["sites_planned"],
            "seconds": seconds, "violations": len(violations),
            "iterations": int(sol.stats.get("iterations", 0))}


def read_reference(path: Path = REFERENCE) -> dict[str, dict]:
    return json.loads(path.read_text()) if path.is_file() else {}


def _commit() -> str:
    try:
        out = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True,
                             text=True, cwd=Path(__file__).parent, check=False)
        return out.stdout.strip() or "?"
    except OSError:
        return "?"


def _memory_mib() -> tuple[float, float]:
    """Peak resident memory (MiB) of this process and of its (joined) forked workers."""
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return me, kids


def main_large(db: Path, limits: list[float], seeds: list[int], only: list[str] | None,
               reference_s: float | None) -> int:
    """Print one row per (request, limit, seed) and a summary per limit; exit 1 if any
    itinerary was invalid. Timed runs use the app's and the CLI's budget
    (``routing.service.default_budget``: its workers and its early stop); reference runs the
    same workers without the early stop."""
    workers = default_budget().workers
    print(f"# load before: {' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} "
          f"cores; {workers} worker(s); commit {_commit()}", flush=True)
    cases = load_cases(db, only)
    for c in cases:
        print(f"# {c.name}: {len(c.pool)} sites ({'SYNTHETIC' if c.name.startswith('synth') else 'catalogue'}),"
              f" {len(c.prep.engine_nodes)} engine candidates, {c.request.days} days,"
              f" prepared in {c.prepare_s:.1f} s (not in any run)", flush=True)
    ref = read_reference()
    if reference_s is not None:
        limits = [reference_s]
    print(f"{'request':24} {'limit':>5} {'seed':>4} {'value':>6} {'ref':>6} {'gap %':>6} "
          f"{'planned':>7} {'s':>6} {'rounds':>7} valid", flush=True)
    rows = []
    for c in cases:
        for limit in limits:
            for seed in seeds:
                budget = (default_budget(limit, seed) if reference_s is None else
                          Budget(time_limit=limit, seed=seed, workers=workers))
                r = run(c, budget)
                r.update(request=c.name, limit=limit, seed=seed)
                rows.append(r)
                best = ref.get(c.name, {}).get("value")
                gap = "—" if not best else f"{100.0 * (best - r['value']) / best:.2f}"
                print(f"{c.name:24} {limit:>5g} {seed:>4} {r['value']:>6} "
                      f"{best if best else '—':>6} {gap:>6} {r['planned']:>7} {r['seconds']:>6.2f}"
                      f" {r['iterations']:>7} {'yes' if r['violations'] == 0 else 'NO'}",
                      flush=True)
                if reference_s is not None and r["violations"] == 0 and \
                        (c.name not in ref or (r["value"], -r["travel_s"]) >
                         (ref[c.name]["value"], -ref[c.name].get("travel_s", 0))):
                    ref[c.name] = {
                        "value": r["value"], "travel_s": r["travel_s"],
                        "how": f"routing.engine solve, Budget(time_limit={limit:g}, seed={seed}, "
                               f"workers={workers}), no early stop; best of the long runs so"
                               " far (python -m routing.bench_jinzhong --large --reference S)",
                        "when": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
                        "commit": _commit(), "sites": len(c.pool)}
                    REFERENCE.write_text(json.dumps(ref, indent=1, ensure_ascii=False) + "\n")
    _summary(rows, ref)
    me, kids = _memory_mib()
    print(f"# peak memory: this process {me:.0f} MiB, largest worker {kids:.0f} MiB")
    print(f"# load after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    return 0 if all(r["violations"] == 0 for r in rows) else 1


def _summary(rows: list[dict], ref: dict[str, dict]) -> None:
    print("\n| request | limit | mean gap % | worst gap % | runs | valid |")
    print("|---|---|---|---|---|---|")
    for name in dict.fromkeys(r["request"] for r in rows):
        for limit in dict.fromkeys(r["limit"] for r in rows):
            mine = [r for r in rows if r["request"] == name and r["limit"] == limit]
            best = ref.get(name, {}).get("value")
            if not mine or not best:
                continue
            gaps = [100.0 * (best - r["value"]) / best for r in mine]
            print(f"| {name} | {limit:g} s | {sum(gaps) / len(gaps):.2f} | {max(gaps):.2f} | "
                  f"{len(mine)} | {'all' if all(r['violations'] == 0 for r in mine) else 'NO'} |")
