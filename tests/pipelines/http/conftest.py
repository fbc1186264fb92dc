"""The HTTP layer's tests answer from respx, at the Density v2 base URL unless a test says so."""

import pytest
import respx

from tests.fixtures.http import BASE


@pytest.fixture
def router():
    with respx.mock(base_url=BASE, assert_all_called=False) as mock:
        yield mock
