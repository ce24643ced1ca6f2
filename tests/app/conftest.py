"""AppTest run as the server runs the app: one script cache and one scan for components.

The server compiles each page once (its script cache is shared by every session and rerun)
and scans the installed packages for Streamlit components once, when it starts. AppTest
does both afresh: each run compiles every page again, through Streamlit's "magic" rewrite
of the syntax tree, and each new AppTest reads the metadata of every installed package.
Here one cache and one scan serve the test process, as in the server: the pages' code and
the installed packages do not change while the tests run. The app's own code runs on
every run.
"""

import functools

import pytest


@pytest.fixture(scope="session", autouse=True)
def _compiled_and_scanned_once():
    import streamlit.testing.v1.app_test as app_test
    import streamlit.testing.v1.local_script_runner as local_script_runner
    from streamlit.components.v2 import manifest_scanner
    from streamlit.runtime.scriptrunner.script_cache import ScriptCache

    shared = ScriptCache()
    scan = functools.cache(manifest_scanner.scan_component_manifests)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(app_test, "ScriptCache", lambda: shared)
        mp.setattr(local_script_runner, "ScriptCache", lambda: shared)
        mp.setattr(manifest_scanner, "scan_component_manifests", lambda max_workers=None: list(scan()))
        yield
