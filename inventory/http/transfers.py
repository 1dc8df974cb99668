"""Transfers for the API and the pages: the use cases (each in the caller's write, `run_case`), one to
read where the reader may, and its packing list."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncSession

from inventory.clock import Clock
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor
from inventory.http.shapes import transfers as ts
from inventory.reports import Report
from inventory.services.reports.packing_list import packing_list
from inventory.services.transfer_reads import transfer_view
from inventory.services.transfers import (
    ReceiveLineCommand,
    TransferCommand,
    TransferLineCommand,
    Transfers,
)


def transfer_command(data: ts.TransferCreate) -> TransferCommand:
    return TransferCommand(
        from_site_id=data.from_site,
        to_site_id=data.to_site,
        lines=[TransferLineCommand(line.item, line.quantity, line.batch) for line in data.lines],
        note=data.note,
    )


async def _answer(uow: UnitOfWork, actor: Actor, transfer_id: int) -> ts.TransferRead:
    return ts.transfer_read(await transfer_view(uow.session, actor, transfer_id))


async def create_transfer(
    uow: UnitOfWork, actor: Actor, clock: Clock, data: ts.TransferCreate
) -> ts.TransferRead:
    transfer = await Transfers(uow, actor, clock).create(transfer_command(data))
    return await _answer(uow, actor, transfer.id)


async def approve_transfer(uow: UnitOfWork, actor: Actor, clock: Clock, transfer_id: int) -> ts.TransferRead:
    await Transfers(uow, actor, clock).approve(transfer_id)
    return await _answer(uow, actor, transfer_id)


async def receive_transfer(
    uow: UnitOfWork, actor: Actor, clock: Clock, transfer_id: int, data: ts.TransferReceiptCreate
) -> ts.TransferRead:
    lines = (
        None
        if data.lines is None
        else [ReceiveLineCommand(line.line, line.received, line.reason, line.note) for line in data.lines]
    )
    await Transfers(uow, actor, clock).receive(transfer_id, lines)
    return await _answer(uow, actor, transfer_id)


async def cancel_transfer(uow: UnitOfWork, actor: Actor, clock: Clock, transfer_id: int) -> ts.TransferRead:
    await Transfers(uow, actor, clock).cancel(transfer_id)
    return await _answer(uow, actor, transfer_id)


async def packing_list_of(session: AsyncSession, actor: Actor, transfer_id: int) -> Report:
    """The packing list: lines, cold-chain marks, the transfer's code to scan on arrival."""
    return packing_list(await transfer_view(session, actor, transfer_id))


async def read_transfer(session: AsyncSession, actor: Actor, transfer_id: int) -> ts.TransferRead:
    return ts.transfer_read(await transfer_view(session, actor, transfer_id))
