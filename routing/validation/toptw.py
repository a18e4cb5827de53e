"""Independent feasibility check of benchmark (TOPTW) routes, read straight from the file.

Shares no code with the engine or ``routing.toptw`` on purpose: its own parser and arithmetic, so
a bug in either cannot hide itself. Times are recomputed from scratch in exact integers (scaled
x10 for Solomon-based files, x100 for Cordeau ``pr`` files; distance rounded down).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path


@dataclass
class Report:
    """Score of the routes and every violation found (valid when ``violations`` is empty)."""

    score: int
    violations: list[str] = field(default_factory=list)

    @property
    def valid(self) -> bool:
        return not self.violations


def _read(path: Path) -> tuple[int, dict[int, tuple[Fraction, ...]]]:
    scale = 100 if path.name.lower().startswith("pr") or "cordeau" in str(path).lower() else 10
    words = path.read_text().split()
    count = int(words[2]) + 1
    i = 6
    vertices: dict[int, tuple[Fraction, ...]] = {}
    for _ in range(count):
        extra = int(words[i + 6])
        rec = words[i:i + 9 + extra]
        vid = int(rec[0])
        x, y, dur, prize = (Fraction(w) for w in rec[1:5])
        vertices[vid] = (x, y, dur * scale, prize, Fraction(rec[-2]) * scale,
                         Fraction(rec[-1]) * scale)
        i += 9 + extra
    return scale, vertices


def _leg(scale: int, a: tuple[Fraction, ...], b: tuple[Fraction, ...]) -> int:
    d2 = (a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2  # exact rational
    # floor(sqrt(d2) * scale): the largest k with k^2 <= d2 * scale^2
    target = d2 * scale * scale
    k = math.isqrt(target.numerator // target.denominator)
    while (k + 1) ** 2 <= target:
        k += 1
    while k * k > target:
        k -= 1
    return k


def check(path: str | Path, m: int, routes: list[list[int]]) -> Report:
    """Validate ``routes`` (file vertex ids, depot excluded) for ``m`` tours of the file."""
    scale, vertices = _read(Path(path))
    depot = vertices[0]
    tmax = depot[5]
    problems: list[str] = []
    if len(routes) > m:
        problems.append(f"{len(routes)} routes for m = {m}")
    seen: set[int] = set()
    total = 0
    for r, route in enumerate(routes):
        clock = depot[4]
        here = depot
        for vid in route:
            if vid not in vertices or vid == 0:
                problems.append(f"route {r}: unknown vertex {vid}")
                continue
            if vid in seen:
                problems.append(f"route {r}: vertex {vid} visited twice")
            seen.add(vid)
            v = vertices[vid]
            clock = max(clock + _leg(scale, here, v), v[4])
            if clock > v[5]:
                problems.append(f"route {r}: vertex {vid} starts at {clock} after its close {v[5]}")
            clock += v[2]
            total += int(v[3])
            here = v
        back = clock + _leg(scale, here, depot)
        if back > tmax:
            problems.append(f"route {r}: returns at {back} after Tmax {tmax}")
    return Report(total, problems)
