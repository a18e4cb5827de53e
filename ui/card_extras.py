"""The site card's place and pictures: an "open in AMap" link, a mini-map, and the photos
officers uploaded (with their credit and licence), plus the upload form for officers.

The card gets the ``Site`` the catalogue gives the acting user (a masked point stays masked
here: the link and the mini-map use the same coordinates the card shows).
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

import folium
import streamlit as st
from streamlit_folium import st_folium

from catalog import photos as photo_store
from catalog.coords import wgs84_to_gcj02
from catalog.models import Site
from catalog.permissions import Permission
from catalog.problems import Problem
from catalog.repository import Catalog
from catalog.safetext import html as esc
from ui import session, state
from ui.basemap import NO_TILES
from ui.display import kind_colour, primary_kind, site_name
from ui.edit_text import localize
from ui.i18n import t
from ui.maps import _base, add_boundaries

MINI_MAP_PX = 260


def amap_url(site: Site, lang: str = "zh") -> str:
    """AMap's public marker link (uri.amap.com) at the site, in GCJ-02 as AMap expects; on a
    phone with the AMap app it opens there and can navigate."""
    lon_g, lat_g = wgs84_to_gcj02(site.lon, site.lat)
    query = {"position": f"{lon_g:.6f},{lat_g:.6f}", "name": site_name(site, lang),
             "src": "jinzhong-heritage", "coordinate": "gaode", "callnative": "1"}
    return "https://uri.amap.com/marker?" + urlencode(query)


def mini_map(site: Site, near: Sequence[Site], lang: str) -> folium.Map:
    """The site and its neighbours within 10 km over its county's outline, without tiles."""
    points = [(site.lat, site.lon), *((s.lat, s.lon) for s in near)]
    m = _base(NO_TILES, points if len(points) > 1 else [(site.lat, site.lon)], MINI_MAP_PX)
    if len(points) == 1:
        m.options["zoom"] = 12
    outline = state.outlines(state.catalog(), state.db_key(), "none").get(site.county_adcode)
    if outline:
        add_boundaries(m, {site.county_adcode: outline}, lang)
    for other in near:
        folium.CircleMarker((other.lat, other.lon), radius=5, color="#ffffff", weight=1,
                            fill=True, fill_color="#888888", fill_opacity=0.9,
                            tooltip=esc(site_name(other, lang))).add_to(m)
    folium.CircleMarker((site.lat, site.lon), radius=9, color="#ffffff", weight=2, fill=True,
                        fill_color=kind_colour(primary_kind(site)), fill_opacity=1,
                        tooltip=esc(site_name(site, lang)),
                        class_name=f"site-marker site-{site.id}").add_to(m)
    return m


def render_place(site: Site, lang: str, near: Sequence[Site], *, compact: bool) -> None:
    """The AMap link, and (full card) the mini-map with the ``near`` sites."""
    st.link_button(t("open_amap", lang), amap_url(site, lang), icon=":material/near_me:")
    if compact:
        return
    st_folium(mini_map(site, near, lang), key=f"mini_map_{site.id}", height=MINI_MAP_PX,
              use_container_width=True, returned_objects=[])


def render_photos(cat: Catalog, site: Site, lang: str) -> None:
    """The site's photos with credit and licence; officers may add or take one down."""
    shown = photo_store.photos(cat.conn, site.id)
    actor = session.current_actor()
    officer = actor.may(Permission.SITE_EDIT)
    if shown:
        st.markdown(f"**{t('photos', lang)}**")
        cols = st.columns(min(3, len(shown)))
        for i, photo in enumerate(shown):
            with cols[i % len(cols)]:
                credit = t("photo_credit", lang, credit=photo.credit, licence=photo.licence)
                st.image(photo.image, caption=f"{photo.caption} {credit}".strip(),
                         width="stretch")
                if officer and st.button(t("photo_remove", lang), key=f"photo_rm_{photo.id}"):
                    with session.write_conn() as conn:
                        photo_store.remove_photo(conn, actor, photo.id)
                    session.after_write()
                    st.rerun()
    if officer:
        _upload_form(site, lang, actor)


def _upload_form(site: Site, lang: str, actor) -> None:  # noqa: ANN001 - an Actor
    with st.expander(t("photo_add", lang), icon=":material/add_photo_alternate:"):
        with st.form(f"photo_form_{site.id}", clear_on_submit=True):
            upload = st.file_uploader(t("photo_file", lang), type=["jpg", "jpeg", "png", "webp"],
                                      max_upload_size=photo_store.MAX_UPLOAD_BYTES // 2**20)
            credit = st.text_input(t("photo_credit_field", lang), max_chars=photo_store.MAX_TEXT)
            licence = st.selectbox(t("photo_licence", lang), photo_store.LICENCES,
                                   accept_new_options=True, placeholder=t("choose_one", lang))
            caption = st.text_input(t("photo_caption", lang), max_chars=photo_store.MAX_TEXT)
            st.caption(t("photo_rules", lang, mb=photo_store.MAX_UPLOAD_BYTES // 2**20,
                         px=photo_store.MAX_SIDE))
            if not st.form_submit_button(t("photo_save", lang), type="primary"):
                return
        if upload is None:
            st.error(t("photo_no_file", lang))
            return
        try:
            with session.write_conn() as conn:
                photo_store.add_photo(conn, actor, site.id, upload.getvalue(), credit=credit,
                                      licence=licence or "", caption=caption)
        except Problem as exc:
            st.error(localize(exc, lang))
            return
        session.after_write()
        st.success(t("photo_saved", lang))
