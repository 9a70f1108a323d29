"""Alembic's environment: migrations run on the connection ``storage.versioning`` passes.

There is no alembic.ini: ``mlmasters db upgrade`` (and the check at start) build the
configuration in code, so the migrations ship inside the package and need no files
beside the database.
"""

from __future__ import annotations

from alembic import context

from mlmasters.storage.schema import metadata

connection = context.config.attributes["connection"]
context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
