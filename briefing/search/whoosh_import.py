"""Whoosh imported without the modules its import drags in and a search never runs.

Importing this module before any ``whoosh`` module makes Whoosh's import about twice as
fast, which is most of a one-shot ``briefing search``'s start-up:

- ``whoosh.reading`` takes ``cached_property`` from the package of that name, which
  imports asyncio (with logging, concurrent.futures, ssl) to support coroutines; Whoosh
  decorates one plain method with it.
- ``whoosh.compat`` imports ``urlretrieve`` from ``urllib.request`` (email, http.client,
  ssl), for a download helper that no code of ours reaches.
- ``whoosh.query`` imports English word variations (``whoosh.lang.morph_en``, whose one
  large pattern takes longer to compile than the rest of a search), and
  ``whoosh.analysis`` the double metaphone, for query and filter types we never build.

Each is given a stand-in for the length of these imports only, and taken out of
``sys.modules`` again, so anything imported later gets the real module; the stand-ins of
functions import the real one when called.
"""

from __future__ import annotations

import importlib
import sys
import types


class cached_property:  # noqa: N801 - the name Whoosh imports
    """The ``cached_property`` package's descriptor for plain methods: computed once, then
    an ordinary attribute of the instance (deleting it computes it again)."""

    def __init__(self, func):
        self.__doc__ = getattr(func, "__doc__")
        self.func = func

    def __get__(self, obj, cls):
        if obj is None:
            return self
        value = obj.__dict__[self.func.__name__] = self.func(obj)
        return value


def _on_call(module: str, name: str):
    """A function that imports ``module`` and runs its ``name`` when called."""

    def call(*args, **kwargs):
        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    call.__name__ = call.__qualname__ = name
    call.__doc__ = f"{module}.{name}, imported when first called."
    return call


#: module -> the names Whoosh imports from it.
STAND_INS = {
    "cached_property": {"cached_property": cached_property},
    "urllib.request": {"urlretrieve": _on_call("urllib.request", "urlretrieve")},
    "whoosh.lang.morph_en": {"variations": _on_call("whoosh.lang.morph_en", "variations")},
    "whoosh.lang.dmetaphone": {"double_metaphone": _on_call("whoosh.lang.dmetaphone", "double_metaphone")},
}


def _load() -> None:
    if "whoosh.reading" in sys.modules:
        return
    stand_ins = {}
    for name, attrs in STAND_INS.items():
        if name not in sys.modules:
            module = types.ModuleType(name, "briefing's stand-in while Whoosh imports")
            module.__dict__.update(attrs)
            stand_ins[name] = sys.modules[name] = module
    try:
        import whoosh.compat  # noqa: F401
        import whoosh.analysis  # noqa: F401
        import whoosh.query  # noqa: F401
        import whoosh.reading  # noqa: F401
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


_load()
