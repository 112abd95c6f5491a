"""The Whoosh store: the only code of this project that imports ``whoosh``."""

from __future__ import annotations

from .files import index_exists, remove_unreferenced
from .store import WhooshStore

__all__ = ["WhooshStore", "index_exists", "remove_unreferenced"]
