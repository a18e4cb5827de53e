"""The TOPTW search engine: ``solve(instance, budget) -> Solution`` (contract in ``types``)."""

from routing.engine.ils import warm_up
from routing.engine.solver import solve
from routing.engine.types import (
    Break,
    Budget,
    Instance,
    Node,
    ScheduledVisit,
    Solution,
    Tour,
    TourPlan,
)

__all__ = ["Break", "Budget", "Instance", "Node", "ScheduledVisit", "Solution", "Tour",
           "TourPlan", "solve", "warm_up"]
