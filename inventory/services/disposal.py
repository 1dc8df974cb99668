"""Disposal of stock (pharmacists and admins, at any site), witnessed for controlled items.

One disposal at one site writes a `disposal` operation per item (operations name one item) with a
movement per batch, balances in the same transaction, and a `disposal_lines` row per movement with the
value destroyed (what it took from the batch's cost layers: services/valuation). Every refusal is raised
before the first write. The witness's password is tried last, once everything else is valid, and
outside this unit of work (its attempts and failures are committed on their own, within the login
limits: services/witness.py): the first pass raises WitnessPending, the caller confirms the witness and
runs the disposal again with the witness's id, checking everything again in the writing transaction
(http/disposals.py).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db import repo
from inventory.db.tables import Batch, Disposal, DisposalLine, Item, StockBalance, User
from inventory.domain import disposal as rules
from inventory.domain.access import Actor, Permission
from inventory.domain.disposal import WITNESS_ROLES, DisposalMethod
from inventory.domain.errors import InsufficientStock, UnknownReference, WitnessRefused
from inventory.domain.expiry import StockValue
from inventory.domain.model import Role
from inventory.services.acting import Acting
from inventory.services.ledger import Ledger, OperationResult
from inventory.services.users import actor_for
from inventory.services.valuation import values_taken
from inventory.services.witness import NOT_CONFIRMED, WitnessLogin

NOTHING = StockValue(0, 0)

__all__ = ["DisposalCommand", "DisposalLineCommand", "Disposals", "WitnessLogin", "WitnessPending"]


@dataclass(frozen=True)
class DisposalLineCommand:
    batch_id: int
    quantity: int


@dataclass(frozen=True)
class DisposalCommand:
    site_id: int
    lines: list[DisposalLineCommand]
    method: DisposalMethod
    reason: str | None = None
    note: str | None = None
    witness: WitnessLogin | None = None


@dataclass
class DisposalResult:
    disposal: Disposal
    operations: list[OperationResult]
    values: dict[int, tuple[int, int]]  # movement id -> (value in øre, unvalued units)


class WitnessPending(Exception):  # noqa: N818 - not an error: the request is valid so far
    """Everything but the witness is valid: confirm the witness (services/witness.py, its own
    transactions) and run the disposal again with their id. Never leaves the API."""


async def _confirmed_witness(session: AsyncSession, actor: Actor, witness_id: int, site_id: int) -> int:
    """The confirmed witness may still witness now (not deactivated or demoted since), and disposes of
    stock at this site themself (the policy's `dispose`): a pharmacist of another site does not witness."""
    user = await session.get(User, witness_id)
    if user is None or user.id == actor.user_id or not user.active or Role(user.role) not in WITNESS_ROLES:
        raise WitnessRefused(NOT_CONFIRMED, field="witness")
    witness = await actor_for(session, user.id)
    if witness is None or not witness.may_at(Permission.DISPOSE, site_id):
        raise WitnessRefused("the witness must be a pharmacist of this site", field="witness")
    return user.id


async def _balances(session: AsyncSession, site_id: int, batch_ids: list[int]) -> dict[int, tuple[int, bool]]:
    rows = await session.execute(
        select(StockBalance.batch_id, StockBalance.quantity, StockBalance.quarantined).where(
            StockBalance.site_id == site_id, StockBalance.batch_id.in_(batch_ids)
        )
    )
    return {batch_id: (quantity, bool(quarantined)) for batch_id, quantity, quarantined in rows}


class Disposals(Acting):
    async def dispose(self, cmd: DisposalCommand, witness_id: int | None = None) -> DisposalResult:
        """Every rule but the witness's password is checked first; then, when a witness is needed or
        named and not yet confirmed (`witness_id`), WitnessPending. Nothing is written before."""
        self.actor.require_at(Permission.DISPOSE, cmd.site_id)
        site = await repo.site_by_id(self.session, cmd.site_id)
        batches = await repo.batches_by_id(self.session, [line.batch_id for line in cmd.lines])
        for n, line in enumerate(cmd.lines):
            if line.batch_id not in batches:
                raise UnknownReference(f"no batch with id {line.batch_id}", field=f"lines.{n}.batch")
        items = {
            item.id: item
            for item in (
                await self.session.scalars(
                    select(Item).where(Item.id.in_({b.item_id for b in batches.values()}))
                )
            ).all()
        }
        for item_id in sorted(items):
            await repo.lock_item_stock(self.session, site.id, item_id)
        balances = await _balances(self.session, site.id, list(batches))
        today = self.clock.today()
        lines = [
            rules.DisposalLine(
                batch_id=line.batch_id,
                quantity=line.quantity,
                expiry=batches[line.batch_id].expiry_date,
                quarantined=balances.get(line.batch_id, (0, False))[1],
                controlled=items[batches[line.batch_id].item_id].controlled,
            )
            for line in cmd.lines
        ]
        rules.check_lines(lines, cmd.reason, today)
        for n, line in enumerate(cmd.lines):
            available = balances.get(line.batch_id, (0, False))[0]
            if line.quantity > available:
                raise InsufficientStock(
                    f"only {available} units of batch {batches[line.batch_id].batch_number} in stock here, "
                    f"{line.quantity} to dispose of",
                    field=f"lines.{n}.quantity",
                    extra={"available": available, "requested": line.quantity, "batch": line.batch_id},
                )
        if cmd.witness is None:
            if rules.needs_witness(lines):
                rules.check_witness(
                    actor_id=self.actor.user_id, witness_id=None, witness_role=None, active=False
                )
        elif witness_id is None:
            raise WitnessPending()
        else:
            witness_id = await _confirmed_witness(self.session, self.actor, witness_id, site.id)
        return await self._write(cmd, site.id, batches, items, witness_id)

    async def _write(
        self,
        cmd: DisposalCommand,
        site_id: int,
        batches: dict[int, Batch],
        items: dict[int, Item],
        witness_id: int | None,
    ) -> DisposalResult:
        site = await repo.site_by_id(self.session, site_id)
        record = Disposal(
            site_id=site_id,
            method=cmd.method.value,
            reason=(cmd.reason or "").strip() or None,
            note=(cmd.note or "").strip() or None,
            user_id=self.actor.user_id,
            witness_id=witness_id,
            created_at=self.clock.now(),
        )
        self.session.add(record)
        await self.session.flush()
        per_item: dict[int, list[tuple[Batch, int]]] = defaultdict(list)
        for line in cmd.lines:
            batch = batches[line.batch_id]
            per_item[batch.item_id].append((batch, line.quantity))
        ledger = Ledger(self.uow, self.actor, self.clock)
        result = DisposalResult(record, [], {})
        for item_id, takes in per_item.items():
            operation = await ledger.dispose(
                site, items[item_id], takes, method=cmd.method.value, note=record.note,
                reference=f"disposal {record.id}",
            )  # fmt: skip
            result.operations.append(operation)
        moved = [line.movement.id for operation in result.operations for line in operation.lines]
        values = await values_taken(self.session, moved)
        for movement_id in moved:
            value = values.get(movement_id, NOTHING)
            result.values[movement_id] = (value.value_ore, value.unvalued_quantity)
            self.session.add(
                DisposalLine(
                    movement_id=movement_id,
                    disposal_id=record.id,
                    value_ore=value.value_ore,
                    unvalued_quantity=value.unvalued_quantity,
                )
            )
        await self.session.flush()
        return result
