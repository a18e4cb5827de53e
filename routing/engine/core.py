"""The search core, compiled with numba: tour timing, greedy insertion and ILS rounds.

This is the hot loop of ``routing.engine.ils``: one round ruins the current routes, refills them
with the noisy ``score**power / (added time + 1)`` greedy and accepts or rejects the result. In
plain Python a round cost 1-2 ms; compiled, it costs a few microseconds to tens of them, which is
what lets a 1-second budget reach good solutions. The arithmetic is the one documented in
``routing.engine.schedule`` (two lunch states, earliest departures forward, latest arrivals
backward); ``tests/routing/engine/test_schedule.py`` checks the two agree with a full schedule.

Compiled functions are cached on disk (``cache=True``, next to this file in ``__pycache__``), so
only the first run on a machine pays the compilation (~10-20 s); ``warm_up`` does it on purpose.

State layout (all numpy arrays, mutated in place):
- ``P`` (problem, read-only): T, svc, wo, wc, allowed, has_lunch, le, ll, ld, earliest, latest,
  maxv, req, prio, score, near (replace candidates), gnear (granular neighbours), granular (1,)
  bool, tour_near (m, 3K) nodes nearest each tour's start, end and direct drive, TT the
  transposed T (``rate_many`` reads both along rows). Tour ``t`` starts at matrix index ``n + 2t`` and ends at ``n + 2t + 1``.
- ``S`` (search state): R (m, n+1) routes, L (m,) lengths, unr (n,) unrouted, dep0/dep1
  (m, n+2) earliest departures per stop, lat0/lat1 (m, n+2) latest arrivals per gap, ratio (m, n)
  and pos (m, n) each tour's best insertion per node, dirty (m,) tours to re-evaluate in full,
  fresh (n,) nodes unrouted since the last fill, mark (n,) scratch for granular refreshes.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from routing.engine import jitcache

jitcache.check()  # before any compiled function is loaded from the cache

INF = 1 << 50
NEG = -INF
REQUIRED_BONUS = 1e18


@njit(cache=True)
def seed(value: int) -> None:
    np.random.seed(value)


@njit(cache=True, inline="always")
def first_start(wo, wc, t, k, a):  # noqa: ANN001, ANN201
    """Earliest service start at or after arrival ``a`` (INF if every window has closed)."""
    for w in range(wo.shape[2]):
        if a <= wc[t, k, w]:
            return wo[t, k, w] if a < wo[t, k, w] else a
    return INF


@njit(cache=True, inline="always")
def latest_start(wo, wc, t, k, u):  # noqa: ANN001, ANN201
    """Latest service start at or before ``u`` (NEG if no window opens by then)."""
    for w in range(wo.shape[2] - 1, -1, -1):
        if wo[t, k, w] <= u:
            return wc[t, k, w] if wc[t, k, w] < u else u
    return NEG


@njit(cache=True, inline="always")
def visit(wo, wc, svc, has_lunch, le, ll, ld, t, k, a0, a1):  # noqa: ANN001, ANN201
    """Earliest departures (lunch not taken, taken) from node k given arrivals in each state."""
    s_ = svc[k]
    d0 = INF
    d1 = INF
    if a1 < INF:
        s = first_start(wo, wc, t, k, a1)
        if s < INF:
            d1 = s + s_
    if has_lunch[t] and a0 < INF:
        s = first_start(wo, wc, t, k, a0)
        if s < INF:
            d0 = s + s_
            b = d0 if d0 > le[t] else le[t]
            if b <= ll[t] and b + ld[t] < d1:
                d1 = b + ld[t]
        b = a0 if a0 > le[t] else le[t]
        if b <= ll[t]:
            s = first_start(wo, wc, t, k, b + ld[t])
            if s < INF and s + s_ < d1:
                d1 = s + s_
    return d0, d1


@njit(cache=True)
def build(P, S, t):  # noqa: ANN001, ANN201
    """Recompute tour t's departures and latest arrivals."""
    T, svc, wo, wc, allowed, has_lunch, le, ll, ld, earliest, latest = P[:11]
    R, L, unr, dep0, dep1, lat0, lat1 = S[:7]
    n = svc.shape[0]
    length = L[t]
    es = earliest[t]
    if has_lunch[t]:
        d0 = es
        b = es if es > le[t] else le[t]
        d1 = b + ld[t] if b <= ll[t] else INF
    else:
        d0 = INF
        d1 = es
    dep0[t, 0] = d0
    dep1[t, 0] = d1
    prev = n + 2 * t
    for p in range(length):
        node = R[t, p]
        tr = T[prev, node]
        d0, d1 = visit(wo, wc, svc, has_lunch, le, ll, ld, t, node, d0 + tr, d1 + tr)
        dep0[t, p + 1] = d0
        dep1[t, p + 1] = d1
        prev = node
    l0 = NEG
    l1 = latest[t]
    lat0[t, length] = l0
    lat1[t, length] = l1
    nxt = n + 2 * t + 1
    for p in range(length - 1, -1, -1):
        node = R[t, p]
        tr = T[node, nxt]
        s_ = svc[node]
        n1 = latest_start(wo, wc, t, node, l1 - tr - s_) if l1 > NEG else NEG
        n0 = NEG
        if has_lunch[t]:
            u0 = l0 - tr - s_ if l0 > NEG else NEG
            if l1 > NEG and le[t] + ld[t] + tr <= l1:
                alt = (ll[t] if ll[t] < l1 - ld[t] - tr else l1 - ld[t] - tr) - s_
                if alt > u0:
                    u0 = alt
            n0 = latest_start(wo, wc, t, node, u0) if u0 > NEG else NEG
            if n1 > NEG:
                u = ll[t] if ll[t] < n1 - ld[t] else n1 - ld[t]
                if u >= le[t] and u > n0:
                    n0 = u
        l0 = n0
        l1 = n1
        lat0[t, p] = l0
        lat1[t, p] = l1
        nxt = node


@njit(cache=True, inline="always")
def evaluate(P, S, t, k):  # noqa: ANN001, ANN201
    """(best gap, added time) of node k in tour t; added time INF when it fits nowhere."""
    T, svc, wo, wc, allowed, has_lunch, le, ll, ld = P[:9]
    R, L, unr, dep0, dep1, lat0, lat1 = S[:7]
    n = svc.shape[0]
    length = L[t]
    best = INF
    best_p = 0
    prev = n + 2 * t
    lunch = has_lunch[t]
    sk = svc[k]
    for p in range(length + 1):
        nxt = R[t, p] if p < length else n + 2 * t + 1
        tpk = T[prev, k]
        tkq = T[k, nxt]
        # the shift is at least the detour plus the visit (waiting only adds): a gap that
        # cannot beat the best so far needs no window arithmetic (exact, same result)
        if tpk + sk + tkq - T[prev, nxt] >= best:
            prev = nxt
            continue
        d0, d1 = visit(wo, wc, svc, has_lunch, le, ll, ld, t, k, dep0[t, p] + tpk,
                       dep1[t, p] + tpk)
        if lunch:
            if d1 + tkq <= lat1[t, p] or d0 + tkq <= lat0[t, p]:
                shift = tpk + svc[k] + tkq - T[prev, nxt]
                if shift < best:
                    best = shift
                    best_p = p
        else:
            arr = d1 + tkq
            if arr <= lat1[t, p]:
                shift = arr - dep1[t, p] - T[prev, nxt]
                if shift < best:
                    best = shift
                    best_p = p
        prev = nxt
    return best_p, best


@njit(cache=True)
def rate_many(P, S, t, cand, nc):  # noqa: ANN001, ANN201
    """Rate the nodes ``cand[:nc]`` (ascending) for tour t: ``ratio``/``pos`` as ``evaluate``
    would set them one by one, with the same early cut and the same tie rule (first gap).

    Gap-outer: for one gap, the candidates' legs ``T[prev, k]`` and ``T[k, nxt]`` (``TT[nxt, k]``,
    the transposed matrix) are read along two rows in ascending ``k``. Node-outer, as
    ``evaluate`` does it, reads a column per gap; at 1,500 sites the 9 MB matrix leaves the
    cache and a full re-rating cost ~2.8 us a node against ~0.6 us at 181 sites.
    """
    T, svc, wo, wc, allowed, has_lunch, le, ll, ld = P[:9]
    prio, TT = P[13], P[19]
    R, L, unr, dep0, dep1, lat0, lat1 = S[:7]
    ratio, pos = S[7], S[8]
    n = svc.shape[0]
    length = L[t]
    best = np.full(nc, INF, dtype=np.int64)
    best_p = np.zeros(nc, dtype=np.int64)
    lunch = has_lunch[t]
    prev = n + 2 * t
    for p in range(length + 1):
        nxt = R[t, p] if p < length else n + 2 * t + 1
        base = T[prev, nxt]
        a0 = dep0[t, p]
        a1 = dep1[t, p]
        m0 = lat0[t, p]
        m1 = lat1[t, p]
        # the arrival at nxt comes at least the detour after the departure from prev (waiting
        # and lunch only add; lunch-taken departures from k can also start from the lunch-not-
        # taken departure from prev): a detour above the gap's slack cannot fit. Exact; it
        # skips the window arithmetic of most candidates of a full tour.
        slack = m1 - a1 - base
        if lunch:
            if a0 < a1:
                slack = m1 - a0 - base
            if m0 - a0 - base > slack:
                slack = m0 - a0 - base
        for j in range(nc):
            k = cand[j]
            tpk = T[prev, k]
            tkq = TT[nxt, k]
            detour = tpk + svc[k] + tkq - base
            if detour >= best[j] or detour > slack:
                continue
            d0, d1 = visit(wo, wc, svc, has_lunch, le, ll, ld, t, k, a0 + tpk, a1 + tpk)
            if lunch:
                if d1 + tkq <= m1 or d0 + tkq <= m0:
                    best[j] = detour
                    best_p[j] = p
            else:
                arr = d1 + tkq
                if arr <= m1:
                    shift = arr - a1 - base
                    if shift < best[j]:
                        best[j] = shift
                        best_p[j] = p
        prev = nxt
    for j in range(nc):
        k = cand[j]
        if best[j] < INF:
            ratio[t, k] = prio[k] / ((best[j] if best[j] > 0 else 0) + 1.0)
            pos[t, k] = best_p[j]
        else:
            ratio[t, k] = -1.0


@njit(cache=True)
def refresh(P, S, t, only):  # noqa: ANN001, ANN201
    """Re-rate tour t's candidates: every unrouted node, or those flagged in ``only``.

    Granular (``P[17]``, large pools): a full re-rating considers only the nodes among the
    ``P[16]`` nearest of the tour's stops, start and end; the others are left out of this tour
    until a stop comes near them (``fill`` flags the neighbours of each inserted node).
    """
    allowed, maxv = P[4], P[11]
    L, unr, ratio = S[1], S[2], S[7]
    n = unr.shape[0]
    full = only.shape[0] == 0
    if L[t] >= maxv[t]:
        ratio[t, :] = -1.0
        return
    cand = np.empty(n, dtype=np.int64)
    nc = 0
    if full and P[17][0]:
        near, tour_near = P[16], P[18]
        R = S[0]
        mark = S[11]
        mark[:] = False
        for j in range(tour_near.shape[1]):
            mark[tour_near[t, j]] = True
        for q in range(L[t]):
            stop = R[t, q]
            for j in range(near.shape[1]):
                mark[near[stop, j]] = True
        for k in range(n):
            if mark[k] and unr[k] and allowed[t, k]:
                cand[nc] = k
                nc += 1
            else:
                ratio[t, k] = -1.0
    else:
        for k in range(n):
            if full or only[k]:
                if unr[k] and allowed[t, k]:
                    cand[nc] = k
                    nc += 1
                else:
                    ratio[t, k] = -1.0
    rate_many(P, S, t, cand, nc)


@njit(cache=True)
def fill(P, S, noise, hold):  # noqa: ANN001, ANN201
    """Insert greedily until nothing fits; nodes flagged in ``hold`` wait until nothing else fits.

    An insertion only delays later stops and tightens earlier ones, so a node that did not fit a
    tour before cannot fit now (with near-triangle travel times): only the ones that did are
    re-tested. Every check stays exact.
    """
    R, L, unr = S[0], S[1], S[2]
    ratio, pos, dirty, fresh = S[7], S[8], S[9], S[10]
    m, n = ratio.shape
    empty = np.zeros(0, dtype=np.bool_)
    any_fresh = False
    for k in range(n):
        if fresh[k] and unr[k]:
            any_fresh = True
            break
    only = fresh & unr
    for t in range(m):
        if dirty[t]:
            refresh(P, S, t, empty)
        elif any_fresh:
            refresh(P, S, t, only)
        dirty[t] = False
    fresh[:] = False
    factor = np.ones(n)
    if noise > 0:
        for k in range(n):
            factor[k] = 1.0 + noise * np.random.random()
    holding = hold.shape[0] > 0
    again = np.zeros(n, dtype=np.bool_)
    granular = P[17][0]
    near = P[16]
    # live[k]: k may fit some tour (a superset of the nodes with a rating >= 0), so the
    # choice scans the tours of these nodes only instead of all m x n ratings
    live = np.zeros(n, dtype=np.bool_)
    for t in range(m):
        for k in range(n):
            if ratio[t, k] >= 0:
                live[k] = True
    while True:
        best = -1.0
        bt = -1
        bk = -1
        for k in range(n):
            if live[k] and unr[k] and not (holding and hold[k]):
                for t in range(m):
                    r = ratio[t, k]
                    if r >= 0:
                        r *= factor[k]
                        # the first best in (tour, node) order, as a tour-major scan finds it
                        if r > best or (r == best and t < bt):
                            best = r
                            bt = t
                            bk = k
        if bt < 0:
            if not holding:
                return
            holding = False
            continue
        p = pos[bt, bk]
        for q in range(L[bt], p, -1):
            R[bt, q] = R[bt, q - 1]
        R[bt, p] = bk
        L[bt] += 1
        unr[bk] = False
        build(P, S, bt)
        for t in range(m):
            ratio[t, bk] = -1.0
        live[bk] = False
        for k in range(n):
            again[k] = ratio[bt, k] >= 0
        if granular:
            for j in range(near.shape[1]):
                again[near[bk, j]] = True
                live[near[bk, j]] = True
        refresh(P, S, bt, again)


@njit(cache=True)
def _remove(P, S, t, drop, removed):  # noqa: ANN001, ANN201
    """Remove the visits of tour t flagged in ``drop`` (by position), required ones excepted;
    flag them in ``removed``."""
    req = P[12]
    R, L, unr = S[0], S[1], S[2]
    dirty, fresh = S[9], S[10]
    w = 0
    for q in range(L[t]):
        node = R[t, q]
        if drop[q] and not req[node]:
            unr[node] = True
            fresh[node] = True
            removed[node] = True
        else:
            R[t, w] = node
            w += 1
    if w != L[t]:
        L[t] = w
        dirty[t] = True
        build(P, S, t)


@njit(cache=True)
def _remove_run(P, S, t, lo, length, drop, removed):  # noqa: ANN001, ANN201
    """Remove the visits at positions lo .. lo + length - 1 of tour t (``drop`` is scratch)."""
    drop[:] = False
    for q in range(lo, min(lo + length, S[1][t])):
        drop[q] = True
    _remove(P, S, t, drop, removed)


@njit(cache=True)
def shake(P, S, s_pos, run, removed):  # noqa: ANN001, ANN201
    """Vansteenwegen's position walk: remove ``run`` visits from position ~``s_pos`` in each tour."""
    L = S[1]
    drop = np.zeros(S[0].shape[1], dtype=np.bool_)
    for t in range(L.shape[0]):
        if L[t] > 0:
            _remove_run(P, S, t, (s_pos + np.random.randint(0, 2)) % L[t], run, drop, removed)


@njit(cache=True)
def strings(P, S, longest, removed):  # noqa: ANN001, ANN201
    """Make room near a random unrouted node: in the tours passing closest to it, remove a
    string of consecutive visits around the closest visit."""
    T, allowed = P[0], P[4]
    R, L, unr = S[0], S[1], S[2]
    m, n = allowed.shape
    free = np.empty(n, dtype=np.int64)
    nf = 0
    for k in range(n):
        if unr[k]:
            for t in range(m):
                if allowed[t, k]:
                    free[nf] = k
                    nf += 1
                    break
    sd = np.random.randint(0, n) if nf == 0 else free[np.random.randint(0, nf)]
    dist = np.empty(m, dtype=np.int64)
    near = np.empty(m, dtype=np.int64)
    closest = np.empty(m, dtype=np.int64)  # position of the tour's visit closest to sd
    nt = 0
    for t in range(m):
        if L[t] > 0 and allowed[t, sd]:
            best = INF
            for q in range(L[t]):
                if T[sd, R[t, q]] < best:
                    best = T[sd, R[t, q]]
                    closest[nt] = q
            dist[nt] = best
            near[nt] = t
            nt += 1
    if nt == 0:
        return
    order = np.argsort(dist[:nt], kind="mergesort")
    take = np.random.randint(1, nt + 1)
    drop = np.zeros(R.shape[1], dtype=np.bool_)
    for j in range(take):
        length = np.random.randint(1, longest + 1)
        lo = closest[order[j]] - np.random.randint(0, length)
        _remove_run(P, S, near[order[j]], max(lo, 0), length, drop, removed)


@njit(cache=True)
def big_ruin(P, S, share, removed):  # noqa: ANN001, ANN201
    """Drop each optional visit with probability ``share``, and one whole tour when m > 1."""
    L = S[1]
    m = L.shape[0]
    whole = np.random.randint(0, m) if m > 1 else -1
    drop = np.zeros(S[0].shape[1], dtype=np.bool_)
    for t in range(m):
        for q in range(L[t]):
            drop[q] = t == whole or np.random.random() < share
        _remove(P, S, t, drop, removed)


@njit(cache=True)
def worst(P, S, count, noise, removed):  # noqa: ANN001, ANN201
    """Remove the ``count`` optional visits that earn least per second they cost: score over
    (service + the travel their removal saves + 1), each multiplied by 1 + noise * U(0, 1).

    The string and position ruins remove visits by place, so a long visit of middling value
    (four hours for 1,680 points) stays as long as the visits around it fit; this removes it
    and lets the fill put shorter, denser visits in its time (synthetic week by car, 1 s:
    3.7 % -> 1.5 % short of the reference; BENCHMARKS.md, fifth pass).
    """
    T, svc, req, score = P[0], P[1], P[12], P[14]
    R, L = S[0], S[1]
    m = L.shape[0]
    n = svc.shape[0]
    total = L.sum()
    if total == 0:
        return
    eff = np.empty(total)
    node = np.empty(total, dtype=np.int64)
    c = 0
    for t in range(m):
        prev = n + 2 * t
        for q in range(L[t]):
            k = R[t, q]
            nxt = R[t, q + 1] if q + 1 < L[t] else n + 2 * t + 1
            cost = svc[k] + T[prev, k] + T[k, nxt] - T[prev, nxt]
            eff[c] = np.inf if req[k] else \
                score[k] / ((cost if cost > 0 else 0) + 1.0) * (1.0 + noise * np.random.random())
            node[c] = k
            c += 1
            prev = k
    # flag the nodes, then drop them tour by tour (``_remove`` itself keeps required visits)
    pick = np.zeros(n, dtype=np.bool_)
    order = np.argsort(eff)
    for j in range(min(count, total)):
        pick[node[order[j]]] = True
    drop = np.zeros(R.shape[1], dtype=np.bool_)
    for t in range(m):
        for q in range(L[t]):
            drop[q] = pick[R[t, q]]
        _remove(P, S, t, drop, removed)


@njit(cache=True)
def cheapest(P, S, t, k, bound):  # noqa: ANN001, ANN201
    """(gap, added travel) of the feasible insertion of k in tour t adding least travel, among
    those adding less than ``bound`` ((-1, bound) if none): a gap whose detour alone is not
    below the bound needs no window arithmetic (``relocate`` passes the saving to beat).

    The legs into k are read from the transposed matrix (``TT[k, prev]``): both along row k,
    where a column of the 9 MB matrix of 1,500 sites misses the cache at every gap."""
    T, svc, wo, wc, allowed, has_lunch, le, ll, ld = P[:9]
    TT = P[19]
    R, L, unr, dep0, dep1, lat0, lat1 = S[:7]
    n = svc.shape[0]
    length = L[t]
    best = bound
    best_p = -1
    prev = n + 2 * t
    for p in range(length + 1):
        nxt = R[t, p] if p < length else n + 2 * t + 1
        tpk = TT[k, prev]
        tkq = T[k, nxt]
        delta = tpk + tkq - T[prev, nxt]
        if delta < best:
            d0, d1 = visit(wo, wc, svc, has_lunch, le, ll, ld, t, k, dep0[t, p] + tpk,
                           dep1[t, p] + tpk)
            if d1 + tkq <= lat1[t, p] or d0 + tkq <= lat0[t, p]:
                best = delta
                best_p = p
        prev = nxt
    return best_p, best


@njit(cache=True)
def _insert_at(P, S, t, p, k):  # noqa: ANN001, ANN201
    R, L = S[0], S[1]
    for q in range(L[t], p, -1):
        R[t, q] = R[t, q - 1]
    R[t, p] = k
    L[t] += 1
    build(P, S, t)


@njit(cache=True)
def relocate(P, S, passes):  # noqa: ANN001, ANN201
    """Move single visits to the feasible place (any tour) that saves the most travel; the
    time freed lets the next fill insert more. Returns whether anything moved. Above
    ``GRANULAR_MIN`` candidates only the tours passing near a visit are tried for it.

    Other tours are tried as they are. The visit's own tour is only rebuilt without it (O(length))
    when some gap not touching the visit could save travel at all, ignoring feasibility.
    """
    T, allowed, maxv, TT = P[0], P[4], P[11], P[19]
    gnear, granular, tour_near = P[16], P[17][0], P[18]
    R, L, dirty = S[0], S[1], S[9]
    m, n = allowed.shape
    moved_any = False
    # granular (large pools): a visit is tried only in the tours that pass near it, i.e. that
    # hold one of its nearest nodes or have it among their start's, end's and drive's nearest
    # (allocated full size only when granular: the exact scan never reads them)
    tour_of = np.full(n if granular else 0, -1, dtype=np.int64)
    ends_near = np.zeros((m, n) if granular else (0, 0), dtype=np.bool_)
    near_t = np.ones(m, dtype=np.bool_)
    if granular:
        for t in range(m):
            for q in range(L[t]):
                tour_of[R[t, q]] = t
            for j in range(tour_near.shape[1]):
                ends_near[t, tour_near[t, j]] = True
    for _ in range(passes):
        moved = False
        for t in range(m):
            q = 0
            while q < L[t]:
                k = R[t, q]
                prev = R[t, q - 1] if q > 0 else n + 2 * t
                nxt = R[t, q + 1] if q + 1 < L[t] else n + 2 * t + 1
                saving = T[prev, k] + T[k, nxt] - T[prev, nxt]
                q += 1
                if saving <= 0:
                    continue
                best = saving
                bt = -1
                bp = -1
                if granular:
                    for t2 in range(m):
                        near_t[t2] = ends_near[t2, k]
                    for j in range(gnear.shape[1]):
                        x = tour_of[gnear[k, j]]
                        if x >= 0:
                            near_t[x] = True
                for t2 in range(m):
                    if t2 == t or not near_t[t2] or not allowed[t2, k] or L[t2] >= maxv[t2]:
                        continue
                    p, d = cheapest(P, S, t2, k, best)
                    if p >= 0 and d < best:
                        best = d
                        bt = t2
                        bp = p
                # could the visit's own tour do better? (gaps not touching it keep their ends)
                a = n + 2 * t
                hope = False
                for p in range(L[t] + 1):
                    b = R[t, p] if p < L[t] else n + 2 * t + 1
                    if p != q - 1 and p != q and TT[k, a] + T[k, b] - T[a, b] < best:
                        hope = True
                        break
                    a = b
                if bt < 0 and not hope:
                    continue
                for j in range(q - 1, L[t] - 1):
                    R[t, j] = R[t, j + 1]
                L[t] -= 1
                build(P, S, t)
                if hope:
                    p, d = cheapest(P, S, t, k, best)
                    if p >= 0 and d < best:
                        best = d
                        bt = t
                        bp = p
                if bt < 0:
                    _insert_at(P, S, t, q - 1, k)
                    continue
                _insert_at(P, S, bt, bp, k)
                if granular:
                    tour_of[k] = bt
                dirty[t] = True
                dirty[bt] = True
                moved = True
        if not moved:
            break
        moved_any = True
    return moved_any


@njit(cache=True)
def replace(P, S, passes, free):  # noqa: ANN001, ANN201
    """Swap visits for unrouted nodes of higher score (or the same score, less driving; with
    ``free`` also the same score, less time) that fit in the same place.

    Taking visit r out of gap (stop before, stop after) leaves the departure from the stop before
    and the latest arrival at the stop after unchanged, so each (r, u) test is O(windows).
    Candidates are r's ``NEAR`` nearest nodes (``P[15]``, by falling score), so the first that
    fits is the best for that place (by score); it is swapped in at once. Up to ``passes`` passes over all visits. Returns whether anything
    changed.
    """
    T, svc, wo, wc, allowed, has_lunch, le, ll, ld = P[:9]
    req, score, near, TT = P[12], P[14], P[15], P[19]
    R, L, unr, dep0, dep1, lat0, lat1 = S[:7]
    ratio, dirty, fresh = S[7], S[9], S[10]
    m, n = allowed.shape
    changed = False
    for _ in range(passes):
        swapped = False
        for t in range(m):
            for q in range(L[t]):
                r = R[t, q]
                if req[r]:
                    continue
                prev = R[t, q - 1] if q > 0 else n + 2 * t
                nxt = R[t, q + 1] if q + 1 < L[t] else n + 2 * t + 1
                here = T[prev, r] + T[r, nxt]
                for j in range(near.shape[1]):
                    u = near[r, j]
                    if score[u] < score[r]:
                        break
                    if not unr[u] or not allowed[t, u]:
                        continue
                    # an equal score is a swap only when it drives less (the objective still
                    # strictly improves) or, with ``free``, when it frees time (its visit and
                    # detour take less, or as long with less driving; the strict order keeps
                    # swaps from cycling): the time freed may take one more visit
                    if score[u] == score[r]:
                        there = T[prev, u] + TT[nxt, u]
                        if free:
                            if there + svc[u] > here + svc[r] or \
                                    (there + svc[u] == here + svc[r] and there >= here):
                                continue
                        elif there >= here:
                            continue
                    tpu = T[prev, u]
                    d0, d1 = visit(wo, wc, svc, has_lunch, le, ll, ld, t, u, dep0[t, q] + tpu,
                                   dep1[t, q] + tpu)
                    tun = TT[nxt, u]
                    if d1 + tun <= lat1[t, q + 1] or d0 + tun <= lat0[t, q + 1]:
                        R[t, q] = u
                        unr[u] = False
                        unr[r] = True
                        fresh[r] = True
                        dirty[t] = True
                        for t2 in range(m):
                            ratio[t2, u] = -1.0
                        build(P, S, t)
                        swapped = True
                        break
        if not swapped:
            break
        changed = True
    return changed


@njit(cache=True)
def value(P, S):  # noqa: ANN001, ANN201
    """(score, travel time) of the current routes."""
    T, score = P[0], P[14]
    R, L = S[0], S[1]
    m = L.shape[0]
    n = score.shape[0]
    total = 0
    travel = 0
    for t in range(m):
        prev = n + 2 * t
        for q in range(L[t]):
            node = R[t, q]
            total += score[node]
            travel += T[prev, node]
            prev = node
        travel += T[prev, n + 2 * t + 1]
    return total, travel


@njit(cache=True)
def restore(P, S, R2, L2, settled):  # noqa: ANN001, ANN201
    """Make the routes equal to (R2, L2), rebuilding only the tours that differ.

    ``settled``: (R2, L2) is the state at the end of a fill, where by construction no unrouted
    node fits any tour, so every rating is -1 and nothing needs re-evaluating. Otherwise (routes
    from elsewhere) the changed tours and the newly unrouted nodes are re-rated by the next fill.
    """
    R, L, unr = S[0], S[1], S[2]
    ratio, dirty, fresh = S[7], S[9], S[10]
    m = L.shape[0]
    n = unr.shape[0]
    was = ~unr
    for t in range(m):
        same = L[t] == L2[t]
        if same:
            for q in range(L[t]):
                if R[t, q] != R2[t, q]:
                    same = False
                    break
        if not same:
            for q in range(L2[t]):
                R[t, q] = R2[t, q]
            L[t] = L2[t]
            dirty[t] = True
            build(P, S, t)
    unr[:] = True
    for t in range(m):
        for q in range(L[t]):
            unr[R[t, q]] = False
    if settled:
        ratio[:, :] = -1.0
        dirty[:] = False
        fresh[:] = False
        return
    for k in range(n):
        if was[k] and unr[k]:
            fresh[k] = True


@njit(cache=True)
def better(s1, t1, s2, t2):  # noqa: ANN001, ANN201
    """(score s1, travel t1) beats (s2, t2): more score, then less travel."""
    return s1 > s2 or (s1 == s2 and t1 < t2)


# ILS counters in one int64 array (kept between calls of ``rounds``)
IT, S_POS, RUN, IDLE, RESTARTS, CUR_S, CUR_T, BEST_S, BEST_T, RMAX, NCOUNT = range(11)


@njit(cache=True)
def rounds(P, S, C, CR, CL, BR, BL, count, fparams):  # noqa: ANN001, ANN201
    """Run ``count`` ILS rounds. ``C`` holds the counters; (CR, CL) the current routes and
    (BR, BL) the best; ``fparams`` = (noise, string_share, string_max, accept_within (<0: always
    move on), restart_after, big_ruin, relocate passes, replace passes, intra-route moves per
    tour, worst_share, worst_max, worst_noise, free_swaps (> 0: ``replace``'s time-freeing swaps)).
    Returns how many rounds improved the best."""
    noise, string_share, string_max, accept_within, restart_after, big_share, passes, swaps, \
        intra_moves, worst_share, worst_max, worst_noise, free_swaps = fparams
    L = S[1]
    n = S[2].shape[0]
    removed = np.zeros(n, dtype=np.bool_)
    improved = 0
    for _ in range(count):
        C[IT] += 1
        removed[:] = False
        # (no draw when the worst removal is off: the same random stream as without it)
        if worst_share > 0 and np.random.random() < worst_share:
            worst(P, S, np.random.randint(1, int(worst_max) + 1), worst_noise, removed)
        elif np.random.random() < string_share:
            strings(P, S, int(string_max), removed)
        else:
            shake(P, S, C[S_POS], C[RUN], removed)
        fill(P, S, noise, removed)
        if passes > 0 and relocate(P, S, int(passes)):
            fill(P, S, 0.0, removed[:0])
        if swaps > 0 and replace(P, S, int(swaps), free_swaps > 0):
            fill(P, S, 0.0, removed[:0])
        if intra_moves > 0 and intra.improve(P, S, int(intra_moves)):
            fill(P, S, 0.0, removed[:0])
        sc, tr = value(P, S)
        if better(sc, tr, C[BEST_S], C[BEST_T]):
            BR[:, :] = S[0]
            BL[:] = L
            C[BEST_S] = sc
            C[BEST_T] = tr
            C[RUN] = 1
            C[IDLE] = 0
            improved += 1
        else:
            C[IDLE] += 1
        accept = accept_within < 0 or not better(C[CUR_S], C[CUR_T], sc, tr) or \
            sc >= C[BEST_S] * (1 - accept_within)
        if accept:
            CR[:, :] = S[0]
            CL[:] = L
            C[CUR_S] = sc
            C[CUR_T] = tr
        else:
            restore(P, S, CR, CL, True)
        C[S_POS] += C[RUN]
        C[RUN] += 1
        shortest = L.min()
        if shortest > 0 and C[S_POS] >= shortest:
            C[S_POS] -= shortest
        if C[RUN] > C[RMAX]:
            C[RUN] = 1
        if C[IDLE] >= restart_after:
            C[IDLE] = 0
            C[RESTARTS] += 1
            restore(P, S, BR, BL, True)
            if big_share > 0 and C[RESTARTS] % 2 == 0:
                # leave the basin: drop a large random share of the best and rebuild with noise
                removed[:] = False
                big_ruin(P, S, big_share, removed)
                fill(P, S, noise * 2, removed)
                sc, tr = value(P, S)
            else:
                sc, tr = C[BEST_S], C[BEST_T]
            CR[:, :] = S[0]
            CL[:] = L
            C[CUR_S] = sc
            C[CUR_T] = tr
    return improved


# at the end: ``intra`` imports ``visit`` and ``build`` from this module (``rounds`` calls it)
from routing.engine import intra  # noqa: E402
