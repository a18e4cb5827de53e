"""Property: whatever the engine returns on random small instances passes the independent check,
and on single-tour instances without lunch it never claims more than the brute-force optimum."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from routing.engine import Break, Budget, Instance, Node, Tour, solve
from tests.routing.engine.helpers import brute_force_single, check_plan


@st.composite
def instances(draw: st.DrawFn) -> Instance:
    n = draw(st.integers(1, 6))
    m = draw(st.integers(1, 3))
    nloc = n + 2
    travel = [[0 if a == b else draw(st.integers(1, 50)) for b in range(nloc)]
              for a in range(nloc)]
    nodes = []
    for _ in range(n):
        wins, t = [], draw(st.integers(0, 200))
        for _ in range(draw(st.integers(1, 3))):
            o = t + draw(st.integers(0, 100))
            c = o + draw(st.integers(0, 150))
            wins.append((o, c))
            t = c + 1
        pin = draw(st.one_of(st.none(), st.frozensets(st.integers(0, m - 1), min_size=1)))
        nodes.append(Node(service=draw(st.integers(0, 60)), score=draw(st.integers(0, 20)),
                          windows=tuple(wins), required=draw(st.booleans()) and draw(st.booleans()),
                          allowed_tours=pin))
    tours = []
    for d in range(m):
        lunch = draw(st.one_of(st.none(), st.just(Break(150 + 600 * d, 250 + 600 * d, 40))))
        cap = draw(st.one_of(st.none(), st.integers(0, 4)))
        tours.append(Tour(start_loc=n + (d % 2), end_loc=n + ((d + 1) % 2),
                          earliest_start=600 * d, latest_end=600 * d + 500, lunch=lunch,
                          max_visits=cap))
    return Instance(nodes=tuple(nodes), node_loc=tuple(range(n)), tours=tuple(tours),
                    travel=tuple(tuple(r) for r in travel))


@settings(max_examples=120, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(instances())
def test_every_solution_passes_the_independent_check(inst: Instance) -> None:
    sol = solve(inst, Budget(max_iterations=15, seed=1))
    assert check_plan(inst, sol) == []
    if len(inst.tours) == 1 and inst.tours[0].lunch is None and \
            not any(n.required for n in inst.nodes):
        best, _ = brute_force_single(inst)
        assert sol.score <= best
        assert sol.score == best  # tiny: the search reaches the optimum
