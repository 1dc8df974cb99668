"""What every table module shares: the declarative `Base` (one metadata, one naming convention), the
UTC timestamp type and the big-integer id. Imports nothing of ours, so any table module can import it
without a cycle; `inventory.db.tables` gathers every table module onto this `Base.metadata`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Index, Integer, MetaData, text
from sqlalchemy.orm import DeclarativeBase
from sqlalchemy.types import TypeDecorator

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def partial_index(name: str, *columns: Any, where: str, unique: bool = False) -> Index:
    """An index of the rows where `where` holds, the same on SQLite and PostgreSQL."""
    return Index(name, *columns, unique=unique, sqlite_where=text(where), postgresql_where=text(where))


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps in UTC on every database; SQLite gives them back naive, so mark them UTC again."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime: timestamps must be timezone-aware")
        return None if value is None else value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect: object) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


# SQLite only autoincrements INTEGER PRIMARY KEY; PostgreSQL gets BIGINT.
BigId = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
