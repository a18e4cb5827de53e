"""CP-SAT route recombination: the best disjoint set of routes seen, per class of tours."""

from __future__ import annotations

from routing.engine.ils import RoutePool
from routing.engine.ortools_model import recombine
from routing.engine.problem import compile_instance
from routing.engine.types import Instance, Node, Tour


def test_recombine_combines_routes_of_different_solutions() -> None:
    # solution A = {(0, 1), (2,)}, solution B = {(0, 3), (1, 2)}; best disjoint pair: (0, 3) + (1, 2)
    pool = {(0, 1): (10, 50), (2,): (4, 20), (0, 3): (9, 40), (1, 2): (9, 45)}
    picked = recombine([pool], [2], [], [[(0, 1), (2,)]], 5.0, deterministic=True)
    assert picked is not None and sorted(picked[0]) == [(0, 3), (1, 2)]


def test_recombine_prefers_less_travel_at_equal_score_and_keeps_required() -> None:
    pool = {(0, 1): (10, 50), (1, 0): (10, 30), (2,): (1, 10), (3,): (5, 10)}
    picked = recombine([pool], [1], [], [[(0, 1)]], 5.0, deterministic=True)
    assert picked == [[(1, 0)]]
    # node 2 required: the only route holding it must be chosen, though (3,) or (1, 0) score more
    picked = recombine([pool], [1], [2], [[(2,)]], 5.0, deterministic=True)
    assert picked == [[(2,)]]


def test_tour_classes_group_only_interchangeable_tours() -> None:
    nodes = tuple(Node(service=5, score=1, windows=((0, 500),)) for _ in range(3))
    # location 4 is farther from everything than location 3
    travel = tuple(tuple(0 if a == b else 20 if 4 in (a, b) else 10 for b in range(5))
                   for a in range(5))
    tours = (Tour(3, 3, 0, 300), Tour(3, 3, 0, 300), Tour(4, 4, 0, 300), Tour(3, 3, 0, 200))
    pool = RoutePool(compile_instance(Instance(nodes=nodes, node_loc=(0, 1, 2), travel=travel,
                                               tours=tours)), (0.5,))
    assert pool.cls[0] == pool.cls[1]
    assert len({pool.cls[0], pool.cls[2], pool.cls[3]}) == 3
    assert pool.counts[pool.cls[0]] == 2
    assert not pool.due(0.4) and pool.due(0.6) and not pool.due(0.9)
