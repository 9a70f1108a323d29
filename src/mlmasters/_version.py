"""Package version (kept in one place; the snapshot's provenance records it)."""

__version__ = "0.1.0"

#: Bumped whenever the snapshot's tables or columns change. A snapshot built with
#: another schema version is refused at load time.
SNAPSHOT_SCHEMA_VERSION = 1
