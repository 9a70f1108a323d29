"""Version 2: private spaces (owners with hashed personal keys) and shares with advisers.

Profiles saved before this version keep ``owner_id`` NULL: they stay the single-person
(loopback) mode's profiles.

Revision ID: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "owners",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("role", sa.String(16), nullable=False),
        sa.Column("name", sa.String(120), nullable=True),
        sa.Column("key_hash", sa.String(255), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    with op.batch_alter_table("profiles") as batch:
        batch.add_column(sa.Column("owner_id", sa.String(36), nullable=True))
        batch.create_foreign_key(
            "fk_profiles_owner", "owners", ["owner_id"], ["id"], ondelete="CASCADE"
        )
        batch.create_index("ix_profiles_owner_id", ["owner_id"])
    op.create_table(
        "shares",
        sa.Column(
            "profile_id",
            sa.String(36),
            sa.ForeignKey("profiles.id", ondelete="CASCADE", name="fk_shares_profile"),
            primary_key=True,
        ),
        sa.Column(
            "adviser_id",
            sa.String(36),
            sa.ForeignKey("owners.id", ondelete="CASCADE", name="fk_shares_adviser"),
            primary_key=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
    )
    op.create_index("ix_shares_adviser_id", "shares", ["adviser_id"])


def downgrade() -> None:
    op.drop_index("ix_shares_adviser_id", "shares")
    op.drop_table("shares")
    with op.batch_alter_table("profiles") as batch:
        batch.drop_index("ix_profiles_owner_id")
        batch.drop_constraint("fk_profiles_owner", type_="foreignkey")
        batch.drop_column("owner_id")
    op.drop_table("owners")
