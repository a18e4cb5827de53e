"""Showing a plan: day tabs with timelines, the route map, dropped sites, pin/remove + re-plan,
and the exports. ``solve`` caches plans by request, so reruns never re-solve (PITFALLS f)."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import folium
import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator
from streamlit_folium import st_folium

from catalog.models import Site
from catalog.repository import Catalog
from catalog.safetext import md
from routing.problem import Itinerary, RequestError
from routing.service import (
    PlanResult,
    default_budget,
    plan_trip,
    request_to_json,
    start_warm_up,
    warm_up,
    warm_up_state,
)
from ui import state
from ui.basemap import BASEMAPS, basemap
from ui.calendar_view import crowd_warning, day_header
from ui.display import day_colour, site_name
from ui.exportview import day_frame, export_buttons, legend, trip_sheet
from ui.i18n import reason_label, t
from ui.maps import PLAN_MAP_HEIGHT, plan_base, plan_layers, preview_layers
from ui.plan_text import say, say_error, why_text
from ui.planedit import edit_panel
from ui.planning import PlanInputError, build_request
from ui.urlstate import PlanInputs

#: How many times this process solved or re-timed a plan (the cache misses): a test checks that
#: switching the language re-renders the same plan without solving again.
SOLVES = {"count": 0}


@st.cache_data(show_spinner=False, max_entries=32)
def _cached_plan(request_json: str, db: str, key: str) -> PlanResult:
    """The service's result for one request (the language is not part of the key: results
    carry codes, translated when shown)."""
    SOLVES["count"] += 1
    return plan_trip(json.loads(request_json), Path(db), default_budget())


def _wait_for_engine(lang: str) -> None:
    """On a fresh machine the first plan waits for the engine to compile: say so, with the
    usual time, instead of a silent spinner."""
    start_warm_up()
    status = warm_up_state()
    if status["ready"]:
        return
    with st.status(t(f"engine_{status['stage']}", lang, s=status["usual_s"],
                     w=round(status["waited_s"])), expanded=True) as box:
        warm_up()
        box.update(label=t("engine_ready", lang), state="complete", expanded=False)


def solve(inputs: PlanInputs, lang: str) -> PlanResult:
    """Check the inputs and plan (cached per request); PlanInputError for the user to fix."""
    request = build_request(inputs, lang)
    text = json.dumps(request_to_json(request), sort_keys=True, ensure_ascii=False)
    if request.layout is None:
        _wait_for_engine(lang)
    try:
        with st.spinner(t("planning", lang)):
            return _cached_plan(text, str(state.db_path()), state.db_key())
    except RequestError as exc:
        raise PlanInputError(say_error(exc, lang), exc) from None


def lodging_choices(cat: Catalog, choices: Mapping[str, str]) -> list[str]:
    """Site ids offered as lodging: historic cities and towns first, then every other site."""
    towns = cat.site_ids(kinds=["历史文化名城", "历史文化名镇", "历史文化街区"])
    first = [i for i in towns if i in choices]
    return first + [i for i in choices if i not in set(first)]


def _plan_map(result: PlanResult | None, inputs: PlanInputs, lang: str) -> dict | None:
    """The route map, or before a plan the sites the form points at.

    One base map (``plan_base``) for both, under a key that depends only on the basemap and the
    pick mode: streamlit-folium keeps the iframe and swaps the layers, so after a click on "plan"
    the route appears without Leaflet loading again. Returns the map's click while picking an own
    stop's point (``ui.planedit``), else None.
    """
    # the same elements before and after a plan (only their text differs): the map keeps its place
    st.markdown(f"**{t('route_map' if result is not None else 'preview_map', lang)}**")
    bm_key = st.radio(t("basemap", lang), list(BASEMAPS), key="plan_basemap",
                      horizontal=True, label_visibility="collapsed",
                      format_func=lambda k: t(f"bm_{k}", lang))
    bm = basemap(bm_key)
    if result is None:
        cat = state.catalog()
        chosen = set(inputs.greenways)
        stops = {s.id: s for g, gw_sites in state.greenway_routes(cat, state.db_key())
                 if g.id in chosen for s in gw_sites}  # cached, the sites themselves
        rest = cat.get_many(i for i in dict.fromkeys((*inputs.must, *inputs.lodging))
                            if i not in stops)
        must = set(inputs.must)
        candidates = [*stops.values(), *(s for s in rest if s.id in must)]
        layers = preview_layers(candidates, [s for s in rest if s.id not in must], bm, lang)
        control = None
    else:
        layers = plan_layers(result.itinerary, result.sites, bm, lang)
        control = folium.LayerControl(collapsed=True)
    # Clicks come back only while picking an own stop's point: a map that returns values makes
    # Streamlit run the page again when it loads, which a plan should not pay for. The pick mode
    # is part of the key because streamlit-folium reads ``returned_objects`` once, when the
    # iframe is made.
    picking = result is not None and bool(st.session_state.get("edit_pick"))
    return st_folium(plan_base(bm), key=f"plan_map_{bm_key}{'_pick' if picking else ''}",
                     height=PLAN_MAP_HEIGHT, use_container_width=True,
                     feature_group_to_add=layers, layer_control=control,
                     returned_objects=["last_clicked"] if picking else [])


def render_plan(result: PlanResult | None, inputs: PlanInputs, lang: str,
                head: DeltaGenerator) -> None:
    """Everything below the form: the map (first, so its update leaves the server first), then
    the itinerary (its summary in ``head``, above the map), or a hint while there is no plan.

    The map and the day tabs sit in columns at a fixed place on the page whether or not there is
    a plan, so the map's iframe survives the click (``_plan_map``).
    """
    left, right = st.columns([5, 6])
    with right:
        event = _plan_map(result, inputs, lang)
    if result is None:
        left.info(t("plan_empty", lang))
        return
    it, sites = result.itinerary, result.sites
    totals = it.totals()
    sheet = trip_sheet(result, lang, st.session_state.get("plan_inputs"),
                       lambda n: say(n.code, n.params, n.message, lang, sites))
    with head:
        st.subheader(t("result", lang))
        if result.request.layout is not None:
            st.info(t("edited_note", lang), icon=":material/edit:")
        st.markdown(t("totals", lang, n=totals["sites_planned"], dm=totals["drive_minutes"],
                      km=totals["drive_km"], vm=totals["visit_minutes"]))
        visits = [v for d in it.days for v in d.visits]
        if "plan" in result.timings:  # what the wait was made of (the browser bench reads it)
            tm = result.timings
            rest = (tm.get("load", 0.0) + tm["plan"] + tm.get("validate", 0.0)
                    - tm.get("engine", 0.0))
            st.caption(t("plan_timing", lang, e=f"{tm.get('engine', 0.0):.2f}", s=f"{rest:.2f}"))
        st.caption(sheet.tickets.line(lang) + " · " + t(
            "estimated_visits", lang, e=sum(v.estimated for v in visits), n=len(visits),
            a=sum(v.approximate_location for v in visits)))
        crowd_warning(it, sites, lang, result.request.holiday_extra_minutes)
        for problem in it.must_visit_problems:
            text = md(say(problem.code, problem.params, problem.message, lang, sites))
            st.warning(f"{t('must_problems', lang)}: {text}", icon=":material/warning:")

    # Light HTML tables (st.table), not the canvas data grid, so the itinerary shows fast.
    labels = [day_header(d.day, d.date, lang) for d in it.days]
    with left:
        for day, day_sheet, tab in zip(it.days, sheet.days, st.tabs(labels), strict=True):
            with tab:
                st.markdown(f"<div style='height:4px;background:{day_colour(day.day)}'></div>",
                            unsafe_allow_html=True)
                if not day.visits:
                    st.info(t("no_visits", lang))
                st.table(day_frame(day_sheet, lang))
        st.caption(legend(lang))

    # The two tables below are drawn only once their expander is opened (one rerun of the page,
    # the plan is cached): drawn folded they cost the browser about 0.2 s after every plan click.
    dropped = st.expander(t("dropped", lang, n=len(it.unplanned)), key="plan_dropped_open",
                          on_change="rerun")
    with dropped:
        if dropped.open:
            _dropped_table(it, sites, lang)
    why = st.expander(t("why_title", lang), key="plan_why_open", on_change="rerun")
    with why:
        if why.open:
            _why_table(result, lang)
    edit_panel(result, lang, (event or {}).get("last_clicked"))
    stem = f"jinzhong-{it.days[0].date.isoformat()}-{len(it.days)}d" if it.days else "jinzhong"
    export_buttons(sheet, stem, lang)


def _dropped_table(it: Itinerary, sites: Mapping[str, Site], lang: str) -> None:
    """Each site left out, with its reason in the user's language."""
    st.table(pd.DataFrame(
        {t("reason", lang): [reason_label(u.reason, lang) for u in it.unplanned],
         "": [md(say(u.code, u.params, u.message, lang, sites)) for u in it.unplanned]},
        index=pd.Index([md(site_name(sites[u.site_id], lang) if u.site_id in sites else u.name)
                        for u in it.unplanned], name=t("col_name", lang)),
    ))


def _why_table(result: PlanResult, lang: str) -> None:
    """Each planned site's value and the steps behind it (README: value model)."""
    sites = result.sites
    planned = [v for d in result.itinerary.days for v in d.visits if not v.custom]
    st.table(pd.DataFrame(
        {t("why_value", lang): [v.value for v in planned],
         t("why_because", lang): [md(why_text(result.why(v.site_id), lang)) for v in planned]},
        index=pd.Index([md(site_name(sites[v.site_id], lang)) for v in planned],
                       name=t("col_name", lang)),
    ))
