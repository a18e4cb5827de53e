"""Read Vansteenwegen-format (T)OPTW benchmark files into an engine ``Instance``.

Format (see ../shared/bench/toptw/README.md): line 1 ``k v N t``, line 2 ``D Q``, then per vertex
``i x y d S f a list(a) O C``. Parsing goes by tokens: ``a`` says how long the list is, so O and C
are the last two tokens of each vertex record. Times are scaled to exact integers: Solomon-based
files x10 with travel = Euclidean distance rounded DOWN to 1 decimal, Cordeau ``pr`` files x100
with distance rounded down to 2 decimals. The rounding is done in integer arithmetic
(``isqrt`` of the squared, exactly-scaled coordinate differences), so no float ever decides it.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from math import isqrt
from pathlib import Path

from routing.engine.types import Instance, Node, Tour


@dataclass(frozen=True)
class BenchInstance:
    """An ``Instance`` plus what is needed to report routes in the file's own vertex ids."""

    instance: Instance
    vertex_ids: tuple[int, ...]  # vertex_ids[node index] = the file's vertex id
    scale: int  # time units per file time unit (10 or 100)
    family: str  # "solomon" or "pr"


def detect_family(path: Path) -> str:
    """``pr`` for Cordeau-based files (name prNN or a 'cordeau' folder), else ``solomon``."""
    if path.stem.lower().startswith("pr") or "cordeau" in (p.lower() for p in path.parts):
        return "pr"
    return "solomon"


def _scaled(token: str, factor: int) -> int:
    value = Decimal(token) * factor
    if value != value.to_integral_value():
        raise ValueError(f"{token!r} is not exact at scale {factor}")
    return int(value)


def parse(path: str | Path, m: int) -> BenchInstance:
    """Parse ``path`` into ``m`` identical tours from and back to vertex 0 (Tmax = its C)."""
    path = Path(path)
    if m < 1:
        raise ValueError("m must be at least 1")
    family = detect_family(path)
    scale = 10 if family == "solomon" else 100
    tokens = path.read_text().split()  # whitespace split: CRLF and wrapped lists are harmless
    n_vertices = int(tokens[2]) + 1
    pos = 6  # after "k v N t" and "D Q"
    ids, xs, ys, service, score, opens, closes = [], [], [], [], [], [], []
    coord_scale = 1000  # coordinates have at most 3 decimals in both families
    for _ in range(n_vertices):
        a = int(tokens[pos + 6])
        record = tokens[pos:pos + 9 + a]
        if len(record) != 9 + a:
            raise ValueError(f"{path.name}: truncated vertex record at token {pos}")
        ids.append(int(record[0]))
        xs.append(_scaled(record[1], coord_scale))
        ys.append(_scaled(record[2], coord_scale))
        service.append(_scaled(record[3], scale))
        score.append(_scaled(record[4], 1))
        opens.append(_scaled(record[-2], scale))
        closes.append(_scaled(record[-1], scale))
        pos += 9 + a
    # distance in time units, rounded down: floor(sqrt(D2) / coord_scale * scale)
    div = coord_scale // scale
    travel = tuple(
        tuple(isqrt((xs[i] - xs[j]) ** 2 + (ys[i] - ys[j]) ** 2) // div for j in range(n_vertices))
        for i in range(n_vertices)
    )
    tmax = closes[0]
    nodes = tuple(
        Node(service=service[v], score=score[v], windows=((opens[v], closes[v]),))
        for v in range(1, n_vertices)
    )
    tour = Tour(start_loc=0, end_loc=0, earliest_start=opens[0], latest_end=tmax)
    instance = Instance(nodes=nodes, node_loc=tuple(range(1, n_vertices)), tours=(tour,) * m,
                        travel=travel, name=path.stem)
    return BenchInstance(instance, tuple(ids[1:]), scale, family)


def routes_to_ids(bench: BenchInstance, routes: list[list[int]]) -> list[list[int]]:
    """Engine node indexes to the file's vertex ids."""
    return [[bench.vertex_ids[i] for i in r] for r in routes]
