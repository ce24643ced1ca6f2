"""The floor for `benchmarks/bench_browser.py`: the least a Streamlit rerun costs here
(three sidebar sliders and a metric), measured the same way as the app's pages."""

import streamlit as st

new = st.sidebar.slider("New", 1, 120, 3, key="new")
active = st.sidebar.slider("Active", 1, 120, 12, key="active")
client = st.sidebar.slider("Client window", 1, 120, 24, key="client")
st.metric("Sum", new + active + client)
