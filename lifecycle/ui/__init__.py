"""The app's Streamlit layer: the only place outside pages/ that imports streamlit."""
