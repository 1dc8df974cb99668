"""Bulk writers: SQLAlchemy Core executemany on SQLite, COPY (asyncpg) on PostgreSQL.

Both take plain row tuples in column order, so the generator does not care which database it fills.
Explicit ids are written (operations and movements share them), so PostgreSQL's sequences are moved
past them at the end, or the service's first insert would collide.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence
from typing import Any, Protocol

from sqlalchemy import create_engine, event

from inventory.db.tables import Base

Row = tuple[Any, ...]
SERIAL_TABLES = (
    "sites",
    "locations",
    "items",
    "batches",
    "users",
    "operations",
    "movements",
    "donors",
    "grants",
    "budget_lines",
    "cost_layers",
)


JSON_COLUMNS = {"grants": frozenset({"restrictions"})}


class Writer(Protocol):
    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Row]) -> None: ...

    def finish(self) -> None: ...

    def close(self) -> None: ...


class SqliteWriter:
    """One transaction over a pysqlite connection; Core applies the column types (UTC timestamps)."""

    def __init__(self, path: str):
        self.engine = create_engine(f"sqlite:///{path}")

        @event.listens_for(self.engine, "connect")
        def tune(dbapi_connection: Any, _record: Any) -> None:
            # A fresh file that is thrown away if generation fails: durability buys nothing here.
            cursor = dbapi_connection.cursor()
            for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-1000000", "temp_store=MEMORY"):
                cursor.execute(f"PRAGMA {pragma}")
            cursor.close()

        self.connection = self.engine.connect()
        self.transaction = self.connection.begin()

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
        if rows:
            self.connection.execute(
                Base.metadata.tables[table].insert(), [dict(zip(columns, row, strict=True)) for row in rows]
            )

    def finish(self) -> None:
        self.transaction.commit()
        # The service runs in WAL mode; set it now so the first server start does not rewrite the file.
        self.connection.exec_driver_sql("PRAGMA journal_mode=WAL")

    def close(self) -> None:
        self.connection.close()
        self.engine.dispose()


class PostgresWriter:
    """COPY per chunk inside one transaction; FK and CHECK constraints stay on."""

    def __init__(self, dsn: str):
        import asyncpg

        self.runner = asyncio.Runner()
        self.connection = self.runner.run(asyncpg.connect(dsn))
        self.transaction = self.connection.transaction()
        self.runner.run(self.transaction.start())

    def insert(self, table: str, columns: Sequence[str], rows: Sequence[Row]) -> None:
        if table in JSON_COLUMNS:  # COPY takes JSON as text; Core (SQLite) serialises it itself
            at = [n for n, c in enumerate(columns) if c in JSON_COLUMNS[table]]
            rows = [tuple(json.dumps(v) if n in at else v for n, v in enumerate(row)) for row in rows]
        if rows:
            self.runner.run(self.connection.copy_records_to_table(table, records=rows, columns=list(columns)))

    def finish(self) -> None:
        for table in SERIAL_TABLES:
            self.runner.run(
                self.connection.execute(
                    f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                    f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"
                )
            )
        self.runner.run(self.transaction.commit())
        # Steady state for the planner: statistics and a visibility map (index-only scans), as
        # autovacuum would leave a long-running database.
        self.runner.run(self.connection.execute("VACUUM (ANALYZE)"))

    def close(self) -> None:
        try:
            self.runner.run(self.connection.close())
        finally:
            self.runner.close()
