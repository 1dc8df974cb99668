"""One valuation: what the expiry review and a disposal say stock is worth is what its cost layers say.

The expiry review and the disposals valued stock from the receipts (first in, first out: the units on
hand are the last received) before they read the cost layers the finance reports read. This test holds
both rules, written out here as oracles, against the service's figures on the demo clinic and on a
small bench-style ledger (bench/), on SQLite and, with INVENTORY_TEST_POSTGRES_URL, on PostgreSQL:
every batch at every site the expiry review shows, and what disposing of part or all of it is worth.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from sqlalchemy import make_url, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from bench import db as bench_db
from bench.dataset import ensure_dataset
from bench.params import Params
from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import CostLayer, DisposalLine, Item, LayerTake, Movement, StockBalance, User
from inventory.db.uow import UnitOfWork
from inventory.demo.seed import load_demo
from inventory.domain.disposal import DisposalMethod
from inventory.domain.funding import LayerSource
from inventory.services.disposal import DisposalCommand, DisposalLineCommand, Disposals
from inventory.services.expiry_review import expiry_review
from inventory.services.users import actor_for
from tests.conftest import POSTGRES_URL
from tests.web.browserkit import in_own_thread

pytestmark = pytest.mark.slow

SMALL_BENCH = Params(sites=2, items=60, batches=600, movements=6_000)
WHOLE_SHELF_LIFE = 3650  # days: the review then shows every batch in stock that has an expiry date

Key = tuple[int, int]  # (site, batch)


@dataclass(frozen=True)
class Value:
    value_ore: int
    unvalued_quantity: int


# --- the receipts rule (how the review and disposals valued stock before the cost layers) -------------


async def receipts_of(session: AsyncSession) -> dict[Key, list[tuple[int, int | None]]]:
    """(site, batch) -> its receipts not reversed, oldest first: (units, unit cost or None)."""
    reversal = aliased(Movement)
    rows = await session.execute(
        select(Movement.site_id, Movement.batch_id, Movement.quantity, Movement.unit_cost_ore)
        .outerjoin(reversal, reversal.reverses_id == Movement.id)
        .where(Movement.kind == "receipt", reversal.id.is_(None))
        .order_by(Movement.id)
    )
    receipts: dict[Key, list[tuple[int, int | None]]] = defaultdict(list)
    for site, batch, quantity, cost in rows:
        receipts[(site, batch)].append((quantity, cost))
    return receipts


def by_receipts(on_hand: int, receipts: list[tuple[int, int | None]]) -> Value:
    """The units on hand are the last received: walk the receipts from the newest back; units without
    a cost, or beyond all ever received, are unvalued."""
    remaining, value, unvalued = on_hand, 0, 0
    for quantity, cost in reversed(receipts):
        take = min(remaining, quantity)
        if cost is None:
            unvalued += take
        else:
            value += take * cost
        remaining -= take
    return Value(value, unvalued + remaining)


def taken_by_receipts(before: int, taken: int, receipts: list[tuple[int, int | None]]) -> Value:
    was, left = by_receipts(before, receipts), by_receipts(before - taken, receipts)
    return Value(was.value_ore - left.value_ore, was.unvalued_quantity - left.unvalued_quantity)


# --- the cost layers (what finance reads) ------------------------------------------------------------


@dataclass(frozen=True)
class Layer:
    units: int
    unit_cost_ore: int
    known: bool  # a cost was given (or carried): a layer at 0 kr. for a receipt without a cost is not


async def layers_of(session: AsyncSession) -> dict[Key, list[Layer]]:
    """(site, batch) -> its layers holding stock, oldest first."""
    rows = await session.execute(
        select(
            CostLayer.site_id,
            CostLayer.batch_id,
            CostLayer.quantity_left,
            CostLayer.unit_cost_ore,
            CostLayer.source,
            Movement.unit_cost_ore,
        )
        .outerjoin(Movement, Movement.id == CostLayer.movement_id)
        .where(CostLayer.quantity_left > 0)
        .order_by(CostLayer.id)
    )
    layers: dict[Key, list[Layer]] = defaultdict(list)
    for site, batch, left, cost, source, given in rows:
        known = cost > 0 or (source not in (LayerSource.FOUND, LayerSource.OPENING) and given is not None)
        layers[(site, batch)].append(Layer(left, cost, known))
    return layers


def by_layers(layers: list[Layer], units: int | None = None) -> Value:
    """The first `units` (all when None) of the layers, oldest first, as a take consumes them."""
    remaining = sum(layer.units for layer in layers) if units is None else units
    value = unvalued = 0
    for layer in layers:
        take = min(remaining, layer.units)
        value += take * layer.unit_cost_ore
        unvalued += 0 if layer.known else take
        remaining -= take
    assert remaining == 0, "the layers hold fewer units than the balance"
    return Value(value, unvalued)


# --- the comparison -----------------------------------------------------------------------------------


async def balances_of(session: AsyncSession) -> dict[Key, int]:
    rows = await session.execute(
        select(StockBalance.site_id, StockBalance.batch_id, StockBalance.quantity).where(
            StockBalance.quantity > 0
        )
    )
    return {(site, batch): quantity for site, batch, quantity in rows}


async def assert_one_valuation(session: AsyncSession, today: date) -> int:
    """Every value the expiry review shows, and what disposing of a third or all of each batch at each
    site is worth, is the same by the receipts and by the layers. Answers the lines compared."""
    balances, receipts, layers = (
        await balances_of(session),
        await receipts_of(session),
        await layers_of(session),
    )
    assert balances, "no stock to compare"
    for key, on_hand in balances.items():
        stock = layers.get(key, [])
        assert by_receipts(on_hand, receipts.get(key, [])) == by_layers(stock), key
        for taken in {on_hand, max(1, on_hand // 3)}:
            assert taken_by_receipts(on_hand, taken, receipts.get(key, [])) == by_layers(stock, taken), key
    sites = sorted({site for site, _ in balances})
    compared = 0
    for site in [None, *sites]:
        review = await expiry_review(
            session, site=site, within_days=WHOLE_SHELF_LIFE, buckets=(30, 60, 90), today=today
        )
        assert review.lines
        for line in review.lines:
            key = (line.stock.site_id, line.stock.batch_id)
            shown = Value(line.stock.value.value_ore, line.stock.value.unvalued_quantity)
            assert shown == by_receipts(balances[key], receipts.get(key, [])), key
            assert shown == by_layers(layers[key]), key
            compared += 1
        total = review.total
        assert (total.value_ore, total.unvalued_quantity) == (
            sum(line.stock.value.value_ore for line in review.lines),
            sum(line.stock.value.unvalued_quantity for line in review.lines),
        )
    return compared


# --- the demo clinic ------------------------------------------------------------------------------------


async def test_demo_stock_is_worth_the_same_by_receipts_and_by_layers(database: Database) -> None:
    clock = Clock()
    await load_demo(database, clock)
    async with UnitOfWork(database, readonly=True) as uow:
        assert await assert_one_valuation(uow.session, clock.today()) > 50


async def test_a_disposal_on_the_demo_is_worth_what_its_layers_gave(database: Database) -> None:
    """Dispose of part of each of a site's in-stock batches of uncontrolled items: each line's value
    is what the receipts said the units were worth, and what the cost layers gave up for them."""
    clock = Clock()
    await load_demo(database, clock)
    async with UnitOfWork(database) as uow:
        s = uow.session
        admin = await s.scalar(select(User.id).where(User.role == "admin").order_by(User.id).limit(1))
        actor = await actor_for(s, int(admin or 0))
        assert actor is not None
        balances, receipts = await balances_of(s), await receipts_of(s)
        site = max({site for site, _ in balances}, key=lambda x: sum(1 for k in balances if k[0] == x))
        controlled = set((await s.scalars(select(Item.id).where(Item.controlled.is_(True)))).all())
        batch_items = {
            batch: item
            for batch, item in await s.execute(select(StockBalance.batch_id, StockBalance.item_id).distinct())
        }
        lines = [
            DisposalLineCommand(batch, max(1, quantity // 2))
            for (at, batch), quantity in sorted(balances.items())
            if at == site and batch_items[batch] not in controlled
        ][:25]
        assert len(lines) > 5
        expected = {
            line.batch_id: taken_by_receipts(balances[(site, line.batch_id)], line.quantity,
                                             receipts.get((site, line.batch_id), []))
            for line in lines
        }  # fmt: skip
        command = DisposalCommand(site, lines, DisposalMethod.PHARMACY_RETURN, reason="valuation test")
        result = await Disposals(uow, actor, clock).dispose(command)
        await uow.commit()
    async with UnitOfWork(database, readonly=True) as uow:
        s = uow.session
        for operation in result.operations:
            for moved in operation.lines:
                line = await s.get(DisposalLine, moved.movement.id)
                assert line is not None
                want = expected[moved.batch.id]
                assert Value(line.value_ore, line.unvalued_quantity) == want, moved.batch.id
                taken = await s.scalars(
                    select(LayerTake.value_ore).where(LayerTake.movement_id == moved.movement.id)
                )
                assert sum(taken) == want.value_ore
        assert await assert_one_valuation(s, clock.today()) > 50


# --- a small bench-style ledger ----------------------------------------------------------------------


@pytest.fixture(scope="module", params=["sqlite", "postgres"] if POSTGRES_URL else ["sqlite"])
def bench_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('valuation-bench') / 'bench.db'}"
        ensure_dataset(url, SMALL_BENCH, progress=False)
        yield url
        return
    assert POSTGRES_URL
    name = f"inventory_valuation_bench_{os.getpid()}"  # made by the bench harness, dropped here
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    try:
        ensure_dataset(url, SMALL_BENCH, progress=False)
        yield url
    finally:
        in_own_thread(
            lambda: bench_db.execute(POSTGRES_URL or "", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        )


async def test_bench_stock_is_worth_the_same_by_receipts_and_by_layers(bench_url: str) -> None:
    database = Database(bench_url)
    try:
        async with database.read_sessions() as session:
            today = Clock().today()
            assert await assert_one_valuation(session, today) > 100
            # The bench's ledger ends near today; its older expiries are in the review as expired.
            assert await assert_one_valuation(session, today + timedelta(days=365)) > 100
    finally:
        await database.dispose()
