"""The pydeck density view of sites (hexagons or heat) over the county outlines.

No tiles: the deck's base map is a one-colour style served from ``static/`` (without a
``mapStyle`` Streamlit's frontend fills in Carto's, which fetches from basemaps.cartocdn.com), and
the county outlines and names say where things are. The camera is fitted to the outlines.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import pydeck as pdk

from catalog.models import Site
from ui.display import kind_colour, primary_kind, site_name
from ui.i18n import t

#: A local, tile-less style (served by Streamlit's static serving): nothing leaves the machine.
BLANK_STYLE = "/app/static/map/blank-style.json"
#: Hexagon colours from few to many sites (the legend shows the same ramp).
HEX_COLOURS: tuple[tuple[int, int, int], ...] = (
    (255, 237, 160), (254, 217, 118), (254, 178, 76), (253, 141, 60), (240, 59, 32),
    (189, 0, 38),
)
HEX_RADIUS_M = 3000
#: Tallest column in metres: with the fitted camera's pitch it stays inside the canvas.
MAX_COLUMN_M = 20_000
OUTLINE_RGB = (90, 90, 90)


def _rgb(hex_colour: str) -> list[int]:
    return [int(hex_colour[i : i + 2], 16) for i in (1, 3, 5)]


def fit_view(points: Sequence[tuple[float, float]], width_px: int, height_px: int,
             pitch: float) -> pdk.ViewState:
    """A camera showing every (lat, lon) in ``points`` on a ``width_px`` x ``height_px`` canvas.

    Web-Mercator zoom for the larger of the two spans, with a margin; a pitched camera sees the
    far edge smaller, so it zooms out a little more.
    """
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    lat_c, lon_c = (min(lats) + max(lats)) / 2, (min(lons) + max(lons)) / 2

    def merc_y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(lat) / 2))

    span_x = math.radians(max(lons) - min(lons)) or 1e-6
    span_y = (merc_y(max(lats)) - merc_y(min(lats))) or 1e-6
    # world width at zoom z is 512 * 2**z px for deck.gl (tile size 512), 2*pi radians
    zoom_x = math.log2(width_px * 2 * math.pi / (512 * span_x))
    zoom_y = math.log2(height_px * 2 * math.pi / (512 * span_y))
    zoom = min(zoom_x, zoom_y) - 0.15 - (0.2 if pitch else 0.0)
    return pdk.ViewState(latitude=lat_c, longitude=lon_c, zoom=round(zoom, 2), pitch=pitch,
                         bearing=0)


def density_deck(sites: Sequence[Site], lang: str, mode: str = "hex", *,
                 outlines: Mapping[str, list[list[tuple[float, float]]]] | None = None,
                 county_names: Mapping[str, str] | None = None,
                 width_px: int = 900, height_px: int = 560) -> pdk.Deck:
    """A deck with the county outlines, a hexagon (``hex``) or heat (``heat``) layer and the site
    points on top. ``outlines`` are rings of (lat, lon) in WGS-84 (``ui.maps.outline_rings``)."""
    data = [
        {"lon": s.lon, "lat": s.lat, "name": site_name(s, lang), "id": s.id,
         "colour": _rgb(kind_colour(primary_kind(s)))}
        for s in sites
    ]
    layers = []
    ring_points: list[tuple[float, float]] = []
    if outlines:
        paths = []
        for adcode, rings in outlines.items():
            for ring in rings:
                paths.append({"path": [[lon, lat] for lat, lon in ring],
                              "name": (county_names or {}).get(adcode, adcode)})
                ring_points += ring
        layers.append(pdk.Layer("PathLayer", data=paths, get_path="path", id="counties",
                                get_color=list(OUTLINE_RGB), width_min_pixels=1.5,
                                get_width=60, pickable=False))
        labels = []
        for adcode, rings in outlines.items():
            ring = max(rings, key=len)
            labels.append({"name": (county_names or {}).get(adcode, adcode),
                           "lon": sum(p[1] for p in ring) / len(ring),
                           "lat": sum(p[0] for p in ring) / len(ring)})
        layers.append(pdk.Layer("TextLayer", data=labels, get_position=["lon", "lat"],
                                get_text="name", get_size=13, get_color=[60, 60, 60],
                                # the names' own characters (deck.gl's default atlas is ASCII only)
                                character_set=pdk.types.String(
                                    "".join(sorted({c for x in labels for c in x["name"]}))),
                                font_family=pdk.types.String("sans-serif"),
                                id="county-names", billboard=True))
    pitch = 35 if mode == "hex" else 0
    if mode == "heat":
        layers.append(pdk.Layer("HeatmapLayer", data=data, get_position=["lon", "lat"],
                                radius_pixels=45, intensity=1.5, threshold=0.05, id="density"))
    else:
        # elevation_range bounds the tallest column whatever the counts, so it stays on the canvas
        layers.append(pdk.Layer("HexagonLayer", data=data, get_position=["lon", "lat"],
                                radius=HEX_RADIUS_M, elevation_range=[0, MAX_COLUMN_M],
                                elevation_scale=1, extruded=True, coverage=0.85,
                                color_range=[list(c) for c in HEX_COLOURS], pickable=True,
                                id="density"))
    layers.append(pdk.Layer("ScatterplotLayer", data=data, get_position=["lon", "lat"],
                            get_fill_color="colour", get_radius=500, radius_min_pixels=2,
                            pickable=True, id="sites"))
    points = ring_points or [(s.lat, s.lon) for s in sites] or [(37.45, 112.75)]
    view = fit_view(points, width_px, height_px, pitch)
    tooltip = {"html": "{name}" if mode == "heat" else
               "{name}" + f"<br/>{t('density_count', lang)}: " + "{elevationValue}"}
    return pdk.Deck(layers=layers, initial_view_state=view, map_style=BLANK_STYLE,
                    tooltip=tooltip)


def density_legend_html(mode: str, lang: str) -> str:
    """The colour ramp (hexagons) or heat note, and the county line, as HTML for ``st.html``."""
    parts = []
    if mode == "hex":
        ramp = "".join(f"<span style='display:inline-block;width:22px;height:11px;background:"
                       f"rgb{c}'></span>" for c in HEX_COLOURS)
        parts.append(f"<span style='white-space:nowrap;margin-right:16px'>{t('density_few', lang)}"
                     f" {ramp} {t('density_many', lang)}</span>")
        parts.append(f"<span style='margin-right:16px'>{t('density_hex_legend', lang, km=HEX_RADIUS_M // 1000)}</span>")
    else:
        parts.append(f"<span style='margin-right:16px'>{t('density_heat_legend', lang)}</span>")
    parts.append("<span style='white-space:nowrap'><span style='display:inline-block;width:22px;"
                 f"border-top:2px solid rgb{OUTLINE_RGB};vertical-align:middle;margin-right:4px'>"
                 f"</span>{t('layer_boundaries', lang)}</span>")
    return "<div class='density-legend' style='font-size:0.85em;line-height:1.8'>" + " ".join(
        parts) + "</div>"
