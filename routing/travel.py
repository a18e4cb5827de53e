"""Travel times between places: the ``TravelTimeSource`` protocol and the embedded estimate.

The planner and the validator only ever ask a source for ``matrix(points)``: integer seconds and
integer metres, one row per origin. A road engine (OSRM, AMap) can plug in later through the same
protocol; until then ``EstimatedTravel`` estimates road legs from the straight-line distance.

Every constant of the estimate lives in this module, with its reasoning:

* Circuity (road km ÷ straight-line km). Road-network studies put it at about 1.2–1.4 for
  developed lowland networks (Ballou et al. 2002 for national averages; Boscoe et al. 2012 found
  about 1.4 in the US). The 晋中 basin (榆次, 太谷, 祁县, 平遥, 介休, 灵石 valley floor) has a dense
  grid of national roads along the G5/G108 corridor: 1.3. The eastern 太行 counties wind along
  valleys and over passes: 1.6, an assumption at the high end of published mountain figures,
  not a measurement; a road engine replaces all of this through the protocol.
* Speeds, door to door, not limits. Every leg drives its first and last kilometres on local
  roads (``LOCAL_ROAD_KM`` road km in all, out of one town and into the next) at the local speed,
  and the rest on trunk roads (the G5/G20/G55 expressways and national roads that reach every
  county seat) at the trunk speed. Local: basin car 60, coach 50 km/h; mountain car 40, coach
  32 km/h (hairpins, trucks on S-roads). Trunk: basin car 80, coach 70 km/h; mountain car 65,
  coach 55 km/h (coaches are limited to 100 km/h, and mountain expressways have long grades
  and tunnels). Without the trunk part a 平遥—左权 coach leg came out at over 5 h, when
  timetabled coaches take about 3 h. A leg touching a mountain county uses the mountain figures
  for all of it (the slower, more circuitous road governs).
* Stop overhead (parking and walking to the gate) added to every leg that arrives somewhere new:
  a car 5 min; a coach 10 min plus 1 min per 10 passengers for getting a group off, through the
  coach park and to the gate (a coach of 40: 14 min). Folded into the leg's time, so the drive
  minutes a user sees include it.
* Two places less than ``SAME_PLACE_M`` apart are the same place: no drive, no overhead (a hotel
  inside 平遥古城 and the old town itself).
* Walking rule: two places at most ``WALK_M`` apart in a straight line, or inside the same
  walled town or historic district (``TravelPoint.town``, from ``routing.walking``), are walked:
  the straight line × ``WALK_CIRCUITY`` at ``WALK_KMH``, and no parking overhead (the coach
  stays where it is). 4 km/h is a guided group's pace in old streets, below the 5 km/h of a
  single walker; 500 m is about 8 minutes on foot, less than parking a coach takes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

#: The eastern 太行 mountain counties: 榆社, 左权, 和顺, 昔阳, 寿阳.
MOUNTAIN_COUNTIES: frozenset[str] = frozenset({"140721", "140722", "140723", "140724", "140725"})

CIRCUITY: dict[str, float] = {"basin": 1.3, "mountain": 1.6}

#: km/h on local roads, per (mode, terrain).
SPEED_KMH: dict[tuple[str, str], float] = {
    ("car", "basin"): 60.0,
    ("car", "mountain"): 40.0,
    ("coach", "basin"): 50.0,
    ("coach", "mountain"): 32.0,
}

#: km/h on trunk roads (expressways, national roads), per (mode, terrain).
TRUNK_SPEED_KMH: dict[tuple[str, str], float] = {
    ("car", "basin"): 80.0,
    ("car", "mountain"): 65.0,
    ("coach", "basin"): 70.0,
    ("coach", "mountain"): 55.0,
}

#: Road km of every leg driven at the local speed (the way out of one place and into the next).
LOCAL_ROAD_KM = 20.0

CAR_STOP_OVERHEAD_S = 5 * 60
COACH_STOP_OVERHEAD_S = 10 * 60
COACH_OVERHEAD_PER_10_PASSENGERS_S = 60
SAME_PLACE_M = 100.0
WALK_M = 500.0
WALK_KMH = 4.0
WALK_CIRCUITY = 1.2
EARTH_RADIUS_M = 6_371_008.8


@dataclass(frozen=True)
class TravelPoint:
    """A place to travel between; ``county_adcode`` decides the terrain (None = basin)."""

    lat: float
    lon: float
    county_adcode: str | None = None
    town: str | None = None  # the walled town / historic district it lies in (walking rule)


class TravelTimeSource(Protocol):
    """Anything that can give integer travel seconds and metres between points."""

    def matrix(self, points: Sequence[TravelPoint]) -> tuple[list[list[int]], list[list[int]]]:
        """(seconds, metres): ``seconds[a][b]`` is the time from ``points[a]`` to ``points[b]``."""
        ...


def haversine_m(a: TravelPoint, b: TravelPoint) -> float:
    """Great-circle distance in metres."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(min(1.0, math.sqrt(h)))


def walks(a: TravelPoint, b: TravelPoint) -> bool:
    """Whether the leg a -> b is walked (see the walking rule above)."""
    if a.town is not None and a.town == b.town:
        return True
    return SAME_PLACE_M <= haversine_m(a, b) <= WALK_M


def terrain(point: TravelPoint) -> str:
    """``"mountain"`` for the eastern 太行 counties, else ``"basin"``."""
    return "mountain" if point.county_adcode in MOUNTAIN_COUNTIES else "basin"


def stop_overhead_seconds(mode: str, group_size: int) -> int:
    """Parking and walking to the gate at each new stop."""
    if mode == "coach":
        return COACH_STOP_OVERHEAD_S + COACH_OVERHEAD_PER_10_PASSENGERS_S * (group_size // 10)
    return CAR_STOP_OVERHEAD_S


def haversine_many(lat_a: np.ndarray, lon_a: np.ndarray, lat_b: np.ndarray,
                   lon_b: np.ndarray) -> np.ndarray:
    """``haversine_m`` from a to b over arrays of degrees, broadcast as numpy does (same
    operations in the same order)."""
    p1, p2 = np.radians(lat_a), np.radians(lat_b)
    dp, dl = p2 - p1, np.radians(lon_b - lon_a)
    h = np.sin(dp / 2) ** 2 + np.cos(p1) * np.cos(p2) * np.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.minimum(1.0, np.sqrt(h)))


def _straight_and_walked(points: Sequence[TravelPoint]) -> tuple[np.ndarray, np.ndarray]:
    """Every pair's great-circle metres (``haversine_many``) and whether its leg is walked (as
    ``walks``), all pairs at once."""
    lat = np.array([p.lat for p in points], dtype=np.float64)
    lon = np.array([p.lon for p in points], dtype=np.float64)
    straight = haversine_many(lat[:, None], lon[:, None], lat[None, :], lon[None, :])
    names = [p.town for p in points]
    codes = {t: k for k, t in enumerate(dict.fromkeys(t for t in names if t is not None))}
    town = np.array([codes.get(t, -1) for t in names])
    same_town = (town[:, None] == town[None, :]) & (town[:, None] >= 0)
    return straight, same_town | ((straight >= SAME_PLACE_M) & (straight <= WALK_M))


def walked_matrix(points: Sequence[TravelPoint]) -> list[list[bool]]:
    """``walked[a][b]``: the leg from ``points[a]`` to ``points[b]`` is walked (``walks``); never
    from a point to itself."""
    return walked_array(points).tolist()


def walked_array(points: Sequence[TravelPoint]) -> np.ndarray:
    """``walked_matrix`` as a bool array."""
    if not points:
        return np.zeros((0, 0), dtype=bool)
    walked = _straight_and_walked(points)[1]
    np.fill_diagonal(walked, False)
    return walked


@dataclass(frozen=True)
class EstimatedTravel:
    """The embedded default: straight line × circuity, local then trunk speeds per terrain,
    plus the stop overhead."""

    mode: str = "car"
    group_size: int = 1

    def __post_init__(self) -> None:
        if self.mode not in ("car", "coach"):
            raise ValueError(f"unknown travel mode {self.mode!r}")

    def leg(self, a: TravelPoint, b: TravelPoint) -> tuple[int, int]:
        """(seconds, metres) for one leg from a to b."""
        straight = haversine_m(a, b)
        if straight < SAME_PLACE_M:
            return 0, 0
        if walks(a, b):
            road_m = straight * WALK_CIRCUITY
            return math.ceil(road_m / (WALK_KMH / 3.6)), round(road_m)
        land = "mountain" if "mountain" in (terrain(a), terrain(b)) else "basin"
        road_m = straight * CIRCUITY[land]
        local_m = min(road_m, LOCAL_ROAD_KM * 1000)
        drive_s = (local_m / (SPEED_KMH[(self.mode, land)] / 3.6)
                   + (road_m - local_m) / (TRUNK_SPEED_KMH[(self.mode, land)] / 3.6))
        return math.ceil(drive_s) + stop_overhead_seconds(self.mode, self.group_size), round(road_m)

    def matrix(self, points: Sequence[TravelPoint]) -> tuple[list[list[int]], list[list[int]]]:
        """Full (seconds, metres) matrices; all entries are ``int``, each the same as ``leg``."""
        seconds, metres = self.arrays(points)
        return seconds.tolist(), metres.tolist()

    def arrays(self, points: Sequence[TravelPoint]) -> tuple[np.ndarray, np.ndarray]:
        """``matrix`` as two int64 arrays (``TripModel.build`` reads these when a source has
        them: at 1,500 sites the lists and their conversion back cost ~0.5 s).

        Computed with numpy, all legs at once: leg by leg in Python took 40-50 s for the
        1,500-site benchmark catalogue (2.25 million legs), numpy takes well under a second.
        """
        if not points:
            return np.zeros((0, 0), dtype=np.int64), np.zeros((0, 0), dtype=np.int64)
        straight, walked = _straight_and_walked(points)
        mountain = np.array([terrain(p) == "mountain" for p in points])
        hilly = mountain[:, None] | mountain[None, :]

        circuity = np.where(hilly, CIRCUITY["mountain"], CIRCUITY["basin"])
        road_m = straight * circuity
        local_m = np.minimum(road_m, LOCAL_ROAD_KM * 1000)
        local_v = np.where(hilly, SPEED_KMH[(self.mode, "mountain")],
                           SPEED_KMH[(self.mode, "basin")]) / 3.6
        trunk_v = np.where(hilly, TRUNK_SPEED_KMH[(self.mode, "mountain")],
                           TRUNK_SPEED_KMH[(self.mode, "basin")]) / 3.6
        drive_s = (np.ceil(local_m / local_v + (road_m - local_m) / trunk_v)
                   + stop_overhead_seconds(self.mode, self.group_size))
        walk_m = straight * WALK_CIRCUITY
        walk_s = np.ceil(walk_m / (WALK_KMH / 3.6))

        here = straight < SAME_PLACE_M
        seconds = np.where(here, 0, np.where(walked, walk_s, drive_s))
        metres = np.where(here, 0, np.rint(np.where(walked, walk_m, road_m)))
        np.fill_diagonal(seconds, 0)
        np.fill_diagonal(metres, 0)
        return seconds.astype(np.int64), metres.astype(np.int64)
