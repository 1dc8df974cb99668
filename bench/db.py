"""Small synchronous access to the benchmark database (SQLite file or PostgreSQL) for set-up and checks.

The service's own async stack is what is measured; these helpers only prepare and inspect.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any

from inventory.settings import async_database_url


def backend_of(url: str) -> str:
    async_url = async_database_url(url)
    if async_url.startswith("sqlite"):
        return "sqlite"
    if async_url.startswith("postgresql"):
        return "postgresql"
    raise ValueError(f"unsupported database URL: {safe_url(url)}")


def sqlite_path(url: str) -> Path:
    path = url.split(":///", 1)[1]
    if not path or path.startswith(":memory:"):
        raise ValueError("the benchmark needs a SQLite file, not an in-memory database")
    return Path(path)


def pg_dsn(url: str) -> str:
    """asyncpg wants a plain postgresql:// DSN."""
    return "postgresql://" + async_database_url(url).split("://", 1)[1]


def safe_url(url: str) -> str:
    if "@" in url and "://" in url:
        scheme, rest = url.split("://", 1)
        return f"{scheme}://***@{rest.rsplit('@', 1)[1]}"
    return url


def fetch(url: str, sql: str) -> list[tuple[Any, ...]]:
    """Rows of one query (no parameters: callers format only integers they made themselves)."""
    if backend_of(url) == "sqlite":
        with sqlite3.connect(sqlite_path(url), timeout=30) as connection:
            return [tuple(row) for row in connection.execute(sql).fetchall()]
    return asyncio.run(_pg_fetch(pg_dsn(url), sql))


def scalar(url: str, sql: str) -> Any:
    rows = fetch(url, sql)
    return rows[0][0] if rows else None


def execute(url: str, *statements: str) -> None:
    if backend_of(url) == "sqlite":
        connection = sqlite3.connect(sqlite_path(url), timeout=30)
        try:
            for statement in statements:
                connection.execute(statement)
            connection.commit()
        finally:
            connection.close()
    else:
        asyncio.run(_pg_execute(pg_dsn(url), statements))


async def _pg_fetch(dsn: str, sql: str) -> list[tuple[Any, ...]]:
    import asyncpg

    connection = await asyncpg.connect(dsn)
    try:
        return [tuple(record) for record in await connection.fetch(sql)]
    finally:
        await connection.close()


async def _pg_execute(dsn: str, statements: tuple[str, ...]) -> None:
    import asyncpg

    connection = await asyncpg.connect(dsn)
    try:
        for statement in statements:
            await connection.execute(statement)
    finally:
        await connection.close()


def ensure_pg_database(url: str) -> bool:
    """Create the database if it does not exist (connecting to `postgres`); True if it was created."""
    return asyncio.run(_ensure_pg_database(pg_dsn(url)))


async def _ensure_pg_database(dsn: str) -> bool:
    import asyncpg

    try:
        connection = await asyncpg.connect(dsn)
    except asyncpg.InvalidCatalogNameError:
        base, _, name = dsn.partition("?")[0].rpartition("/")
        admin = await asyncpg.connect(f"{base}/postgres")
        try:
            await admin.execute(f'CREATE DATABASE "{name}"')
        finally:
            await admin.close()
        return True
    await connection.close()
    return False


def server_version(url: str) -> str | None:
    if backend_of(url) == "sqlite":
        return None
    return str(scalar(url, "SHOW server_version"))
