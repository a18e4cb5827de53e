"""The pydeck density view of sites (hexagons or heat), with no base map so it works offline."""

from __future__ import annotations

from collections.abc import Sequence

import pydeck as pdk

from catalog.models import Site
from ui.display import kind_colour, primary_kind, site_name


def _rgb(hex_colour: str) -> list[int]:
    return [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]


def density_deck(sites: Sequence[Site], lang: str, mode: str = "hex") -> pdk.Deck:
    """A deck with a hexagon (``hex``) or heat (``heat``) layer plus the site points on top."""
    data = [
        {"lon": s.lon, "lat": s.lat, "name": site_name(s, lang), "id": s.id,
         "colour": _rgb(kind_colour(primary_kind(s)))}
        for s in sites
    ]
    if mode == "heat":
        density = pdk.Layer("HeatmapLayer", data=data, get_position=["lon", "lat"],
                            radius_pixels=45, intensity=1.5, threshold=0.05, id="density")
    else:
        density = pdk.Layer("HexagonLayer", data=data, get_position=["lon", "lat"],
                            radius=3000, elevation_scale=300, extruded=True, coverage=0.9,
                            pickable=True, id="density")
    points = pdk.Layer("ScatterplotLayer", data=data, get_position=["lon", "lat"],
                       get_fill_color="colour", get_radius=500, radius_min_pixels=2,
                       pickable=True, id="sites")
    view = pdk.ViewState(latitude=37.45, longitude=112.75, zoom=7.6,
                         pitch=40 if mode == "hex" else 0)
    return pdk.Deck(layers=[density, points], initial_view_state=view, map_style=None,
                    tooltip={"text": "{name}"})
