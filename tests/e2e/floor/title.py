"""Benchmark floor: a Streamlit page holding only a title (``python -m tests.e2e.bench``).

With an empty browser cache this is the least any page of a Streamlit app costs on this machine:
Streamlit's own JavaScript, the websocket and one script run, before any map or widget.
"""

import streamlit as st

st.title("晋中文旅")
