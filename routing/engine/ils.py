"""Iterated local search over routes: ruin a little, refill greedily, accept record-to-record.

One round ruins the current solution and refills it with the noisy ratio greedy (removed visits
wait until nothing else fits):
- string ruin: pick an unrouted node, and in the tours passing closest to it remove a string of
  1..``string_max`` consecutive visits around the nearest one (making room for it);
- position walk (Vansteenwegen et al. 2009): remove a run of ``R`` visits at position ``S`` in
  every tour, ``S`` and ``R`` walking as in the paper.
The result becomes the current solution if it is no worse than it, or within ``accept_within``
of the best score. After ``restart_after`` idle rounds the search returns to the best; every
other time it first drops a random ``big_ruin`` share of it (and one whole tour) to leave the
basin. OR-Tools (``routing.engine.ortools_model``) polishes near-best solutions after the first
``polish_after`` of the budget, at most once per ``polish_gap``, and runs one longer descent from
the best when ``final_polish`` of the budget is left (the search then goes on from it). A polished
result is kept only if the engine's own schedule check passes and the objective improved.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from routing.engine.insertion import Filler
from routing.engine.problem import Problem
from routing.engine.schedule import feasible, travel_of

Routes = list[list[int]]
Polisher = Callable[[Routes, bool], "Routes | None"]  # (routes, final) -> polished or None


def value(pb: Problem, routes: Routes) -> tuple[int, int]:
    """Objective as a sortable key: (score, -travel); larger is better."""
    score = sum(pb.score_l[i] for r in routes for i in r)
    travel = sum(travel_of(pb, t, r) for t, r in enumerate(routes))
    return score, -travel


@dataclass
class Params:
    """Knobs of one search process (the portfolio varies them between workers)."""

    noise: float = 0.3
    restart_after: int = 30
    polish_within: float = 0.03  # polish candidates within this fraction of the best score
    polish_every: int = 1
    polish_ms: int = 150  # wall-clock cap of one OR-Tools descent
    polish_solutions: int = 200  # its cap in deterministic (iteration-budget) runs
    string_share: float = 0.0  # share of rounds that ruin strings near an unrouted node
    string_max: int = 5
    accept_within: float | None = None  # None: always move on; else record-to-record
    power: float = 2.0  # insertion ratio score**power / added time
    big_ruin: float = 0.0  # > 0: every other restart rebuilds after dropping this share
    polish_after: float = 0.3  # no polishing in this first share of the budget (bests pile up)
    polish_gap: float = 0.1  # at most one intermediate polish per this share of the budget
    final_polish: float = 0.08  # share of the budget kept to polish the best at the end


@dataclass
class SearchResult:
    routes: Routes
    key: tuple[int, int]
    iterations: int = 0
    stats: dict[str, float] = field(default_factory=dict)


def search(pb: Problem, deadline: float, max_iterations: int | None, seed: int,
           params: Params, polish: Polisher | None = None,
           start: Routes | None = None) -> SearchResult:
    """Run the ILS until ``deadline`` (``time.perf_counter`` value) or ``max_iterations``."""
    rng = np.random.default_rng(seed)
    t_begin = last_polish = time.perf_counter()
    span = max(1e-3, deadline - t_begin)
    # the end of the budget is kept for one OR-Tools descent from the best solution
    reserve = params.final_polish * span if polish is not None else 0.0
    filler = Filler(pb, [list(r) for r in start] if start else [[] for _ in range(pb.m)])
    if params.power != 2.0:
        filler.set_exponent(params.power)
    filler.fill()
    best = [list(r) for r in filler.routes]
    best_key = value(pb, best)
    total = sum(1 for i in range(pb.n) if pb.allowed[:, i].any())
    rmax = max(1, total // (3 * pb.m))
    s_pos, run = 1, 1
    idle = 0
    it = 0
    polished = 0
    cur_key = best_key
    restarts = 0
    current = [list(r) for r in filler.routes]
    final_done = False
    while total and (max_iterations is None or it < max_iterations):
        if max_iterations is None:
            now = time.perf_counter()
            if now >= deadline:
                break
            if polish is not None and not final_done and now >= deadline - reserve:
                # one longer OR-Tools descent from the best, then search on from it if time is left
                final_done = True
                best, best_key = _try_polish(pb, polish, best, best_key, final=True)
                polished += 1
                _restore(filler, best)
                current, cur_key = [list(r) for r in best], best_key
                continue
        it += 1
        if rng.random() < params.string_share:
            removed = _strings(pb, filler, rng, params.string_max)
        else:
            removed = _shake(pb, filler, s_pos, run, rng)
        filler.fill(params.noise, rng, removed)
        key = value(pb, filler.routes)
        now = time.perf_counter() if max_iterations is None else 0.0
        if polish is not None and (key > best_key or (
                params.polish_within > 0 and key[0] >= best_key[0] * (1 - params.polish_within)
                and it % params.polish_every == 0)) and (
                max_iterations is not None or (now - t_begin >= params.polish_after * span
                                               and now - last_polish >= params.polish_gap * span)):
            last_polish = now
            polished += 1
            routes, key = _try_polish(pb, polish, [list(r) for r in filler.routes], key)
            filler.set_routes(routes)
        if key > best_key:
            best, best_key = [list(r) for r in filler.routes], key
            run, idle = 1, 0
        else:
            idle += 1
        accept = params.accept_within is None or key >= cur_key or \
            key[0] >= best_key[0] * (1 - params.accept_within)
        if accept:
            current, cur_key = [list(r) for r in filler.routes], key
        else:
            _restore(filler, current)
        s_pos += run
        run += 1
        shortest = min(len(r) for r in filler.routes)
        if shortest and s_pos >= shortest:
            s_pos -= shortest
        if run > rmax:
            run = 1
        if idle >= params.restart_after:
            idle = 0
            restarts += 1
            if params.big_ruin > 0 and restarts % 2 == 0:
                # leave the basin: drop a large random share of the best and rebuild with noise
                _restore(filler, best)
                removed = _big_ruin(pb, filler, rng, params.big_ruin)
                filler.fill(params.noise * 2, rng, removed)
                current, cur_key = [list(r) for r in filler.routes], value(pb, filler.routes)
            else:
                _restore(filler, best)
                current, cur_key = [list(r) for r in best], best_key
    if polish is not None and not final_done:
        best, best_key = _try_polish(pb, polish, best, best_key, final=True)
        polished += 1
    return SearchResult(best, best_key, it, {"iterations": it, "polished": polished})


def _big_ruin(pb: Problem, filler: Filler, rng: np.random.Generator, share: float) -> list[int]:
    """Remove each optional visit with probability ``share``, plus one whole tour at m > 1."""
    removed: list[int] = []
    whole = int(rng.integers(0, pb.m)) if pb.m > 1 else -1
    for t, route in enumerate(filler.routes):
        keep = [i for i in route if pb.required[i] or (t != whole and rng.random() >= share)]
        if len(keep) != len(route):
            removed += [i for i in route if i not in keep]
            filler.set_route(t, keep)
    return removed


def _restore(filler: Filler, routes: Routes) -> None:
    filler.set_routes(routes)


def _strings(pb: Problem, filler: Filler, rng: np.random.Generator, longest: int) -> list[int]:
    """Make room near a random unrouted node: in the tours passing closest to it, remove a
    string of consecutive visits around the closest visit (required visits stay)."""
    free = np.flatnonzero(filler.unrouted & pb.allowed.any(axis=0))
    if len(free) == 0:
        free = np.arange(pb.n)
    seed = int(rng.choice(free))
    removed: list[int] = []
    tours = [t for t in range(pb.m) if filler.routes[t] and pb.allowed[t, seed]]
    if not tours:
        return removed
    Tl = pb.Tl
    near = sorted(tours, key=lambda t: min(Tl[seed][i] for i in filler.routes[t]))
    for t in near[:int(rng.integers(1, len(near) + 1))]:
        route = filler.routes[t]
        k = min(range(len(route)), key=lambda j: Tl[seed][route[j]])
        length = int(rng.integers(1, longest + 1))
        lo = max(0, k - int(rng.integers(0, length)))
        keep = [i for j, i in enumerate(route) if not lo <= j < lo + length or pb.required[i]]
        removed += [i for i in route if i not in keep]
        filler.set_route(t, keep)
    return removed


def _shake(pb: Problem, filler: Filler, s_pos: int, run: int,
           rng: np.random.Generator) -> list[int]:
    """Remove a run of ``run`` visits from every tour; return the removed nodes."""
    removed: list[int] = []
    for t, route in enumerate(filler.routes):
        if not route:
            continue
        start = (s_pos + int(rng.integers(0, 2))) % len(route)
        keep = [i for k, i in enumerate(route)
                if not start <= k < start + run or pb.required[i]]
        if len(keep) != len(route):
            removed += [i for i in route if i not in keep]
            filler.set_route(t, keep)
    return removed


def _try_polish(pb: Problem, polish: Polisher, routes: Routes, key: tuple[int, int],
                final: bool = False) -> tuple[Routes, tuple[int, int]]:
    """Accept the polisher's routes only if our own check passes and the objective improves."""
    new = polish(routes, final)
    if new is None:
        return routes, key
    seen: set[int] = set()
    for t, r in enumerate(new):
        if seen.intersection(r) or len(set(r)) != len(r) or not feasible(pb, t, r):
            return routes, key
        seen.update(r)
    if any(pb.required[i] and i not in seen for r in routes for i in r):
        return routes, key
    new_key = value(pb, new)
    return (new, new_key) if new_key > key else (routes, key)
