"""Backups and restores: a consistent snapshot while the service runs, brought back into an empty database.

- SQLite: the online backup API (`sqlite3.Connection.backup`) copies the database page by page under
  its own read transaction, so writers may go on meanwhile and the copy is one moment's database. The
  snapshot is itself a SQLite file.
- PostgreSQL: `pg_dump --format=custom` (one transaction, a consistent snapshot by MVCC), restored with
  `pg_restore`. Both programs come with the PostgreSQL client package; without them this says so.

A restore refuses a database that already holds data (the demo's or anyone's): it never merges.
"""

from __future__ import annotations

import asyncio
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import make_url

SQLITE_MAGIC = b"SQLite format 3\x00"
PG_MAGIC = b"PGDMP"
# What a migrated but unused database may hold: the schema version and the service's own meta rows.
_BOOKKEEPING = {"alembic_version", "meta"}


class BackupError(Exception):
    """Why a backup or restore could not be done, in one line for the person at the terminal."""


def _sqlite_path(url: str) -> Path:
    database = make_url(url).database
    if not database or database == ":memory:":
        raise BackupError("an in-memory database has nothing to back up")
    return Path(database)


def _is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def _pg_url(url: str) -> str:
    """The URL as libpq's programs take it (no SQLAlchemy driver name)."""
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def _program(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise BackupError(
            f"{name} is not installed: install the PostgreSQL client programs "
            "(Debian: apt-get install postgresql-client) or back up with your own pg_dump"
        )
    return found


def backup(url: str, target: Path) -> int:
    """Write a snapshot of the database at `url` to `target` (not overwritten); answers its size."""
    if target.exists():
        raise BackupError(f"{target} exists already: choose a new file name")
    target.parent.mkdir(parents=True, exist_ok=True)
    if _is_sqlite(url):
        source_path = _sqlite_path(url)
        if not source_path.exists():
            raise BackupError(f"no database at {source_path}")
        _sqlite_copy(source_path, target)
    else:
        done = subprocess.run(
            [
                _program("pg_dump"),
                "--format=custom",
                "--no-owner",
                "--no-privileges",
                f"--file={target}",
                _pg_url(url),
            ],
            capture_output=True,
            text=True,
        )
        if done.returncode != 0:
            target.unlink(missing_ok=True)
            raise BackupError(f"pg_dump failed: {_last_line(done.stderr)}")
    return target.stat().st_size


def restore(url: str, source: Path) -> None:
    """Bring the snapshot at `source` into the (empty) database at `url`."""
    if not source.exists():
        raise BackupError(f"no backup at {source}")
    head = source.read_bytes()[:16]
    if _is_sqlite(url):
        if not head.startswith(SQLITE_MAGIC):
            raise BackupError(f"{source} is not a SQLite backup (a PostgreSQL one restores into PostgreSQL)")
        target_path = _sqlite_path(url)
        if target_path.exists():
            _require_empty_sqlite(target_path)
        target_path.parent.mkdir(parents=True, exist_ok=True)
        _sqlite_copy(source, target_path)
        return
    if not head.startswith(PG_MAGIC):
        raise BackupError(f"{source} is not a PostgreSQL backup (a SQLite one restores into SQLite)")
    _require_empty_postgres(url)
    done = subprocess.run(
        [
            _program("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--exit-on-error",
            f"--dbname={_pg_url(url)}",
            str(source),
        ],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise BackupError(f"pg_restore failed: {_last_line(done.stderr)}")


def _sqlite_copy(source_path: Path, target_path: Path) -> None:
    """SQLite's online backup: every page of one moment's database, read-only on the source."""
    source = sqlite3.connect(f"file:{source_path}?mode=ro", uri=True)
    target = sqlite3.connect(target_path)
    try:
        source.backup(target)
    finally:
        target.close()
        source.close()


def _require_empty_sqlite(path: Path) -> None:
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names = [row[0] for row in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        used = [
            n
            for n in names
            if n not in _BOOKKEEPING and not n.startswith("sqlite_") and _has_rows(connection, n)
        ]
    finally:
        connection.close()
    if used:
        raise BackupError(
            f"the database at {path} is not empty ({', '.join(sorted(used)[:5])} hold rows): "
            "restore into a new file"
        )


def _has_rows(connection: sqlite3.Connection, table: str) -> bool:
    return connection.execute(f'SELECT 1 FROM "{table}" LIMIT 1').fetchone() is not None  # noqa: S608 - names from sqlite_master


def _require_empty_postgres(url: str) -> None:
    used = asyncio.run(_postgres_tables_with_rows(_pg_url(url)))
    if used:
        raise BackupError(
            f"the database is not empty ({', '.join(sorted(used)[:5])} hold rows): "
            "restore into a new database"
        )


async def _postgres_tables_with_rows(url: str) -> list[str]:
    import asyncpg

    try:
        connection = await asyncpg.connect(url)
    except (OSError, asyncpg.PostgresError) as exc:
        raise BackupError(f"cannot reach the database: {exc}") from exc
    try:
        names = [
            row["tablename"]
            for row in await connection.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
            if row["tablename"] not in _BOOKKEEPING
        ]
        used = []
        for name in names:
            quoted = '"' + name.replace('"', '""') + '"'
            if await connection.fetchval(f"SELECT EXISTS (SELECT 1 FROM {quoted})"):  # noqa: S608 - catalogue names
                used.append(name)
        return used
    finally:
        await connection.close()


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no message"
