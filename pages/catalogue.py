"""Catalogue: a searchable, sortable table of sites with CSV/GeoJSON of the current selection."""

import streamlit as st

from catalog.report import to_csv, to_geojson, to_xlsx
from ui import state
from ui.display import site_name
from ui.filters import filtered_sites, sidebar_filters
from ui.guard import guard_page
from ui.i18n import kind_label, level_label, precision_label, t, theme_label

guard_page(__file__)
lang = state.lang()
county_names = {c.adcode: (c.name_en if lang == "en" else c.name_zh)
                for c in state.catalog().counties()}
filters = sidebar_filters(with_text=False)
st.title(t("page_catalogue", lang))
text = st.text_input(t("f_text", lang), key="f_text", placeholder="王家 · wangjia · Pingyao")
filters = (("text", (text or "").strip()), *filters[1:])
sites = filtered_sites(filters)
if sites is not None:
    st.caption(t("n_sites", lang, n=len(sites)))
    rows = [
        {
            "card": f"/site?site={s.id}",
            "name": s.name_zh,
            "name_en": site_name(s, "en"),
            "pinyin": s.pinyin,
            "county": county_names.get(s.county_adcode, s.county_zh),
            "designations": "；".join(
                f"{kind_label(d.kind, lang)}（{level_label(d.level, lang)}）" for d in s.designations
            ),
            "level": level_label(s.best_level(), lang),
            "themes": "、".join(theme_label(x, lang) for x in s.themes),
            "precision": precision_label(s.coord_precision, lang),
            "id": s.id,
        }
        for s in sites
    ]
    st.dataframe(
        rows,
        hide_index=True,
        width="stretch",
        height=560,
        column_config={
            "card": st.column_config.LinkColumn(t("col_card", lang),
                                                display_text=t("card_link", lang), width="small"),
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
    c1, c2, c3, _ = st.columns([1, 1, 1, 3])
    c1.download_button(t("download_csv", lang), to_csv(sites).encode("utf-8-sig"),
                       file_name="jinzhong-sites.csv", mime="text/csv")
    c2.download_button(t("download_geojson", lang), to_geojson(sites).encode("utf-8"),
                       file_name="jinzhong-sites.geojson", mime="application/geo+json")
    c3.download_button(t("download_xlsx", lang), to_xlsx(sites), file_name="jinzhong-sites.xlsx",
                       mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
