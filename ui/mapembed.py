"""A folium map rendered once and shown many times through streamlit-folium's component.

``st_folium`` renders the whole folium figure on every script run: Jinja templates, JSON of every
coordinate and regex passes over the generated script. For the map page with every site and the
county outlines that is ~150 ms of CPU on an idle 2-core machine and 0.5 s when the machine is
busy, and while that pure-Python work holds the GIL the server sends nothing else (the sidebar's
deltas wait too). The script it produces depends only on the inputs, so ``EmbeddedMap`` is that
result as plain data, cacheable with ``st.cache_data``, and ``show`` hands it to the same
component ``st_folium`` uses. ``embed`` follows ``st_folium`` 0.27.4 for a plain ``folium.Map``
(no ``feature_group_to_add``, ``layer_control``, ``zoom``/``center`` or ``DualMap``); a test checks
that both send the component identical arguments.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import folium
import streamlit as st
import streamlit_folium
from streamlit_folium import _get_header, _get_html, _get_map_string, generate_js_hash, get_full_id

from ui import maps, state
from ui.basemap import basemap
from ui.mapclick import DrawnPoint

#: What a click on the site map sends back (a rerun); nothing else the map does reruns the page.
SITE_MAP_EVENTS = ("last_object_clicked", "last_object_clicked_tooltip")

#: The component arguments ``embed`` fills in that the shown map never changes.
_FIXED = {"zoom": None, "center": None, "feature_group": None, "return_on_hover": False,
          "layer_control": None, "pixelated": False, "wrap_longitude": False}

#: Every value the component can return (st_folium's defaults), in its order.
_EVENT_KEYS = ("last_clicked", "last_object_clicked", "last_object_clicked_count",
               "last_object_clicked_tooltip", "last_object_clicked_popup", "all_drawings",
               "last_active_drawing", "bounds", "zoom", "last_circle_radius",
               "last_circle_polygon", "selected_layers", "selected_tags", "last_geocoder_result")


@dataclass(frozen=True)
class EmbeddedMap:
    """What ``st_folium(fig, key=..., height=..., use_container_width=True, returned_objects=...)``
    sends to its component, computed once. Plain strings, lists and dicts (picklable)."""

    key: str
    args: dict
    links: tuple[tuple[str, ...], tuple[str, ...]]  # (css, js) files the iframe loads


def _links(fig: folium.Map) -> tuple[list[str], list[str]]:
    """CSS and JS files of the map and its children, in tree order, without repeats."""
    css: list[str] = []
    js: list[str] = []
    stack = [fig]
    order = []
    while stack:  # depth first, children in insertion order (as st_folium's walk)
        elem = stack.pop()
        order.append(elem)
        stack.extend(reversed(list(getattr(elem, "_children", {}).values())))
    for elem in order:
        css.extend(href for _, href in getattr(elem, "default_css", []))
        js.extend(src for _, src in getattr(elem, "default_js", []))
    return list(dict.fromkeys(css)), list(dict.fromkeys(js))


def embed(fig: folium.Map, *, key: str, height: int,
          returned_objects: Sequence[str]) -> EmbeddedMap:
    """Render ``fig`` the way ``st_folium`` does for a full-width map (pure; no Streamlit calls)."""
    fig.get_root().render()
    fig.render()
    html = _get_html(fig)
    header = _get_header(fig)
    script = _get_map_string(fig)
    (south, west), (north, east) = fig.get_bounds()
    defaults = dict.fromkeys(_EVENT_KEYS)
    defaults["bounds"] = {"_southWest": {"lat": south, "lng": west},
                          "_northEast": {"lat": north, "lng": east}}
    defaults["zoom"] = fig.options.get("zoom")
    css, js = _links(fig)
    args = {
        "script": script, "header": header, "html": html, "id": get_full_id(fig),
        "height": height, "width": None, "returned_objects": list(returned_objects),
        "default": {k: v for k, v in defaults.items() if k in returned_objects},
        "css_links": css, "js_links": js, **_FIXED,
    }
    hash_key = generate_js_hash(script, key, False)
    return EmbeddedMap(key=key, args={**args, "key": hash_key}, links=(tuple(css), tuple(js)))


def show(embedded: EmbeddedMap) -> dict | None:
    """Draw ``embedded`` and return the map's event values, exactly as ``st_folium`` would."""
    hash_key = embedded.args["key"]

    def on_change() -> None:  # as st_folium: the map's value also under the caller's key
        st.session_state[embedded.key] = st.session_state.get(hash_key, {})

    return streamlit_folium._component_func(**embedded.args, on_change=on_change)


@st.cache_data(show_spinner=False, max_entries=32)
def site_map(db_key: str, filters: state.Filters, basemap_key: str, lang: str, *,
             greenways: bool, outlines: bool, cluster: bool,
             height: int = 620) -> tuple[EmbeddedMap, list[DrawnPoint]]:
    """The map page's map (``ui.maps.site_map``) for these inputs, rendered once per catalogue
    version (``db_key``) and shared by every session; with the points as drawn, for clicks."""
    cat = state.catalog()
    fmap, drawn = maps.site_map(
        state.sites_for(filters), basemap(basemap_key), lang,
        greenways=state.greenway_routes(cat, db_key) if greenways else (),
        outlines=state.outlines(cat, db_key, basemap_key) if outlines else None,
        cluster=cluster, height=height,
    )
    return embed(fmap, key="site_map", height=height, returned_objects=SITE_MAP_EVENTS), drawn
