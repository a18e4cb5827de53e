"""A site's history (who, when, each field's before/after) and revert to an earlier version."""

import json

import streamlit as st

from catalog import editing, history
from catalog.editing import EditConflict, EditError
from catalog.hours import changes as hours_changes
from catalog.permissions import PermissionDenied
from catalog.safetext import md
from ui import session, state
from ui.edit_text import TEXT, localize, tx
from ui.guard import guard_page
from ui.hourstext import describe_hours_change, hours_word, season_label
from ui.i18n import t

lang = state.lang()
actor = guard_page(__file__)
st.title(t("page_history", lang))
cat = state.catalog()
ids = cat.site_ids(include_retired=True)
names = {s.id: f"{s.name_zh} · {s.id}" + (tx("retired_mark", lang) if s.retired else "")
         for s in cat.get_many(ids)}
wanted = st.query_params.get("site")
site_id = st.selectbox(tx("choose_site", lang), ids, format_func=lambda i: names.get(i, i),
                       index=ids.index(wanted) if wanted in ids else 0, key="hist_site")


def _cell(value: object) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)


def change_rows(diff: dict, lang: str) -> list[dict]:
    """One table row per changed field; opening hours one row per readable change."""
    rows = []
    for field, (before, after) in diff.items():
        if field == "hours":
            label = t("hours", lang)
            for item in hours_changes(before, after):
                where = season_label(item["season"], lang) + " " if item["season"] else ""
                rows.append({"field": f"{label} · {where}{hours_word(item['field'], lang)}",
                             "before": _cell(item["before"]), "after": _cell(item["after"])})
        else:
            rows.append({"field": field, "before": _cell(before), "after": _cell(after)})
    return rows


with session.write_conn() as conn:
    current = editing.site_state(conn, site_id)
    changes = history.site_history(conn, actor, site_id)
st.caption(md(tx("version_info", lang, v=current["version"], by=current["updated_by"],
                        at=current["updated_at"])))
if not changes:
    st.info(tx("history_empty", lang))
else:
    def action(c: history.Change) -> str:
        name = tx(f"action_{c.action}", lang) if f"action_{c.action}" in TEXT else c.action
        return name + (f" → v{c.reverts_to}" if c.reverts_to else "")

    rows = [
        {"v": c.version, "at": c.at, "by": c.actor, "action": action(c), **row}
        for c in reversed(changes) for row in change_rows(c.diff, lang)
    ]
    for c in reversed(changes):  # one line per change; the table below has each field
        what = action(c)
        st.markdown(md(f"v{c.version} · {c.at} · {c.actor} · {what}: ")
                    + "、".join(f"`{f}`" for f in c.diff if f != "hours"))  # a fixed set
        if "hours" in c.diff:  # the hours change as people say it, not two JSON blobs
            st.markdown("\n".join(f"- {md(line)}" for line in
                                   describe_hours_change(*c.diff["hours"], lang)))
    st.dataframe(rows, hide_index=True, width="stretch", key="hist_table", column_config={
        col: st.column_config.Column(tx(f"col_{name}", lang)) for col, name in (
            ("v", "version"), ("at", "at"), ("by", "by"), ("action", "action"),
            ("field", "field"), ("before", "before"), ("after", "after"))})

if current["version"] > 1:
    with st.form("revert"):
        target = st.selectbox(tx("revert_to", lang), list(range(current["version"] - 1, 0, -1)),
                              key="revert_version")
        go = st.form_submit_button(tx("revert", lang))
    if go:
        try:
            with session.write_conn() as conn:
                result = history.revert_site(conn, actor, site_id, int(target), current["version"])
            session.after_write()
            st.session_state["hist_flash"] = tx("reverted", lang, to=target, v=result.version)
            st.rerun()
        except (EditConflict, EditError, PermissionDenied) as exc:
            st.error(md(localize(exc, lang)))
flash = st.session_state.pop("hist_flash", None)
if flash:
    st.success(flash)
