"""Saved data: profiles and shortlists in private spaces, with versioned migrations."""

from mlmasters.storage.store import (
    MAX_NAME,
    MAX_SHORTLIST,
    Owner,
    SavedProfile,
    SavedShortlist,
    SharedWith,
    Space,
    Store,
    default_database_url,
)

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
