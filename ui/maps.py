"""folium maps of sites, greenways, county boundaries and itineraries.

Every map is built with the vendored Leaflet (``ui.assets``), SVG ``CircleMarker``s and
``DivIcon``s (no Font Awesome), and points projected by the active ``Basemap`` (GCJ-02 on AMap).
Site markers carry the CSS classes ``site-marker site-<id>`` and day routes ``route-day-<n>``, so
browser tests and the benchmark can find them in the iframe.
"""

from __future__ import annotations

import html
from collections.abc import Mapping, Sequence

import folium
from folium.plugins import MarkerCluster

from catalog.models import Greenway, Site
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
GREENWAY_COLOURS = {"dayun": "#b03a2e", "hongse-taihang": "#c0392b", "nanbu-shandi": "#1e8449"}
GREENWAY_DASH = {"dayun": None, "hongse-taihang": "8 6", "nanbu-shandi": "2 6"}

# Cluster icons coloured like their kind, with the count; class ``site-cluster`` for tests.
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


def legend_html(kinds: Sequence[str | None], lang: str) -> str:
    """Colour chips for the designation kinds on the map (HTML for ``st.markdown``)."""
    chips = []
    for kind in kinds:
        label = kind_label(kind, lang) if kind else t("other_kind", lang)
        chips.append(f"<span style='white-space:nowrap;margin-right:12px'><span style='display:"
                     f"inline-block;width:11px;height:11px;border-radius:50%;background:"
                     f"{kind_colour(kind)};margin-right:4px'></span>{label}</span>")
    return "<div style='font-size:0.85em;line-height:1.8'>" + " ".join(chips) + "</div>"


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
        location=JINZHONG_CENTRE, zoom_start=9, tiles=None, control_scale=True, height=height
    )
    layer = basemap.tile_layer()
    if layer is not None:
        layer.control = False
        layer.add_to(m)
    if len(points) > 1:
        lats, lons = [p[0] for p in points], [p[1] for p in points]
        m.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], padding=(20, 20))
    elif points:
        m.location = list(points[0])
        m.options["zoom"] = 12
    return m


def _site_marker(site: Site, point: DrawnPoint, *, selected: bool) -> folium.CircleMarker:
    colour = kind_colour(primary_kind(site))
    return folium.CircleMarker(
        location=(point.lat, point.lon),
        radius=10 if selected else 7,
        color="#111111" if selected else "#ffffff",
        weight=3 if selected else 1.5,
        fill_color=colour,
        fill_opacity=0.9,
        tooltip=html.escape(point.label),  # names are officers' text: shown, never run
        class_name=f"site-marker site-{site.id}",
    )


def add_boundaries(m: folium.Map, boundaries: Mapping[str, dict], basemap: Basemap,
                   lang: str) -> None:
    """County outlines (published in GCJ-02) as one non-interactive layer."""
    group = folium.FeatureGroup(name=t("layer_boundaries", lang), show=True)
    for adcode, geometry in boundaries.items():
        for polygon in _polygons(geometry):
            outer = polygon[0]  # the outer ring is enough for an outline
            pts = [basemap.project_gcj02(lat, lon) for lon, lat in outer]
            folium.PolyLine(pts, color="#7f8c8d", weight=1.5, opacity=0.8, dash_array="4 4",
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
            folium.PolyLine(pts, color=colour, weight=5, opacity=0.75, tooltip=name,
                            dash_array=GREENWAY_DASH.get(greenway.id),
                            class_name=f"greenway greenway-{greenway.id}").add_to(group)
        if numbered:
            for i, (s, p) in enumerate(zip(stops, pts, strict=True), start=1):
                _number_icon(p, i, colour, site_label(s, lang)).add_to(group)
        group.add_to(m)


def _number_icon(point: tuple[float, float], n: int | str, colour: str, tooltip: str,
                 css: str = "stop-number") -> folium.Marker:
    html = (f'<div class="{css}" style="background:{colour};color:#fff;border:2px solid #fff;'
            'border-radius:50%;width:22px;height:22px;line-height:18px;text-align:center;'
            'box-sizing:border-box;'
            f'font:bold 11px sans-serif;box-shadow:0 0 3px rgba(0,0,0,.6)">{n}</div>')
    return folium.Marker(point, icon=folium.DivIcon(html=html, icon_size=(22, 22),
                                                     icon_anchor=(11, 11)), tooltip=html.escape(tooltip))


def site_map(
    sites: Sequence[Site],
    basemap: Basemap,
    lang: str,
    *,
    greenways: Sequence[tuple[Greenway, Sequence[Site]]] = (),
    boundaries: Mapping[str, dict] | None = None,
    cluster: bool = True,
    selected: str | None = None,
    height: int = 620,
) -> tuple[folium.Map, list[DrawnPoint]]:
    """All ``sites`` coloured by designation kind, one (clustered) layer per kind."""
    drawn = drawn_points(sites, basemap, lang)
    m = _base(basemap, [(p.lat, p.lon) for p in drawn], height)
    if boundaries:
        add_boundaries(m, boundaries, basemap, lang)
    add_greenways(m, greenways, basemap, lang)
    by_kind: dict[str | None, list[tuple[Site, DrawnPoint]]] = {}
    for s, p in zip(sites, drawn, strict=True):
        by_kind.setdefault(primary_kind(s), []).append((s, p))
    for kind in (*DISPLAY_ORDER, None):
        members = by_kind.get(kind)
        if not members:
            continue
        name = f"{kind_label(kind, lang) if kind else '—'} ({len(members)})"
        if cluster:
            layer = MarkerCluster(
                name=name,
                icon_create_function=_CLUSTER_ICON % kind_colour(kind),
                options={"maxClusterRadius": 30, "disableClusteringAtZoom": 11,
                         "showCoverageOnHover": False, "spiderfyOnMaxZoom": False},
            )
        else:
            layer = folium.FeatureGroup(name=name)
        for s, p in members:
            _site_marker(s, p, selected=s.id == selected).add_to(layer)
        layer.add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return m, drawn


def route_map(
    itinerary: Itinerary, sites: Mapping[str, Site], basemap: Basemap, lang: str,
    height: int = 520,
) -> folium.Map:
    """Each day's route (origin -> visits -> lodging) in its own colour, stops numbered.

    ``sites`` maps every planned site id to its ``Site`` (for positions and names).
    """
    all_pts: list[tuple[float, float]] = []
    layers = []
    for day in itinerary.days:
        colour = day_colour(day.day)
        title = t("day_tab", lang, n=day.day, date=day.date.isoformat())
        group = folium.FeatureGroup(name=title)
        stops = [(day.origin.lat, day.origin.lon)]
        stops += [(sites[v.site_id].lat, sites[v.site_id].lon) for v in day.visits]
        stops.append((day.lodging.lat, day.lodging.lon))
        pts = [basemap.project(lat, lon) for lat, lon in stops]
        all_pts += pts
        folium.PolyLine(pts, color=colour, weight=5, opacity=0.85, tooltip=title,
                        class_name=f"route route-day-{day.day}").add_to(group)
        for i, (v, p) in enumerate(zip(day.visits, pts[1:-1], strict=True), start=1):
            label = f"{day.day}-{i} {site_name(sites[v.site_id], lang)}"
            _number_icon(p, i, colour, label, css=f"route-stop route-stop-day-{day.day}").add_to(
                group
            )
        layers.append(group)
    lodgings = {(d.lodging.lat, d.lodging.lon, d.lodging.name) for d in itinerary.days}
    lodgings |= {(d.origin.lat, d.origin.lon, d.origin.name) for d in itinerary.days[:1]}
    m = _base(basemap, all_pts, height)
    for group in layers:
        group.add_to(m)
    for lat, lon, name in sorted(lodgings):
        folium.CircleMarker(basemap.project(lat, lon), radius=9, color="#000000", weight=2,
                            fill_color="#ffffff", fill_opacity=1, tooltip=html.escape(f"⌂ {name}"),
                            class_name="lodging").add_to(m)
    folium.LayerControl(collapsed=True).add_to(m)
    return m
