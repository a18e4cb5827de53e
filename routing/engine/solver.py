"""``solve(instance, budget) -> Solution``: the engine's one entry point."""

from __future__ import annotations

import time

from routing.engine.ils import Params, SearchResult, joint_recombine, search, warm_up
from routing.engine.ortools_model import (  # imported here: ~0.25 s once per process
    Polisher,
    build_seconds,
)
from routing.engine.portfolio import run_portfolio
from routing.engine.problem import Problem, compile_instance
from routing.engine.schedule import feasible, plan, travel_of
from routing.engine.types import Budget, Instance, Solution

#: Per-worker variations. The workers differ to diversify: worker 0 only ruins strings near
#: unrouted nodes and rates an insertion by score squared per second it adds; worker 1 also walks
#: Vansteenwegen's positions, uses more noise and rates by score per second added (power 1).
#: The two greedy criteria land the workers in different basins: with both at power 2 the mean
#: gap at 1 s over the four week-long scale requests was 2.38 %, with (2, 1) 1.16 %, with (1, 1)
#: 1.30 % (4 seeds each, 2026-12-07; routing/engine/BENCHMARKS.md). Worker 1 also makes
#: ``replace``'s time-freeing swaps (a visit for one of equal score that takes less time): the
#: synthetic weeks at 3 s, seeds 10-19, 0.71 / 2.09 % without, 0.49 / 1.28 % with; on worker 0
#: they did not help (deterministic runs, 2026-12-08).
WORKER_PARAMS = (
    Params(string_share=1.0, string_max=5, noise=0.3),
    Params(string_share=0.7, string_max=3, noise=0.5, power=1.0, free_swaps=True),
)

#: share of the time limit kept for the joint recombination of the workers' route pools
JOINT_SHARE = 0.08
#: the OR-Tools descent is built only when its estimated cost is below this share of the limit
POLISH_BUILD_SHARE = 0.05


def solve(instance: Instance, budget: Budget) -> Solution:
    """Maximise the score of served nodes, then minimise travel, within ``budget``.

    The time limit counts from this call (problem set-up and worker start included), after the
    compiled search is loaded once per process (``warm_up``). With ``budget.max_iterations`` set
    the result depends only on the instance and the seed.
    """
    warm_up()
    t0 = time.perf_counter()
    pb = compile_instance(instance)
    for t in range(pb.m):
        if not feasible(pb, t, []):
            raise ValueError(f"tour {t} is infeasible even when empty (span too short for its "
                             "lunch break or for the drive from start to end)")
    # the parent stops at the deadline, then waits at most `grace` for the forked worker, so the
    # call returns within the limit (a late worker's result is dropped)
    deadline = t0 + max(0.0, budget.time_limit) * 0.96 - 0.01
    workers = max(1, budget.workers)
    deterministic = budget.max_iterations is not None
    # with several workers, the end of the budget is kept for one CP-SAT recombination of all
    # their route pools (``joint_recombine``)
    joint_s = JOINT_SHARE * budget.time_limit if workers > 1 else 0.0
    search_deadline = deadline - joint_s
    # The OR-Tools descent, built once per call before the fork: ~30 ms at 300 nodes with the
    # same windows on every tour, but ~1 s for a week over the whole catalogue (one interval
    # removed per day gap of every site). Skipped when it would cost over POLISH_BUILD_SHARE.
    polisher = None
    if deterministic or build_seconds(pb) <= POLISH_BUILD_SHARE * budget.time_limit:
        polisher = Polisher(pb)

    def job(index: int) -> SearchResult:
        params = WORKER_PARAMS[index % len(WORKER_PARAMS)]

        def polish(routes: list[list[int]]) -> list[list[int]] | None:
            assert polisher is not None
            if deterministic:
                return polisher(routes, None, solution_limit=params.polish_solutions)
            # OR-Tools overshoots short limits by up to ~30 ms (PITFALLS f): keep a margin
            limit = int(0.7 * (search_deadline - time.perf_counter()) * 1000)
            return polisher(routes, limit) if limit > 5 else None

        return search(pb, search_deadline, budget.max_iterations, budget.seed * 1000 + index,
                      params, polish=polish if polisher is not None else None,
                      no_improvement=budget.no_improvement)

    grace = None if deterministic else 0.02 + 0.035 * budget.time_limit
    t_setup = time.perf_counter()
    # a worker that converged early waits for the other only until the deadline (+ grace)
    results = run_portfolio(job, workers, grace=grace, deadline=search_deadline)
    t_search = time.perf_counter()
    best = max(results, key=lambda r: r.key)
    left = deadline - time.perf_counter()
    if len(results) > 1 and (deterministic or left > 0.005):
        joint = joint_recombine(pb, results, 1.0 if deterministic else 0.8 * left, deterministic)
        if joint is not None and joint.key > best.key:
            best = joint
    sol = to_solution(pb, best.routes)
    sol.stats.update({
        "seconds": time.perf_counter() - t0,
        "iterations": float(sum(r.iterations for r in results)),
        "workers": float(len(results)),
        "joint_gain": float(best.key[0] - max(r.key for r in results)[0]),
        "setup_s": t_setup - t0, "search_s": t_search - t_setup,
        "joint_s": time.perf_counter() - t_search,
        "converged": float(all(r.stats.get("converged", 0.0) for r in results)),
    })
    return sol


def to_solution(pb: Problem, routes: list[list[int]]) -> Solution:
    """Timetable every tour and report required nodes left out."""
    served = {i for r in routes for i in r}
    if len(served) != sum(len(r) for r in routes) or \
            not all(feasible(pb, t, r) for t, r in enumerate(routes)):
        raise AssertionError("engine produced an infeasible solution")  # a bug, never data
    plans = tuple(plan(pb, t, r) for t, r in enumerate(routes))
    missing = tuple(i for i in range(pb.n) if pb.required[i] and i not in served)
    assert not set(unreachable(pb)) - set(missing)
    return Solution(
        tours=plans,
        score=sum(pb.score_l[i] for i in served),
        travel_time=sum(travel_of(pb, t, r) for t, r in enumerate(routes)),
        unserved_required=missing,
    )


def unreachable(pb: Problem) -> list[int]:
    """Required nodes that fit in no tour even alone (reported as unserved without search)."""
    return [i for i, req in enumerate(pb.required) if req and not pb.allowed[:, i].any()]
