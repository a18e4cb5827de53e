"""Officers: edit 非遗 items and the greenways' stops, with history and revert.

Each save sends the version the form was loaded at (``catalog.records``: validation, permission,
version check and a logged change); the history under each form lists every change field by
field and reverts to any earlier version.
"""

import sqlite3
from collections.abc import Callable
from typing import Any

import streamlit as st

from catalog import records
from catalog.editing import EditError
from catalog.models import LEVELS
from catalog.permissions import PermissionDenied
from catalog.repository import live_site_names
from catalog.safetext import md
from catalog.validation import ValidationFailed
from ui import session, state
from ui.changes import history_columns, history_rows
from ui.edit_text import localize, tx
from ui.guard import guard_page
from ui.i18n import level_label, t

lang = state.lang()
actor = guard_page(__file__)
conn = state.catalog().conn  # the session's read-only connection: every read of this run
ss = st.session_state
st.title(t("page_officer_records", lang))
if (flash := ss.pop("rec_flash", None)) is not None:
    st.success(md(flash))


def show_problem(exc: Exception) -> None:
    """A refused save: every field's message, or the one reason, in the user's language."""
    if isinstance(exc, ValidationFailed):
        for field, msg in exc.errors.items():
            st.error(md(f"{field}: {localize(msg, lang)}"))
    else:
        st.error(md(localize(exc, lang)))


def write(change: Callable[[sqlite3.Connection], Any],
          flash: Callable[[Any], str]) -> None:
    """Run one save or revert in a write transaction; on success show ``flash(result)`` after a
    rerun, on refusal the reasons (nothing was changed)."""
    try:
        with session.write_conn() as wconn:
            saved = change(wconn)
        session.after_write()
        ss["rec_flash"] = flash(saved)
        st.rerun()
    except (ValidationFailed, EditError, PermissionDenied) as exc:
        show_problem(exc)


def saved_flash(saved: Any) -> str:
    return (tx("saved", lang, v=saved.version) if saved.change_id
            else tx("nothing_changed", lang))


def history_block(entity: str, entity_id: str, version: int) -> None:
    """The change list of one record (the site history's table) and a revert form."""
    changes = records.history_of(conn, actor, entity, entity_id)
    st.markdown(f"**{tx('rec_history', lang)}**")
    if not changes:
        st.caption(tx("history_empty", lang))
    rows = history_rows(changes, lang)
    if rows:
        st.dataframe(rows, hide_index=True, width="stretch", key=f"rec_hist_{entity}",
                     column_config=history_columns(lang))
    if version > 1:
        target = st.selectbox(tx("revert_to", lang), list(range(version - 1, 0, -1)),
                              key=f"rec_revert_v_{entity}_{entity_id}")
        if st.button(tx("revert", lang), key=f"rec_revert_{entity}_{entity_id}"):
            write(lambda conn: records.revert(conn, actor, entity, entity_id, int(target),
                                              version),
                  lambda saved: tx("reverted", lang, to=target, v=saved.version))


tab_ich, tab_green = st.tabs([tx("rec_intangible", lang), tx("rec_greenways", lang)])

with tab_ich:
    counties = state.county_names("zh")  # Chinese names, in either UI language
    site_names = live_site_names(conn)
    labels = {i: f"{name} · {i}" for i, name in records.intangible_names(conn).items()}
    item_id = st.selectbox(tx("rec_item", lang), list(labels), format_func=labels.get,
                           key="rec_item")
    item = records.intangible_state(conn, item_id)
    k = f"{item_id}:{item['version']}"
    with st.form(f"rec_item_form_{k}"):
        values = {
            "name_zh": st.text_input(tx("rec_name", lang), item["name_zh"] or "", key=f"ri_n_{k}"),
            "category": st.text_input(tx("rec_category", lang), item["category"] or "",
                                      key=f"ri_c_{k}"),
        }
        levels = [lv for lv in LEVELS if lv != "world"]
        values["level"] = st.selectbox(tx("rec_level", lang), levels,
                                       index=levels.index(item["level"]),
                                       format_func=lambda v: level_label(v, lang), key=f"ri_l_{k}")
        c1, c2, c3 = st.columns(3)
        values["batch"] = c1.text_input(tx("rec_batch", lang), item["batch"] or "", key=f"ri_b_{k}")
        values["year"] = c2.text_input(tx("rec_year", lang), str(item["year"] or ""),
                                       key=f"ri_y_{k}")
        values["ref_no"] = c3.text_input(tx("rec_ref", lang), item["ref_no"] or "", key=f"ri_r_{k}")
        county_opts = ["", *counties]
        values["county_adcode"] = st.selectbox(
            tx("rec_county", lang), county_opts, index=county_opts.index(item["county_adcode"] or ""),
            format_func=lambda a: counties.get(a, "—"), key=f"ri_co_{k}")
        site_opts = ["", *site_names]
        values["site_id"] = st.selectbox(
            tx("rec_site", lang), site_opts,
            index=site_opts.index(item["site_id"]) if item["site_id"] in site_opts else 0,
            format_func=lambda i: f"{site_names[i]} · {i}" if i else "—", key=f"ri_s_{k}")
        values["source"] = st.text_input(tx("rec_source", lang), item["source"] or "",
                                         key=f"ri_src_{k}")
        go = st.form_submit_button(tx("save", lang), type="primary")
    if go:
        write(lambda conn: records.update_intangible(conn, actor, item_id, item["version"],
                                                     values), saved_flash)
    history_block("intangible", item_id, item["version"])

with tab_green:
    names = records.greenway_names(conn)
    greenway_id = st.selectbox(tx("rec_greenway", lang), list(names), format_func=names.get,
                               key="rec_greenway")
    way = records.greenway_state(conn, greenway_id)
    k = f"{greenway_id}:{way['version']}"
    st.caption(tx("rec_stops_help", lang))
    with st.form(f"rec_green_form_{k}"):
        name_zh = st.text_input(tx("rec_name", lang), way["name_zh"] or "", key=f"rg_n_{k}")
        name_en = st.text_input(tx("rec_name_en", lang), way["name_en"] or "", key=f"rg_e_{k}")
        table = st.data_editor(
            [{"order": i, "name_in_plan": s["name_in_plan"], "site_ids": ";".join(s["site_ids"]),
              "source": s["source"]} for i, s in enumerate(way["stops"], 1)],
            num_rows="dynamic", width="stretch", key=f"rg_stops_{k}",
            column_config={
                "order": st.column_config.NumberColumn(tx("rec_order", lang), step=1),
                "name_in_plan": st.column_config.TextColumn(tx("rec_stop_name", lang)),
                "site_ids": st.column_config.TextColumn(tx("rec_stop_sites", lang)),
                "source": st.column_config.TextColumn(tx("rec_source", lang)),
            })
        go = st.form_submit_button(tx("save", lang), type="primary")
    if go:
        rows = table.to_dict("records") if hasattr(table, "to_dict") else list(table)
        stops = records.stops_from_rows(rows)
        write(lambda conn: records.update_greenway(
            conn, actor, greenway_id, way["version"],
            {"name_zh": name_zh, "name_en": name_en, "stops": stops}), saved_flash)
    history_block("greenway", greenway_id, way["version"])
