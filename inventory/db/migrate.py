"""Alembic, driven from code: `inventory migrate`, `inventory serve` and the tests call this."""

from __future__ import annotations

from alembic import command
from alembic.config import Config

from inventory.settings import async_database_url


def alembic_config(database_url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", "inventory.db:migrations")
    config.set_main_option("sqlalchemy.url", async_database_url(database_url).replace("%", "%%"))
    return config


def upgrade(database_url: str, revision: str = "head") -> None:
    """Bring the schema to `revision`. Must run outside an event loop (Alembic starts its own)."""
    command.upgrade(alembic_config(database_url), revision)
