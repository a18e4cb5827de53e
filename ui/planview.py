"""Showing a plan: day tabs with timelines, the route map, dropped sites, pin/remove + re-plan,
and the exports. ``solve`` caches plans by request, so reruns never re-solve (PITFALLS f)."""

from __future__ import annotations

import json
import zlib
from collections.abc import Collection, Mapping
from functools import partial
from urllib.parse import urlencode

import pandas as pd
import streamlit as st
from streamlit_folium import st_folium

from catalog.repository import Catalog
from catalog.safetext import md
from routing.problem_json import request_to_json
from ui import state
from ui.basemap import BASEMAPS, basemap
from ui.display import day_colour, site_name
from ui.exports import day_sheet_html, timeline, to_csv, to_gpx, to_ics, to_xlsx
from ui.i18n import reason_label, t
from ui.maps import route_map
from ui.planning import PlanResult, build_request, run_plan
from ui.urlstate import PlanInputs, to_params

#: Seconds of solver search per plan in the app (the planner's interactive budget).
TIME_LIMIT_S = 1.0


@st.cache_data(show_spinner=False, max_entries=32)
def _cached_plan(request_json: str, db: str, key: str, lang: str) -> PlanResult:
    from routing.problem_json import request_from_json

    return run_plan(request_from_json(json.loads(request_json)), state.db_path(), TIME_LIMIT_S,
                    lang)


def solve(inputs: PlanInputs, known: Collection[str], lang: str) -> PlanResult:
    """Check the inputs and plan (cached per request); PlanInputError for the user to fix."""
    request = build_request(inputs, known, lang)
    text = json.dumps(request_to_json(request), sort_keys=True, ensure_ascii=False)
    with st.spinner(t("planning", lang)):
        return _cached_plan(text, str(state.db_path()), state.db_key(), lang)


def lodging_choices(cat: Catalog, choices: Mapping[str, str]) -> list[str]:
    """Site ids offered as lodging: historic cities and towns first, then every other site."""
    towns = cat.site_ids(kinds=["历史文化名城", "历史文化名镇", "历史文化街区"])
    first = [i for i in towns if i in choices]
    return first + [i for i in choices if i not in set(first)]


def _replan(pins: str, removes: str) -> None:
    """Button callback: fold the pin/remove choices into the form and plan again."""
    ss = st.session_state
    ss["plan_pinned"] = tuple((p.rsplit(":", 1)[0], int(p.rsplit(":", 1)[1]))
                              for p in ss.get(pins, []))
    removed = [p.rsplit(":", 1)[0] for p in ss.get(removes, [])]
    ss["plan_excl"] = list(dict.fromkeys([*ss.get("plan_excl", []), *removed]))
    ss["plan_must"] = [i for i in ss.get("plan_must", []) if i not in removed]
    ss["plan_auto"] = True


def tickets_line(totals: dict, lang: str) -> str:
    """The ticket total, never a bare "0" when prices are unknown (a sum of the known ones)."""
    price, unknown = f"{totals['ticket_cny_per_person']:g}", totals["tickets_unknown"]
    if not unknown:
        return t("tickets_total", lang, p=price)
    if unknown == totals["sites_planned"]:
        return t("tickets_unknown", lang, u=unknown)
    return t("tickets_partial", lang, p=price, u=unknown)


def render_result(result: PlanResult, lang: str) -> None:
    """Everything below the form once there is a plan."""
    it, sites = result.itinerary, result.sites
    totals = it.totals()
    st.subheader(t("result", lang))
    st.markdown(t("totals", lang, n=totals["sites_planned"], dm=totals["drive_minutes"],
                  km=totals["drive_km"], vm=totals["visit_minutes"]))
    visits = [v for d in it.days for v in d.visits]
    st.caption(tickets_line(totals, lang) + " · " + t(
        "estimated_visits", lang, e=sum(v.estimated for v in visits), n=len(visits),
        a=sum(v.approximate_location for v in visits)))
    for problem in it.must_visit_problems:
        st.warning(f"{t('must_problems', lang)}: {md(problem.message)}", icon=":material/warning:")

    # Timeline and map side by side; light HTML tables (st.table), not the canvas data grid,
    # so the itinerary shows fast after a plan.
    left, right = st.columns([5, 6])
    labels = [t("day_tab", lang, n=d.day, date=d.date.isoformat()) for d in it.days]
    with left:
        for day, tab in zip(it.days, st.tabs(labels), strict=True):
            with tab:
                st.markdown(f"<div style='height:4px;background:{day_colour(day.day)}'></div>",
                            unsafe_allow_html=True)
                if not day.visits:
                    st.info(t("no_visits", lang))
                rows = timeline(day, sites, lang)
                st.table(pd.DataFrame(
                    {t("t_what", lang): [md(r["what"]) for r in rows],  # st.table is Markdown
                     t("t_drive", lang): [md(r["drive"]) for r in rows]},
                    index=pd.Index([md(r["time"]) for r in rows], name=t("t_time", lang)),
                ))
    with right:
        st.markdown(f"**{t('route_map', lang)}**")
        bm_key = st.radio(t("basemap", lang), list(BASEMAPS), key="plan_basemap",
                          horizontal=True, label_visibility="collapsed",
                          format_func=lambda k: t(f"bm_{k}", lang))
        fmap = route_map(it, sites, basemap(bm_key), lang)
        st_folium(fmap, key="route_map", height=480, use_container_width=True,
                  returned_objects=[])

    with st.expander(t("dropped", lang, n=len(it.unplanned))):
        st.table(pd.DataFrame(
            {t("reason", lang): [reason_label(u.reason, lang) for u in it.unplanned],
             "": [md(u.message) for u in it.unplanned]},
            index=pd.Index([md(site_name(sites[u.site_id], lang) if u.site_id in sites else u.name)
                            for u in it.unplanned], name=t("col_name", lang)),
        ))

    _replan_controls(result, lang)
    _exports(result, lang)


def _replan_controls(result: PlanResult, lang: str) -> None:
    it, sites = result.itinerary, result.sites
    options = {f"{v.site_id}:{d.day}": f"D{d.day} · {site_name(sites[v.site_id], lang)}"
               for d in it.days for v in d.visits}
    pinned_now = [f"{s}:{d}" for s, d in result.request.pinned if f"{s}:{d}" in options]
    with st.container(border=True):
        st.markdown(f"**{t('replan', lang)}**")
        c1, c2 = st.columns(2)
        version = zlib.crc32("|".join(options).encode())  # fresh widgets for each new plan
        pins_key, removes_key = f"plan_pin_pick_{version}", f"plan_remove_pick_{version}"
        c1.multiselect(t("pin_keep", lang), list(options), default=pinned_now, key=pins_key,
                       format_func=lambda k: options[k], placeholder=t("choose", lang))
        c2.multiselect(t("remove", lang), list(options), key=removes_key,
                       format_func=lambda k: options[k], placeholder=t("choose", lang))
        st.button(t("replan_button", lang), on_click=_replan, args=(pins_key, removes_key),
                  key="plan_replan")


def _exports(result: PlanResult, lang: str) -> None:
    it, sites = result.itinerary, result.sites
    st.markdown(f"**{t('exports', lang)}**")
    stem = f"jinzhong-{it.days[0].date.isoformat()}-{len(it.days)}d" if it.days else "jinzhong"
    cols = st.columns(5)
    # Files are built when a button is clicked (callables), not on every rerun of the page.
    files = (
        ("exp_ics", partial(to_ics, it, sites, lang), "ics", "text/calendar"),
        ("exp_gpx", partial(to_gpx, it, sites, lang), "gpx", "application/gpx+xml"),
        ("exp_csv", lambda: to_csv(it, sites, lang).encode("utf-8-sig"), "csv", "text/csv"),
        ("exp_xlsx", partial(to_xlsx, it, sites, lang), "xlsx",
         "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("exp_html", partial(day_sheet_html, it, sites, lang), "html", "text/html"),
    )
    for col, (label, build, ext, mime) in zip(cols, files, strict=True):
        col.download_button(t(label, lang), build, f"{stem}.{ext}", mime, key=f"dl_{ext}",
                            on_click="ignore")
    inputs = st.session_state.get("plan_inputs")
    if inputs is not None:
        base = (st.context.url or "").split("?", 1)[0]
        st.caption(t("share_link", lang))
        st.code(f"{base}?{urlencode(to_params(inputs))}", language=None)
