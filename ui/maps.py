"""folium maps of sites, greenways, county boundaries and itineraries.

Every map is built with the vendored Leaflet (``ui.assets``), SVG ``CircleMarker``s and
``DivIcon``s (no Font Awesome), and points projected by the active ``Basemap`` (GCJ-02 on AMap).
Site markers carry the CSS classes ``site-marker site-<id>`` and day routes ``route-day-<n>``, so
browser tests and the benchmark can find them in the iframe.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence

import folium
from branca.element import Template
from folium.plugins import FastMarkerCluster
from shapely.geometry import LineString

from catalog.models import Greenway, Site
from catalog.safetext import html as esc
from routing.problem import Itinerary
from ui.assets import use_local_assets
from ui.basemap import Basemap
from ui.display import (
    DISPLAY_ORDER,
    day_colour,
    kind_colour,
    primary_kind,
    site_label,
    site_name,
)
from ui.i18n import kind_label, t
from ui.mapclick import DrawnPoint

JINZHONG_CENTRE = (37.45, 112.75)
#: One colour and one dash per greenway (大运 and 红色太行 were both red dashes): earthy brown for
#: the Jin merchants' road, red for the revolutionary Taihang, teal for the southern mountains.
GREENWAY_COLOURS = {"dayun": "#795548", "hongse-taihang": "#d32f2f", "nanbu-shandi": "#00897b"}
GREENWAY_DASH = {"dayun": None, "hongse-taihang": "10 6", "nanbu-shandi": "2 7"}
BOUNDARY_COLOUR = "#7f8c8d"

# Cluster icons coloured like their kind, with the count; class ``site-cluster`` for tests.
# Markers are built in the browser from a data array (FastMarkerCluster): folium writes a JS block
# per Marker object, which cost ~0.5 s of server time for 181 sites (PITFALLS a, folium#1814).
# Each row is [lat, lon, tooltip (HTML-escaped), site id, colour].
_MARKER_CALLBACK = """function (row) {
  var marker = L.circleMarker([row[0], row[1]], {
    radius: 7, color: '#ffffff', weight: 1.5, fill: true, fillColor: row[4], fillOpacity: 0.9,
    className: 'site-marker site-' + row[3]
  });
  marker.bindTooltip(row[2]);
  return marker;
}"""

_CLUSTER_ICON = """
function(cluster) {
  var n = cluster.getChildCount();
  var size = n < 10 ? 30 : (n < 50 ? 36 : 42);
  return L.divIcon({
    html: '<div style="background:%s;width:' + size + 'px;height:' + size + 'px;line-height:'
      + (size - 4) + 'px;box-sizing:border-box;border-radius:50%%;border:2px solid #fff;color:#fff;font:bold 12px sans-serif;'
      + 'text-align:center;box-shadow:0 0 3px rgba(0,0,0,.5)">' + n + '</div>',
    className: 'site-cluster', iconSize: L.point(size, size)
  });
}
"""


def _line_chip(colour: str, dash: str | None, label: str, css: str) -> str:
    dash_attr = f" stroke-dasharray='{dash}'" if dash else ""
    return (f"<span class='{css}' style='white-space:nowrap;margin-right:12px'><svg width='30' "
            f"height='10' style='vertical-align:middle;margin-right:4px'><line x1='1' y1='5' "
            f"x2='29' y2='5' stroke='{colour}' stroke-width='4'{dash_attr}/></svg>"
            f"{esc(label)}</span>")


def legend_html(kinds: Sequence[str | None], lang: str,
                greenways: Sequence[Greenway] = (), outlines: bool = False) -> str:
    """Colour chips for the designation kinds on the map, and the lines drawn (greenways in
    their colour and dash, county boundaries), as HTML for ``st.html``."""
    chips = []
    for kind in kinds:
        label = kind_label(kind, lang) if kind else t("other_kind", lang)
        chips.append(f"<span style='white-space:nowrap;margin-right:12px'><span style='display:"
                     f"inline-block;width:11px;height:11px;border-radius:50%;background:"
                     f"{kind_colour(kind)};margin-right:4px'></span>{label}</span>")
    lines = [_line_chip(GREENWAY_COLOURS.get(g.id, "#b03a2e"), GREENWAY_DASH.get(g.id),
                        g.name_en if lang == "en" else g.name_zh, f"legend-greenway legend-{g.id}")
             for g in greenways]
    if outlines:
        lines.append(_line_chip(BOUNDARY_COLOUR, "4 4", t("layer_boundaries", lang),
                                "legend-boundary"))
    body = " ".join(chips) + ("<br>" + " ".join(lines) if lines else "")
    return "<div class='map-legend' style='font-size:0.85em;line-height:1.8'>" + body + "</div>"


def drawn_points(sites: Sequence[Site], basemap: Basemap, lang: str) -> list[DrawnPoint]:
    """The sites as they will be drawn on ``basemap`` (for matching clicks)."""
    out = []
    for s in sites:
        lat, lon = basemap.project(s.lat, s.lon)
        out.append(DrawnPoint(s.id, lat, lon, site_label(s, lang)))
    return out


def _base(basemap: Basemap, points: Sequence[tuple[float, float]], height: int) -> folium.Map:
    use_local_assets()
    m = folium.Map(
        location=JINZHONG_CENTRE, zoom_start=9, tiles=None, control_scale=True, height=height,
        zoom_snap=0.5,  # half zoom steps: the whole city fits its frame more tightly
    )
    # Without a tile layer Leaflet has no maxZoom and the marker cluster throws "Map has no
    # maxZoom specified" (the offline map drew nothing). folium's max_zoom only reaches the
    # tiles, so it is set on the map itself; 18 is the tiles' own limit.
    m.options.update(minZoom=6, maxZoom=18)
    layer = basemap.tile_layer()
    if layer is not None:
        layer.control = False
        layer.add_to(m)
    if len(points) > 1:
        lats, lons = [p[0] for p in points], [p[1] for p in points]
        # more room at the bottom: the scale bar sits there and hid the last stops
        m.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]],
                     padding_top_left=(24, 24), padding_bottom_right=(24, 60))
    elif points:
        m.location = list(points[0])
        m.options["zoom"] = 12
    return m


def simplify(points: Sequence[tuple[float, float]],
             tolerance_deg: float) -> list[tuple[float, float]]:
    """Douglas-Peucker (shapely): the fewest of ``points`` ((lat, lon), in order) such that no
    dropped point lies farther than ``tolerance_deg`` (degrees of latitude) from the kept line.
    The first and last points are always kept, so a closed ring stays closed."""
    if len(points) < 3:
        return list(points)
    scale = math.cos(math.radians(points[0][0]))  # a degree of longitude is shorter
    xy = [(lon * scale, lat) for lat, lon in points]
    kept = LineString(xy).simplify(tolerance_deg, preserve_topology=False).coords
    # Douglas-Peucker keeps a subset of the vertices, in order: map them back to the originals
    # (exact, not divided by the scale again).
    out, i = [], 0
    for vertex in kept:
        while i < len(xy) and xy[i] != tuple(vertex):
            i += 1
        out.append(points[min(i, len(points) - 1)])
        i += 1
    return out


def outline_rings(boundaries: Mapping[str, dict], basemap: Basemap,
                  tolerance_deg: float = 0.001) -> dict[str, list[list[tuple[float, float]]]]:
    """County outer rings (published in GCJ-02) projected for ``basemap`` and simplified.

    Douglas-Peucker to ``tolerance_deg`` (~110 m; ``simplify``): at county scale the outline
    loses nothing visible, and of the 4,770 published vertices about 1,830 remain. Fewer vertices mean
    a smaller map script for the server to send and for the browser to parse, project and draw.
    """
    out: dict[str, list[list[tuple[float, float]]]] = {}
    for adcode, geometry in boundaries.items():
        rings = []
        for polygon in _polygons(geometry):
            kept = simplify([(lat, lon) for lon, lat in polygon[0]], tolerance_deg)
            rings.append([tuple(round(v, 5) for v in basemap.project_gcj02(lat, lon))
                          for lat, lon in kept])
        out[adcode] = rings  # type: ignore[assignment]
    return out


def add_boundaries(m: folium.Map, rings: Mapping[str, list[list[tuple[float, float]]]],
                   lang: str) -> None:
    """County outlines (from ``outline_rings``) as one non-interactive layer."""
    group = folium.FeatureGroup(name=t("layer_boundaries", lang), show=True)
    for adcode, parts in rings.items():
        for ring in parts:
            folium.PolyLine(ring, color=BOUNDARY_COLOUR, weight=1.5, opacity=0.8, dash_array="4 4",
                            interactive=False, class_name=f"county county-{adcode}").add_to(group)
    group.add_to(m)


def _polygons(geometry: dict) -> list:
    if geometry.get("type") == "Polygon":
        return [geometry["coordinates"]]
    if geometry.get("type") == "MultiPolygon":
        return list(geometry["coordinates"])
    return []


def add_greenways(m: folium.Map, routes: Sequence[tuple[Greenway, Sequence[Site]]],
                  basemap: Basemap, lang: str, *, numbered: bool = False) -> None:
    """Each greenway as an ordered polyline through its stops' sites, one layer per greenway."""
    for greenway, stops in routes:
        name = greenway.name_en if lang == "en" else greenway.name_zh
        group = folium.FeatureGroup(name=f"{t('layer_greenways', lang)}: {name}")
        pts = [basemap.project(s.lat, s.lon) for s in stops]
        colour = GREENWAY_COLOURS.get(greenway.id, "#b03a2e")
        if len(pts) > 1:
            folium.PolyLine(pts, color=colour, weight=5, opacity=0.75, tooltip=esc(name),
                            dash_array=GREENWAY_DASH.get(greenway.id),
                            class_name=f"greenway greenway-{greenway.id}").add_to(group)
        if numbered:
            for i, (s, p) in enumerate(zip(stops, pts, strict=True), start=1):
                _number_icon(p, i, colour, site_label(s, lang)).add_to(group)
        group.add_to(m)


def _number_icon(point: tuple[float, float], n: int | str, colour: str, tooltip: str,
                 css: str = "stop-number") -> folium.Marker:
    markup = (f'<div class="{css}" style="background:{colour};color:#fff;border:2px solid #fff;'
            'border-radius:50%;width:22px;height:22px;line-height:18px;text-align:center;'
            'box-sizing:border-box;'
            f'font:bold 11px sans-serif;box-shadow:0 0 3px rgba(0,0,0,.6)">{n}</div>')
    return folium.Marker(point, icon=folium.DivIcon(html=markup, icon_size=(22, 22),
                                                     icon_anchor=(11, 11)),
                         tooltip=esc(tooltip))


def site_map(
    sites: Sequence[Site],
    basemap: Basemap,
    lang: str,
    *,
    greenways: Sequence[tuple[Greenway, Sequence[Site]]] = (),
    outlines: Mapping[str, list[list[tuple[float, float]]]] | None = None,
    cluster: bool = True,
    numbered_stops: bool = False,
    height: int = 620,
) -> tuple[folium.Map, list[DrawnPoint]]:
    """All ``sites`` coloured by designation kind, one (clustered) layer per kind.

    Site markers are SVG circles with the classes ``site-marker site-<id>`` and the tooltip of
    ``site_label``; with ``cluster=False`` the layers never cluster. Every layer is added
    before the layer control: a layer added after it breaks the map's script.
    """
    drawn = drawn_points(sites, basemap, lang)
    m = _base(basemap, [(p.lat, p.lon) for p in drawn], height)
    if outlines:
        add_boundaries(m, outlines, lang)
    add_greenways(m, greenways, basemap, lang, numbered=numbered_stops)
    by_kind: dict[str | None, list[tuple[Site, DrawnPoint]]] = {}
    for s, p in zip(sites, drawn, strict=True):
        by_kind.setdefault(primary_kind(s), []).append((s, p))
    for kind in (*DISPLAY_ORDER, None):
        members = by_kind.get(kind)
        if not members:
            continue
        name = f"{kind_label(kind, lang) if kind else t('other_kind', lang)} ({len(members)})"
        colour = kind_colour(kind)
        data = [[p.lat, p.lon, esc(p.label), s.id, colour] for s, p in members]
        options = {"maxClusterRadius": 30, "disableClusteringAtZoom": 11 if cluster else 1,
                   "showCoverageOnHover": False, "spiderfyOnMaxZoom": False,
                   "animate": False}  # no cluster animations: cheaper on slow machines
        FastMarkerCluster(data, callback=_MARKER_CALLBACK, name=name, options=options,
                          icon_create_function=_CLUSTER_ICON % colour).add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return m, drawn


#: Height of the plan page's map, in pixels.
PLAN_MAP_HEIGHT = 480


class _FitBounds(folium.MacroElement):
    """``fitBounds`` on the map, from inside a feature group: streamlit-folium swaps the groups
    of a live map (``feature_group_to_add``) but never re-runs the map's own script, so the view
    that fits a new plan is set by the group that brings it."""

    _template = Template("""
{% macro script(this, kwargs) %}
{{ this._parent._parent.get_name() }}.fitBounds({{ this.bounds|tojson }}, {{ this.options|tojson }});
{% endmacro %}
""")

    def __init__(self, points: Sequence[tuple[float, float]]) -> None:
        super().__init__()
        self._name = "FitBounds"
        lats, lons = [p[0] for p in points], [p[1] for p in points]
        self.bounds = [[min(lats), min(lons)], [max(lats), max(lons)]]
        # more room at the bottom: the scale bar sits there and hid the last stops
        self.options = {"paddingTopLeft": [24, 24], "paddingBottomRight": [24, 60],
                        "maxZoom": 13}


def plan_base(basemap: Basemap, height: int = PLAN_MAP_HEIGHT) -> folium.Map:
    """The plan page's map with nothing on it yet: the basemap over all of Jinzhong.

    Its script is the same before a plan and for every plan, so streamlit-folium keeps the
    iframe (the component key hashes this script) and a new plan only swaps the layers from
    ``plan_layers``: Leaflet is not loaded again after a click on "plan".
    """
    return _base(basemap, [], height)


def plan_layers(itinerary: Itinerary, sites: Mapping[str, Site], basemap: Basemap,
                lang: str) -> list[folium.FeatureGroup]:
    """Each day's route (origin -> visits -> lodging) in its own colour with its stops numbered,
    one group per day (the layer switch lists them), then the lodgings; the last group fits the
    view to the whole trip.

    ``sites`` maps every planned site id to its ``Site`` (for positions and names).
    """
    all_pts: list[tuple[float, float]] = []
    layers = []
    for day in itinerary.days:
        colour = day_colour(day.day)
        title = t("day_tab", lang, n=day.day, date=day.date.isoformat())
        group = folium.FeatureGroup(name=esc(title))
        stops = [(day.origin.lat, day.origin.lon)]
        stops += [(sites[v.site_id].lat, sites[v.site_id].lon) for v in day.visits]
        stops.append((day.lodging.lat, day.lodging.lon))
        pts = [basemap.project(lat, lon) for lat, lon in stops]
        all_pts += pts
        folium.PolyLine(pts, color=colour, weight=5, opacity=0.85, tooltip=esc(title),
                        class_name=f"route route-day-{day.day}").add_to(group)
        for i, (v, p) in enumerate(zip(day.visits, pts[1:-1], strict=True), start=1):
            label = f"{day.day}-{i} {site_name(sites[v.site_id], lang)}"
            _number_icon(p, i, colour, label, css=f"route-stop route-stop-day-{day.day}").add_to(
                group
            )
        layers.append(group)
    lodgings = {(d.lodging.lat, d.lodging.lon, d.lodging.name) for d in itinerary.days}
    lodgings |= {(d.origin.lat, d.origin.lon, d.origin.name) for d in itinerary.days[:1]}
    beds = folium.FeatureGroup(name=esc(t("layer_lodging", lang)), control=False)
    for lat, lon, name in sorted(lodgings):
        folium.CircleMarker(basemap.project(lat, lon), radius=9, color="#000000", weight=2,
                            fill_color="#ffffff", fill_opacity=1, tooltip=esc(f"⌂ {name}"),
                            class_name="lodging").add_to(beds)
    if all_pts:
        _FitBounds(all_pts).add_to(beds)
    return [*layers, beds]


def preview_layers(candidates: Sequence[Site], lodgings: Sequence[Site], basemap: Basemap,
                   lang: str) -> list[folium.FeatureGroup]:
    """Before a plan: the sites the form points at (the chosen greenways' stops, must-visits) as
    small grey dots and the lodging, so staff see where the trip will go while they fill in the
    form; drawn on ``plan_base``, whose iframe the plan then reuses."""
    group = folium.FeatureGroup(name=esc(t("layer_preview", lang)), control=False)
    pts = []
    for s in candidates:
        p = basemap.project(s.lat, s.lon)
        pts.append(p)
        folium.CircleMarker(p, radius=5, color="#ffffff", weight=1, fill_color="#607d8b",
                            fill_opacity=0.9, tooltip=esc(site_name(s, lang)),
                            class_name=f"preview-site site-{s.id}").add_to(group)
    for s in lodgings:
        p = basemap.project(s.lat, s.lon)
        pts.append(p)
        folium.CircleMarker(p, radius=9, color="#000000", weight=2, fill_color="#ffffff",
                            fill_opacity=1, tooltip=esc(f"⌂ {site_name(s, lang)}"),
                            class_name="lodging").add_to(group)
    if len(pts) > 1:
        _FitBounds(pts).add_to(group)
    return [group]
