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


class _Rows:
    """``rows[a][b]`` on a matrix, each row turned into a list the first time it is read (the
    schedule's Python loops read few rows; a whole 1,514 x 1,514 ``tolist`` cost 0.4 s)."""

    def __init__(self, T: np.ndarray):
        self._T = T
        self._rows: dict[int, list[int]] = {}

    def __getitem__(self, a: int) -> list[int]:
        row = self._rows.get(a)
        if row is None:
            row = self._rows[a] = self._T[a].tolist()
        return row


class _TourWindows:
    """``windows[node]``: one tour's clipped windows of a node as ``((open, close), ...)``."""

    def __init__(self, wo: np.ndarray, wc: np.ndarray):
        self._wo, self._wc = wo, wc
        self._cache: dict[int, tuple[tuple[int, int], ...]] = {}

    def __getitem__(self, i: int) -> tuple[tuple[int, int], ...]:
        wins = self._cache.get(i)
        if wins is None:
            wins = self._cache[i] = tuple((int(o), int(c)) for o, c in
                                          zip(self._wo[i], self._wc[i], strict=True) if o <= c)
        return wins

    def __len__(self) -> int:
        return self._wo.shape[0]


@dataclass
class Problem:
    """Arrays the search reads; built once per ``solve`` call (and inherited by forked workers)."""

    n: int
    m: int
    T: np.ndarray  # (n + 2m, n + 2m) int64 travel times
    Tl: _Rows  # the same, row by row as lists, for scalar access in Python loops
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
    windows: list[_TourWindows]  # [tour][node] clipped windows
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
    # numpy all the way: a week over 1,500 sites is a 1,514 x 1,514 matrix, and element-wise
    # Python here cost 1.7 s of a 1 s budget
    if isinstance(travel, np.ndarray):
        full = travel.astype(np.int64, copy=False)
    else:
        full = (np.asarray(travel, dtype=np.int64).reshape(nloc, -1) if nloc
                else np.zeros((0, 0), np.int64))
    if full.shape != (nloc, nloc):
        raise ValueError("the travel matrix must be square")
    idx = np.asarray(locs, dtype=np.int64)
    T = np.ascontiguousarray(full[np.ix_(idx, idx)]).reshape(size, size)
    if (T < 0).any():
        raise ValueError("travel times must be non-negative")
    service_l = [node.service for node in instance.nodes]
    score_l = [node.score for node in instance.nodes]
    starts = [n + 2 * t for t in range(m)]
    ends = [n + 2 * t + 1 for t in range(m)]
    lunches = [None if tour.lunch is None else
               Lunch(tour.lunch.earliest_start, tour.lunch.latest_start, tour.lunch.duration)
               for tour in instance.tours]
    raw = max([1] + [len(node.windows) for node in instance.nodes])
    raw_o = np.full((n, raw), INF, dtype=np.int64)
    raw_c = np.full((n, raw), NEG, dtype=np.int64)
    barred = np.zeros((m, n), dtype=bool)  # allowed_tours leaves the tour out
    for i, node in enumerate(instance.nodes):
        for k, (o, c) in enumerate(node.windows):
            raw_o[i, k] = o
            raw_c[i, k] = c
        if node.allowed_tours is not None:
            barred[[t for t in range(m) if t not in node.allowed_tours], i] = True
    svc = np.array(service_l, dtype=np.int64).reshape(n)
    clipped_o, clipped_c, keep = [], [], []
    for t, tour in enumerate(instance.tours):
        lo = tour.earliest_start + T[starts[t], :n]
        hi = tour.latest_end - svc - T[:n, ends[t]]
        o = np.maximum(raw_o, lo[:, None])
        c = np.minimum(raw_c, hi[:, None])
        ok = (o <= c) & (raw_o < INF) & ~barred[t][:, None]
        order = np.argsort(~ok, axis=1, kind="stable")  # kept windows first, in their order
        ok = np.take_along_axis(ok, order, axis=1)
        clipped_o.append(np.where(ok, np.take_along_axis(o, order, axis=1), INF))
        clipped_c.append(np.where(ok, np.take_along_axis(c, order, axis=1), NEG))
        keep.append(ok)
    width = max([1] + [int(k.sum(axis=1).max()) for k in keep if k.size])
    wo = [np.ascontiguousarray(o[:, :width]) for o in clipped_o]
    wc = [np.ascontiguousarray(c[:, :width]) for c in clipped_c]
    allowed = np.array([k.any(axis=1) for k in keep], dtype=bool).reshape(m, n)
    Tl = _Rows(T)
    windows = [_TourWindows(o, c) for o, c in zip(wo, wc, strict=True)]
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
