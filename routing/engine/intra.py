"""Intra-route descent, compiled: 2-opt and or-opt inside one tour, windows and lunch exact.

Long tours (Solomon 200: one route of 50-100 visits; a week's catalogue trip: 7-15 a day) are
where the ruin-and-refill rounds converge slowest: a refill inserts one node at a time at its
cheapest place and never reorders what is there, and ``core.relocate`` moves single visits only.
These moves shorten a tour's travel without changing what it visits, so the time they free lets
the next fill insert more.

Every move is first priced in O(1) (travel delta from prefix sums of the legs, both directions,
so asymmetric matrices are exact); only a move that saves travel is checked for time
feasibility. A move changes the route between two positions ``i..j`` only: the departure from
stop ``i`` (``dep0/dep1``) and the latest arrival at the stop after ``j`` (``lat0/lat1``) are
unchanged, so the check replays just the changed stretch with ``core.visit`` (both lunch
states) and compares, like an insertion test. First improvement, then the tour is rebuilt.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from routing.engine.core import INF, build, visit

#: or-opt moves segments of 1..OR_MAX consecutive visits, forwards or reversed
OR_MAX = 3
#: how far (in positions) a move reaches: 2-opt reverses at most SPAN visits, or-opt moves a
#: segment at most SPAN gaps away. Far moves in a route ordered by time windows almost never
#: fit, and the full O(length^2) scan cost a third of the rounds on 100-visit Solomon routes.
SPAN = 16


@njit(cache=True)
def fits(P, S, t, i, j, seq, ns):  # noqa: ANN001, ANN201
    """Whether tour t stays feasible with its route positions i..j replaced by ``seq[:ns]``."""
    T, svc, wo, wc, allowed, has_lunch, le, ll, ld = P[:9]
    R, L, unr, dep0, dep1, lat0, lat1 = S[:7]
    n = svc.shape[0]
    d0 = dep0[t, i]
    d1 = dep1[t, i]
    prev = R[t, i - 1] if i > 0 else n + 2 * t
    for x in range(ns):
        k = seq[x]
        tr = T[prev, k]
        d0, d1 = visit(wo, wc, svc, has_lunch, le, ll, ld, t, k, d0 + tr, d1 + tr)
        if d0 >= INF and d1 >= INF:
            return False  # every window of k closed before we can reach it
        prev = k
    nxt = R[t, j + 1] if j + 1 < L[t] else n + 2 * t + 1
    tr = T[prev, nxt]
    return d1 + tr <= lat1[t, j + 1] or d0 + tr <= lat0[t, j + 1]


@njit(cache=True)
def _legs(T, R, t, length, fwd, bwd):  # noqa: ANN001, ANN201
    """Prefix sums of the legs between consecutive visits, forwards and backwards."""
    fwd[0] = 0
    bwd[0] = 0
    for q in range(length - 1):
        fwd[q + 1] = fwd[q] + T[R[t, q], R[t, q + 1]]
        bwd[q + 1] = bwd[q] + T[R[t, q + 1], R[t, q]]


@njit(cache=True)
def two_opt(P, S, t, seq, fwd, bwd):  # noqa: ANN001, ANN201
    """Reverse the first stretch R[i..j] whose reversal saves travel and stays feasible."""
    T = P[0]
    R, L = S[0], S[1]
    n = P[1].shape[0]
    length = L[t]
    if length < 2:
        return False
    _legs(T, R, t, length, fwd, bwd)
    for i in range(length - 1):
        a = R[t, i - 1] if i > 0 else n + 2 * t
        ri = R[t, i]
        for j in range(i + 1, min(length, i + SPAN)):
            b = R[t, j + 1] if j + 1 < length else n + 2 * t + 1
            rj = R[t, j]
            delta = (T[a, rj] + T[ri, b] - T[a, ri] - T[rj, b]
                     + (bwd[j] - bwd[i]) - (fwd[j] - fwd[i]))
            if delta >= 0:
                continue
            for x in range(j - i + 1):
                seq[x] = R[t, j - x]
            if fits(P, S, t, i, j, seq, j - i + 1):
                for x in range(j - i + 1):
                    R[t, i + x] = seq[x]
                build(P, S, t)
                return True
    return False


@njit(cache=True)
def or_opt(P, S, t, seq, fwd, bwd):  # noqa: ANN001, ANN201
    """Move the first segment of 1..OR_MAX visits (kept or reversed) to another gap of its own
    tour where that saves travel and stays feasible."""
    T = P[0]
    R, L = S[0], S[1]
    n = P[1].shape[0]
    length = L[t]
    if length < 2:
        return False
    _legs(T, R, t, length, fwd, bwd)
    start, end = n + 2 * t, n + 2 * t + 1
    for s in range(1, min(OR_MAX, length - 1) + 1):
        for i in range(length - s + 1):
            e = i + s - 1  # the segment is R[i..e]
            a = R[t, i - 1] if i > 0 else start
            c = R[t, e + 1] if e + 1 < length else end
            first = R[t, i]
            last = R[t, e]
            inner_f = fwd[e] - fwd[i]
            inner_b = bwd[e] - bwd[i]
            gain = T[a, first] + inner_f + T[last, c] - T[a, c]
            if gain <= 0:
                continue
            # gap g: between R[g-1] and R[g] of the original route, outside the segment
            for g in range(max(0, i - SPAN), min(length, e + 1 + SPAN) + 1):
                if i <= g <= e + 1:
                    continue
                x = R[t, g - 1] if g > 0 else start
                y = R[t, g] if g < length else end
                for rev in range(2 if s > 1 else 1):
                    if rev == 0:
                        add = T[x, first] + inner_f + T[last, y] - T[x, y]
                    else:
                        add = T[x, last] + inner_b + T[first, y] - T[x, y]
                    if add >= gain:
                        continue
                    # the changed stretch and its new order
                    ns = 0
                    if g < i:
                        lo, hi = g, e
                        ns = _put_segment(R, t, i, e, rev, seq, ns)
                        for q in range(g, i):
                            seq[ns] = R[t, q]
                            ns += 1
                    else:
                        lo, hi = i, g - 1
                        for q in range(e + 1, g):
                            seq[ns] = R[t, q]
                            ns += 1
                        ns = _put_segment(R, t, i, e, rev, seq, ns)
                    if fits(P, S, t, lo, hi, seq, ns):
                        for q in range(ns):
                            R[t, lo + q] = seq[q]
                        build(P, S, t)
                        return True
    return False


@njit(cache=True, inline="always")
def _put_segment(R, t, i, e, rev, seq, ns):  # noqa: ANN001, ANN201
    if rev == 0:
        for q in range(i, e + 1):
            seq[ns] = R[t, q]
            ns += 1
    else:
        for q in range(e, i - 1, -1):
            seq[ns] = R[t, q]
            ns += 1
    return ns


@njit(cache=True)
def improve(P, S, moves):  # noqa: ANN001, ANN201
    """Up to ``moves`` improving 2-opt / or-opt moves per tour; returns whether any was made
    (the tours changed are flagged ``dirty`` for the next fill)."""
    R, L, dirty = S[0], S[1], S[9]
    m = L.shape[0]
    width = R.shape[1]
    seq = np.empty(width, dtype=np.int64)
    fwd = np.empty(width, dtype=np.int64)
    bwd = np.empty(width, dtype=np.int64)
    changed = False
    for t in range(m):
        for _ in range(moves):
            if not (or_opt(P, S, t, seq, fwd, bwd) or two_opt(P, S, t, seq, fwd, bwd)):
                break
            dirty[t] = True
            changed = True
    return changed
