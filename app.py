"""lifecycle: the app. Routes over the pages in pages/ and draws the sidebar shared by all of them.

streamlit run app.py
"""

from lifecycle.ui.shell import run_app

run_app()
