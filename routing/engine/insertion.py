"""Greedy ratio insertion, vectorised over (gap, candidate) pairs with numpy.

For one tour, every unrouted candidate is tested in every gap at once: the same arithmetic as
``schedule.visit`` on (gaps x candidates) arrays, then compared with the latest arrivals of the
following stops. The greedy picks, over all tours, the insertion with the best
``score**2 / (time added + 1)`` (Vansteenwegen et al.'s ratio), optionally perturbed by noise.
Required nodes go first whenever they fit anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from routing.engine.problem import INF, NEG, Problem
from routing.engine.schedule import backward, forward

REQUIRED_BONUS = 1e18  # a required node's ratio outranks every optional one


@dataclass
class TourCache:
    """Timing arrays of one tour as numpy vectors, one entry per gap."""

    prev: np.ndarray  # matrix index of the stop before each gap
    nxt: np.ndarray  # matrix index of the stop after each gap
    dep0: np.ndarray
    dep1: np.ndarray
    lat0: np.ndarray  # latest arrival at the stop after each gap
    lat1: np.ndarray
    travel_gap: np.ndarray  # T[prev, nxt]


def build_cache(pb: Problem, t: int, route: list[int]) -> TourCache:
    """Recompute a tour's timing after it changed (O(length) in Python)."""
    stops = np.array([pb.starts[t], *route, pb.ends[t]], dtype=np.int64)
    prev, nxt = stops[:-1], stops[1:]
    single = pb.single[t]
    if single is not None:
        dep1, lat1 = _fast_times(pb, t, route, single[0], single[1])
        return TourCache(prev, nxt, _NONE, np.array(dep1, dtype=np.int64), _NONE,
                         np.array(lat1, dtype=np.int64), pb.T[prev, nxt])
    dep0, dep1 = forward(pb, t, route)
    lat0, lat1 = backward(pb, t, route)
    return TourCache(prev, nxt, np.array(dep0, dtype=np.int64), np.array(dep1, dtype=np.int64),
                     np.array(lat0, dtype=np.int64), np.array(lat1, dtype=np.int64),
                     pb.T[prev, nxt])


_NONE = np.zeros(0, dtype=np.int64)  # state-0 arrays of a tour without lunch (never read)


def _fast_times(pb: Problem, t: int, route: list[int], opens: list[int],
                closes: list[int]) -> tuple[list[int], list[int]]:
    """``schedule.forward``/``backward`` state 1 for a lunch-free tour with one window per node:
    the hot path of the benchmark, written out flat."""
    Tl, svc = pb.Tl, pb.service_l
    d = pb.earliest[t]
    dep = [d]
    prev = pb.starts[t]
    for node in route:
        a = d + Tl[prev][node]
        o = opens[node]
        if a < o:
            a = o
        d = a + svc[node] if a <= closes[node] else INF
        dep.append(d)
        prev = node
    lat_end = pb.latest[t]
    lat = [lat_end]
    nxt = pb.ends[t]
    x = lat_end
    for node in reversed(route):
        u = x - Tl[node][nxt] - svc[node]
        c = closes[node]
        if u > c:
            u = c
        x = u if u >= opens[node] else NEG
        lat.append(x)
        nxt = node
    lat.reverse()
    return dep, lat


def _first_start(a: np.ndarray, o: np.ndarray, c: np.ndarray) -> np.ndarray:
    """Vectorised ``schedule.first_start``: a is (P, K); o, c are (K, W) padded windows."""
    res = None
    for w in range(o.shape[1]):
        s = np.maximum(a, o[:, w])
        s = np.where(s <= c[:, w], s, INF)
        res = s if res is None else np.minimum(res, s)
    assert res is not None
    return res


def evaluate(pb: Problem, t: int, cache: TourCache,
             cand: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Best gap and its added time for each candidate in tour ``t`` (added time INF: no fit)."""
    shift = fit_matrix(pb, t, cache, cand)
    pos = shift.argmin(axis=0)
    return pos, shift[pos, np.arange(len(cand))]


def fit_matrix(pb: Problem, t: int, cache: TourCache, cand: np.ndarray) -> np.ndarray:
    """(gaps x candidates) added time of each insertion, INF where it does not fit.

    A "gap" is any (stop before, stop after) pair with the departure time from the first and
    the latest arrival at the second, so callers may pass virtual gaps (e.g. a segment removed).
    """
    T = pb.T
    prev, nxt = cache.prev, cache.nxt
    Tpk = T[prev[:, None], cand[None, :]]
    Tkq = T[cand[None, :], nxt[:, None]]
    svc = pb.service[cand]
    o, c = pb.wo[t][cand], pb.wc[t][cand]
    d1 = _first_start(cache.dep1[:, None] + Tpk, o, c) + svc
    lunch = pb.lunch[t]
    if lunch is None:
        arr = d1 + Tkq
        ok = arr <= cache.lat1[:, None]
        shift = arr - (cache.dep1 + cache.travel_gap)[:, None]
    else:
        a0 = cache.dep0[:, None] + Tpk
        d0 = _first_start(a0, o, c) + svc
        b = np.maximum(d0, lunch.earliest)
        d1 = np.minimum(d1, np.where(b <= lunch.latest, b + lunch.duration, INF))
        b = np.maximum(a0, lunch.earliest)
        d1 = np.minimum(d1, np.where(b <= lunch.latest,
                                     _first_start(b + lunch.duration, o, c) + svc, INF))
        ok = (d1 + Tkq <= cache.lat1[:, None]) | (d0 + Tkq <= cache.lat0[:, None])
        shift = Tpk + svc + Tkq - cache.travel_gap[:, None]
    return np.where(ok, shift, INF)


class Filler:
    """Greedy insertion state: the routes, their caches and each tour's best insertion per node."""

    def __init__(self, pb: Problem, routes: list[list[int]]):
        self.pb = pb
        self.routes = routes
        self.caches = [build_cache(pb, t, r) for t, r in enumerate(routes)]
        self.unrouted = np.ones(pb.n, dtype=bool)
        for r in routes:
            self.unrouted[r] = False
        self.prio = pb.score.astype(np.float64) ** 2
        self.base_prio = self.prio.copy()
        self.prio += np.where(np.array(pb.required, dtype=bool), REQUIRED_BONUS, 0.0)
        self.ratio = np.full((pb.m, pb.n), -1.0)
        self.pos = np.zeros((pb.m, pb.n), dtype=np.int64)
        # Tours changed since their row of ``ratio`` was computed, and nodes unrouted since the
        # last fill: an untouched tour only needs those nodes re-evaluated (nothing else fitted
        # it when the last fill stopped). This is what keeps a round cheap at m > 1.
        self.dirty = set(range(pb.m))
        self.fresh: set[int] = set()

    def set_exponent(self, power: float) -> None:
        """Ratio numerator ``score ** power`` (Vansteenwegen's 2; lower favours short detours)."""
        pb = self.pb
        self.prio = pb.score.astype(np.float64) ** power
        self.prio += np.where(np.array(pb.required, dtype=bool), REQUIRED_BONUS, 0.0)
        self.dirty.update(range(pb.m))

    def refresh(self, t: int, only: np.ndarray | None = None) -> None:
        """Re-evaluate unrouted candidates for tour ``t`` (all, or those in ``only``)."""
        pb = self.pb
        row = self.ratio[t]
        if only is None:
            row.fill(-1.0)
            cand = np.flatnonzero(self.unrouted & pb.allowed[t])
        else:
            row[only] = -1.0
            cand = only[pb.allowed[t, only]]
        if len(self.routes[t]) >= pb.max_visits[t]:
            row.fill(-1.0)
            return
        if len(cand) == 0:
            return
        pos, shift = evaluate(pb, t, self.caches[t], cand)
        fits = shift < INF
        cand, pos, shift = cand[fits], pos[fits], shift[fits]
        row[cand] = self.prio[cand] / (np.maximum(shift, 0) + 1.0)
        self.pos[t, cand] = pos

    def set_route(self, t: int, route: list[int]) -> None:
        """Replace tour ``t``'s route by one holding a subset of its nodes (a ruin)."""
        self.fresh.update(set(self.routes[t]) - set(route))
        self.unrouted[self.routes[t]] = True
        self.routes[t] = route
        self.unrouted[route] = False
        self.caches[t] = build_cache(self.pb, t, route)
        self.dirty.add(t)

    def set_routes(self, routes: list[list[int]]) -> None:
        """Replace every route that differs (nodes may move between tours)."""
        before = np.flatnonzero(~self.unrouted)
        for t, r in enumerate(routes):
            if r != self.routes[t]:
                self.routes[t] = list(r)
                self.caches[t] = build_cache(self.pb, t, self.routes[t])
                self.dirty.add(t)
        self.unrouted[:] = True
        for r in self.routes:
            self.unrouted[r] = False
        self.fresh.update(int(i) for i in before[self.unrouted[before]])

    def fill(self, noise: float = 0.0, rng: np.random.Generator | None = None,
             hold: list[int] | None = None) -> None:
        """Insert greedily until nothing fits; ``noise`` scales a random factor on the ratios.

        Nodes in ``hold`` (just removed by the shake) wait until nothing else fits, otherwise
        the greedy would often put back exactly what was removed.
        """
        pb = self.pb
        if pb.n == 0:
            return
        fresh = np.array(sorted(i for i in self.fresh if self.unrouted[i]), dtype=np.int64)
        for t in range(pb.m):
            if t in self.dirty:
                self.refresh(t)
            elif len(fresh):
                self.refresh(t, fresh)
        self.dirty.clear()
        self.fresh.clear()
        factor = None
        if noise > 0 and rng is not None:
            factor = 1.0 + noise * rng.random(pb.n)
        allowed = self.unrouted.copy()
        if hold:
            allowed[hold] = False
        while True:
            ratio = self.ratio if factor is None else self.ratio * factor
            ratio = np.where(self.unrouted & allowed, ratio, -1.0)
            idx = int(ratio.argmax())
            t, k = divmod(idx, pb.n)
            if ratio[t, k] < 0:
                if allowed.all():
                    return
                allowed[:] = True
                continue
            route = self.routes[t]
            route.insert(int(self.pos[t, k]), k)
            self.unrouted[k] = False
            self.caches[t] = build_cache(pb, t, route)
            self.ratio[:, k] = -1.0
            # An insertion only delays later stops and tightens earlier ones, so (with travel
            # times that nearly obey the triangle inequality) a node that did not fit tour t
            # before cannot fit now: re-test only the ones that did. Checks stay exact.
            self.refresh(t, np.flatnonzero(self.ratio[t] >= 0))


def unreachable(pb: Problem) -> list[int]:
    """Required nodes that fit in no tour even alone (reported as unserved without search)."""
    out = []
    for i, req in enumerate(pb.required):
        if req and not pb.allowed[:, i].any():
            out.append(i)
    return out


__all__ = ["Filler", "TourCache", "build_cache", "evaluate", "unreachable", "NEG"]
