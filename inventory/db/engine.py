"""Engines for SQLite (the embedded default) and PostgreSQL (production).

SQLite writes start with BEGIN IMMEDIATE so concurrent writers queue on the database lock instead
of failing half-way; reads use a second engine with plain deferred transactions so they never wait.
"""

from __future__ import annotations

import asyncio
import sqlite3
import time
from typing import Any

from sqlalchemy import event
from sqlalchemy.dialects import registry
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.util.concurrency import await_

from inventory.settings import async_database_url

registry.register("sqlite.inline", "inventory.db.sqlite_inline", "SQLiteDialect_inline")


LOCK_TIMEOUT_S = 30


def begin_immediate(dbapi_connection: sqlite3.Connection) -> None:
    """Take SQLite's write lock; while another process holds it, wait on the event loop, not in it.

    Runs inside SQLAlchemy's greenlet, so `await_` suspends this transaction and the loop serves
    other requests until the next try.
    """
    deadline = time.monotonic() + LOCK_TIMEOUT_S
    pause = 0.001
    while True:
        try:
            dbapi_connection.execute("BEGIN IMMEDIATE")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                # As SQLAlchemy would have wrapped it: the API answers 503, try again later.
                raise OperationalError("BEGIN IMMEDIATE", None, exc) from exc
        await_(asyncio.sleep(pause))
        pause = min(pause * 2, 0.05)


def _sqlite_engine(url: str, *, immediate: bool) -> AsyncEngine:
    # One writer connection: writers queue in the pool (first come, first served) instead of
    # racing for the database lock in SQLite's busy handler, which backs off up to 100 ms a try.
    pool = {"pool_size": 1, "max_overflow": 0, "pool_timeout": 60} if immediate else {}
    if immediate:
        url = url.replace("sqlite+aiosqlite://", "sqlite+inline://", 1)
    engine = create_async_engine(url, connect_args={"timeout": 0 if immediate else LOCK_TIMEOUT_S}, **pool)

    @event.listens_for(engine.sync_engine, "connect")
    def on_connect(dbapi_connection: Any, _record: Any) -> None:
        # Let us issue BEGIN ourselves (pysqlite's own transaction handling would hide it).
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        for pragma in (
            "journal_mode=WAL",
            "synchronous=NORMAL",
            "foreign_keys=ON",
            # The in-process writer must never sleep in SQLite's busy handler (that would stall the
            # event loop): it waits for the lock in begin_immediate instead. Readers may wait.
            "busy_timeout=0" if immediate else f"busy_timeout={LOCK_TIMEOUT_S * 1000}",
            "cache_size=-32768",  # 32 MiB of page cache instead of 2: stock reads scan many pages
            "mmap_size=268435456",
        ):
            cursor.execute(f"PRAGMA {pragma}")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def on_begin(conn: Any) -> None:
        if immediate:
            begin_immediate(conn.connection.dbapi_connection)
        else:
            conn.exec_driver_sql("BEGIN")

    return engine


class Database:
    """The engines and session factories of one database."""

    def __init__(self, url: str, *, echo: bool = False):
        self.url = async_database_url(url)
        self.is_sqlite = self.url.startswith("sqlite")
        if self.is_sqlite:
            self.write_engine = _sqlite_engine(self.url, immediate=True)
            self.read_engine = _sqlite_engine(self.url, immediate=False)
        else:
            # No pre-ping: it costs a round trip per request. After a server restart the first
            # request on a dead connection fails (503) and SQLAlchemy discards the whole pool.
            self.write_engine = create_async_engine(self.url, echo=echo, pool_size=20, max_overflow=10)
            self.read_engine = self.write_engine
        self.write_sessions = async_sessionmaker(self.write_engine, expire_on_commit=False)
        self.read_sessions = async_sessionmaker(self.read_engine, expire_on_commit=False)

    async def dispose(self) -> None:
        await self.write_engine.dispose()
        if self.read_engine is not self.write_engine:
            await self.read_engine.dispose()
