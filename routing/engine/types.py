"""The contract between the itinerary layer and the TOPTW search engine.

Everything is an integer: times in seconds on one absolute axis for the whole trip (day d, 00:00
is ``d * 86400``), scores in integer points. The engine knows nothing of sites, dates or
catalogues; ``routing.planner`` maps a request onto an ``Instance`` and the solution back.

Semantics (the validators check exactly these):
- A tour (one day) leaves ``start_loc`` at or after ``earliest_start`` and reaches ``end_loc`` by
  ``latest_end``.
- Visiting node i takes ``service`` seconds starting inside one of its ``windows`` (open,
  latest_start): arriving early means waiting; a node with no window in a tour's time span cannot
  be in that tour. Windows are sorted and disjoint.
- ``travel[a][b]`` is the time from location a to location b; node i stands at ``node_loc[i]``.
  ``travel`` is nested tuples of ``int`` or a square integer numpy array (the planner passes one:
  a 1,514² matrix as tuples costs ~0.1 s to check and turn back into an array).
- A ``Break`` (lunch) of ``duration`` seconds must start in [earliest_start, latest_start] and is
  taken while stopped: between the end of one visit (or the tour start) and the departure to the
  next stop; never during a visit or a drive.
- ``required`` nodes must be served; ``allowed_tours`` restricts a node to some tours (a pinned
  visit has exactly one).
- Objective: maximise the total score; among equal scores, minimise total travel time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np


@dataclass(frozen=True)
class Break:
    """A rest of ``duration`` s starting in [earliest_start, latest_start] (absolute seconds)."""

    earliest_start: int
    latest_start: int
    duration: int


@dataclass(frozen=True)
class Tour:
    """One day (or one vehicle in the benchmark)."""

    start_loc: int
    end_loc: int
    earliest_start: int
    latest_end: int
    lunch: Break | None = None
    max_visits: int | None = None


@dataclass(frozen=True)
class Node:
    """A candidate visit."""

    service: int
    score: int
    windows: tuple[tuple[int, int], ...]
    required: bool = False
    allowed_tours: frozenset[int] | None = None


@dataclass(frozen=True)
class Instance:
    """A TOPTW instance with optional breaks, required and pinned nodes."""

    nodes: tuple[Node, ...]
    node_loc: tuple[int, ...]
    tours: tuple[Tour, ...]
    travel: tuple[tuple[int, ...], ...] | np.ndarray
    name: str = ""

    def __post_init__(self) -> None:
        # A float reaching OR-Tools silently yields objective 0 (PITFALLS f): refuse it here.
        if isinstance(self.travel, np.ndarray):
            if self.travel.dtype.kind not in "iu" or self.travel.ndim != 2:
                raise TypeError("a travel array must be a 2-D integer array, got "
                                f"{self.travel.dtype} with {self.travel.ndim} dimensions")
        else:
            for row in self.travel:
                for value in row:
                    if type(value) is not int:
                        raise TypeError(f"travel times must be int seconds, got {value!r}")
        for node in self.nodes:
            for value in (node.service, node.score, *[t for w in node.windows for t in w]):
                if type(value) is not int:
                    raise TypeError(f"node fields must be int, got {value!r}")
        if len(self.node_loc) != len(self.nodes):
            raise ValueError("node_loc must give one location per node")


@dataclass(frozen=True)
class Budget:
    """How long the engine may search. Tests pass a deterministic one (seed + iterations)."""

    time_limit: float = 1.0  # seconds of wall time
    max_iterations: int | None = None  # stop after this many search rounds, whatever the time
    seed: int = 0
    workers: int = 1  # processes; the benchmark machine has 2 cores
    #: Stop early once the search has clearly converged: this many search rounds in a row
    #: without a better best solution (PyVRP's ``NoImprovement``). None: use the whole limit.
    #: Ignored with ``max_iterations`` (a deterministic run does exactly what it is told).
    no_improvement: int | None = None


@dataclass(frozen=True)
class ScheduledVisit:
    """Node ``node`` served in its tour: arrival, service start and end (absolute seconds)."""

    node: int
    arrive: int
    start: int
    end: int


@dataclass(frozen=True)
class TourPlan:
    """One tour's visits in order, its departure, lunch start (if any) and return time."""

    visits: tuple[ScheduledVisit, ...]
    depart: int
    return_time: int
    lunch_start: int | None = None


@dataclass(frozen=True)
class Solution:
    """What the engine returns."""

    tours: tuple[TourPlan, ...]
    score: int
    travel_time: int
    unserved_required: tuple[int, ...] = ()
    stats: dict[str, float] = field(default_factory=dict, compare=False, hash=False)
