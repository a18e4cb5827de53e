"""Home: what the catalogue holds against the plan's figures, the greenways, and where to start."""

import streamlit as st

from catalog import verification
from catalog.report import stats
from catalog.safetext import md
from ui import state
from ui.display import stop_name
from ui.edit_text import tx
from ui.guard import guard_page
from ui.i18n import kind_label, level_label, plan_figure_label, t

guard_page(__file__)
lang = state.lang()
cat = state.catalog()


@st.cache_data(show_spinner=False, max_entries=4)
def _stats(_cat: object, key: str) -> dict:
    return stats(_cat)  # type: ignore[arg-type]


@st.cache_data(show_spinner=False, max_entries=4)
def _progress(_cat: object, key: str) -> dict:
    return verification.progress(_cat.conn)  # type: ignore[attr-defined]


figures = _stats(cat, state.db_key())
st.title(t("app_title", lang))
st.write(t("home_intro", lang))

cols = st.columns(4)
cols[0].metric(t("home_sites", lang), figures["sites"])
cols[1].metric(t("home_intangible", lang), sum(figures["intangible"].values()))
cols[2].metric(t("home_greenways", lang), len(figures["greenways"]))
cols[3].metric(t("home_data_as_of", lang), figures["data_as_of"][:10])

st.subheader(t("home_entry", lang))
links = st.columns(5)
links[0].page_link("pages/map.py", label=t("page_map", lang), icon=":material/map:")
links[1].page_link("pages/catalogue.py", label=t("page_catalogue", lang), icon=":material/table:")
links[2].page_link("pages/greenways.py", label=t("page_greenways", lang), icon=":material/route:")
links[3].page_link("pages/plan.py", label=t("page_plan", lang), icon=":material/event_note:")
links[4].page_link("pages/site.py", label=t("page_site", lang), icon=":material/account_balance:")

left, right = st.columns(2)
with left:
    st.subheader(t("home_designations", lang))
    rows = [
        {t("f_kinds", lang): kind_label(kind, lang), t("f_levels", lang): level_label(level, lang),
         t("home_sites", lang): n}
        for kind, levels in figures["designations"].items()
        for level, n in levels.items()
    ]
    st.dataframe(rows, hide_index=True, width="stretch")
with right:
    st.subheader(t("home_coverage", lang))
    plan_keys = {c["source"].split("#", 1)[0] for c in figures["plan_coverage"]}
    titles = [cat.sources().get(k, {}).get("title", k) for k in sorted(plan_keys)]
    st.caption(t("home_coverage_note", lang, plan="；".join(titles)))
    coverage = [
        {t("col_label", lang): plan_figure_label(c["key"], c["label_zh"], lang),
         t("f_levels", lang): t("all_levels", lang) if c["level"] == "all"
         else level_label(c["level"], lang),
         t("col_plan", lang): c["plan"], t("col_catalogue", lang): c["catalogue"],
         t("col_percent", lang): c["percent"]}
        for c in figures["plan_coverage"]
    ]
    st.dataframe(coverage, hide_index=True, width="stretch", column_config={
        t("col_percent", lang): st.column_config.ProgressColumn(
            t("col_percent", lang), min_value=0, max_value=100, format="%.1f%%")})

# How much of what the catalogue holds is verified rather than estimated (the officers' queue).
st.subheader(tx("home_verify", lang))
verify_cols = st.columns(5)
for col, (fact, done) in zip(verify_cols, _progress(cat, state.db_key()).items(), strict=False):
    col.progress(done["done"] / max(1, done["total"]),
                 text=f"{tx(f'q_fact_{fact}', lang)}: {tx('q_progress', lang, **done)}")

st.subheader(t("home_greenways", lang))
gcols = st.columns(3)
for col, (greenway, _sites) in zip(gcols, state.greenway_routes(cat, state.db_key()), strict=False):
    with col.container(border=True):
        first, second = ((greenway.name_en, greenway.name_zh) if lang == "en"
                         else (greenway.name_zh, greenway.name_en))
        st.markdown(f"**{md(first)}**  \n{md(second)}")
        st.caption(f"{len(greenway.stops)} {t('stops', lang)}: "
                   + " → ".join(md(stop_name(stop[1], lang)) for stop in greenway.stops))
        st.page_link("pages/greenways.py", label=t("gw_open", lang),
                     icon=":material/route:", query_params={"greenway": greenway.id})
