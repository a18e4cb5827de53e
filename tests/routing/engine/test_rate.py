"""``core.rate_many`` (the batched, gap-outer re-rating of the fill) rates every candidate exactly
as the one-node ``core.evaluate`` does, and calls a node unfit only when no position fits it."""

from __future__ import annotations

import random

import numpy as np
import pytest

from routing.engine import core
from routing.engine.ils import Core, _routes
from routing.engine.problem import compile_instance
from routing.engine.schedule import feasible
from routing.engine.types import Break, Instance, Node, Tour
from tests.routing.engine.test_core import random_instance


@pytest.mark.parametrize("lunch", [False, True])
def test_batched_rating_matches_one_by_one(lunch: bool) -> None:
    rng = random.Random(41 if lunch else 17)
    fits = unfit = 0
    for case in range(60):
        pb = compile_instance(random_instance(rng, 14, lunch))
        core.seed(case)
        st = Core(pb, 2.0)
        st.fill(0.8)
        # drop a few visits so that tours have slack and the unrouted nodes fit somewhere
        removed = np.zeros(pb.n, dtype=np.bool_)
        core.strings(st.P, st.S, 3, removed)
        prio = st.P[13]
        routes = _routes(st.R, st.L)
        for t in range(pb.m):
            if len(routes[t]) >= pb.max_visits[t]:
                continue  # refresh leaves a full tour out before rating (max visits)
            cand = np.array([k for k in range(pb.n) if st.S[2][k] and pb.allowed[t, k]],
                            dtype=np.int64)
            st.S[7][t, :] = -2.0
            core.rate_many(st.P, st.S, t, cand, len(cand))
            for k in cand:
                p, shift = core.evaluate(st.P, st.S, t, k)
                ok = [q for q in range(len(routes[t]) + 1)
                      if feasible(pb, t, routes[t][:q] + [int(k)] + routes[t][q:])]
                if shift < core.INF:
                    assert st.S[7][t, k] == pytest.approx(prio[k] / (max(shift, 0) + 1.0))
                    assert st.S[8][t, k] == p and p in ok
                    fits += 1
                else:
                    assert st.S[7][t, k] == -1.0 and not ok
                    unfit += 1
    assert fits > 100 and unfit > 100  # both outcomes are exercised


def test_a_visit_that_waits_for_lunch_is_not_cut_by_the_slack_bound() -> None:
    """After stop ``a`` (departed 10 without lunch, 130 with it: lunch is fixed at 100-130) the
    gap to the end has no slack in the lunch-taken state, yet ``k`` fits there: visited before
    lunch, inside the wait for it. The slack bound must start from the lunch-not-taken departure."""
    travel = tuple(tuple(0 if i == j else 10 for j in range(3)) for i in range(3))
    nodes = (Node(service=0, score=1, windows=((0, 12),)),  # a: only reachable first
             Node(service=20, score=5, windows=((15, 10**6),)))  # k: only after a
    inst = Instance(nodes=nodes, node_loc=(1, 2), travel=travel,
                    tours=(Tour(0, 0, 0, 140, lunch=Break(100, 100, 30)),))
    pb = compile_instance(inst)
    st = Core(pb, 2.0, start=[[0]])
    assert feasible(pb, 0, [0, 1]) and not feasible(pb, 0, [1, 0])
    core.rate_many(st.P, st.S, 0, np.array([1], dtype=np.int64), 1)
    assert st.S[7][0, 1] > 0 and st.S[8][0, 1] == 1
