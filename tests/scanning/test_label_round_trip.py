"""Every label the service prints scans back to its batch (issue 10).

Labels for every batch of the demo and for a generated set of awkward batch numbers (digits, digits that
look like AIs 10/11/17/21/30/37/710, dashes) are printed as A4 sheets, rasterised, decoded with zxing-cpp
position by position, and what a scanner would type is resolved through the scanning service: both the
GS1 DataMatrix and the clinic code must name the batch the label was printed for.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

import zxingcpp
from sqlalchemy import select

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import Batch, ItemGtin, Site, User
from inventory.db.uow import UnitOfWork
from inventory.demo.seed import load_demo
from inventory.domain.access import Actor
from inventory.domain.model import Role
from inventory.services import labelling, scanning
from inventory.services.ledger import Ledger, ReceiptCommand
from labels import LAYOUTS
from tests.labels.labelscan import cell, rasterise

LAYOUT = "a4-3x7"


def awkward_batch_numbers(today: date) -> list[str]:
    """Batch numbers a position-splitting parser would cut: AIs with valid data inside, digits, dashes."""
    rng = random.Random(10)
    soon = (today + timedelta(days=400)).strftime("%y%m%d")
    made = ["2673790", "3712", "30000001", "7101234", "1011", "2101", "21XYZ", "10AB", "0211", "A-1",
            "12-34-56", "37-90", f"11{soon}", f"17{soon}", f"9{soon}", f"AB11{soon}", f"X17{soon}21Y",
            f"15{soon}", "16001231", "00-00", "0105701234000129"[:14], "9921300371"]  # fmt: skip
    for _ in range(40):
        ai = rng.choice(["10", "11", "17", "21", "30", "37", "710"])
        head = "".join(rng.choices("0123456789", k=rng.randint(0, 3)))
        tail = soon if ai in ("11", "17") else "".join(rng.choices("0123456789-", k=rng.randint(1, 6)))
        made.append((head + ai + tail)[:20].strip("-") or ai)
    return list(dict.fromkeys(made))


async def test_every_printed_label_resolves_to_its_batch(database: Database) -> None:
    clock = Clock()
    await load_demo(database, clock)
    async with UnitOfWork(database) as uow:
        session = uow.session
        admin = await session.scalar(select(User).where(User.username == "admin"))
        site = await session.scalar(select(Site).order_by(Site.id).limit(1))
        gtin = await session.scalar(select(ItemGtin).order_by(ItemGtin.gtin).limit(1))
        assert admin and site and gtin
        actor = Actor(admin.id, admin.username, Role.ADMIN, frozenset())
        for number in awkward_batch_numbers(clock.today()):
            await Ledger(uow, actor, clock).receive(ReceiptCommand(
                site_id=site.id, item_id=gtin.item_id, batch_number=number,
                expiry_date=clock.today() + timedelta(days=400), quantity=1))  # fmt: skip
        await uow.commit()
    async with UnitOfWork(database, readonly=True) as uow:
        batches = list((await uow.session.scalars(select(Batch).order_by(Batch.id))).all())
        with_gtin = {row.item_id for row in (await uow.session.scalars(select(ItemGtin))).all()}
        request = labelling.LabelRequest(batches=[b.id for b in batches], site=site.id, layout=LAYOUT)
        pdf = labelling.render(await labelling.label_data(uow.session, request), request)

    layout = LAYOUTS[LAYOUT]
    pages = rasterise(pdf)
    named = {"datamatrix": 0, "clinic code": 0}
    wrong: list[tuple[str, str, int | None]] = []
    async with UnitOfWork(database, readonly=True) as uow:
        for index, batch in enumerate(batches):
            page, position = divmod(index, layout.per_page)
            codes = zxingcpp.read_barcodes(cell(pages[page], layout, position))
            texts = {("datamatrix" if code.format == zxingcpp.BarcodeFormat.DataMatrix else "clinic code"):
                     code.symbology_identifier + code.bytes.decode("latin-1") for code in codes}  # fmt: skip
            expected = {"datamatrix", "clinic code"} if batch.item_id in with_gtin else {"clinic code"}
            assert set(texts) == expected, (batch.batch_number, texts)
            for kind, text in texts.items():
                found = await scanning.resolve(uow.session, site.id, text, clock.today())
                if found.batch is not None and found.batch.id == batch.id:
                    named[kind] += 1
                else:
                    wrong.append((batch.batch_number, text, found.batch and found.batch.id))
    awkward = len(awkward_batch_numbers(clock.today()))
    print(
        f"\nlabel round trip: {len(batches)} batches ({awkward} awkward), {named['datamatrix']} DataMatrix "
        f"and {named['clinic code']} clinic codes named their batch; {len(wrong)} did not"
    )
    assert wrong == []
    assert named["clinic code"] == len(batches)
    assert named["datamatrix"] == sum(batch.item_id in with_gtin for batch in batches) >= awkward
