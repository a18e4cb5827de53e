"""From a streamlit-folium click event to a catalogue site (pure; unit-tested without a browser).

streamlit-folium returns only the clicked marker's lat/lng and its tooltip text (PITFALLS a,
#103). The lat/lng is the *drawn* point (GCJ-02-shifted on AMap), so we match it against the
points as drawn; the tooltip tells apart sites that share a point (county-precision sites all sit
on their county seat).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from catalog.safetext import WORD_JOINER

#: Degrees; a drawn marker comes back exactly, so this only absorbs float printing.
TOLERANCE_DEG = 1e-6


@dataclass(frozen=True)
class DrawnPoint:
    """A site as drawn on the current map: its id, drawn lat/lon and tooltip text."""

    site_id: str
    lat: float
    lon: float
    label: str


def site_from_click(event: Mapping[str, object] | None, drawn: Iterable[DrawnPoint]) -> str | None:
    """The id of the site a map click landed on, or None (no click, a route, a boundary …)."""
    if not event:
        return None
    clicked = event.get("last_object_clicked")
    if not isinstance(clicked, Mapping):
        return None
    try:
        lat, lng = float(clicked["lat"]), float(clicked["lng"])  # type: ignore[arg-type]
    except (KeyError, TypeError, ValueError):
        return None
    hits = [
        p for p in drawn if abs(p.lat - lat) <= TOLERANCE_DEG and abs(p.lon - lng) <= TOLERANCE_DEG
    ]
    if len(hits) == 1:
        return hits[0].site_id
    tooltip = event.get("last_object_clicked_tooltip")
    if isinstance(tooltip, str):
        shown = tooltip.replace(WORD_JOINER, "").strip()  # safetext.html breaks URLs with it
        named = [p for p in hits if p.label.strip() == shown]
        if named:
            return named[0].site_id
    return hits[0].site_id if hits else None
