"""The sidebar filters shared by the map and catalogue pages; they mirror ``Catalog.site_ids``."""

from __future__ import annotations

import streamlit as st

from catalog.models import DESIGNATION_KINDS, LEVELS, THEMES
from catalog.safetext import md
from ui import state
from ui.i18n import kind_label, level_label, t, theme_label

FILTER_KEYS = ("f_text", "f_kinds", "f_levels", "f_counties", "f_themes", "f_greenways")


KEEP = "kept_filters"  # a plain session key: Streamlit drops a widget's value on a page without it


def _clear() -> None:
    for key in FILTER_KEYS:
        st.session_state.pop(key, None)
    st.session_state.pop(KEEP, None)


def restore(keys: tuple[str, ...] = FILTER_KEYS) -> None:
    """Give the filter widgets ``keys`` the values chosen on another page before drawing them
    (Streamlit starts a widget on another page from its default, as with the language box)."""
    ss = st.session_state
    kept = ss.get(KEEP, {})
    for key in keys:
        if key in ss:
            ss[key] = ss[key]  # assigning makes this page's widget start from it
        elif key in kept:
            ss[key] = kept[key]


def kept(key: str) -> dict:
    """Widget arguments for a filter whose value follows the visitor from page to page."""
    return {"key": key, "on_change": _keep_one, "args": (key,)}


def _keep_one(key: str) -> None:  # on_change: runs before the script, so _restore sees it
    st.session_state.setdefault(KEEP, {})[key] = st.session_state.get(key)


def _keep() -> None:
    st.session_state[KEEP] = {k: st.session_state[k] for k in FILTER_KEYS if k in st.session_state}


def sidebar_filters(*, with_text: bool = True, container: object = None) -> state.Filters:
    """Draw the filter widgets (in ``container``, else the sidebar) and return the chosen filters
    (hashable). The map and catalogue pages put them in a popover above the content: on a phone
    the sidebar is folded away, and a filter there was out of reach."""
    lang = state.lang()
    cat = state.catalog()
    counties = state.county_names(lang)
    greenways = {
        g.id: (g.name_en if lang == "en" else g.name_zh)
        for g, _ in state.greenway_routes(cat, state.db_key())
    }
    restore(FILTER_KEYS if with_text else FILTER_KEYS[1:])
    sb = container if container is not None else st.sidebar
    if container is None:
        sb.subheader(t("filters", lang))
    text = sb.text_input(t("f_text", lang), **kept("f_text"), max_chars=200) if with_text else ""
    kinds = sb.multiselect(t("f_kinds", lang), DESIGNATION_KINDS, **kept("f_kinds"),
                           format_func=lambda k: kind_label(k, lang),
                           placeholder=t("choose", lang), select_all=False)
    levels = sb.multiselect(t("f_levels", lang), LEVELS, **kept("f_levels"),
                            format_func=lambda v: level_label(v, lang),
                            placeholder=t("choose", lang), select_all=False)
    county_codes = sb.multiselect(t("f_counties", lang), list(counties), **kept("f_counties"),
                                  format_func=lambda c: counties.get(c, c),
                                  placeholder=t("choose", lang), select_all=False)
    themes = sb.multiselect(t("f_themes", lang), THEMES, **kept("f_themes"),
                            format_func=lambda v: theme_label(v, lang),
                            placeholder=t("choose", lang), select_all=False)
    gws = sb.multiselect(t("f_greenways", lang), list(greenways), **kept("f_greenways"),
                         format_func=lambda g: greenways.get(g, g),
                         placeholder=t("choose", lang), select_all=False)
    sb.button(t("f_reset", lang), on_click=_clear)
    _keep()
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
