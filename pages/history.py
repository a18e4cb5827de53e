"""A site's history (who, when, each field's before/after) and revert to an earlier version."""

import streamlit as st

from catalog import editing, history
from catalog.editing import EditConflict, EditError
from catalog.permissions import PermissionDenied
from catalog.safetext import md
from ui import session, state
from ui.changes import action_label, history_columns, history_rows
from ui.edit_text import localize, tx
from ui.guard import guard_page
from ui.hourstext import describe_hours_change
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

conn = cat.conn  # the session's read-only connection: every read of this run
current = editing.site_state(conn, site_id)
changes = history.site_history(conn, actor, site_id)  # HISTORY_READ is checked there
st.caption(md(tx("version_info", lang, v=current["version"], by=current["updated_by"],
                        at=current["updated_at"])))
if not changes:
    st.info(tx("history_empty", lang))
else:
    for c in reversed(changes):  # one line per change; the table below has each field
        what = action_label(c, lang)
        st.markdown(md(f"v{c.version} · {c.at} · {c.actor} · {what}: ")
                    + "、".join(f"`{f}`" for f in c.diff if f != "hours"))  # a fixed set
        if "hours" in c.diff:  # the hours change as people say it, not two JSON blobs
            st.markdown("\n".join(f"- {md(line)}" for line in
                                   describe_hours_change(*c.diff["hours"], lang)))
    st.dataframe(history_rows(changes, lang), hide_index=True, width="stretch", key="hist_table",
                 column_config=history_columns(lang))

if current["version"] > 1:
    with st.form("revert"):
        target = st.selectbox(tx("revert_to", lang), list(range(current["version"] - 1, 0, -1)),
                              key="revert_version")
        go = st.form_submit_button(tx("revert", lang))
    if go:
        try:
            with session.write_conn() as wconn:
                result = history.revert_site(wconn, actor, site_id, int(target), current["version"])
            session.after_write()
            st.session_state["hist_flash"] = tx("reverted", lang, to=target, v=result.version)
            st.rerun()
        except (EditConflict, EditError, PermissionDenied) as exc:
            st.error(md(localize(exc, lang)))
flash = st.session_state.pop("hist_flash", None)
if flash:
    st.success(flash)
