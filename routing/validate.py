"""The validators' facade: ``validate_itinerary`` checks planned trips; ``check_toptw`` (the
engine's ``routing.validation.toptw.check``) checks benchmark routes against an instance file.

Neither shares code with the planner or the engine; both recompute everything they check.
"""

from __future__ import annotations

from routing.validation.itinerary import Violation, validate_itinerary
from routing.validation.toptw import Report as ToptwReport
from routing.validation.toptw import check as check_toptw

__all__ = ["ToptwReport", "Violation", "check_toptw", "validate_itinerary"]
