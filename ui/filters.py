"""The sidebar filters shared by the map and catalogue pages; they mirror ``Catalog.site_ids``."""

from __future__ import annotations

import streamlit as st

from catalog.models import DESIGNATION_KINDS, LEVELS, THEMES
from catalog.safetext import md
from ui import state
from ui.i18n import kind_label, level_label, t, theme_label

FILTER_KEYS = ("f_text", "f_kinds", "f_levels", "f_counties", "f_themes", "f_greenways")


def _clear() -> None:
    for key in FILTER_KEYS:
        st.session_state.pop(key, None)


def sidebar_filters(*, with_text: bool = True) -> state.Filters:
    """Draw the filter widgets in the sidebar and return the chosen filters (hashable)."""
    lang = state.lang()
    cat = state.catalog()
    counties = {c.adcode: (c.name_en if lang == "en" else c.name_zh) for c in cat.counties()}
    greenways = {
        g.id: (g.name_en if lang == "en" else g.name_zh)
        for g, _ in state.greenway_routes(cat, state.db_key())
    }
    sb = st.sidebar
    sb.subheader(t("filters", lang))
    text = sb.text_input(t("f_text", lang), key="f_text") if with_text else ""
    kinds = sb.multiselect(t("f_kinds", lang), DESIGNATION_KINDS, key="f_kinds",
                           format_func=lambda k: kind_label(k, lang), placeholder=t("choose", lang))
    levels = sb.multiselect(t("f_levels", lang), LEVELS, key="f_levels",
                            format_func=lambda v: level_label(v, lang),
                            placeholder=t("choose", lang))
    county_codes = sb.multiselect(t("f_counties", lang), list(counties), key="f_counties",
                                  format_func=lambda c: counties.get(c, c),
                                  placeholder=t("choose", lang))
    themes = sb.multiselect(t("f_themes", lang), THEMES, key="f_themes",
                            format_func=lambda v: theme_label(v, lang),
                            placeholder=t("choose", lang))
    gws = sb.multiselect(t("f_greenways", lang), list(greenways), key="f_greenways",
                         format_func=lambda g: greenways.get(g, g), placeholder=t("choose", lang))
    sb.button(t("f_reset", lang), on_click=_clear)
    return (
        ("text", (text or "").strip()),
        ("kinds", tuple(kinds)),
        ("levels", tuple(levels)),
        ("counties", tuple(county_codes)),
        ("themes", tuple(themes)),
        ("greenways", tuple(gws)),
    )


def filtered_sites(filters: state.Filters) -> list | None:
    """Sites for ``filters``, or None after showing the catalogue's message for a bad filter."""
    try:
        return state.sites_for(filters)
    except ValueError as exc:
        st.error(t("filter_error", state.lang(), msg=md(exc)))
        return None
