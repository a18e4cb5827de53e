"""Entry point: `streamlit run app.py`."""

import streamlit as st

st.set_page_config(page_title="晋中文旅", layout="wide")
st.title("晋中文旅")
