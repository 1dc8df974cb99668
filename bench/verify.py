"""The ledger invariant on the benchmark database: balances equal the sums of movements, never negative.

`aggregate_check` is exact and set-based (cheap enough for millions of rows); `full_check` adds the
service's own proof (`ledger_mismatches`, row by row in Python) and foreign keys on SQLite, which was
loaded with foreign-key enforcement off.
"""

from __future__ import annotations

import asyncio
from dataclasses import asdict, dataclass

from bench import db
from inventory.db.engine import Database
from inventory.services.integrity import ledger_mismatches

AGGREGATE_SQL = """
SELECT
  (SELECT count(*) FROM stock_balances WHERE quantity < 0),
  (SELECT count(*) FROM stock_balances),
  (SELECT count(*) FROM (SELECT 1 AS one FROM movements GROUP BY site_id, batch_id) AS g),
  (SELECT count(*) FROM (SELECT site_id, batch_id, sum(quantity) AS q FROM movements
                         GROUP BY site_id, batch_id) AS m
     JOIN stock_balances b ON b.site_id = m.site_id AND b.batch_id = m.batch_id AND b.quantity = m.q),
  (SELECT count(*) FROM movements m LEFT JOIN operations o ON o.id = m.operation_id WHERE o.id IS NULL)
"""


@dataclass(frozen=True)
class LedgerCheck:
    negative_balances: int
    balance_rows: int
    ledger_holdings: int
    matching: int
    movements_without_operation: int
    mismatches: int | None = None  # from ledger_mismatches, when run
    foreign_key_violations: int | None = None

    @property
    def ok(self) -> bool:
        return (
            self.negative_balances == 0
            and self.balance_rows == self.ledger_holdings == self.matching
            and self.movements_without_operation == 0
            and not self.mismatches
            and not self.foreign_key_violations
        )

    def as_dict(self) -> dict[str, object]:
        return {**asdict(self), "ok": self.ok}


def aggregate_check(url: str) -> LedgerCheck:
    row = db.fetch(url, AGGREGATE_SQL)[0]
    return LedgerCheck(*(int(v) for v in row))


def full_check(url: str) -> LedgerCheck:
    check = aggregate_check(url)
    mismatches = len(asyncio.run(_mismatches(url)))
    violations = len(db.fetch(url, "PRAGMA foreign_key_check")) if db.backend_of(url) == "sqlite" else 0
    return LedgerCheck(**{**asdict(check), "mismatches": mismatches, "foreign_key_violations": violations})


async def _mismatches(url: str) -> list[object]:
    database = Database(url)
    try:
        async with database.read_sessions() as session:
            return list(await ledger_mismatches(session))
    finally:
        await database.dispose()
