"""The packing list: a PDF whose text says what was sent (cold-chain lines marked) and whose one barcode
decodes to the transfer's code, which the scanner parser reads as the transfer."""

from __future__ import annotations

import httpx
import zxingcpp

from inventory.db.engine import Database
from inventory.db.tables import Item
from inventory.db.uow import UnitOfWork
from inventory.scanning.codes import parse_scan
from tests.api.helpers import receive
from tests.conftest import Clinic, days
from tests.labels.labelscan import rasterise
from tests.pharmacy.readback import pdf_text
from tests.transfers.helpers import send


async def test_the_packing_list_prints_the_lines_cold_chain_marked_and_a_code_that_scans(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    async with UnitOfWork(database) as uow:
        (await uow.session.get(Item, clinic.items["insulin"])).cold_chain = True  # type: ignore[union-attr]
        await uow.commit()
    kbh, aar, h = clinic.sites["KBH"], clinic.sites["AAR"], auth("admin")
    for item, batch in (("insulin", "KOLD1"), ("gloves", "HANDSKE")):
        await receive(
            client, h, site=kbh, item=clinic.items[item], batch=batch, expiry=days(200), quantity=10
        )
    lines = [
        {"item": clinic.items["insulin"], "quantity": 3},
        {"item": clinic.items["gloves"], "quantity": 4},
    ]
    t = (await send(client, auth("volunteer"), kbh, aar, lines)).json()
    r = await client.get(
        f"/api/v1/transfers/{t['id']}/packing-list", params={"format": "pdf"}, headers=auth("volunteer_aar")
    )
    assert r.status_code == 200 and r.headers["content-type"] == "application/pdf"
    text = pdf_text(r.content)
    for words in (
        "Pakkeliste",
        f"Overførsel RKT{t['id']} fra København til Aarhus",
        "KOLD1",
        "HANDSKE",
        "Kølevare (2-8 °C)",
        "Almindelig",
    ):
        assert words in text, words
    codes = [b.text for page in rasterise(r.content) for b in zxingcpp.read_barcodes(page.image)]
    assert codes == [f"RKT{t['id']}"]
    scan = parse_scan(codes[0])
    assert (scan.kind, scan.clinic_kind, scan.clinic_id) == ("clinic", "transfer", t["id"])
    # scanned on the scan page (or the API's resolve), the code opens the transfer
    r = await client.post(
        "/api/v1/scans/resolve", json={"site": aar, "code": codes[0]}, headers=auth("volunteer_aar")
    )
    assert (
        r.status_code == 409
        and r.json()["transfer"] == t["id"]
        and r.json()["href"] == f"/transfers/{t['id']}"
    )
    r = await client.get(
        f"/api/v1/transfers/{t['id']}/packing-list", params={"format": "pdf"}, headers=auth("pharmacist")
    )
    assert r.status_code == 200  # the sending site's pharmacist reads it too
