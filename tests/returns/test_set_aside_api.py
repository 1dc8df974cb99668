"""A pack set aside from a scan: its batch goes into quarantine at the site, marked as set aside by the
volunteer with the reason, on the pharmacist's quarantine list; issues of it are refused after."""

from __future__ import annotations

from typing import Any

import httpx

from inventory.db.engine import Database
from inventory.db.tables import Quarantine
from tests.api.helpers import assert_problem, issue, receive
from tests.conftest import Clinic, days
from tests.funding.helpers import assert_consistent
from tests.rows import row_counts


async def batch_at(client: httpx.AsyncClient, clinic: Clinic, auth: Any, site: str, number: str) -> int:
    made = await receive(
        client,
        auth("admin"),
        site=clinic.sites[site],
        item=clinic.items["insulin"],
        batch=number,
        expiry=days(100),
        quantity=5,
    )
    return int(made["lines"][0]["batch"]["id"])


async def test_a_volunteer_sets_a_pack_aside_and_the_pharmacist_sees_who_and_why(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any, database: Database
) -> None:
    kbh = clinic.sites["KBH"]
    batch = await batch_at(client, clinic, auth, "KBH", "S1")
    r = await client.post(
        "/api/v1/scans/set-aside",
        headers=auth("volunteer"),
        json={"site": kbh, "batch": batch, "reason": "suspicious", "note": "seal broken"},
    )
    assert r.status_code == 201, r.text
    got = r.json()
    assert (got["set_aside"], got["user"], got["reason"], got["note"], got["on_hand"]) == (
        True,
        "volunteer",
        "suspicious",
        "seal broken",
        5,
    )
    listed = await client.get("/api/v1/quarantines", params={"site": kbh}, headers=auth("pharmacist"))
    [row] = listed.json()["items"]
    assert (row["batch"]["id"], row["set_aside"], row["user"]) == (batch, True, "volunteer")
    refused = await issue(
        client, auth("volunteer"), site=kbh, item=clinic.items["insulin"], quantity=1, batch=batch
    )
    assert refused.status_code == 409, refused.text
    await assert_consistent(database)


async def test_set_aside_refusals_write_nothing(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any, database: Database
) -> None:
    kbh, aar = clinic.sites["KBH"], clinic.sites["AAR"]
    batch = await batch_at(client, clinic, auth, "KBH", "S2")

    async def set_aside(user: str, **data: Any) -> httpx.Response:
        return await client.post("/api/v1/scans/set-aside", headers=auth(user), json={"batch": batch, **data})

    assert_problem(await set_aside("volunteer_aar", site=kbh, reason="damaged"), 403)
    assert_problem(await set_aside("volunteer", site=aar, reason="damaged"), 403, field="site")
    assert_problem(await set_aside("finance", site=kbh, reason="damaged"), 403)
    assert_problem(await set_aside("volunteer", site=kbh, reason="other"), 422, field="note")
    assert await row_counts(database, Quarantine) == (0,)
    assert (await set_aside("pharmacist", site=kbh, reason="damaged")).status_code == 201
    assert_problem(await set_aside("volunteer", site=kbh, reason="recalled"), 409, code="already-quarantined")
    assert await row_counts(database, Quarantine) == (1,)
