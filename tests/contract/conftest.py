"""The engine contract: every test here that takes ``engine`` runs once per installed engine.

A new engine (a module listed in briefing.search.registry) passes these before it ships;
nothing here knows which engines there are.
"""

from __future__ import annotations

import pytest

from briefing.search.registry import installed

ENGINES = installed()


@pytest.fixture(params=ENGINES)
def engine(request) -> str:
    return request.param
