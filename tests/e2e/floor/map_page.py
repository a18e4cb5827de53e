"""Benchmark floor: ``one_marker.py`` as our map page is reached, minus our content.

A two-page ``st.navigation`` app opened at its deep link ``/map`` (Streamlit's frontend first
probes ``/map/_stcore/health``, then connects at ``/``), with one selectbox in the sidebar, as
every page of the app has its language switch there (the frontend renders the main area only
after the sidebar's lazily loaded widget code has arrived), and one marker through ``st_folium``.
"""

import folium
import streamlit as st
from streamlit_folium import st_folium

from ui.assets import use_local_assets


def home() -> None:
    st.title("首页")


def site_map() -> None:
    use_local_assets()
    fmap = folium.Map(location=(37.2, 112.2), zoom_start=9)  # OSM tiles, as the map page
    folium.CircleMarker((37.2, 112.2), radius=6, class_name="site-marker").add_to(fmap)
    st.title("地图")
    st_folium(fmap, key="floor", height=620, use_container_width=True, returned_objects=[])


st.sidebar.selectbox("语言", ["zh", "en"], key="lang")
st.navigation([st.Page(home, title="首页", url_path="home", default=True),
               st.Page(site_map, title="地图", url_path="map")]).run()
