"""Saved data: profiles and shortlists in private spaces, with versioned migrations.

``store.py`` opens the database and keeps the spaces' owners and keys; ``space.py`` is what
one person may do; ``records.py`` the records handed out; ``transfer.py`` the export and
import formats; ``schema.py``, ``versioning.py`` and ``migrations/`` the tables and their
versions; ``keys.py`` the keys and their hashes.
"""

from mlmasters.storage.records import (
    MAX_NAME,
    MAX_SHORTLIST,
    Owner,
    SavedProfile,
    SavedShortlist,
    SharedWith,
)
from mlmasters.storage.space import Space
from mlmasters.storage.store import Store, default_database_url

__all__ = [
    "MAX_NAME",
    "MAX_SHORTLIST",
    "Owner",
    "SavedProfile",
    "SavedShortlist",
    "SharedWith",
    "Space",
    "Store",
    "default_database_url",
]
