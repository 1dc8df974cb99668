"""The count sheet and the count report read back as a reader would: PDF text, XLSX cells, CSV rows."""

from __future__ import annotations

import httpx

from tests.conftest import Clinic
from tests.counts.conftest import approve, enter, start
from tests.pharmacy.readback import csv_rows, pdf_saying, xlsx_values


async def test_the_sheet_lists_what_to_count_with_an_empty_column_and_no_expected_figures_when_blind(
    client: httpx.AsyncClient, pharmacy: Clinic, auth, shelf: dict[str, int]
) -> None:
    kbh, p = pharmacy.sites["KBH"], auth("pharmacist")
    count = (await start(client, p, kbh, blind=True)).json()
    r = await client.get(f"/api/v1/counts/{count['id']}/sheet", headers=p)
    text = pdf_saying(
        r, [f"Optællingsliste {count['id']}, København", "Optalt", "Insulin glargin", "Metformin"]
    )
    assert "Forventet" not in text
    open_count = (await start(client, p, kbh)).json()
    r = await client.get(f"/api/v1/counts/{open_count['id']}/sheet", params={"lang": "en"}, headers=p)
    pdf_saying(r, [f"Count sheet {open_count['id']}, København", "Expected", "Counted"])


async def test_the_report_keeps_expected_counted_variance_value_posted_and_who_approved(
    client: httpx.AsyncClient, pharmacy: Clinic, auth, shelf: dict[str, int]
) -> None:
    kbh, p = pharmacy.sites["KBH"], auth("pharmacist")
    count = (await start(client, p, kbh, scope="items", items=[pharmacy.items["insulin"]])).json()
    await enter(
        client, p, count["id"], {"batch": shelf["A"], "counted": 7}, {"batch": shelf["B"], "counted": 5}
    )
    await approve(client, p, count["id"])
    url = f"/api/v1/counts/{count['id']}/report"
    rows = xlsx_values((await client.get(url, params={"format": "xlsx", "lang": "en"}, headers=p)).content)
    header = next(row for row in rows if row and row[0] == "Location")
    assert header[1:10] == [
        "Item",
        "Batch",
        "Expiry date",
        "Expected",
        "Counted",
        "Variance",
        "Value",
        "Grant",
        "Posted",
    ]
    [a] = [row for row in rows if row and row[2] == "A"]
    assert a[4:8] == [10, 7, -3, -30]  # kroner in the sheet
    assert a[9] == "yes" and a[10] == "pharmacist"
    assert any(row and row[0] == "Approved by" and row[1] == "pharmacist" for row in rows)
    pdf_saying(await client.get(url, headers=p), ["Optælling", "Godkendt af", "pharmacist", "Difference"])
    lines = csv_rows((await client.get(url, params={"format": "csv"}, headers=p)).content)
    assert len(lines) == 3 and lines[0][4] == "Forventet"
