"""The engine configuration the app, the CLI and the benchmarks share (one object, ``ENGINE``).

``python -m routing.bench_jinzhong --large`` and ``python -m routing.bench`` measure the engine
with these settings; the Plan page and ``python -m routing plan`` build their ``Budget`` from
``ENGINE.budget(...)``, so what users get is what the benchmark measured.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from routing.engine.types import Budget


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(frozen=True)
class EngineConfig:
    """Defaults for a planning call."""

    #: search processes: the two workers exchange their route pools for a joint recombination,
    #: which the benchmark measured better than one worker on 2 cores (routing/engine/BENCHMARKS.md)
    workers: int = 2
    time_limit: float = 1.0  # seconds, when the caller does not say

    def budget(self, time_limit: float | None = None, seed: int = 0,
               max_iterations: int | None = None, workers: int | None = None) -> Budget:
        """A ``Budget`` with these defaults (never more workers than cores)."""
        w = self.workers if workers is None else workers
        return Budget(time_limit=self.time_limit if time_limit is None else time_limit,
                      max_iterations=max_iterations, seed=seed,
                      workers=max(1, min(w, _cores())))


ENGINE = EngineConfig()
