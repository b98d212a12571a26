"""Progress bars for long sweeps: shown in notebooks, silent under tests (HOPLIB_QUIET=1)."""

from __future__ import annotations

import os

from tqdm.std import tqdm  # plain text bar: renders in executed notebooks and HTML pages

__all__ = ["progress"]


def progress(iterable, **kwargs):
    """Wrap ``iterable`` in a tqdm bar unless ``HOPLIB_QUIET`` is set to a non-empty value."""
    kwargs.setdefault("disable", bool(os.environ.get("HOPLIB_QUIET")))
    return tqdm(iterable, **kwargs)
