"""The administrator at the terminal: sites, users, check, backup and restore, and a database that is not
there, as the README gives the commands."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from inventory.cli import main
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.services import users
from inventory.settings import async_database_url

POSTGRES_URL = os.environ.get("INVENTORY_TEST_POSTGRES_URL")
SERVERS = [POSTGRES_URL] if POSTGRES_URL else []  # the PostgreSQL tests run where a server is given (CI)
# What a backup must bring back exactly: stock, the ledger, cost layers and their funding, grants, users.
COMPARED = (
    "SELECT site_id, batch_id, quantity FROM stock_balances ORDER BY site_id, batch_id",
    "SELECT id, operation_id, kind, site_id, batch_id, quantity, unit_cost_ore FROM movements ORDER BY id",
    "SELECT id, site_id, batch_id, source, grant_id, unit_cost_ore, quantity_received, quantity_left "
    "FROM cost_layers ORDER BY id",
    "SELECT id, layer_id, grant_id, amount_ore, superseded_reason FROM receipt_funding ORDER BY id",
    "SELECT id, name, amount_ore, start_date, end_date, status FROM grants ORDER BY id",
    "SELECT id, username, role, active FROM users ORDER BY id",
)


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def authenticates(url: str, username: str, password: str) -> bool:
    async def go() -> bool:
        database = Database(url)
        try:
            async with UnitOfWork(database, readonly=True) as uow:
                await users.authenticate(uow.session, username, password)
            return True
        except Exception:
            return False
        finally:
            await database.dispose()

    return asyncio.run(go())


def test_the_readmes_commands_set_up_an_empty_database_in_the_order_given(
    data_dir: Path, capsys
) -> None:
    assert main(["site", "create", "KBH", "København"]) == 0
    assert main(["site", "create", "AAR", "Aarhus"]) == 0
    assert (
        main(
            [
                "user",
                "create",
                "karen",
                "--role",
                "pharmacist",
                "--site",
                "KBH",
                "--site",
                "AAR",
                "--full-name",
                "Karen Holm",
                "--password",
                "a long password",
            ]
        )
        == 0
    )
    capsys.readouterr()
    assert main(["user", "list"]) == 0
    assert "karen (Karen Holm)  pharmacist  AAR,KBH" in capsys.readouterr().out
    assert main(["site", "rename", "aar", "Aarhus C"]) == 0
    assert main(["site", "list"]) == 0
    assert capsys.readouterr().out.splitlines()[-2:] == ["AAR      Aarhus C", "KBH      København"]
    db = data_dir / "inventory.db"
    assert rows(db, "SELECT code, name FROM sites ORDER BY code") == [
        ("AAR", "Aarhus C"),
        ("KBH", "København"),
    ]
    # On the audit trail as the command line's (no user): two sites made, a user made, a site renamed.
    assert rows(db, "SELECT entity, action, actor_id FROM audit_events ORDER BY id") == [
        ("site", "create", None),
        ("site", "create", None),
        ("user", "create", None),
        ("site", "update", None),
    ]


def test_a_site_code_taken_or_unknown_is_refused_with_one_line(data_dir: Path, capsys) -> None:
    assert main(["site", "create", "KBH", "København"]) == 0
    assert main(["site", "create", "kbh", "Andet"]) == 1
    assert main(["site", "rename", "XYZ", "Nyt"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 2 and "KBH" in err[0] and "no site with code XYZ (known: KBH)" in err[1]


def test_a_reset_password_logs_in_and_the_old_does_not(data_dir: Path) -> None:
    url = f"sqlite:///{data_dir / 'inventory.db'}"
    assert main(["user", "create", "ole", "--role", "admin", "--password", "first password"]) == 0
    assert main(["user", "create", "mia", "--role", "admin", "--password", "other password"]) == 0
    assert main(["user", "reset-password", "ole", "--password", "second password"]) == 0
    assert authenticates(url, "ole", "second password")
    assert not authenticates(url, "ole", "first password")
    assert main(["user", "reset-password", "ole", "--password", "short"]) == 1  # the minimum holds
    assert authenticates(url, "ole", "second password")


def test_a_deactivated_user_cannot_log_in_and_the_last_admin_stays(data_dir: Path, capsys) -> None:
    url = f"sqlite:///{data_dir / 'inventory.db'}"
    assert main(["user", "create", "ole", "--role", "admin", "--password", "first password"]) == 0
    assert main(["user", "deactivate", "ole"]) == 1
    assert "last active admin" in capsys.readouterr().err
    assert main(["user", "create", "mia", "--role", "admin", "--password", "other password"]) == 0
    assert main(["user", "deactivate", "ole"]) == 0
    assert not authenticates(url, "ole", "first password")
    assert main(["user", "deactivate", "nobody"]) == 1


@pytest.fixture(scope="module")
def demo_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The demo clinic, loaded once and backed up once; tests restore copies of it."""
    path = tmp_path_factory.mktemp("demo-backup")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INVENTORY_DATA_DIR", str(path))
        patch.delenv("INVENTORY_DATABASE_URL", raising=False)
        assert main(["demo"]) == 0
        assert main(["backup", str(path / "snapshot.db")]) == 0
    yield path


def test_check_passes_on_the_demo_and_exits_non_zero_on_a_breach(
    demo_snapshot: Path, data_dir: Path, capsys
) -> None:
    assert main(["restore", str(demo_snapshot / "snapshot.db")]) == 0
    capsys.readouterr()
    assert main(["check"]) == 0
    assert "every invariant holds" in capsys.readouterr().out
    db = data_dir / "inventory.db"
    site, batch = rows(db, "SELECT site_id, batch_id FROM stock_balances WHERE quantity > 3 LIMIT 1")[0]
    with sqlite3.connect(db) as conn:  # a hand edit behind the ledger's back, past the table's own check
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute(
            "UPDATE stock_balances SET quantity = -2 WHERE site_id = ? AND batch_id = ?", (site, batch)
        )
    assert main(["check"]) == 3
    out = capsys.readouterr().out
    assert f"ledger-vs-balance at site {site}, batch {batch}" in out
    assert f"negative-stock at site {site}, batch {batch}: expected >= 0, found -2" in out
    assert "BROKEN layers" in out and "breaches" in out


def test_a_sqlite_backup_restores_exactly_and_never_over_data(
    demo_snapshot: Path, data_dir: Path, capsys
) -> None:
    source = demo_snapshot / "inventory.db"
    assert main(["restore", str(demo_snapshot / "snapshot.db")]) == 0
    restored = data_dir / "inventory.db"
    for sql in COMPARED:
        assert rows(restored, sql) == rows(source, sql), sql
    assert main(["restore", str(demo_snapshot / "snapshot.db")]) == 1  # not into a database with data
    assert "not empty" in capsys.readouterr().err
    assert main(["backup", str(demo_snapshot / "snapshot.db")]) == 1  # never over an earlier backup
    assert "exists already" in capsys.readouterr().err


def test_a_backup_taken_while_writing_is_one_moments_database(
    demo_snapshot: Path, tmp_path: Path
) -> None:
    """A writer holds an open transaction with half its rows: the snapshot has none of them."""
    db = tmp_path / "busy.db"
    with sqlite3.connect(demo_snapshot / "snapshot.db") as src, sqlite3.connect(db) as dst:
        src.backup(dst)
    writer = sqlite3.connect(db, isolation_level=None)
    writer.execute("PRAGMA journal_mode=WAL")
    writer.execute("BEGIN IMMEDIATE")
    writer.execute("UPDATE stock_balances SET quantity = quantity + 1")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INVENTORY_DATABASE_URL", f"sqlite:///{db}")
        assert main(["backup", str(tmp_path / "copy.db")]) == 0
    writer.execute("ROLLBACK")
    writer.close()
    assert rows(tmp_path / "copy.db", COMPARED[0]) == rows(db, COMPARED[0])


@pytest.mark.postgres
@pytest.mark.parametrize("server", SERVERS)
def test_a_postgresql_backup_restores_exactly_into_an_empty_database(
    server: str, demo_snapshot: Path, tmp_path: Path, capsys
) -> None:
    base = server.rsplit("/", 1)[0]
    names = [f"inventory_cli_{uuid.uuid4().hex[:8]}_{n}" for n in ("src", "dst")]
    for name in names:
        subprocess.run(
            ["psql", "--no-psqlrc", "-q", f"--dbname={server}", "-c", f"CREATE DATABASE {name}"],
            check=True,
        )
    source, target = (f"{base}/{name}" for name in names)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("INVENTORY_DATA_DIR", str(tmp_path))
            patch.setenv("INVENTORY_DATABASE_URL", source)
            assert main(["demo"]) == 0
            assert main(["backup", str(tmp_path / "snapshot.pg")]) == 0
            patch.setenv("INVENTORY_DATABASE_URL", target)
            assert main(["migrate"]) == 0  # a migrated, unused database counts as empty
            assert main(["restore", str(tmp_path / "snapshot.pg")]) == 0
            assert main(["check"]) == 0
            assert main(["restore", str(tmp_path / "snapshot.pg")]) == 1
            assert main(["restore", str(demo_snapshot / "snapshot.db")]) == 1
        err = capsys.readouterr().err
        assert "not empty" in err and "not a PostgreSQL backup" in err
        for sql in COMPARED:
            assert _pg_rows(target, sql) == _pg_rows(source, sql), sql
    finally:
        for name in names:
            subprocess.run(
                [
                    "psql",
                    "--no-psqlrc",
                    "-q",
                    f"--dbname={server}",
                    "-c",
                    f"DROP DATABASE IF EXISTS {name} WITH (FORCE)",
                ],
                check=False,
            )


def _pg_rows(url: str, sql: str) -> list[tuple[object, ...]]:
    import asyncpg

    async def go() -> list[tuple[object, ...]]:
        connection = await asyncpg.connect(url)
        try:
            return [tuple(row) for row in await connection.fetch(sql)]
        finally:
            await connection.close()

    return asyncio.run(go())


@pytest.mark.postgres
@pytest.mark.parametrize("server", SERVERS)
def test_a_postgresql_database_that_does_not_exist_is_one_clear_line(
    server: str, data_dir: Path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("INVENTORY_DATABASE_URL", server.rsplit("/", 1)[0] + "/no_such_clinic_db")
    assert main(["migrate"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [
        "error: the PostgreSQL database 'no_such_clinic_db' does not exist at postgresql://***@"
        + async_database_url(server).split("@", 1)[1].rsplit("/", 1)[0].split("://")[-1]
        + "/no_such_clinic_db: create it (e.g. createdb no_such_clinic_db) or set INVENTORY_DATABASE_URL "
        "to one that exists"
    ]


def test_a_database_server_that_is_not_there_is_one_clear_line(
    data_dir: Path, monkeypatch, capsys
) -> None:
    monkeypatch.setenv("INVENTORY_DATABASE_URL", "postgresql://clinic@127.0.0.1:1/inventory")
    assert main(["site", "list"]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(
        "error: cannot reach the database at postgresql://***@127.0.0.1:1/"
    )
    assert "is the server running" in err[0]
