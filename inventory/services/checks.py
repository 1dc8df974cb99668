"""`inventory check`: every invariant the service keeps, read from the database as it is.

Each check answers findings (what is broken, where, what was expected and found); none means the
invariant holds. The ledger and funding proofs are services/integrity's; this module adds what a
restored or hand-edited database could break besides: negative stock and references to nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db.tables import Base, Movement, StockBalance
from inventory.services import integrity


@dataclass(frozen=True)
class Finding:
    check: str  # a stable code, e.g. "ledger-vs-balance"
    where: str  # e.g. "site 2, batch 14"
    expected: str
    found: str


@dataclass(frozen=True)
class CheckResult:
    name: str  # the check's code
    title: str  # what it proves, in a line
    findings: list[Finding]


async def _ledger(session: AsyncSession) -> list[Finding]:
    return [
        Finding("ledger-vs-balance", f"site {m.site_id}, batch {m.batch_id}", str(m.ledger), str(m.balance))
        for m in await integrity.ledger_mismatches(session)
    ]


async def _negative(session: AsyncSession) -> list[Finding]:
    rows = await session.execute(
        select(StockBalance.site_id, StockBalance.batch_id, StockBalance.quantity).where(
            StockBalance.quantity < 0
        )
    )
    return [Finding("negative-stock", f"site {s}, batch {b}", ">= 0", str(q)) for s, b, q in rows]


async def _layers(session: AsyncSession) -> list[Finding]:
    return [
        Finding(m.what, "/".join(str(k) for k in m.key), str(m.expected), str(m.found))
        for m in await integrity.layer_mismatches(session)
    ]


# (table, column, table it names): what a movement, an operation and a batch point at.
_REFERENCES = (
    ("movements", "batch_id", "batches"),
    ("movements", "site_id", "sites"),
    ("movements", "item_id", "items"),
    ("movements", "user_id", "users"),
    ("movements", "operation_id", "operations"),
    ("operations", "site_id", "sites"),
    ("operations", "item_id", "items"),
    ("operations", "user_id", "users"),
    ("batches", "item_id", "items"),
)


async def _references(session: AsyncSession) -> list[Finding]:
    """Rows naming a row that is not there (SQLite keeps no foreign keys unless asked; a hand edit or a
    partial restore could leave them)."""
    tables = Base.metadata.tables
    found: list[Finding] = []
    for name, column, target_name in _REFERENCES:
        owner, target = tables[name], tables[target_name]
        missing = (
            select(owner.c.id, owner.c[column])
            .outerjoin(target, target.c.id == owner.c[column])
            .where(target.c.id.is_(None))
            .limit(100)
        )
        for row_id, value in await session.execute(missing):
            found.append(
                Finding(
                    "missing-reference", f"{name} {row_id}.{column}", f"a row of {target_name}", str(value)
                )
            )
    return found


CHECKS = (
    ("ledger", "stock balances equal the sum of the ledger's movements", _ledger),
    ("negative", "no stock balance is negative", _negative),
    ("layers", "cost layers equal the balances, and every øre of funding is accounted for", _layers),
    ("references", "every movement's batch, site, item and user exist", _references),
)


async def run_checks(session: AsyncSession) -> list[CheckResult]:
    return [CheckResult(name, title, await check(session)) for name, title, check in CHECKS]


async def movement_count(session: AsyncSession) -> int:
    return int(await session.scalar(select(func.count()).select_from(Movement)) or 0)
