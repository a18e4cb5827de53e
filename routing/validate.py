"""The validators' facade: ``validate_itinerary`` for planned trips, and the engine's TOPTW
validator (``routing.validation.toptw``) for benchmark solutions when it is installed.

Neither shares code with the planner or the engine; both recompute everything they check.
"""

from __future__ import annotations

from routing.validation.itinerary import Violation, validate_itinerary

__all__ = ["Violation", "validate_itinerary"]

try:  # the engine engineer's TOPTW validator; absent until that module lands
    from routing.validation import toptw  # noqa: F401

    __all__ += ["toptw"]
except ImportError:  # pragma: no cover - depends on the other module being present
    pass
