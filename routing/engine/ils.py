"""Iterated local search over routes: ruin a little, refill greedily, improve, accept record-to-record.

One round (compiled, in ``routing.engine.core``) ruins the current solution and refills it with
the noisy ratio greedy (removed visits wait until nothing else fits):
- string ruin: pick an unrouted node, and in the tours passing closest to it remove a string of
  1..``string_max`` consecutive visits around the nearest one (making room for it);
- position walk (Vansteenwegen et al. 2009): remove a run of ``R`` visits at position ``S`` in
  every tour, ``S`` and ``R`` walking as in the paper;
- worst removal (in ``worst_share`` of the rounds, before the other two): remove the visits that
  earn least score per second of service and travel they cost, with noise;
then improves it: ``relocate`` moves single visits where they save travel (and refills the time
freed), ``replace`` swaps a visit for a higher-scoring unrouted node that fits in its place.
The result becomes the current solution if it is no worse than it, or within ``accept_within``
of the best score. After ``restart_after`` idle rounds the search returns to the best; every
other time it first drops a random ``big_ruin`` share of it (and one whole tour) to leave the
basin. A few times per run, CP-SAT (OR-Tools) picks the best set of routes among all routes of
the accepted solutions so far (``RoutePool``): routes found apart combine, and the search goes on
from the result if it is better; at the end of a portfolio run, one more CP-SAT call recombines
the route pools of every worker (``joint_recombine``). Above ``GRANULAR_MIN`` candidates the fill
is granular: a tour is re-rated only against the nodes near its stops. When ``final_polish`` of
the budget is left (and building the model fits the budget), the OR-Tools routing solver runs
one descent from the best. Anything OR-Tools returns is kept only if the engine's own
schedule check passes and the objective improved.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import numpy as np

from routing.engine import core
from routing.engine.problem import Problem
from routing.engine.schedule import feasible, travel_of

Routes = list[list[int]]
Polisher = Callable[[Routes], "Routes | None"]  # routes -> polished routes or None


def value(pb: Problem, routes: Routes) -> tuple[int, int]:
    """Objective as a sortable key: (score, -travel); larger is better."""
    score = sum(pb.score_l[i] for r in routes for i in r)
    travel = sum(travel_of(pb, t, r) for t, r in enumerate(routes))
    return score, -travel


@dataclass
class Params:
    """Knobs of one search process (the portfolio varies them between workers)."""

    noise: float = 0.5  # insertion ratios are multiplied by 1 + noise * U(0, 1)
    restart_after: int = 30  # idle rounds before going back to the best
    string_share: float = 0.7  # share of rounds that ruin strings near an unrouted node
    string_max: int = 3
    #: share of rounds that ruin the visits earning least per second instead (``core.worst``):
    #: 1..``worst_max`` of them, their rates scattered by ``worst_noise``. Tuned on the synthetic
    #: weeks (deterministic runs, 6 seeds, 1,200 rounds a worker: mean gap 3.73 % without,
    #: 1.46 % with 0.5 / 16 / 0.5; 8 or 12 visits, share 0.25 or noise 1.0 were worse)
    worst_share: float = 0.5
    worst_max: int = 16
    worst_noise: float = 0.5
    accept_within: float | None = 0.02  # None: always move on; else record-to-record
    power: float = 2.0  # insertion ratio score**power / added time
    big_ruin: float = 0.3  # > 0: every other restart rebuilds after dropping this share
    relocate: int = 1  # passes of the travel-saving relocate descent after each fill (0: off)
    replace: int = 20  # after each fill, up to this many swaps of a visit for a better one
    free_swaps: bool = False  # replace also swaps a visit for one of equal score taking less time
    intra: int = 20  # after each fill, up to this many 2-opt / or-opt moves per tour (0: off)
    recombine: bool = True  # CP-SAT recombines the routes seen (``RoutePool``; RECOMBINE)
    final_polish: float = 0.03  # share of the budget kept for the OR-Tools descent at the end
    polish_solutions: int = 200  # its cap in deterministic (iteration-budget) runs


@dataclass
class SearchResult:
    routes: Routes
    key: tuple[int, int]
    iterations: int = 0
    stats: dict[str, float] = field(default_factory=dict)
    #: the search's route pool per tour class (``RoutePool.pools``, capped), for the portfolio's
    #: joint recombination
    pool: list[dict[tuple[int, ...], tuple[int, int]]] = field(default_factory=list)


def search(pb: Problem, deadline: float, max_iterations: int | None, seed: int,
           params: Params, polish: Polisher | None = None,
           start: Routes | None = None, no_improvement: int | None = None) -> SearchResult:
    """Run the ILS until ``deadline`` (``time.perf_counter`` value) or ``max_iterations``, or
    (timed runs only) ``no_improvement`` rounds in a row leave the best unchanged.

    Rounds run compiled in chunks sized to take ~``CHUNK_S`` each; the deadline and the OR-Tools
    descent are handled here between chunks.
    """
    t_begin = time.perf_counter()
    span = max(1e-3, deadline - t_begin)
    # the end of the budget is kept for one OR-Tools descent from the best solution
    reserve = params.final_polish * span if polish is not None else 0.0
    core.seed(seed)
    st = Core(pb, params.power, start)
    st.fill(0.0)
    total = int(pb.allowed.any(axis=0).sum())
    sc, tr = st.value()
    C = np.zeros(core.NCOUNT, dtype=np.int64)
    C[core.S_POS] = C[core.RUN] = 1
    C[core.CUR_S] = C[core.BEST_S] = sc
    C[core.CUR_T] = C[core.BEST_T] = tr
    C[core.RMAX] = max(1, total // (3 * pb.m))
    CR, CL = st.R.copy(), st.L.copy()
    BR, BL = st.R.copy(), st.L.copy()
    fparams = (float(params.noise), float(params.string_share), float(params.string_max),
               -1.0 if params.accept_within is None else float(params.accept_within),
               float(params.restart_after), float(params.big_ruin), float(params.relocate),
               float(params.replace), float(params.intra), float(params.worst_share),
               float(params.worst_max), float(params.worst_noise), float(params.free_swaps))
    chunk = 4
    polished = recombined = 0
    # when (shares of the budget) and for how long (share each) CP-SAT recombines routes
    at, share = RECOMBINE[0] if span >= 3.0 else RECOMBINE[1]
    pool = RoutePool(pb, at) if params.recombine else None
    final_done = polish is None
    best_key, improved_at, converged = (int(C[core.BEST_S]), -int(C[core.BEST_T])), 0, False
    while total:
        if max_iterations is not None:
            count = min(chunk, max_iterations - int(C[core.IT]))
            if count <= 0:
                break
        else:
            count = chunk
            now = time.perf_counter()
            if now >= deadline:
                break
            if not final_done and now >= deadline - reserve:
                final_done = True
                polished += 1
                _final_polish(pb, polish, st, C, CR, CL, BR, BL)
                continue
        t0 = time.perf_counter()
        core.rounds(st.P, st.S, C, CR, CL, BR, BL, count, fparams)
        if max_iterations is None:
            took = time.perf_counter() - t0
            chunk = max(1, min(chunk * 2, int(count * CHUNK_S / max(took, 1e-6))))
            key = (int(C[core.BEST_S]), -int(C[core.BEST_T]))
            if key > best_key:
                best_key, improved_at = key, int(C[core.IT])
            elif no_improvement is not None and int(C[core.IT]) - improved_at >= no_improvement:
                converged = True
                break
        if pool is not None:
            pool.add(CR, CL)
            done = (C[core.IT] / max_iterations if max_iterations is not None
                    else (time.perf_counter() - t_begin) / span)
            if pool.due(done):
                limit = share * span if max_iterations is None else 1.0
                if pool.recombine(st, C, CR, CL, BR, BL, limit, max_iterations is not None):
                    recombined += 1
    if not final_done:
        polished += 1
        _final_polish(pb, polish, st, C, CR, CL, BR, BL)
    best = _routes(BR, BL)
    it = int(C[core.IT])
    if pool is not None:
        pool.add(BR, BL)
        pool.cap()
    return SearchResult(best, value(pb, best), it, {"iterations": it, "polished": polished,
                                                    "recombined": recombined,
                                                    "converged": float(converged),
                                                    "improved_at": float(improved_at)},
                        pool.pools if pool is not None else [])


def _final_polish(pb: Problem, polish: Polisher | None, st: Core, C: np.ndarray,
                  CR: np.ndarray, CL: np.ndarray, BR: np.ndarray, BL: np.ndarray) -> None:
    """One OR-Tools descent from the best; the search (if time is left) goes on from the result."""
    assert polish is not None
    routes = _try_polish(pb, polish, _routes(BR, BL))
    if routes is not None:
        _adopt(routes, value(pb, routes), st, C, CR, CL, BR, BL)


def _adopt(routes: Routes, key: tuple[int, int], st: Core, C: np.ndarray, CR: np.ndarray,
           CL: np.ndarray, BR: np.ndarray, BL: np.ndarray) -> None:
    """Make ``routes`` (objective ``key``, found outside the compiled rounds) the best and the
    current solution, and the search state."""
    for t, route in enumerate(routes):
        BR[t, :len(route)] = route
        BL[t] = len(route)
    C[core.BEST_S] = C[core.CUR_S] = key[0]
    C[core.BEST_T] = C[core.CUR_T] = -key[1]
    CR[:], CL[:] = BR, BL
    st.restore(BR, BL)


class RoutePool:
    """Distinct routes of the solutions the search accepted, per class of interchangeable tours,
    recombined now and then by CP-SAT (``ortools_model.recombine``) into the best set of routes
    that covers no node twice: routes found in different solutions combine."""

    CAP = 1000  # routes per class given to CP-SAT (the best by score, then travel): on pr06 with
    # m = 4, 1000 routes are solved to optimality in ~0.35 s, 3000 not within 1 s

    def __init__(self, pb: Problem, at: tuple[float, ...]):
        self.pb = pb
        self.at = sorted(at)
        keys: dict[bytes, int] = {}
        self.cls: list[int] = []
        n = pb.n
        for t in range(pb.m):
            lunch = pb.lunch[t]
            key = b"|".join([
                pb.T[pb.starts[t], :n].tobytes(), pb.T[:n, pb.ends[t]].tobytes(),
                np.array([pb.T[pb.starts[t], pb.ends[t]], pb.earliest[t], pb.latest[t],
                          pb.max_visits[t], *((lunch.earliest, lunch.latest, lunch.duration)
                                              if lunch else (-1, -1, -1))],
                         dtype=np.int64).tobytes(),
                pb.allowed[t].tobytes(), pb.wo[t].tobytes(), pb.wc[t].tobytes()])
            self.cls.append(keys.setdefault(key, len(keys)))
        self.pools: list[dict[tuple[int, ...], tuple[int, int]]] = [{} for _ in keys]
        self.counts = [self.cls.count(c) for c in range(len(keys))]

    def add(self, R: np.ndarray, L: np.ndarray) -> None:
        pb = self.pb
        for t in range(pb.m):
            route = tuple(R[t, :L[t]].tolist())
            pool = self.pools[self.cls[t]]
            if route and route not in pool:
                pool[route] = (sum(pb.score_l[i] for i in route), travel_of(pb, t, list(route)))

    def due(self, done: float) -> bool:
        if self.at and done >= self.at[0]:
            while self.at and done >= self.at[0]:
                self.at.pop(0)
            return True
        return False

    def cap(self) -> None:
        """Keep the ``CAP`` best routes (by score, then travel) of each class."""
        for c, pool in enumerate(self.pools):
            if len(pool) > self.CAP:
                keep = sorted(pool.items(), key=lambda kv: (-kv[1][0], kv[1][1]))[:self.CAP]
                self.pools[c] = dict(keep)

    def merge(self, pools: list[dict[tuple[int, ...], tuple[int, int]]]) -> None:
        """Add another search's pools (same problem, so the same classes)."""
        for mine, theirs in zip(self.pools, pools, strict=False):
            mine.update(theirs)

    def combine(self, best: Routes, limit_s: float, deterministic: bool) -> Routes | None:
        """CP-SAT's best combination of the pooled routes if it beats ``best``, else None."""
        from routing.engine.ortools_model import recombine

        pb = self.pb
        self.cap()
        hint: list[list[tuple[int, ...]]] = [[] for _ in self.pools]
        for t, route in enumerate(best):
            if route:
                hint[self.cls[t]].append(tuple(route))
                self.pools[self.cls[t]].setdefault(
                    tuple(route), (sum(pb.score_l[i] for i in route), travel_of(pb, t, route)))
        required = [i for i in range(pb.n) if pb.required[i]]
        picked = recombine(self.pools, self.counts, required, hint, limit_s, deterministic)
        if picked is None:
            return None
        routes: list[list[int]] = []
        for t in range(pb.m):
            chosen = picked[self.cls[t]]
            routes.append(list(chosen.pop()) if chosen else [])
        if not all(feasible(pb, t, r) for t, r in enumerate(routes)):
            return None  # cannot happen with exact classes; never trust, always check
        return routes if value(pb, routes) > value(pb, best) else None

    def recombine(self, st: Core, C: np.ndarray, CR: np.ndarray, CL: np.ndarray,
                  BR: np.ndarray, BL: np.ndarray, limit_s: float, deterministic: bool) -> bool:
        """Replace the best (and current) solution by CP-SAT's combination if it is better."""
        routes = self.combine(_routes(BR, BL), limit_s, deterministic)
        if routes is None:
            return False
        _adopt(routes, value(self.pb, routes), st, C, CR, CL, BR, BL)
        return True


def joint_recombine(pb: Problem, results: list[SearchResult], limit_s: float,
                    deterministic: bool) -> SearchResult | None:
    """One CP-SAT recombination over the route pools of every portfolio worker: routes found by
    different processes combine. Returns a better result than the best worker's, or None."""
    best = max(results, key=lambda r: r.key)
    if len(results) < 2 or not all(r.pool for r in results):
        return None
    pool = RoutePool(pb, ())
    for r in results:
        pool.merge(r.pool)
    routes = pool.combine(best.routes, limit_s, deterministic)
    if routes is None:
        return None
    return SearchResult(routes, value(pb, routes), best.iterations, dict(best.stats))


#: Recombination schedules (shares of the budget, CP-SAT time per call as a share of it), for
#: budgets of 3 s and more, and shorter ones. Measured single-worker on 8 hard pr pairs (CPU-time
#: budgets, 2026-11-25): at 10 s mean gap 3.80 % without, 2.76 % with the first; at 1 s 5.67 %
#: without, 4.95 % with the second (two seeds).
RECOMBINE = (((0.3, 0.5, 0.7, 0.85), 0.05), ((0.6, 0.9), 0.1))
CHUNK_S = 0.003  # seconds of compiled rounds between two looks at the clock


class Core:
    """The compiled search's arrays for one problem (see ``routing.engine.core``)."""

    def __init__(self, pb: Problem, power: float, start: Routes | None = None):
        n, m = pb.n, pb.m
        width = pb.wo[0].shape[1] if m else 1
        wo = np.ascontiguousarray(np.stack(pb.wo).reshape(m, n, width))
        wc = np.ascontiguousarray(np.stack(pb.wc).reshape(m, n, width))
        lunch = [(x.earliest, x.latest, x.duration) if x else (0, 0, 0) for x in pb.lunch]
        req = np.array(pb.required, dtype=np.bool_).reshape(n)
        prio = pb.score.astype(np.float64) ** power + np.where(req, core.REQUIRED_BONUS, 0.0)
        ints = lambda v: np.array(v, dtype=np.int64).reshape(-1)  # noqa: E731
        if pb.T.size and pb.T.max() >= 2**31:
            raise ValueError("travel times must be below 2**31 s")
        # int32 halves the matrix the hot loops read (cache traffic): a few % faster rounds
        T32 = np.ascontiguousarray(pb.T, dtype=np.int32)
        self.P = (T32, pb.service.reshape(n), wo, wc,
                  np.ascontiguousarray(pb.allowed), np.array([x is not None for x in pb.lunch],
                                                             dtype=np.bool_).reshape(m),
                  ints([x[0] for x in lunch]), ints([x[1] for x in lunch]),
                  ints([x[2] for x in lunch]), ints(pb.earliest), ints(pb.latest),
                  ints(pb.max_visits), req, prio, pb.score.reshape(n),
                  *_neighbours(pb), np.ascontiguousarray(T32.T))
        self.R = np.zeros((m, n + 1), dtype=np.int64)
        self.L = np.zeros(m, dtype=np.int64)
        unr = np.ones(n, dtype=np.bool_)
        for t, route in enumerate(start or []):
            self.R[t, :len(route)] = route
            self.L[t] = len(route)
            unr[list(route)] = False
        times = [np.zeros((m, n + 2), dtype=np.int64) for _ in range(4)]
        self.S = (self.R, self.L, unr, *times, np.full((m, n), -1.0),
                  np.zeros((m, n), dtype=np.int64), np.ones(m, dtype=np.bool_),
                  np.zeros(n, dtype=np.bool_), np.zeros(n, dtype=np.bool_))
        for t in range(m):
            core.build(self.P, self.S, t)

    def fill(self, noise: float) -> None:
        core.fill(self.P, self.S, noise, np.zeros(0, dtype=np.bool_))

    def value(self) -> tuple[int, int]:
        sc, tr = core.value(self.P, self.S)
        return int(sc), int(tr)

    def restore(self, R: np.ndarray, L: np.ndarray, settled: bool = False) -> None:
        core.restore(self.P, self.S, R, L, settled)


NEAR = 40  # replace candidates per visit: its nearest nodes (a far node rarely fits its place)
#: Granular neighbourhoods: above GRANULAR_MIN nodes, a tour's full re-rating in the fill looks
#: only at the GRANULAR_K nearest nodes of each of its stops, start and end (a week over 1,500
#: sites: rounds 12.9 ms -> see BENCHMARKS.md). Small pools keep the exact greedy.
GRANULAR_MIN = 400
GRANULAR_K = 60


def _nearest(both: np.ndarray, k: int) -> np.ndarray:
    """Each row's ``k`` smallest columns, nearest first (argpartition, O(n) a row, for large
    rows; ties may then fall either way)."""
    if k >= both.shape[1] or both.shape[1] <= GRANULAR_MIN:  # small: a full, stable sort
        return np.argsort(both, axis=1, kind="stable")[:, :k]
    part = np.argpartition(both, k - 1, axis=1)[:, :k]
    order = np.argsort(np.take_along_axis(both, part, axis=1), axis=1, kind="stable")
    return np.take_along_axis(part, order, axis=1)


def _neighbours(pb: Problem) -> tuple[np.ndarray, ...]:
    """(near, gnear, granular, tour_near): ``near`` (n, NEAR) each node's nearest other nodes
    (travel both ways) by falling score, for ``replace``; for granular fills, ``gnear`` (n, K)
    the nearest nodes by travel and ``tour_near`` (m, 3K) those nearest each tour's start, its
    end and its direct drive (least detour) (empty when the pool is small). One partial sort serves both lists."""
    n, m = pb.n, pb.m
    i64 = np.int64
    granular = n > GRANULAR_MIN and n > 1
    k = max(0, min(NEAR, n - 1))
    gnear = np.zeros((n, 0), dtype=i64)
    tour_near = np.zeros((m, 0), dtype=i64)
    if k == 0:
        return np.zeros((n, 0), dtype=i64), gnear, np.array([False]), tour_near
    sub = pb.T[:n, :n]
    big = sub.max() if sub.size else 0
    # int32 halves the memory traffic of the n x n work (times are below 2**31 / 2 here)
    both = (sub + sub.T).astype(np.int32 if 2 * big < 2**31 - 1 else i64)
    np.fill_diagonal(both, np.iinfo(both.dtype).max)
    nearest = _nearest(both, max(k, min(GRANULAR_K, n - 1)) if granular else k)
    near = nearest[:, :k]
    by_score = np.argsort(-pb.score[near], axis=1, kind="stable")
    near = np.ascontiguousarray(np.take_along_axis(near, by_score, axis=1), dtype=i64)
    if granular:
        gnear = np.ascontiguousarray(nearest, dtype=i64)
        kk = min(GRANULAR_K, n)
        out = pb.T[pb.starts][:, :n]
        back = pb.T[:n, pb.ends].T
        # a day from one lodging to another far away passes through a corridor near neither
        # end: the nodes of least detour from the direct drive are candidates too. Synthetic
        # week by car, 1 s of CPU, 3 seeds: 4.5-5.8 % short of the reference -> 1.4-1.5 % above
        # it (a Monday had stayed on the nodes near its two ends). Adding the nodes of best
        # score per detour as well made it worse (1.5-4.5 % short): they lure the greedy away.
        detour = out + back - pb.T[pb.starts, pb.ends][:, None] + pb.service[None, :]
        detour[~pb.allowed] = np.iinfo(detour.dtype).max
        tour_near = np.ascontiguousarray(np.concatenate(
            [_nearest(out, kk), _nearest(back, kk), _nearest(detour, kk)], axis=1), dtype=i64)
    return near, gnear, np.array([granular]), tour_near


def _routes(R: np.ndarray, L: np.ndarray) -> Routes:
    return [R[t, :L[t]].tolist() for t in range(len(L))]


_WARM = False
_WARM_LOCK = threading.Lock()


def warm_up() -> float:
    """Load the compiled search (from numba's on-disk cache, or compile it: ~40 s the first time
    on a machine) by running it on two tiny instances; returns the seconds it took (0 when done
    before in this process). ``solve`` calls it before starting its clock."""
    global _WARM
    with _WARM_LOCK:
        if _WARM:
            return 0.0
        t0 = time.perf_counter()
        _warm_up()
        _WARM = True
        return time.perf_counter() - t0


def _warm_up() -> None:
    from routing.engine.problem import compile_instance
    from routing.engine.types import Break, Instance, Node, Tour

    nodes = tuple(Node(service=10, score=s, windows=((0, 500),)) for s in (3, 5, 7))
    travel = tuple(tuple(0 if a == b else 20 for b in range(4)) for a in range(4))
    for lunch in (None, Break(100, 200, 30)):
        inst = Instance(nodes=nodes, node_loc=(0, 1, 2), travel=travel,
                        tours=(Tour(3, 3, 0, 300, lunch=lunch), Tour(3, 3, 0, 300)))
        search(compile_instance(inst), 0.0, 20, 0, Params(restart_after=3))


def _try_polish(pb: Problem, polish: Polisher, routes: Routes) -> Routes | None:
    """The polisher's routes if our own check passes and the objective improves, else None."""
    new = polish(routes)
    if new is None:
        return None
    seen: set[int] = set()
    for t, r in enumerate(new):
        if seen.intersection(r) or len(set(r)) != len(r) or not feasible(pb, t, r):
            return None
        seen.update(r)
    if any(pb.required[i] and i not in seen for r in routes for i in r):
        return None
    return new if value(pb, new) > value(pb, routes) else None
