"""Hand edits on the plan page: move a visit to another day or position, pin any site to any day,
remove a visit, add an own stop (picked on the map or typed), and re-plan.

Each edit is ``routing.service.edits`` applied to the plan's request; the new request goes back
into the form's session keys (pins, exclusions, must-sees, custom stops, layout) and the page
asks the service again: a request with a layout is re-timed at once, without solving, and what
breaks shows on its row (``routing.exports`` rows). "Re-plan" drops the layout and solves around
the pins and the custom stops. The link carries all of it (``cs=``, ``lay=``).
"""

from __future__ import annotations

import streamlit as st

from catalog.safetext import md
from routing.problem import RequestError, TripRequest
from routing.service import PlanResult, edits
from ui.display import site_name
from ui.i18n import t
from ui.plan_text import say_error


def _apply(new: TripRequest) -> None:
    """Put an edited request back into the form's state and plan (re-time) it."""
    ss = st.session_state
    ss["plan_pinned"] = tuple(new.pinned)
    ss["plan_excl"] = list(new.excluded)
    ss["plan_must"] = list(new.must_visit)
    ss["plan_custom"] = tuple(new.custom_stops)
    ss["plan_layout"] = new.layout
    ss["plan_auto"] = True


def _edit(kind: str, lang: str) -> None:
    """Button callback: read the edit panel's widgets and apply one edit."""
    ss = st.session_state
    result: PlanResult | None = ss.get("plan_result")
    if result is None:
        return
    req, it = result.request, result.itinerary
    try:
        if kind == "move":
            new = edits.move(req, it, ss["edit_stop"], int(ss["edit_day"]),
                             int(ss["edit_pos"]) - 1)
        elif kind == "remove":
            new = edits.remove(req, it, ss["edit_stop"])
        elif kind == "pin":
            new = edits.pin(req, it, ss["edit_pin_site"], int(ss["edit_pin_day"]))
        elif kind == "add":
            new = edits.add_custom(req, it, ss.get("edit_cs_name", ""), float(ss["edit_cs_lat"]),
                                   float(ss["edit_cs_lon"]), int(ss["edit_cs_min"]),
                                   int(ss["edit_cs_day"]), int(ss["edit_cs_pos"]) - 1)
        else:  # replan
            new = edits.replan(req)
    except RequestError as exc:
        ss["edit_error"] = say_error(exc, lang, result.sites)
        return
    ss.pop("edit_error", None)
    _apply(new)


def _use_click(lat: float, lon: float) -> None:
    st.session_state["edit_cs_lat"], st.session_state["edit_cs_lon"] = lat, lon


def edit_panel(result: PlanResult, lang: str, clicked: dict | None) -> None:
    """The hand-edit controls under the itinerary. ``clicked`` is the route map's last click."""
    ss = st.session_state
    it, sites = result.itinerary, result.sites
    days = [d.day for d in it.days]

    def stop_label(stop_id: str) -> str:
        site = sites.get(stop_id)
        return site_name(site, lang) if site is not None else stop_id

    stops = {v.site_id: d.day for d in it.days for v in d.visits}
    with st.container(border=True):
        st.markdown(f"**{t('edit_title', lang)}**")
        st.caption(t("edit_help", lang))
        if ss.get("edit_error"):
            st.error(md(ss["edit_error"]), icon=":material/error:")  # may name a typed stop
        if stops:
            c1, c2, c3, c4, c5 = st.columns([4, 2, 2, 1, 1], vertical_alignment="bottom")
            if ss.get("edit_stop") not in stops:
                ss["edit_stop"] = next(iter(stops))
            c1.selectbox(t("edit_stop", lang), list(stops), key="edit_stop",
                         format_func=lambda s: f"D{stops[s]} · {stop_label(s)}")
            c2.selectbox(t("edit_to_day", lang), days, key="edit_day",
                         format_func=lambda n: t("day_label", lang, n=n))
            c3.number_input(t("edit_position", lang), min_value=1, max_value=30, value=1,
                            key="edit_pos")
            c4.button(t("edit_move", lang), key="edit_move", on_click=_edit, args=("move", lang))
            c5.button(t("edit_remove", lang), key="edit_remove", on_click=_edit,
                      args=("remove", lang))
        c1, c2, c3 = st.columns([5, 2, 1], vertical_alignment="bottom")
        choices = sorted((i for i, s in sites.items() if s.kind != "custom"
                          and i not in result.request.excluded),
                         key=lambda i: (i not in stops, stop_label(i)))
        c1.selectbox(t("edit_pin_site", lang), choices, key="edit_pin_site",
                     format_func=stop_label)
        c2.selectbox(t("edit_pin_day", lang), days, key="edit_pin_day",
                     format_func=lambda n: t("day_label", lang, n=n))
        c3.button(t("edit_pin", lang), key="edit_pin", on_click=_edit, args=("pin", lang))

        st.markdown(t("edit_custom", lang))
        st.toggle(t("edit_pick", lang), key="edit_pick")
        if clicked and clicked.get("lat") is not None:
            lat, lon = round(float(clicked["lat"]), 6), round(float(clicked["lng"]), 6)
            st.button(t("edit_use_click", lang, lat=lat, lon=lon), key="edit_use_click",
                      on_click=_use_click, args=(lat, lon))
        ss.setdefault("edit_cs_lat", it.days[0].origin.lat if it.days else 37.2)
        ss.setdefault("edit_cs_lon", it.days[0].origin.lon if it.days else 112.18)
        c1, c2, c3, c4, c5, c6, c7 = st.columns([3, 2, 2, 1.3, 1.3, 1.3, 1],
                                                vertical_alignment="bottom")
        c1.text_input(t("edit_custom_name", lang), key="edit_cs_name", max_chars=60)
        c2.number_input(t("lat", lang), format="%.5f", min_value=-90.0, max_value=90.0,
                        key="edit_cs_lat")
        c3.number_input(t("lon", lang), format="%.5f", min_value=-180.0, max_value=180.0,
                        key="edit_cs_lon")
        c4.number_input(t("edit_custom_minutes", lang), min_value=0, max_value=600, value=60,
                        step=15, key="edit_cs_min")
        c5.selectbox(t("edit_to_day", lang), days, key="edit_cs_day",
                     format_func=lambda n: t("day_label", lang, n=n))
        c6.number_input(t("edit_position", lang), min_value=1, max_value=30, value=1,
                        key="edit_cs_pos")
        c7.button(t("edit_add", lang), key="edit_add", on_click=_edit, args=("add", lang))
        st.button(t("replan_button", lang), key="plan_replan", type="primary",
                  on_click=_edit, args=("replan", lang))
