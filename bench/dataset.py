"""The benchmark data set: made once per parameters, cached, and described for the benchmarks.

A database is only ever overwritten when it is empty or holds a benchmark data set (its `meta` table
says so): pointing --database-url at a real database makes the harness refuse, not wipe it.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from bench import db
from bench.catalogue import BENCH_PASSWORD, BENCH_USER_ID, BENCH_USERNAME
from bench.generate import generate
from bench.params import Params
from bench.verify import LedgerCheck, aggregate_check, full_check
from bench.writers import PostgresWriter, SqliteWriter, Writer
from inventory.db.migrate import upgrade

DATA_DIR = Path(__file__).parent / "data"


class DatasetRefused(Exception):
    pass


@dataclass
class DatasetInfo:
    url: str
    params: Params
    reused: bool
    generation_seconds: float | None
    generated_at: str
    history_batch: int
    history_item: int
    counts: dict[str, int] = field(default_factory=dict)
    check: LedgerCheck | None = None
    username: str = BENCH_USERNAME
    password: str = BENCH_PASSWORD
    user_id: int = BENCH_USER_ID

    @property
    def backend(self) -> str:
        return db.backend_of(self.url)

    @property
    def site(self) -> int:
        return 1  # København: the largest site

    @property
    def hot_items(self) -> list[int]:
        return list(range(1, self.params.n_hot + 1))

    @property
    def fefo_item(self) -> int:
        return self.params.fefo_item


def default_url(params: Params) -> str:
    return f"sqlite:///{DATA_DIR / (params.key() + '.db')}"


def ensure_dataset(
    url: str, params: Params, *, regenerate: bool = False, progress: bool = True, full_verify: bool = False
) -> DatasetInfo:
    """Reuse the cached data set for these parameters, or make it (verifying the ledger)."""
    params.check()
    state, key = _probe(url)
    if state == "complete" and key == params.key() and not regenerate:
        upgrade(url)  # a cached data set follows the service's schema (migrations after it only add)
        return describe(url, params, reused=True, generation_seconds=None)
    if state == "foreign":
        raise DatasetRefused(
            f"{db.safe_url(url)} holds data that is not a benchmark data set; not touching it"
        )
    if state == "complete" and not regenerate:
        # A full-size data set takes minutes to make: replacing it must be asked for.
        raise DatasetRefused(
            f"{db.safe_url(url)} holds data set {key}, not {params.key()}; "
            "pass --regenerate to replace it, or use another database"
        )
    if state in ("complete", "partial"):
        _wipe(url)
    _log(f"generating data set {params.key()} into {db.safe_url(url)}")
    started = time.perf_counter()
    upgrade(url)
    writer = _writer(url)
    try:
        generated = generate(writer, params, progress=progress)
        writer.finish()
    finally:
        writer.close()
    seconds = time.perf_counter() - started
    _log(f"generated in {seconds:.1f}s; checking the ledger")
    check = full_check(url) if full_verify else aggregate_check(url)
    if not check.ok:
        raise AssertionError(f"generated ledger is inconsistent: {check.as_dict()}")
    db.execute(
        url,
        "INSERT INTO meta (key, value) VALUES ('bench_complete', '1')",
        f"INSERT INTO meta (key, value) VALUES ('bench_generation_seconds', '{seconds:.1f}')",
    )
    info = describe(url, params, reused=False, generation_seconds=seconds)
    info.check = check
    assert (generated.history_batch, generated.history_item) == (info.history_batch, info.history_item)
    return info


def _probe(url: str) -> tuple[str, str | None]:
    """('absent' | 'empty' | 'complete' | 'partial' | 'foreign', data set key)."""
    if db.backend_of(url) == "sqlite":
        path = db.sqlite_path(url)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            return "absent", None
        tables = {r[0] for r in db.fetch(url, "SELECT name FROM sqlite_master WHERE type = 'table'")}
    else:
        db.ensure_pg_database(url)
        tables = {r[0] for r in db.fetch(url, "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")}
    if not tables:
        return "absent", None
    if "meta" not in tables:
        return "foreign", None
    meta = dict(db.fetch(url, "SELECT key, value FROM meta WHERE key IN ('bench_dataset', 'bench_complete')"))
    if "bench_dataset" in meta:
        return ("complete" if meta.get("bench_complete") == "1" else "partial"), meta["bench_dataset"]
    counts = db.fetch(
        url,
        "SELECT (SELECT count(*) FROM sites) + (SELECT count(*) FROM items)"
        " + (SELECT count(*) FROM users) + (SELECT count(*) FROM operations)",
    )
    return ("empty" if counts[0][0] == 0 else "foreign"), None


def _wipe(url: str) -> None:
    if db.backend_of(url) == "sqlite":
        path = db.sqlite_path(url)
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(str(path) + suffix).unlink(missing_ok=True)
    else:
        db.execute(url, "DROP SCHEMA public CASCADE", "CREATE SCHEMA public")


def _writer(url: str) -> Writer:
    if db.backend_of(url) == "sqlite":
        return SqliteWriter(str(db.sqlite_path(url)))
    return PostgresWriter(db.pg_dsn(url))


def describe(url: str, params: Params, *, reused: bool, generation_seconds: float | None) -> DatasetInfo:
    meta = dict(db.fetch(url, "SELECT key, value FROM meta WHERE key LIKE 'bench_%'"))
    seconds = generation_seconds
    if seconds is None and "bench_generation_seconds" in meta:
        seconds = float(meta["bench_generation_seconds"])
    info = DatasetInfo(
        url=url,
        params=params,
        reused=reused,
        generation_seconds=seconds,
        generated_at=meta["bench_generated_at"],
        history_batch=int(meta["bench_history_batch"]),
        history_item=int(meta["bench_history_item"]),
    )
    info.counts = counts(url, info)
    return info


def counts(url: str, info: DatasetInfo) -> dict[str, int]:
    """What the benchmarks run against (cheap: counts on indexed columns)."""
    queries = {
        "sites": "SELECT count(*) FROM sites",
        "items": "SELECT count(*) FROM items",
        "batches": "SELECT count(*) FROM batches",
        "movements": "SELECT count(*) FROM movements",
        "holdings_in_stock_at_site": f"SELECT count(*) FROM stock_balances WHERE site_id = {info.site}"
        " AND quantity > 0",
        "items_in_stock_at_site": "SELECT count(DISTINCT item_id) FROM stock_balances"
        f" WHERE site_id = {info.site} AND quantity > 0",
        "fefo_batches_in_stock": f"SELECT count(*) FROM stock_balances WHERE site_id = {info.site}"
        f" AND item_id = {info.fefo_item} AND quantity > 0",
        "history_batch_movements": f"SELECT count(*) FROM movements WHERE batch_id = {info.history_batch}",
        "history_item_movements": f"SELECT count(*) FROM movements WHERE item_id = {info.history_item}",
    }
    return {name: int(db.scalar(url, sql)) for name, sql in queries.items()}


def _log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)
