"""Benchmark floor: one site-classed marker through ``st_folium`` with the vendored Leaflet.

The least a streamlit-folium map costs with an empty browser cache: Streamlit's JavaScript, its
component loader, streamlit-folium's iframe bundle and Leaflet, with no widgets and one point.
``static`` beside this file links to the app's ``static/`` (Streamlit serves the main script's
folder's ``static/``).
"""

import folium
import streamlit as st
from streamlit_folium import st_folium

from ui.assets import use_local_assets

use_local_assets()
fmap = folium.Map(location=(37.2, 112.2), zoom_start=9)  # OSM tiles, as the map page
folium.CircleMarker((37.2, 112.2), radius=6, class_name="site-marker").add_to(fmap)
st.title("晋中文旅")
st_folium(fmap, key="floor", height=620, use_container_width=True, returned_objects=[])
