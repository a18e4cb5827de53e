"""Greenways: each of the plan's three routes with its ordered stops on a map and in a list,
and a one-click "plan this greenway in N days"."""

import streamlit as st
from streamlit_folium import st_folium

from catalog.safetext import md
from ui import state
from ui.basemap import BASEMAPS, basemap
from ui.card import source_ref
from ui.display import site_name, stop_name
from ui.guard import guard_page
from ui.i18n import t
from ui.maps import legend_html, site_map
from ui.urlstate import PlanInputs

guard_page(__file__)
lang = state.lang()
cat = state.catalog()
routes = state.greenway_routes(cat, state.db_key())
by_id = {g.id: (g, sites) for g, sites in routes}

st.title(t("page_greenways", lang))
st.write(t("gw_intro", lang))
wanted = st.query_params.get("greenway")
ids = list(by_id)
if wanted and wanted not in by_id:
    st.warning(t("unknown_greenway", lang, id=md(wanted)), icon=":material/warning:")
choice = st.radio(t("f_greenways", lang), ids, horizontal=True,
                  index=ids.index(wanted) if wanted in by_id else 0, key=f"gw_pick_{wanted}",
                  format_func=lambda g: by_id[g][0].name_en if lang == "en" else by_id[g][0].name_zh)
greenway, sites = by_id[choice]
bm_key = st.sidebar.radio(t("basemap", lang), list(BASEMAPS), key="gw_basemap",
                          format_func=lambda k: t(f"bm_{k}", lang))

left, right = st.columns([3, 2])
with left:
    fmap, _ = site_map(sites, basemap(bm_key), lang, cluster=False,
                       greenways=[(greenway, sites)], numbered_stops=True,
                       outlines=state.outlines(cat, state.db_key(), bm_key))
    st_folium(fmap, key=f"gw_map_{choice}", height=520, use_container_width=True,
              returned_objects=[])
    st.html(legend_html([], lang, greenways=[greenway], outlines=True))
with right:
    st.markdown(f"**{md(greenway.name_zh)}**  \n{md(greenway.name_en)}")
    st.caption(f"{t('source', lang)}: {source_ref(greenway.description_source, cat.sources())}")
    for order, name, site_ids in greenway.stops:
        line = f"{order}. {md(stop_name(name, lang))}"
        if not site_ids:
            st.markdown(f"{line} {t('gw_stop_missing', lang)}")
            continue
        st.markdown(line)
        for site_id in site_ids.split(";"):
            label = site_name(cat.site(site_id), lang)
            st.page_link("pages/site.py", label=f"↳ {md(label)}", query_params={"site": site_id})
    with st.container(border=True):
        n = st.number_input(t("gw_days", lang), min_value=1, max_value=7, value=2,
                            key=f"gw_days_{choice}")
        if st.button(t("gw_plan", lang, n=n), type="primary", key=f"gw_plan_{choice}"):
            # One base for every night: 平遥 on the 大运 line, else the greenway's middle stop.
            middle = sites[len(sites) // 2].id if sites else "pingyao-gucheng"
            base = "pingyao-gucheng" if choice == "dayun" else middle
            start = st.session_state.get("plan_start") or PlanInputs().start_date
            st.switch_page("pages/plan.py", query_params={
                "start": start.isoformat(),
                "days": str(n), "gw": choice, "buffer": "5", "lodging": base,
                "mode": "car", "lunch": "11:30-13:30-60", "from": "08:30", "to": "18:00",
            })
