"""The returns pages over HTTP, as a browser uses them: the form finds a batch by its number or its
label code (RKB…), a number two items share is refused until the label settles it, the return's page
shows its note; the quarantine page marks a pack set aside with who set it aside."""

from __future__ import annotations

from typing import Any

import httpx

from tests.api.helpers import receive
from tests.conftest import Clinic, days
from tests.pharmacy.test_pages import HTML, page_form
from tests.web.webhelpers import log_in


async def test_the_form_finds_a_batch_by_number_or_label_and_refuses_an_unsettled_number(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any
) -> None:
    kbh, admin = clinic.sites["KBH"], auth("admin")
    ins = await receive(
        client,
        admin,
        site=kbh,
        item=clinic.items["insulin"],
        batch="L7",
        expiry=days(90),
        quantity=6,
        unit_cost_ore=500,
    )
    await receive(
        client,
        admin,
        site=clinic.sites["AAR"],
        item=clinic.items["metformin"],
        batch="L7",
        expiry=days(90),
        quantity=2,
    )
    await receive(client, admin, site=kbh, item=clinic.items["gloves"], batch="G7", expiry=None, quantity=3)
    await log_in(client, "pharmacist", next="/returns")
    text, hidden = await page_form(client, f"/returns/new?site={kbh}&batch=L7")
    assert 'value="L7"' in text
    form = {
        **hidden,
        "site": kbh,
        "supplier": "Nomeco",
        "reference": "RMA-1",
        "reason": "damaged",
        "batch_0": "L7",
        "quantity_0": 2,
        "batch_1": "nope",
        "quantity_1": 1,
    }
    refused = await client.post("/returns/new", data=form)
    assert refused.status_code == 422 and 'data-problem="unknown-reference"' in refused.text
    done = await client.post("/returns/new", data={**form, "batch_1": "G7"})  # L7: the one held here
    assert done.status_code == 303, done.text
    page = (await client.get(done.headers["location"], headers=HTML)).text
    assert "Returseddel" in page and "Nomeco" in page and "Insulin" in page and "Nitrilhandsker" in page
    note = await client.get(done.headers["location"] + "/note")
    assert note.status_code == 200 and note.headers["content-type"] == "application/pdf"
    # Stock of the other L7 at København too: the number alone no longer says which; the label does.
    await receive(
        client, admin, site=kbh, item=clinic.items["metformin"], batch="L7", expiry=days(90), quantity=2
    )
    _, hidden = await page_form(client, "/returns/new")
    again = {**form, **hidden, "batch_1": "", "reference": "RMA-2"}
    unsettled = await client.post("/returns/new", data=again)
    assert unsettled.status_code == 422 and 'data-problem="invalid-input"' in unsettled.text
    label = f"RKB{ins['lines'][0]['batch']['id']}"
    done = await client.post("/returns/new", data={**again, "batch_0": label})
    assert done.status_code == 303, done.text
    listed = (await client.get("/returns", headers=HTML)).text
    assert "RMA-1" in listed and "RMA-2" in listed


async def test_the_quarantine_page_marks_a_pack_set_aside_with_who(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any
) -> None:
    kbh = clinic.sites["KBH"]
    made = await receive(
        client, auth("admin"), site=kbh, item=clinic.items["insulin"], batch="Q1", expiry=days(90), quantity=2
    )
    batch = made["lines"][0]["batch"]["id"]
    r = await client.post(
        "/api/v1/scans/set-aside",
        headers=auth("volunteer"),
        json={"site": kbh, "batch": batch, "reason": "damaged"},
    )
    assert r.status_code == 201, r.text
    await log_in(client, "pharmacist", next="/quarantine")
    page = (await client.get("/quarantine", headers=HTML)).text
    assert "Lagt til side af volunteer" in page and "Beskadiget" in page
    # The pharmacist may send it back from there: the return form opens on that batch's label code.
    assert f'href="/returns/new?site={kbh}&batch=RKB{batch}&quantity=2"' in page
