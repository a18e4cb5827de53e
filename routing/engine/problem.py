"""The engine's internal, pre-computed form of an ``Instance``.

Nodes keep their index ``0..n-1``; tour ``t`` gets two extra matrix rows, ``n + 2t`` (its start) and
``n + 2t + 1`` (its end), so every leg of every route is one lookup in one integer matrix.

Windows are clipped per tour: a window is kept for tour ``t`` only where a visit could start inside
the tour's span (after the earliest arrival from the start, early enough to still reach the end).
A node with no clipped window in a tour is not allowed in it. Clipped windows are padded to a
common width ``W`` with empty windows (open = INF, close = NEG): the (m, n, W) arrays the compiled
search core reads.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from routing.engine.types import Instance

INF = 1 << 50  # "never": far above any time on the axis, far below int64 overflow when summed
NEG = -INF


@dataclass(frozen=True)
class Lunch:
    """A tour's break as plain ints: start in [earliest, latest], lasting ``duration``."""

    earliest: int
    latest: int
    duration: int


@dataclass
class Problem:
    """Arrays the search reads; built once per ``solve`` call (and inherited by forked workers)."""

    n: int
    m: int
    T: np.ndarray  # (n + 2m, n + 2m) int64 travel times
    Tl: list[list[int]]  # the same as nested lists, for scalar access in Python loops
    service: np.ndarray
    service_l: list[int]
    score: np.ndarray
    score_l: list[int]
    required: list[bool]
    starts: list[int]  # matrix index of each tour's start
    ends: list[int]
    earliest: list[int]
    latest: list[int]
    lunch: list[Lunch | None]
    max_visits: list[int]
    windows: list[list[tuple[tuple[int, int], ...]]]  # [tour][node] clipped windows
    wo: list[np.ndarray]  # [tour] (n, W) window opens, padded with INF
    wc: list[np.ndarray]  # [tour] (n, W) window closes, padded with NEG
    allowed: np.ndarray  # (m, n) bool


def compile_instance(instance: Instance) -> Problem:
    """Turn the contract's frozen dataclasses into matrices and per-tour window tables."""
    n = len(instance.nodes)
    m = len(instance.tours)
    size = n + 2 * m
    locs = list(instance.node_loc)
    for tour in instance.tours:
        locs += [tour.start_loc, tour.end_loc]
    travel = instance.travel
    nloc = len(travel)
    for loc in locs:
        if not 0 <= loc < nloc:
            raise ValueError(f"location {loc} is not in the travel matrix ({nloc} rows)")
    Tl = [[travel[a][b] for b in locs] for a in locs]
    T = np.array(Tl, dtype=np.int64).reshape(size, size)
    for value in T.flat:
        if value < 0:
            raise ValueError("travel times must be non-negative")
    service_l = [node.service for node in instance.nodes]
    score_l = [node.score for node in instance.nodes]
    starts = [n + 2 * t for t in range(m)]
    ends = [n + 2 * t + 1 for t in range(m)]
    windows: list[list[tuple[tuple[int, int], ...]]] = []
    allowed = np.zeros((m, n), dtype=bool)
    lunches: list[Lunch | None] = []
    for t, tour in enumerate(instance.tours):
        lunch = tour.lunch
        lunches.append(None if lunch is None else Lunch(lunch.earliest_start, lunch.latest_start,
                                                        lunch.duration))
        per_node = []
        for i, node in enumerate(instance.nodes):
            lo = tour.earliest_start + Tl[starts[t]][i]
            hi = tour.latest_end - node.service - Tl[i][ends[t]]
            clipped = tuple((max(o, lo), min(c, hi)) for o, c in node.windows
                            if max(o, lo) <= min(c, hi))
            if node.allowed_tours is not None and t not in node.allowed_tours:
                clipped = ()
            per_node.append(clipped)
            allowed[t, i] = bool(clipped)
        windows.append(per_node)
    width = max([1] + [len(w) for per in windows for w in per])
    wo, wc = [], []
    for t in range(m):
        o = np.full((n, width), INF, dtype=np.int64)
        c = np.full((n, width), NEG, dtype=np.int64)
        for i, wins in enumerate(windows[t]):
            for k, (a, b) in enumerate(wins):
                o[i, k] = a
                c[i, k] = b
        wo.append(o)
        wc.append(c)
    return Problem(
        n=n, m=m, T=T, Tl=Tl,
        service=np.array(service_l, dtype=np.int64), service_l=service_l,
        score=np.array(score_l, dtype=np.int64), score_l=score_l,
        required=[node.required for node in instance.nodes],
        starts=starts, ends=ends,
        earliest=[tour.earliest_start for tour in instance.tours],
        latest=[tour.latest_end for tour in instance.tours],
        lunch=lunches,
        max_visits=[n if tour.max_visits is None else tour.max_visits for tour in instance.tours],
        windows=windows, wo=wo, wc=wc, allowed=allowed,
    )
