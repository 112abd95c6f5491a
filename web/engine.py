"""The one ``SearchIndex`` of an app, opened lazily (like flaskr's ``db.py``).

``SearchIndex`` is thread-safe and refreshes its per-thread searchers when the index
on disk changes, so one instance serves every request and reports indexed while the
server runs show up without a restart.  Nothing here writes to an existing index:
the only write is building the bundled samples' index where none exists yet.
"""

from __future__ import annotations

import threading
from pathlib import Path

from flask import Flask, current_app

import search


class Engine:
    def __init__(
        self,
        index_dir: Path,
        build_samples: bool,
        logger,
        timeout: float | None = None,
        warm_views: bool = False,
    ) -> None:
        self.index_dir = index_dir
        self.warm_views = warm_views
        self.timeout = timeout
        self.build_samples = build_samples
        self.logger = logger
        self._index: search.SearchIndex | None = None
        self._lock = threading.Lock()

    def index(self) -> search.SearchIndex:
        """The shared index; raises ``IndexNotFoundError`` while there is none.

        A failed open is not remembered, so an index built after the server started
        is picked up by the next request.
        """
        if self._index is not None:
            return self._index
        with self._lock:
            if self._index is None:
                if self.build_samples and self._may_build():
                    self._build_samples()
                self._index = search.SearchIndex(
                    self.index_dir, timeout=self.timeout, warm_views=self.warm_views
                )
        return self._index

    def close(self) -> None:
        """Close the index (reopened on next use): ``serve --workers`` forks without it."""
        with self._lock:
            if self._index is not None:
                self._index.close()
                self._index = None

    def _may_build(self) -> bool:
        # Only a missing or empty folder: never write into a folder that holds
        # something else, such as a mistyped path to a real index's parent.
        # Hidden files do not count: the repository's own index/ holds a
        # .gitkeep, and a fresh clone must still build the samples there.
        d = self.index_dir
        if search.index_exists(d):
            return False
        if not d.exists():
            return True
        return d.is_dir() and all(p.name.startswith(".") for p in d.iterdir())

    def _build_samples(self) -> None:
        self.logger.warning(
            "no index at %s: indexing the bundled sample reports there", self.index_dir
        )
        summary = search.index_paths([search.SAMPLES_DIR], self.index_dir)
        self.logger.warning(
            "indexed %d sample reports (%d failed)", summary.total, len(summary.failed)
        )


def init_app(app: Flask) -> None:
    index_dir = search.resolve_index_dir(app.config.get("SEARCH_INDEX") or None)
    app.config["SEARCH_INDEX"] = str(index_dir)
    timeout = float(app.config.get("SEARCH_REQUEST_TIMEOUT") or 0)
    app.extensions["search_engine"] = Engine(
        index_dir,
        bool(app.config["SEARCH_BUILD_SAMPLES"]),
        app.logger,
        timeout or None,
        warm_views=bool(app.config.get("SEARCH_WARM_VIEWS", True)),
    )


def get_engine(app: Flask | None = None) -> Engine:
    return (app or current_app).extensions["search_engine"]


def get_index() -> search.SearchIndex:
    """The app's shared index, opened on first use."""
    return get_engine().index()
