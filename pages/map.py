"""Map explorer: every site coloured by designation kind, greenways, county outlines; click a site
to open its card. OSM (WGS-84) or 高德/AMap (GCJ-02, points shifted for drawing), and a density view.
"""

import streamlit as st

from ui import mapembed, state
from ui.basemap import BASEMAPS, basemap
from ui.card import render_site_card
from ui.density import density_deck, density_legend_html
from ui.display import DISPLAY_ORDER, primary_kind
from ui.filters import filtered_sites, sidebar_filters
from ui.guard import guard_page
from ui.i18n import t
from ui.mapclick import site_from_click
from ui.maps import legend_html

guard_page(__file__)
lang = state.lang()
cat = state.catalog()
key = state.db_key()

st.title(t("page_map", lang))
# Filters and map settings in popovers above the map, not in the sidebar: on a phone (390 px)
# the sidebar is folded away; the columns stack there, and the map follows right after.
bar = st.columns([1, 1, 2], vertical_alignment="center")
with bar[0].popover(t("filters", lang), icon=":material/filter_list:", width="stretch"):
    filters = sidebar_filters(container=st.container())
with bar[1].popover(t("basemap_layers", lang), icon=":material/layers:", width="stretch"):
    if "map_basemap" not in st.session_state and st.query_params.get("basemap") in BASEMAPS:
        st.session_state["map_basemap"] = st.query_params["basemap"]
    bm_key = st.radio(t("basemap", lang), list(BASEMAPS), key="map_basemap",
                      format_func=lambda k: t(f"bm_{k}", lang))
    st.markdown(f"**{t('layers', lang)}**")
    show_greenways = st.checkbox(t("layer_greenways", lang), value=True, key="map_gw")
    show_bounds = st.checkbox(t("layer_boundaries", lang), value=True, key="map_bounds")
    cluster = st.checkbox(t("cluster", lang), value=True, key="map_cluster")

sites = filtered_sites(filters)
if sites is not None:
    bar[2].caption(t("n_site" if len(sites) == 1 else "n_sites", lang, n=len(sites)))
    base = basemap(bm_key)
    if base.crs == "GCJ02":
        st.info(t("bm_note_gcj", lang), icon=":material/info:")
    # A radio, not tabs: tabs would render the deck.gl view too and load its bundle with the map.
    view = st.radio(t("layers", lang), ["map", "density"], horizontal=True, key="map_view",
                    label_visibility="collapsed",
                    format_func=lambda v: t("tab_map" if v == "map" else "tab_density", lang))
    if view == "map":
        left, right = st.columns([3, 1])
        with left:
            embedded, drawn = mapembed.site_map(key, filters, bm_key, lang, greenways=show_greenways,
                                                outlines=show_bounds, cluster=cluster)
            event = mapembed.show(embedded)
            present = {primary_kind(s) for s in sites}
            # st.html, not st.markdown(unsafe_allow_html=True): the latter makes the browser load
            # and compile a 189 KB HTML-in-markdown parser (rehype-raw) while the map loads.
            shown_gw = [g for g, _ in state.greenway_routes(cat, key)] if show_greenways else []
            st.html(legend_html([k for k in (*DISPLAY_ORDER, None) if k in present], lang,
                                greenways=shown_gw, outlines=show_bounds))
            clicked = site_from_click(event, drawn)
            if clicked:
                st.session_state["map_selected"] = clicked
        with right:
            selected = st.session_state.get("map_selected")
            if selected:
                render_site_card(cat, cat.site(selected), lang, compact=True)
                st.page_link("pages/site.py", label=t("open_card", lang),
                             icon=":material/open_in_new:", query_params={"site": selected})
            else:
                st.info(t("map_click_hint", lang))
    else:
        mode = st.radio(t("density_kind", lang), ["hex", "heat"], horizontal=True,
                        key="map_density", format_func=lambda m: t(f"density_{m}", lang))
        st.caption(t("density_note", lang, n=len(sites)))
        st.pydeck_chart(density_deck(sites, lang, mode, outlines=state.outlines(cat, key, "none"),
                                     county_names=state.county_names(lang)), height=560)
        st.html(density_legend_html(mode, lang))
