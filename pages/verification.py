"""Officers: the verification queue (核查清单) — fix estimated, unknown and coarse facts in place.

Many rows at a time: each row is one fact of one site, with the value as it stands, a new value
and its source. Saving sends every filled row through ``catalog.verification.apply_fixes`` (the
edit form's validation, permissions, version check and history); a refused row keeps its input
and says why.
"""

import streamlit as st

from catalog import verification
from catalog.safetext import md
from ui import session, state
from ui.display import site_name
from ui.edit_text import localize, tx
from ui.guard import guard_page
from ui.i18n import t

PAGE_SIZE = 15
lang = state.lang()
actor = guard_page(__file__)
ss = st.session_state
st.title(t("page_verification", lang))
st.caption(tx("q_intro", lang))
for kind in ("success", "error"):
    for line in ss.pop(f"q_flash_{kind}", []):
        getattr(st, kind)(md(line))

_cat = state.catalog()
conn = _cat.conn  # the session's read-only connection: every read of this run
items = verification.queue(conn)
done = verification.progress(conn, items)

cols = st.columns(len(done))
for col, (fact, figures) in zip(cols, done.items(), strict=True):
    col.caption(tx(f"q_fact_{fact}", lang))
    col.progress(figures["done"] / max(1, figures["total"]),
                 text=tx("q_progress", lang, **figures))

counts = {f: sum(1 for i in items if i.fact == f) for f in verification.FACTS}
fact = st.segmented_control(
    tx("q_fact", lang), verification.FACTS, key="q_fact", default="hours",
    format_func=lambda f: f"{tx(f'q_fact_{f}', lang)} ({counts[f]})") or "hours"
rows = [i for i in items if i.fact == fact]
if not rows:
    st.success(tx("q_empty", lang))
    st.stop()
pages = (len(rows) + PAGE_SIZE - 1) // PAGE_SIZE
page = st.number_input(tx("q_page", lang), 1, pages, 1, key=f"q_page_{fact}") if pages > 1 else 1
shown = rows[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]


def why(item: verification.QueueItem) -> str:
    return " · ".join(tx(f"q_why_{r}", lang) for r in item.reasons)


_english = ({s.id: site_name(s, "en") for s in _cat.get_many(i.site_id for i in items)}
            if lang == "en" else {})
_counties = state.county_names(lang)


def label(item: verification.QueueItem) -> str:
    """The site as the officer reads it: in English the English name with the Chinese one (the
    name in the sources being checked) and the county in English."""
    if lang != "en":
        return f"{item.name_zh} · {item.county_zh}"
    name = _english.get(item.site_id, item.name_zh)
    name = name if name == item.name_zh else f"{name} ({item.name_zh})"
    return f"{name} · {_counties.get(item.county_adcode) or item.county_zh}"


if fact not in verification.FIXABLE:  # a designation's level: the edit form has the table
    for item in shown:
        st.markdown(md(f"{label(item)} — {item.current}"))
        st.page_link("pages/officer_edit.py", label=tx("q_edit_link", lang),
                     query_params={"site": item.site_id}, icon=":material/edit:")
    st.stop()

if fact == "hours":
    st.caption(tx("q_hours_hint", lang))
with st.form(f"q_form_{fact}_{page}"):
    head = st.columns([3, 3, 3, 2])
    for col, key in zip(head, ("q_site", "q_current", "q_new", "q_source"), strict=True):
        col.markdown(f"**{tx(key, lang)}**")
    keys = []
    for item in shown:
        c1, c2, c3, c4 = st.columns([3, 3, 3, 2])
        c1.markdown(md(label(item)))
        if item.reasons:
            c1.caption(why(item))
        c2.markdown(md(item.current or "—"))
        base = f"q_{fact}_{item.site_id}_{item.version}"
        c3.text_input(tx("q_new", lang), key=f"{base}_value", label_visibility="collapsed")
        c4.text_input(tx("q_source", lang), key=f"{base}_source", label_visibility="collapsed")
        keys.append((item, base))
    go = st.form_submit_button(tx("q_save", lang), type="primary")

if go:
    fixes = [verification.Fix(item.site_id, item.version, fact, str(ss.get(f"{b}_value") or ""),
                              str(ss.get(f"{b}_source") or "")) for item, b in keys]
    with session.write_conn() as wconn:  # the one write of the page
        outcomes = verification.apply_fixes(wconn, actor, fixes)
    saved = [o for o in outcomes if o.result is not None]
    refused = [o for o in outcomes if o.problem is not None]
    if saved:
        session.after_write()
        ss["q_flash_success"] = [tx("q_saved", lang, n=len(saved))]
    if refused:
        names = {i.site_id: label(i) for i in items}
        ss["q_flash_error"] = [tx("q_refused", lang, site=names.get(o.fix.site_id, o.fix.site_id),
                                  reason=localize(o.problem, lang)) for o in refused]
    st.rerun()
