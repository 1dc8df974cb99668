"""Donors, grants and budget lines (finance and admin change them; everyone may read them, since a
volunteer receiving goods chooses the grant), and recharging a receipt to other funding."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, get, patch, post, put
from litestar.params import Parameter
from sqlalchemy import select

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import Donor, FundingChange, Grant, User
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.errors import InvalidInput
from inventory.domain.funding import GrantStatus
from inventory.http import funding as kit
from inventory.http.guards import requires
from inventory.http.shapes import core as s
from inventory.http.shapes import funding as fs
from inventory.http.shapes.convert import funding_choice
from inventory.http.shapes.funding import donor_read, grant_read
from inventory.http.writes import run_case, run_write
from inventory.services import funding
from inventory.services.funding import FundingBook


def _changes(data: msgspec.Struct, renames: dict[str, str] | None = None) -> dict[str, Any]:
    """The fields a PATCH sets (those not None), without the reason."""
    values = {k: v for k, v in msgspec.structs.asdict(data).items() if v is not None and k != "reason"}
    if "restrictions" in values:
        values["restrictions"] = msgspec.structs.asdict(values["restrictions"])
    for old, new in (renames or {}).items():
        if old in values:
            values[new] = values.pop(old)
    if not values:
        raise InvalidInput("name at least one field to change", field="body")
    return values


class DonorController(Controller):
    path = "/api/v1/donors"
    tags = ["funding"]
    guards = [requires(Permission.GRANT_READ)]

    @get("/", summary="Donors, by name")
    async def list_donors(self, request: Request[Actor, Any, Any], database: Database) -> list[fs.DonorRead]:
        """Every donor (foundations, companies, private donors), by name; notes for finance only."""
        async with UnitOfWork(database, readonly=True) as uow:
            donors = await uow.session.scalars(select(Donor).order_by(Donor.name))
            return [donor_read(d, request.user) for d in donors]

    @get("/{donor_id:int}", summary="One donor")
    async def get_donor(
        self, request: Request[Actor, Any, Any], donor_id: int, database: Database
    ) -> fs.DonorRead:
        """One donor; its note for finance only."""
        async with UnitOfWork(database, readonly=True) as uow:
            return donor_read(await funding.donor_by_id(uow.session, donor_id), request.user)

    @post("/", summary="Add a donor", guards=[requires(Permission.FUND)])
    async def create_donor(
        self, request: Request[Actor, Any, Any], data: fs.DonorCreate, database: Database, clock: Clock
    ) -> fs.DonorRead:
        """Add a donor (finance)."""
        return await run_case(request, database, clock, fs.DonorRead, kit.create_donor, data)

    @patch("/{donor_id:int}", summary="Change a donor, saying why", guards=[requires(Permission.FUND)])
    async def update_donor(
        self,
        request: Request[Actor, Any, Any],
        donor_id: int,
        data: fs.DonorUpdate,
        database: Database,
        clock: Clock,
    ) -> fs.DonorRead:
        """Change a donor; the reason is kept with the values before and after."""
        changes = _changes(data)
        return await run_case(
            request, database, clock, fs.DonorRead, kit.update_donor, donor_id, changes, data.reason
        )


class GrantController(Controller):
    path = "/api/v1/grants"
    tags = ["funding"]
    guards = [requires(Permission.GRANT_READ)]

    @get("/", summary="Grants with what is spent and left")
    async def list_grants(
        self,
        database: Database,
        donor: int | None = Parameter(default=None, description="Only this donor's grants"),
        status: GrantStatus | None = Parameter(default=None, description="Only grants with this status"),
    ) -> list[fs.GrantRead]:
        """Grants, newest first, with their budget lines and what receipts have charged to each."""
        query = select(Grant.id).order_by(Grant.start_date.desc(), Grant.id.desc())
        if donor is not None:
            query = query.where(Grant.donor_id == donor)
        if status is not None:
            query = query.where(Grant.status == status.value)
        async with UnitOfWork(database, readonly=True) as uow:
            ids = list(await uow.session.scalars(query))
            return [grant_read(v) for v in await funding.grant_views(uow.session, ids)]

    @get("/{grant_id:int}", summary="One grant with its budget lines")
    async def get_grant(self, grant_id: int, database: Database) -> fs.GrantRead:
        """One grant with its budget lines, spent and left."""
        async with UnitOfWork(database, readonly=True) as uow:
            await funding.grant_by_id(uow.session, grant_id)
            return await kit.grant_answer(uow.session, grant_id)

    @post("/", summary="Add a grant (and its budget lines)", guards=[requires(Permission.FUND)])
    async def create_grant(
        self, request: Request[Actor, Any, Any], data: fs.GrantCreate, database: Database, clock: Clock
    ) -> fs.GrantRead:
        """Add a grant of a donor, with its period, restrictions and budget lines (finance)."""
        return await run_case(request, database, clock, fs.GrantRead, kit.create_grant, data)

    @patch("/{grant_id:int}", summary="Change a grant, saying why", guards=[requires(Permission.FUND)])
    async def update_grant(
        self,
        request: Request[Actor, Any, Any],
        grant_id: int,
        data: fs.GrantUpdate,
        database: Database,
        clock: Clock,
    ) -> fs.GrantRead:
        """Change a grant's name, amount, period, status or restrictions; the reason is kept."""
        changes = _changes(data)
        return await run_case(
            request, database, clock, fs.GrantRead, kit.update_grant, grant_id, changes, data.reason
        )

    @post(
        "/{grant_id:int}/budget-lines",
        summary="Add a budget line to a grant",
        guards=[requires(Permission.FUND)],
    )
    async def add_budget_line(
        self,
        request: Request[Actor, Any, Any],
        grant_id: int,
        data: fs.BudgetLineCreate,
        database: Database,
        clock: Clock,
    ) -> fs.GrantRead:
        """Add a budget line (e.g. dental 150,000 kr) to a grant; answers the grant."""
        return await run_case(request, database, clock, fs.GrantRead, kit.add_budget_line, grant_id, data)

    @patch(
        "/{grant_id:int}/budget-lines/{line_id:int}",
        summary="Change a budget line, saying why",
        guards=[requires(Permission.FUND)],
    )
    async def update_budget_line(
        self,
        request: Request[Actor, Any, Any],
        grant_id: int,
        line_id: int,
        data: fs.BudgetLineUpdate,
        database: Database,
        clock: Clock,
    ) -> fs.GrantRead:
        """Change a budget line's name, amount or category; the reason is kept. Answers the grant."""
        changes = _changes(data)
        return await run_case(
            request,
            database,
            clock,
            fs.GrantRead,
            kit.update_budget_line,
            grant_id,
            line_id,
            changes,
            data.reason,
        )

    @get(
        "/{grant_id:int}/changes",
        summary="Who changed the grant and its budget lines, when and why (finance)",
        guards=[requires(Permission.FINANCE_READ)],
    )
    async def grant_changes(self, grant_id: int, database: Database) -> list[fs.FundingChangeRead]:
        """The grant's and its budget lines' changes, oldest first."""
        async with UnitOfWork(database, readonly=True) as uow:
            view = (
                await funding.grant_views(
                    uow.session, [(await funding.grant_by_id(uow.session, grant_id)).id]
                )
            )[0]
            line_ids = [line.id for line, _ in view.lines]
            rows = await uow.session.execute(
                select(FundingChange, User.username)
                .join(User, User.id == FundingChange.user_id)
                .where(
                    ((FundingChange.entity == "grant") & (FundingChange.entity_id == grant_id))
                    | ((FundingChange.entity == "budget_line") & FundingChange.entity_id.in_(line_ids))
                )
                .order_by(FundingChange.id)
            )
            return [
                fs.FundingChangeRead(
                    id=c.id,
                    entity=c.entity,
                    entity_id=c.entity_id,
                    action=c.action,
                    reason=c.reason,
                    before=c.before,
                    after=c.after,
                    user=username,
                    created_at=c.created_at.isoformat(),
                )
                for c, username in rows
            ]


class ReceiptFundingController(Controller):
    path = "/api/v1/receipts/{operation_id:int}/funding"
    tags = ["funding"]

    @put("/", summary="Charge a receipt to other funding (finance)", guards=[requires(Permission.FUND)])
    async def recharge(
        self,
        request: Request[Actor, Any, Any],
        operation_id: int,
        data: s.FundingCreate,
        database: Database,
        clock: Clock,
    ) -> list[fs.ReceiptFundingRead]:
        """Charge a receipt to other grants, unrestricted funds or a donor; finance may override here."""
        choice = funding_choice(data)
        assert choice is not None

        async def action(uow: UnitOfWork) -> list[fs.ReceiptFundingRead]:
            book = FundingBook(uow.session, request.user, clock.now())
            rows = await book.recharge(operation_id, choice, clock.today())
            return [fs.receipt_funding_read(row) for row in rows]

        return await run_write(request, database, clock, action, list[fs.ReceiptFundingRead], status_code=200)
