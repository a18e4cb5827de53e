"""Catalogue: a searchable, sortable table of sites with CSV/GeoJSON of the current selection."""

import streamlit as st

from catalog.report import to_csv, to_geojson, to_xlsx
from ui import state
from ui.display import designations_text, list_sep, site_name
from ui.filters import filtered_sites, kept, restore, sidebar_filters
from ui.guard import guard_page
from ui.i18n import level_label, precision_label, t, theme_label

ROW_PX = 35  # Streamlit's default row height

guard_page(__file__)
lang = state.lang()
county_names = state.county_names(lang)
st.title(t("page_catalogue", lang))
restore(("f_text",))
left, right = st.columns([3, 1], vertical_alignment="bottom")
text = left.text_input(t("f_text", lang), **kept("f_text"), placeholder=t("search_example", lang),
                       max_chars=200)
with right.popover(t("filters", lang), icon=":material/filter_list:", width="stretch"):
    filters = sidebar_filters(with_text=False, container=st.container())
filters = (("text", (text or "").strip()), *filters[1:])
sites = filtered_sites(filters)
if sites is not None:
    st.caption(t("n_site" if len(sites) == 1 else "n_sites", lang, n=len(sites)))
    rows = [
        {
            "name": s.name_zh,
            "name_en": site_name(s, "en"),
            "pinyin": s.pinyin,
            "county": county_names.get(s.county_adcode, s.county_zh),
            "designations": designations_text(s, lang),
            "level": level_label(s.best_level(), lang),
            "themes": list_sep(lang).join(theme_label(x, lang) for x in s.themes),
            "precision": precision_label(s.coord_precision, lang),
            "id": s.id,
        }
        for s in sites
    ]
    st.caption(t("table_pick_hint", lang))
    # Picking a row opens the card in this tab and session (a link column opened a new tab with a
    # fresh session: Chinese again, filters gone). The table is as tall as its rows, up to 560 px.
    picked = st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        height=min(560, ROW_PX * (len(rows) + 1) + 3),
        row_height=ROW_PX,
        key="catalogue_table",
        on_select="rerun",
        selection_mode="single-row",
        column_config={
            "name": t("col_name", lang),
            "name_en": t("col_name_en", lang),
            "pinyin": t("col_pinyin", lang),
            "county": t("col_county", lang),
            "designations": t("col_designations", lang),
            "level": t("col_level", lang),
            "themes": t("col_themes", lang),
            "precision": t("col_precision", lang),
            "id": "id",
        },
    )
    chosen = picked.selection.rows if picked else []
    if chosen:
        st.switch_page("pages/site.py", query_params={"site": rows[chosen[0]]["id"]})
    c1, c2, c3, _ = st.columns([1, 1, 1, 3])
    c1.download_button(t("download_csv", lang), to_csv(sites).encode("utf-8-sig"),
                       file_name="jinzhong-sites.csv", mime="text/csv")
    c2.download_button(t("download_geojson", lang), to_geojson(sites).encode("utf-8"),
                       file_name="jinzhong-sites.geojson", mime="application/geo+json")
    c3.download_button(t("download_xlsx", lang), to_xlsx(sites), file_name="jinzhong-sites.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
