"""Small helpers shared by tests."""

from __future__ import annotations

import tempfile


def temp_db_url() -> str:
    """A fresh SQLite database outside the data directories the tests compare."""
    return f"sqlite:///{tempfile.mkdtemp(prefix='mlm-db-')}/db.sqlite"
