"""App-side helpers: may import streamlit, folium and pydeck (``catalog`` and ``routing`` never do)."""
