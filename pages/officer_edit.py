"""Officers: create a site, edit any field and its designations, set the point on the map, retire.

Saving sends the version the form was loaded at; if someone saved in between, the domain layer
refuses and this page shows who changed it, when, and the current values.
"""

import json

import streamlit as st
from streamlit_folium import st_folium

from catalog import editing
from catalog.defaults import SITE_KINDS
from catalog.masking import PUBLIC_PRECISIONS
from catalog.models import DESIGNATION_KINDS, END_REASONS, LEVELS, PRECISIONS, THEMES
from catalog.permissions import PermissionDenied
from catalog.problems import message
from catalog.repository import site_names
from catalog.safetext import md
from catalog.validation import ValidationFailed
from ui import session, state
from ui.basemap import basemap
from ui.edit_text import (
    designation_label,
    field_label,
    localize,
    site_kind_label,
    tx,
)
from ui.editform import (
    DESIGNATION_COLUMNS,
    clicked_point,
    designation_rows,
    designations_from_editor,
    edit_map,
)
from ui.guard import guard_page
from ui.hoursform import hours_columns, hours_value
from ui.hourstext import editor_rows
from ui.i18n import end_reason_label, level_label, precision_label, t

NEW = "__new__"
lang = state.lang()
actor = guard_page(__file__)
ss = st.session_state
st.title(t("page_officer_edit", lang))
for kind in ("success", "info"):
    if (msg := ss.pop(f"edit_flash_{kind}", None)) is not None:
        getattr(st, kind)(md(msg))

# the pick lists through the session's read-only connection (every site, retired ones too);
# counties by their Chinese names in either UI language, as before
sites = site_names(state.catalog().conn)
counties = state.county_names("zh")
labels = {NEW: tx("new_site", lang)}
labels.update({sid: f"{name} · {sid}" + (tx("retired_mark", lang) if retired else "")
               for sid, (name, retired) in sites.items()})
ids = list(labels)
wanted = ss.pop("edit_goto", None)
if wanted is None and st.query_params.get("site") != ss.get("edit_qp_seen"):
    wanted = ss["edit_qp_seen"] = st.query_params.get("site")  # a link, applied once
if wanted in labels:
    ss["edit_site"] = wanted
if ss.get("edit_site") not in labels:
    ss["edit_site"] = ids[1] if len(ids) > 1 else NEW
site_id = st.selectbox(tx("choose_site", lang), ids, format_func=labels.get, key="edit_site")

with session.write_conn() as conn:
    current = editing.site_state(conn, site_id) if site_id != NEW else None
if current is None:  # a new site starts in 平遥 with the defaults of a temple
    current = {f: None for f in editing.STATE_FIELDS} | {
        "county_adcode": "140728", "lat": 37.2003, "lon": 112.1795, "coord_precision": "site",
        "kind": "temple", "themes": [], "designations": [], "version": 0, "retired": False}
base = ss.setdefault("edit_base", {})
if site_id not in base:
    base[site_id] = current["version"]
version = base[site_id]
k = f"{site_id}:{version}"  # widget keys: a new version loads fresh values
if site_id != NEW:
    st.caption(md(tx("version_info", lang, v=current["version"], by=current["updated_by"],
                            at=current["updated_at"])))

conflict = ss.get("edit_conflict")
if conflict and conflict["site"] == site_id:
    st.error(f"{tx('conflict', lang)}: {md(conflict['message'])}")
    st.caption(tx("current_values", lang))
    st.dataframe([{"field": f, "value": v if isinstance(v, str) else json.dumps(
        v, ensure_ascii=False)} for f, v in conflict["current"].items()],
        hide_index=True, key="conflict_table")
    if st.button(tx("reload", lang), key="conflict_reload"):
        base[site_id] = current["version"]
        ss.pop("edit_conflict")
        st.rerun()

# --- the point, set by clicking the map (outside the form: a click must rerun) ----------
lat_key, lon_key, prec_key = f"ed_lat_{k}", f"ed_lon_{k}", f"ed_precision_{k}"
ss.setdefault(lat_key, float(current["lat"]))
ss.setdefault(lon_key, float(current["lon"]))
bm = basemap(ss.get("map_basemap", "none"))
st.caption(tx("map_help", lang))
event = st_folium(edit_map(bm, ss[lat_key], ss[lon_key]), key=f"edit_map_{site_id}",
                  height=360, width="stretch", returned_objects=["last_clicked"])
point = clicked_point(event, bm.crs)
src_key = f"ed_coord_source_{k}"
ss.setdefault(src_key, current["coord_source"] or "")
if point is not None and ss.get("edit_click_seen") != (k, point):
    ss["edit_click_seen"] = (k, point)
    ss[lat_key], ss[lon_key] = point
    ss[prec_key] = "site"  # a point placed on the map is a site-precision point
    ss[src_key] = f"map click by {actor.name} ({bm.key} basemap)"  # the old source no longer holds
ss.setdefault(prec_key, current["coord_precision"])
st.markdown(md(tx("point_preview", lang, lat=ss[lat_key], lon=ss[lon_key],
                         precision=precision_label(ss[prec_key], lang))))

errors = ss.get("edit_errors", {}) if ss.get("edit_errors_for") == k else {}


def note(field: str) -> None:
    """The validation message of ``field``, right under its widget."""
    if field in errors:
        st.error(md(localize(errors[field], lang)), icon=":material/error:")


def refused(exc: Exception) -> None:
    """A write the catalogue refused: a version conflict is shown with the current values
    (after a rerun), anything else as one line."""
    if isinstance(exc, editing.EditConflict):
        ss["edit_conflict"] = {"site": site_id, "message": localize(exc, lang),
                               "current": exc.current}
        st.rerun()
    st.error(md(exc))


with st.form(f"edit_form_{k}"):
    values = {}

    def label(field: str, required: bool = False) -> str:
        return field_label(field, lang, required=required)

    values["name_zh"] = st.text_input(label("name_zh", True), current["name_zh"] or "",
                                      key=f"ed_name_zh_{k}")
    note("name_zh")
    values["name_en"] = st.text_input(label("name_en"), current["name_en"] or "",
                                      key=f"ed_name_en_{k}")
    note("name_en")
    c1, c2, c3 = st.columns(3)
    with c1:
        values["county_adcode"] = st.selectbox(
            label("county_adcode", True), list(counties),
            format_func=lambda a: f"{counties[a]} {a}",
            index=list(counties).index(current["county_adcode"]), key=f"ed_county_{k}")
        note("county_adcode")
    with c2:
        values["township"] = st.text_input(label("township"), current["township"] or "",
                                           key=f"ed_township_{k}")
        note("township")
    with c3:
        values["village"] = st.text_input(label("village"), current["village"] or "",
                                          key=f"ed_village_{k}")
        note("village")
    values["address"] = st.text_input(label("address"), current["address"] or "",
                                      key=f"ed_address_{k}")
    note("address")
    c1, c2, c3 = st.columns(3)
    with c1:
        values["lat"] = st.number_input(label("lat", True), key=lat_key, format="%.6f", step=1e-6)
        note("lat")
    with c2:
        values["lon"] = st.number_input(label("lon", True), key=lon_key, format="%.6f", step=1e-6)
        note("lon")
    with c3:
        values["coord_precision"] = st.selectbox(
            label("coord_precision", True), PRECISIONS, key=prec_key,
            format_func=lambda p: f"{precision_label(p, lang)} ({p})")
        note("coord_precision")
    values["coord_source"] = st.text_input(label("coord_source"), key=src_key)
    note("coord_source")
    public_options = ["", *PUBLIC_PRECISIONS]
    values["public_precision"] = st.selectbox(
        label("public_precision"), public_options,
        index=public_options.index(current.get("public_precision") or ""),
        format_func=lambda p: tx(f"public_{p or 'exact'}", lang), help=tx("public_help", lang),
        key=f"ed_public_{k}") or None
    note("public_precision")
    c1, c2 = st.columns(2)
    with c1:
        values["kind"] = st.selectbox(label("kind", True), SITE_KINDS,
                                      index=SITE_KINDS.index(current["kind"]), key=f"ed_kind_{k}",
                                      format_func=lambda v: site_kind_label(v, lang))
        note("kind")
    with c2:
        values["themes"] = st.multiselect(label("themes"), THEMES, default=current["themes"], select_all=False,
                                          key=f"ed_themes_{k}", placeholder=t("choose", lang))
    c1, c2, c3, c4 = st.columns(4)
    with c1:
        values["visit_minutes"] = st.number_input(
            label("visit_minutes"), min_value=0, max_value=100000, step=5,
            value=int(current["visit_minutes"] or 60), key=f"ed_visit_{k}")
        note("visit_minutes")
    with c2:
        values["visit_minutes_estimated"] = st.checkbox(
            label("visit_minutes_estimated"), bool(current["visit_minutes_estimated"]),
            key=f"ed_visit_est_{k}")
    with c3:
        ticket = st.text_input(label("ticket_cny"),
                               "" if current["ticket_cny"] is None else f"{current['ticket_cny']:g}",
                               key=f"ed_ticket_{k}")
        values["ticket_cny"] = ticket.strip() or None
        note("ticket_cny")
    with c4:
        values["ticket_estimated"] = st.checkbox(
            label("ticket_estimated"),
            bool(current["ticket_estimated"]) if site_id != NEW else True,
            key=f"ed_ticket_est_{k}")
    c1, c2 = st.columns([1, 3])
    with c1:
        values["recommendation"] = st.number_input(
            label("recommendation"), min_value=0.0, max_value=5.0, step=0.1,
            value=float(1.0 if current.get("recommendation") is None
                        else current["recommendation"]), key=f"ed_reco_{k}")
        note("recommendation")
    with c2:
        values["recommendation_note"] = st.text_input(
            label("recommendation_note"), current.get("recommendation_note") or "",
            key=f"ed_reco_note_{k}").strip() or None
        note("recommendation_note")
    # Opening hours as a table of seasons (not JSON): real values typed here are the site's own
    # hours, so they are saved as not estimated with the source the officer gives.
    st.markdown(f"**{tx('hours_form', lang)}**"
                + (f" :orange-badge[{t('estimated', lang)}]" if (current["hours"] or {}).get(
                    "estimated", True) else ""))
    always = st.checkbox(tx("hours_always", lang), bool((current["hours"] or {}).get(
        "always_open")), key=f"ed_hours_always_{k}")
    hours_table = st.data_editor(
        editor_rows(current["hours"]), num_rows="dynamic", key=f"ed_hours_{k}", width="stretch",
        column_config=hours_columns(lang))
    c1, c2 = st.columns([3, 1])
    hours_source = c1.text_input(tx("hours_source", lang), "" if (current["hours"] or {}).get(
        "estimated", True) else (current["hours"] or {}).get("source", ""),
        key=f"ed_hours_source_{k}")
    hours_verified = c2.checkbox(tx("hours_verified", lang), not (current["hours"] or {}).get(
        "estimated", True), key=f"ed_hours_verified_{k}")
    note("hours")
    values["note"] = st.text_area(label("note"), current["note"] or "", key=f"ed_note_{k}")
    note("note")
    st.caption(tx("designations_help", lang))
    edited = st.data_editor(
        designation_rows(current["designations"]), num_rows="dynamic", key=f"ed_desig_{k}",
        width="stretch",
        column_config={
            **{c: st.column_config.Column(designation_label(c, lang))
               for c in DESIGNATION_COLUMNS},
            "kind": st.column_config.SelectboxColumn(designation_label("kind", lang),
                                                     options=DESIGNATION_KINDS),
            "level": st.column_config.SelectboxColumn(
                designation_label("level", lang), options=LEVELS,
                format_func=lambda v: f"{level_label(v, lang)} ({v})"),
            "year": st.column_config.NumberColumn(designation_label("year", lang), min_value=1900,
                                                  max_value=2100, step=1),
            "ended": st.column_config.TextColumn(designation_label("ended", lang),
                                                 help="YYYY-MM-DD"),
            "end_reason": st.column_config.SelectboxColumn(
                designation_label("end_reason", lang), options=END_REASONS,
                format_func=lambda v: f"{end_reason_label(v, lang)} ({v})"),
        },
    )
    note("designations")
    submitted = st.form_submit_button(tx("create" if site_id == NEW else "save", lang),
                                      type="primary")

if submitted:
    values["designations"] = designations_from_editor(edited)
    ss.pop("edit_errors", None)
    try:
        typed = hours_value(current["hours"], hours_table, always, hours_source, hours_verified)
        if typed is not None:
            values["hours"] = typed
    except ValueError as exc:
        ss["edit_errors"], ss["edit_errors_for"] = {"hours": message(exc)}, k
        st.rerun()
    try:
        with session.write_conn() as conn:
            if site_id == NEW:
                result = editing.create_site(conn, actor, values)
                ss["edit_goto"] = result.site_id
                ss["edit_flash_success"] = tx("created", lang, id=result.site_id)
            else:
                result = editing.update_site(conn, actor, site_id, version, values)
                base[site_id] = result.version
                ss["edit_flash_success" if result.change_id else "edit_flash_info"] = (
                    tx("saved", lang, v=result.version) if result.change_id
                    else tx("nothing_changed", lang))
        session.after_write()
        st.rerun()
    except ValidationFailed as exc:
        ss["edit_errors"], ss["edit_errors_for"] = exc.errors, k
        st.rerun()
    except (editing.EditError, PermissionDenied) as exc:
        refused(exc)
if errors:
    st.error(tx("fix_fields", lang))

if site_id != NEW:
    st.divider()
    retired = bool(current["retired"])
    sure = st.checkbox(tx("confirm", lang), key=f"retire_sure_{k}")
    if st.button(tx("unretire" if retired else "retire", lang), key=f"retire_{k}", disabled=not sure):
        try:
            with session.write_conn() as conn:
                result = editing.set_retired(conn, actor, site_id, version, not retired)
            base[site_id] = result.version
            ss["edit_flash_success"] = tx("retired_done", lang) if not retired else tx(
                "saved", lang, v=result.version)
            session.after_write()
            st.rerun()
        except (editing.EditError, PermissionDenied) as exc:
            refused(exc)
