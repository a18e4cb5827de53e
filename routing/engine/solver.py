"""``solve(instance, budget) -> Solution``: the engine's one entry point."""

from __future__ import annotations

import time

from routing.engine.ils import Params, SearchResult, search, warm_up
from routing.engine.ortools_model import Polisher  # imported here: ~0.25 s once per process
from routing.engine.portfolio import run_portfolio
from routing.engine.problem import Problem, compile_instance
from routing.engine.schedule import feasible, plan, travel_of
from routing.engine.types import Budget, Instance, Solution

#: Per-worker variations. Differences between these were within run-to-run noise on a 16-run
#: panel, so the two workers differ mainly to diversify: worker 0 only ruins strings near
#: unrouted nodes, worker 1 also walks Vansteenwegen's positions and uses more noise.
WORKER_PARAMS = (
    Params(string_share=1.0, string_max=5, noise=0.3),
    Params(string_share=0.7, string_max=3, noise=0.5),
)


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
    polisher = Polisher(pb)  # the OR-Tools descent, built once per call (~30 ms at 300 nodes)

    def job(index: int) -> SearchResult:
        params = WORKER_PARAMS[index % len(WORKER_PARAMS)]

        def polish(routes: list[list[int]]) -> list[list[int]] | None:
            if budget.max_iterations is not None:
                return polisher(routes, None, solution_limit=params.polish_solutions)
            # OR-Tools overshoots short limits by up to ~30 ms (PITFALLS f): keep a margin
            limit = int(0.7 * (deadline - time.perf_counter()) * 1000)
            return polisher(routes, limit) if limit > 5 else None

        return search(pb, deadline, budget.max_iterations, budget.seed * 1000 + index, params,
                      polish=polish, no_improvement=budget.no_improvement)

    grace = None if budget.max_iterations is not None else 0.02 + 0.035 * budget.time_limit
    # a worker that converged early waits for the other only until the deadline (+ grace)
    results = run_portfolio(job, max(1, budget.workers), grace=grace, deadline=deadline)
    best = max(results, key=lambda r: r.key)
    sol = to_solution(pb, best.routes)
    sol.stats.update({
        "seconds": time.perf_counter() - t0,
        "iterations": float(sum(r.iterations for r in results)),
        "workers": float(len(results)),
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
