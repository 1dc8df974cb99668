"""SQLite for the write engine, run inline on the event loop thread.

aiosqlite hands every cursor call to its own thread and back (about four round trips a statement);
a scan's short, indexed write transaction spent most of its CPU on those hand-offs. SQLAlchemy's
asyncio layer only needs a dialect that says it is async: the sync driver then runs inside the
greenlet without ever yielding, so a write transaction costs no thread switches at all.

Only for writes: they are short, indexed, and queue on one connection anyway. Reads stay on
aiosqlite's thread so a long report never stalls the event loop.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from sqlalchemy import pool
from sqlalchemy.dialects.sqlite.pysqlite import SQLiteDialect_pysqlite
from sqlalchemy.engine import URL
from sqlalchemy.util.concurrency import await_, in_greenlet


async def _ready() -> None:
    """An awaitable that never waits."""


def _yield_to_asyncio_layer() -> None:
    # SQLAlchemy's AsyncConnection.execute insists the driver awaited something (its guard against a
    # sync driver used by mistake). One switch to the event-loop side and straight back is enough.
    if in_greenlet():
        await_(_ready())


class _Cursor(sqlite3.Cursor):
    def execute(self, *args: Any) -> Any:
        _yield_to_asyncio_layer()
        return super().execute(*args)

    def executemany(self, *args: Any) -> Any:
        _yield_to_asyncio_layer()
        return super().executemany(*args)

    async def _async_soft_close(self) -> None:
        """Called by SQLAlchemy's asyncio results on async drivers' cursors; nothing is pending here."""


class _Connection(sqlite3.Connection):
    def cursor(self, factory: Any = _Cursor) -> Any:
        return super().cursor(factory)


class SQLiteDialect_inline(SQLiteDialect_pysqlite):  # noqa: N801 - SQLAlchemy's dialect naming
    driver = "inline"
    is_async = True
    supports_statement_cache = True

    @classmethod
    def get_pool_class(cls, url: URL) -> type[pool.Pool]:
        # An asyncio-aware queue: a writer waiting for the connection awaits instead of blocking the loop.
        return pool.AsyncAdaptedQueuePool

    def connect(self, *cargs: Any, **cparams: Any) -> Any:
        cparams.setdefault("factory", _Connection)
        return super().connect(*cargs, **cparams)

    def get_driver_connection(self, connection: Any) -> Any:
        return connection


dialect = SQLiteDialect_inline
