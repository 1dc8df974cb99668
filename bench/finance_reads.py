"""The finance reports' server-side reads: a grant statement for a year and a stock valuation at a date.

The bench data set has no finance user, so one is added (once, idempotently) to read them; the grant
is the one charged most often in the last whole year, the valuation is of that year's last day.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import func, select

from inventory.db.engine import Database
from inventory.db.tables import Grant, ReceiptFunding, User
from inventory.db.uow import UnitOfWork

FINANCE_USERNAME = "bench-finance"


async def finance_values(database: Database) -> dict[str, object]:
    """The finance user's id and the values the finance read paths are formatted with."""
    async with UnitOfWork(database) as uow:
        s = uow.session
        user_id = await s.scalar(select(User.id).where(User.username == FINANCE_USERNAME))
        if user_id is None:
            hashed = await s.scalar(select(User.password_hash).order_by(User.id).limit(1))
            user = User(
                username=FINANCE_USERNAME,
                full_name="Benchmark finance",
                password_hash=hashed or "x",
                role="finance",
                active=True,
                is_demo=False,
                created_at=datetime.now(UTC),
            )
            s.add(user)
            await s.flush()
            user_id = user.id
            await uow.commit()
        year = date.today().year - 1
        busiest = (
            select(ReceiptFunding.grant_id, func.count().label("n"))
            .join(Grant, Grant.id == ReceiptFunding.grant_id)
            .where(Grant.start_date <= date(year, 12, 31), Grant.end_date >= date(year, 1, 1))
            .group_by(ReceiptFunding.grant_id)
            .order_by(func.count().desc())
            .limit(1)
        )
        grant = (await s.execute(busiest)).first()
    return {
        "finance_user": user_id,
        "grant": grant[0] if grant else 1,
        "grant_year_from": date(year, 1, 1).isoformat(),
        "grant_year_to": date(year, 12, 31).isoformat(),
    }
