"""Keeping the garbage collector's full passes out of keypresses."""

from __future__ import annotations

import gc


def freeze_long_lived() -> None:
    """Exempt what is alive now (the open index, the entity table, the widgets) from
    the garbage collector's full passes. There are hundreds of thousands of such
    objects, so every full pass, which comes every few searches, took about 100 ms in
    the middle of a keypress; after this it only walks what came later. Done after a
    sync and the search that follows it, not per keypress, so the cyclic garbage it
    might keep alive is a one-off, not a growing leak."""
    gc.freeze()
