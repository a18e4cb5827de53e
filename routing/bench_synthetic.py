"""A SYNTHETIC catalogue for the engine's scale benchmark (``routing.bench_large``): never data.

The catalogue holds 181 sites today; officers will import up to ~1,400 (the plan's 1,067 relic
units and 290 非遗 items). To measure the planner at that scale before the data exists, this module
makes ``count`` made-up sites around the real ones: each copies a real site chosen at random
(its kind, themes, designations -- hence its value --, visit length, opening hours and county) and
moves it by a Gaussian offset of ``spread_km``. Same seed, same sites. Every synthetic site is
labelled as such (id ``synthetic-NNNN``, name ``合成点NNNN（合成）``, its source says how it was
made) and lives only in memory: nothing here writes to any catalogue.
"""

from __future__ import annotations

import dataclasses
import math
import random
from collections.abc import Sequence

from catalog.models import Site

DEFAULT_SEED = 20261127
SPREAD_KM = 4.0  # about a township: keeps the clusters of the real map, blurs their points


def synthetic_sites(real: Sequence[Site], count: int = 1500, seed: int = DEFAULT_SEED,
                    spread_km: float = SPREAD_KM) -> list[Site]:
    """``count`` synthetic sites drawn around ``real`` (deterministic for a given seed)."""
    base = sorted((s for s in real if not s.retired), key=lambda s: s.id)
    if not base:
        raise ValueError("no real sites to draw synthetic ones around")
    rng = random.Random(seed)
    lat_lo, lat_hi = min(s.lat for s in base), max(s.lat for s in base)
    lon_lo, lon_hi = min(s.lon for s in base), max(s.lon for s in base)
    out = []
    for i in range(count):
        src = rng.choice(base)
        dlat = rng.gauss(0.0, spread_km) / 111.32
        dlon = rng.gauss(0.0, spread_km) / (111.32 * math.cos(math.radians(src.lat)))
        out.append(dataclasses.replace(
            src,
            id=f"synthetic-{i:04d}",
            name_zh=f"合成点{i:04d}（合成）",
            name_en=f"Synthetic site {i:04d} (synthetic)",
            pinyin=f"synthetic {i:04d}",
            address=None,
            lat=round(min(lat_hi, max(lat_lo, src.lat + dlat)), 6),
            lon=round(min(lon_hi, max(lon_lo, src.lon + dlon)), 6),
            coord_source="synthetic",
            greenways=(),
            sources=(f"synthetic: routing.bench_synthetic seed {seed}, copied from {src.id}, "
                     f"moved by N(0, {spread_km} km)",),
            extra={},
        ))
    return out
