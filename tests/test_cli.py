"""The `inventory` command as an operator uses it: migrate, demo, user create."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from inventory.cli import main
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.services.integrity import ledger_mismatches
from tests.api.test_labels_api import scanner_texts


@pytest.fixture(scope="module")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One demo database for the tests that only read it (loading takes seconds)."""
    path = tmp_path_factory.mktemp("demo")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INVENTORY_DATA_DIR", str(path))
        patch.delenv("INVENTORY_DATABASE_URL", raising=False)
        patch.delenv("INVENTORY_SECRET_KEY", raising=False)
        assert main(["demo"]) == 0
        yield path


def rows(db: Path, sql: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql).fetchall()


def test_demo_loads_four_sites_a_clinic_catalogue_and_a_consistent_ledger(demo_dir: Path, capsys) -> None:
    db = demo_dir / "inventory.db"
    assert sorted(name for (name,) in rows(db, "SELECT name FROM sites")) == [
        "Aalborg",
        "Aarhus",
        "København",
        "Odense",
    ]
    assert rows(db, "SELECT count(*) FROM items")[0][0] >= 60
    categories = {c for (c,) in rows(db, "SELECT DISTINCT category FROM items")}
    assert categories == {"medicine", "lab", "dental", "consumable", "equipment"}
    assert sorted(u for (u,) in rows(db, "SELECT username FROM users")) == [
        "admin",
        "finance",
        "pharmacist",
        "volunteer",
    ]
    expired = rows(
        db,
        "SELECT count(*) FROM stock_balances b JOIN batches t ON t.id = b.batch_id "
        "WHERE b.quantity > 0 AND t.expiry_date < date('now')",
    )[0][0]
    soon = rows(
        db,
        "SELECT count(*) FROM stock_balances b JOIN batches t ON t.id = b.batch_id "
        "WHERE b.quantity > 0 AND t.expiry_date BETWEEN date('now') AND date('now', '+90 days')",
    )[0][0]
    assert expired > 0 and soon > 0
    assert rows(db, "SELECT count(*) FROM stock_balances WHERE quantity < 0")[0][0] == 0

    async def mismatches() -> list[object]:
        database = Database(f"sqlite:///{db}")
        async with UnitOfWork(database, readonly=True) as uow:
            found = await ledger_mismatches(uow.session)
        await database.dispose()
        return list(found)

    assert asyncio.run(mismatches()) == []
    # Running it again changes nothing.
    before = rows(db, "SELECT count(*) FROM movements")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("INVENTORY_DATA_DIR", str(demo_dir))
        assert main(["demo"]) == 0
    assert "already loaded" in capsys.readouterr().out
    assert rows(db, "SELECT count(*) FROM movements") == before


def test_demo_refuses_a_database_with_real_data(data_dir: Path, capsys) -> None:
    assert main(["migrate"]) == 0
    assert main(["user", "create", "karen", "--role", "admin", "--password", "a long password"]) == 0
    assert main(["demo"]) == 1
    assert "not demo data" in capsys.readouterr().err
    assert rows(data_dir / "inventory.db", "SELECT count(*) FROM sites")[0][0] == 0


def test_user_create_refuses_unknown_site_codes(data_dir: Path, capsys) -> None:
    assert (
        main(["user", "create", "ole", "--role", "volunteer", "--site", "XYZ", "--password", "long enough!"])
        == 1
    )
    assert "unknown site code" in capsys.readouterr().err
    assert rows(data_dir / "inventory.db", "SELECT count(*) FROM users")[0][0] == 0


def test_labels_command_writes_a_pdf_for_batches_locations_and_items(
    demo_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("INVENTORY_DATA_DIR", str(demo_dir))
    out = tmp_path / "shelf.pdf"
    args = ["labels", "--batch", "1", "--location", "1", "--item", "2", "--layout", "a4-3x8", "-o", str(out)]
    assert main(args) == 0
    codes = {text.removeprefix("]C0") for text in scanner_texts(out.read_bytes()) if text.startswith("]C0")}
    assert codes == {"RKB1", "RKL1", "RKI2"}
    assert main(["labels", "--batch", "99999", "-o", str(tmp_path / "x.pdf")]) == 1
    assert "no batch with id 99999" in capsys.readouterr().err


def test_user_create_takes_a_full_name_for_the_records(data_dir: Path) -> None:
    assert main(["migrate"]) == 0
    args = ["user", "create", "karen", "--role", "admin", "--password", "a long password"]
    assert main([*args, "--full-name", "Karen Blixen"]) == 0
    got = rows(data_dir / "inventory.db", "SELECT username, full_name FROM users")
    assert [tuple(r) for r in got] == [("karen", "Karen Blixen")]
