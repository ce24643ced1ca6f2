import pytest

from tests.e2e.browser import _streamlit


@pytest.fixture(scope="module")
def server():
    """The app served once per test module."""
    with _streamlit() as url:
        yield url
