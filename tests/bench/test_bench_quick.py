"""The benchmark's data generator writes a ledger the service itself would accept.

Speed is measured by `python -m bench`, not here: these tests only check the generated data.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from sqlalchemy import func, select

from bench.dataset import DatasetRefused, ensure_dataset
from bench.params import Params
from inventory.db.engine import Database
from inventory.db.tables import Grant, Movement, Operation, ReceiptFunding, StockBalance
from inventory.services.integrity import layer_mismatches, ledger_mismatches

TINY = Params(sites=2, items=50, batches=500, movements=5_000)


@pytest.fixture(scope="module")
def tiny_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('bench') / 'tiny.db'}"
    info = ensure_dataset(url, TINY, progress=False, full_verify=True)
    assert info.check is not None and info.check.ok, info.check
    return url


async def _facts(url: str) -> dict[str, object]:
    database = Database(url)
    try:
        async with database.read_sessions() as s:
            return {
                "mismatches": await ledger_mismatches(s),
                "layer_mismatches": await layer_mismatches(s),
                "grants": await s.scalar(select(func.count()).select_from(Grant)),
                "funding_sources": set((await s.scalars(select(ReceiptFunding.source).distinct())).all()),
                "negative": await s.scalar(select(func.count()).where(StockBalance.quantity < 0)),
                "movements": await s.scalar(select(func.count()).select_from(Movement)),
                "orphans": await s.scalar(
                    select(func.count())
                    .select_from(Movement)
                    .outerjoin(Operation, Operation.id == Movement.operation_id)
                    .where(Operation.id.is_(None))
                ),
                "fefo_in_stock": await s.scalar(
                    select(func.count()).where(
                        StockBalance.site_id == 1,
                        StockBalance.item_id == TINY.fefo_item,
                        StockBalance.quantity > 0,
                    )
                ),
                "kinds": set((await s.scalars(select(Movement.kind).distinct())).all()),
            }
    finally:
        await database.dispose()


def test_generated_ledger_is_consistent(tiny_url: str) -> None:
    facts = asyncio.run(_facts(tiny_url))
    assert facts["mismatches"] == []
    # Funding: every unit in a cost layer, every layer's value accounted for, grants charged
    assert facts["layer_mismatches"] == []
    assert facts["grants"] and facts["funding_sources"] == {"grant", "unrestricted", "in_kind"}
    assert facts["negative"] == 0
    assert facts["orphans"] == 0
    assert facts["movements"] == TINY.movements
    assert facts["kinds"] == {"receipt", "issue", "adjustment", "reversal"}


def test_fefo_item_has_many_batches_in_stock(tiny_url: str) -> None:
    facts = asyncio.run(_facts(tiny_url))
    assert facts["fefo_in_stock"] == TINY.fefo_batches >= 100


def test_cached_data_set_is_reused(tiny_url: str) -> None:
    info = ensure_dataset(tiny_url, TINY, progress=False)
    assert info.reused and info.counts["movements"] >= TINY.movements


def test_refuses_a_database_that_is_not_a_benchmark(tmp_path: Path) -> None:
    path = tmp_path / "real.db"
    import sqlite3

    with sqlite3.connect(path) as c:
        c.execute("CREATE TABLE items (id INTEGER PRIMARY KEY)")
    with pytest.raises(DatasetRefused):
        ensure_dataset(f"sqlite:///{path}", TINY, progress=False)
    assert path.exists()


async def test_generates_into_an_empty_migrated_database(database: Database) -> None:
    """Both backends (PostgreSQL when INVENTORY_TEST_POSTGRES_URL is set): bulk COPY or Core inserts."""
    # The generator is synchronous (it runs Alembic and its own event loop), so it gets a thread.
    info = await asyncio.to_thread(ensure_dataset, database.url, TINY, progress=False, full_verify=True)
    assert info.check is not None and info.check.ok, info.check
    assert info.counts["movements"] == TINY.movements
    assert info.counts["fefo_batches_in_stock"] == TINY.fefo_batches


def test_other_parameters_need_regenerate(tiny_url: str) -> None:
    """A data set that took minutes to make is not replaced by accident."""
    with pytest.raises(DatasetRefused, match="--regenerate"):
        ensure_dataset(tiny_url, Params(sites=2, items=60, batches=500, movements=5_000), progress=False)
