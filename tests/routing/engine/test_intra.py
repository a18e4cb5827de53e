"""The intra-route descent (``routing.engine.intra``): 2-opt and or-opt never break a tour's
schedule, never lengthen its travel, keep each tour's visits, and keep the cached times exact."""

from __future__ import annotations

import random

import numpy as np
import pytest

from routing.engine import core, intra
from routing.engine.ils import Core, _routes
from routing.engine.problem import Problem, compile_instance
from routing.engine.schedule import feasible, travel_of
from routing.engine.types import Instance, Node, Tour
from tests.routing.engine.helpers import euclid
from tests.routing.engine.test_core import check_state, random_instance


def _scratch(st: Core) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    width = st.R.shape[1]
    return (np.empty(width, dtype=np.int64), np.empty(width, dtype=np.int64),
            np.empty(width, dtype=np.int64))


def _zigzag(order: list[int], windows: tuple[tuple[int, int], ...] = ((0, 10**6),)) \
        -> tuple[Problem, Core]:
    """Eight sites on a line (x = 1..8) visited in ``order``: a depot at x = 0."""
    points = [(0, 0)] + [(x, 0) for x in range(1, 9)]
    nodes = tuple(Node(service=5, score=1, windows=windows) for _ in range(8))
    inst = Instance(nodes=nodes, node_loc=tuple(range(1, 9)), tours=(Tour(0, 0, 0, 10**5),),
                    travel=euclid(points))
    pb = compile_instance(inst)
    return pb, Core(pb, 2.0, start=[order])


def test_two_opt_uncrosses_a_reversed_stretch() -> None:
    pb, st = _zigzag([0, 1, 5, 4, 3, 2, 6, 7])
    before = travel_of(pb, 0, _routes(st.R, st.L)[0])
    assert intra.two_opt(st.P, st.S, 0, *_scratch(st))
    route = _routes(st.R, st.L)[0]
    assert route == list(range(8))
    assert travel_of(pb, 0, route) < before
    check_state(pb, st)


def test_or_opt_moves_a_segment_back_in_line() -> None:
    pb, st = _zigzag([0, 3, 4, 1, 2, 5, 6, 7])
    before = travel_of(pb, 0, _routes(st.R, st.L)[0])
    assert intra.or_opt(st.P, st.S, 0, *_scratch(st))
    after = travel_of(pb, 0, _routes(st.R, st.L)[0])
    assert after < before
    check_state(pb, st)


def test_a_shorter_order_that_breaks_a_window_is_refused() -> None:
    # B (x = 1) opens at 300 only, A (x = 2) closes at 250: A, B, C is the only feasible order
    # of the three; every shorter one (600 against 800) reaches A or B outside its window
    points = [(0, 0), (2, 0), (1, 0), (3, 0)]
    nodes = (Node(5, 1, ((0, 250),)), Node(5, 1, ((300, 400),)), Node(5, 1, ((0, 10**6),)))
    inst = Instance(nodes=nodes, node_loc=(1, 2, 3), tours=(Tour(0, 0, 0, 2000),),
                    travel=euclid(points, scale=100))
    pb = compile_instance(inst)
    st = Core(pb, 2.0, start=[[0, 1, 2]])
    assert feasible(pb, 0, [0, 1, 2]) and travel_of(pb, 0, [0, 1, 2]) == 800
    assert not feasible(pb, 0, [1, 0, 2]) and travel_of(pb, 0, [1, 0, 2]) == 600
    assert not intra.improve(st.P, st.S, 10)
    assert _routes(st.R, st.L)[0] == [0, 1, 2]
    check_state(pb, st)


@pytest.mark.parametrize("lunch", [False, True])
def test_descent_keeps_every_tour_feasible_and_never_longer(lunch: bool) -> None:
    rng = random.Random(23 if lunch else 7)
    moved = 0
    for case in range(40):
        pb = compile_instance(random_instance(rng, 16, lunch))
        core.seed(case)
        st = Core(pb, 2.0)
        st.fill(0.6)  # a noisy fill leaves orders worth improving
        routes = _routes(st.R, st.L)
        before = [travel_of(pb, t, r) for t, r in enumerate(routes)]
        intra.improve(st.P, st.S, 50)
        after_routes = _routes(st.R, st.L)
        check_state(pb, st)
        for t, (r0, r1) in enumerate(zip(routes, after_routes, strict=True)):
            assert sorted(r0) == sorted(r1)
            assert feasible(pb, t, r1)
            assert travel_of(pb, t, r1) <= before[t]
            moved += travel_of(pb, t, r1) < before[t]
    assert moved > 0  # the fixture does exercise the moves
