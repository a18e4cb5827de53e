"""Officers: import sites from CSV, Excel or GeoJSON — all or nothing, every bad row listed.

A problem that repeats is shown once with the lines it occurs on, in the user's language.
"""

import streamlit as st

from catalog import importer
from catalog.permissions import PermissionDenied
from catalog.safetext import md
from ui import session, state
from ui.edit_text import localize, tx
from ui.guard import guard_page
from ui.i18n import t

lang = state.lang()
actor = guard_page(__file__)
st.title(t("page_officer_import", lang))
st.caption(tx("import_help", lang))
with st.form("import"):
    upload = st.file_uploader(tx("import_file", lang), type=["csv", "xlsx", "geojson", "json"],
                              key="import_file")
    dry = st.checkbox(tx("dry_run", lang), value=True, key="import_dry")
    go = st.form_submit_button(tx("run_import", lang), type="primary")

if go and upload is not None:
    suffix = "." + upload.name.rsplit(".", 1)[-1]
    try:
        with session.write_conn() as conn:
            report = importer.import_bytes(conn, actor, upload.getvalue(), suffix,
                                           name=upload.name, dry_run=dry)
    except (importer.ImportFailed, PermissionDenied) as exc:
        st.error(md(localize(exc, lang)))
    else:
        for note in report.notes:
            st.info(md(localize(note, lang)))
        if report.ok:
            if not dry:
                session.after_write()
            verb = tx("dry_run", lang) if dry else tx("run_import", lang)
            st.success(tx("import_ok", lang, verb=verb, c=len(report.created),
                          u=len(report.updated), n=len(report.unchanged)))
        else:
            bad = len({line for line, _ in report.problems})
            st.error(tx("import_bad", lang, bad=bad, rows=report.rows))
            for reason, lines in report.grouped()[:20]:
                shown = "、".join(map(str, lines[:10])) if lang == "zh" else ", ".join(
                    map(str, lines[:10]))
                if len(lines) > 10:
                    shown += " " + tx("and_more", lang, n=len(lines) - 10)
                key = "line_problem" if len(lines) == 1 else "lines_problem"
                st.markdown(md(tx(key, lang, line=shown, lines=shown,
                                         reason=localize(reason, lang))))
            st.dataframe([{tx("line", lang): line, tx("reason", lang): localize(reason, lang)}
                          for line, reason in report.problems], hide_index=True,
                         width="stretch", key="import_problems")
