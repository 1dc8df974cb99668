"""Issuing a controlled drug needs the "controlled" permission: pharmacists and admins always have it, a
volunteer only when an admin grants it (with a reason, on the audit trail); the controlled-drug register
names who issued, in every format."""

from __future__ import annotations

from typing import Any

import httpx
from sqlalchemy import func, select

from inventory.db.engine import Database
from inventory.db.tables import Movement, SecurityEvent
from inventory.db.uow import UnitOfWork
from tests.api.helpers import assert_problem, issue, receive
from tests.conftest import Clinic, days
from tests.pharmacy.readback import csv_rows, pdf_text, xlsx_values

REGISTER = "/api/v1/reports/controlled-register"


async def stocked(client: httpx.AsyncClient, c: Clinic, auth: Any) -> int:
    body = await receive(
        client, auth("admin"), site=c.sites["KBH"], item=c.items["morphine"], batch="M7", expiry=days(300),
        quantity=20, unit_cost_ore=2000,
    )  # fmt: skip
    return int(body["lines"][0]["batch"]["id"])


async def issue_morphine(client: httpx.AsyncClient, c: Clinic, headers: dict[str, str]) -> httpx.Response:
    return await issue(client, headers, site=c.sites["KBH"], item=c.items["morphine"], quantity=1)


async def scan_out(
    client: httpx.AsyncClient, c: Clinic, headers: dict[str, str], batch: int
) -> httpx.Response:
    body = {"site": c.sites["KBH"], "code": f"RKB{batch}", "count": 1}
    return await client.post("/api/v1/scans/issue", json=body, headers=headers)


async def issued(database: Database) -> int:
    async with UnitOfWork(database, readonly=True) as uow:
        count = await uow.session.scalar(
            select(func.count()).select_from(Movement).where(Movement.kind == "issue")
        )
    return int(count or 0)


async def grant(
    client: httpx.AsyncClient, c: Clinic, auth: Any, allowed: bool, reason: str | None
) -> httpx.Response:
    body: dict[str, Any] = {"may_issue_controlled": allowed}
    if reason is not None:
        body["controlled_reason"] = reason
    return await client.patch(f"/api/v1/users/{c.users['volunteer']}", json=body, headers=auth("admin"))


async def test_a_volunteer_issuing_a_controlled_item_is_refused_by_the_api_and_the_scan(
    client: httpx.AsyncClient, pharmacy: Clinic, auth, database: Database
) -> None:
    batch = await stocked(client, pharmacy, auth)
    body = assert_problem(
        await issue_morphine(client, pharmacy, auth("volunteer")),
        403,
        code="controlled-not-permitted",
        field="item",
    )
    assert body["item_name"].startswith("Morfin")
    body = assert_problem(
        await scan_out(client, pharmacy, auth("volunteer"), batch), 403, code="controlled-not-permitted"
    )
    assert body["item_name"].startswith("Morfin") and body["batch_number"] == "M7"
    assert await issued(database) == 0
    # Not controlled: the volunteer issues as before.
    await receive(
        client, auth("admin"), site=pharmacy.sites["KBH"], item=pharmacy.items["insulin"], batch="I1",
        expiry=days(90), quantity=5,
    )  # fmt: skip
    r = await issue(
        client, auth("volunteer"), site=pharmacy.sites["KBH"], item=pharmacy.items["insulin"], quantity=1
    )
    assert r.status_code == 201, r.text


async def test_a_pharmacist_may_and_a_volunteer_may_once_an_admin_grants_it_with_a_reason(
    client: httpx.AsyncClient, pharmacy: Clinic, auth, database: Database
) -> None:
    batch = await stocked(client, pharmacy, auth)
    assert (await issue_morphine(client, pharmacy, auth("pharmacist"))).status_code == 201
    assert (await scan_out(client, pharmacy, auth("pharmacist"), batch)).status_code == 201
    assert_problem(await grant(client, pharmacy, auth, True, None), 422, field="controlled_reason")
    r = await grant(client, pharmacy, auth, True, "Sygeplejerske, giver morfin i klinikken")
    assert r.status_code == 200, r.text
    assert r.json()["may_issue_controlled"] is True
    assert (await issue_morphine(client, pharmacy, auth("volunteer"))).status_code == 201
    assert (await scan_out(client, pharmacy, auth("volunteer"), batch)).status_code == 201
    assert (await grant(client, pharmacy, auth, False, "Stoppet som frivillig")).status_code == 200
    assert_problem(
        await issue_morphine(client, pharmacy, auth("volunteer")), 403, code="controlled-not-permitted"
    )
    assert await issued(database) == 4
    async with UnitOfWork(database, readonly=True) as uow:
        events = (
            await uow.session.execute(
                select(
                    SecurityEvent.outcome, SecurityEvent.actor_id, SecurityEvent.subject, SecurityEvent.reason
                )
                .where(SecurityEvent.kind == "controlled")
                .order_by(SecurityEvent.id)
            )
        ).all()
    admin = pharmacy.users["admin"]
    assert [tuple(e) for e in events] == [
        ("granted", admin, "volunteer", "Sygeplejerske, giver morfin i klinikken"),
        ("revoked", admin, "volunteer", "Stoppet som frivillig"),
    ]
    # Only an admin grants.
    r = await client.patch(
        f"/api/v1/users/{pharmacy.users['volunteer']}",
        json={"may_issue_controlled": True, "controlled_reason": "x"},
        headers=auth("pharmacist"),
    )
    assert_problem(r, 403)


async def test_the_register_names_who_issued_in_csv_xlsx_and_pdf(
    client: httpx.AsyncClient, pharmacy: Clinic, auth
) -> None:
    await stocked(client, pharmacy, auth)
    r = await client.patch(
        f"/api/v1/users/{pharmacy.users['volunteer']}",
        json={
            "full_name": "Vilma Frivillig",
            "may_issue_controlled": True,
            "controlled_reason": "sygeplejerske",
        },
        headers=auth("admin"),
    )
    assert r.status_code == 200, r.text
    assert (await issue_morphine(client, pharmacy, auth("volunteer"))).status_code == 201
    assert (await issue_morphine(client, pharmacy, auth("pharmacist"))).status_code == 201
    params: dict[str, Any] = {"site": pharmacy.sites["KBH"], "item": pharmacy.items["morphine"]}
    h = auth("pharmacist")
    for lang, issue_word in (("da", "Udlevering"), ("en", "Issue")):
        csv_body = (
            await client.get(REGISTER, params={**params, "format": "csv", "lang": lang}, headers=h)
        ).content
        issues = [row for row in csv_rows(csv_body, ";" if lang == "da" else ",") if issue_word in row]
        assert len(issues) == 2, csv_rows(csv_body)
        assert ["Vilma Frivillig" in row for row in issues] == [True, False]
        assert any("pharmacist" in row for row in issues)
        xlsx = (
            await client.get(REGISTER, params={**params, "format": "xlsx", "lang": lang}, headers=h)
        ).content
        cells = [row for row in xlsx_values(xlsx) if issue_word in row]
        assert len(cells) == 2 and "Vilma Frivillig" in cells[0] and "pharmacist" in cells[1]
        pdf = (
            await client.get(REGISTER, params={**params, "format": "pdf", "lang": lang}, headers=h)
        ).content
        text = " ".join(pdf_text(pdf).split())  # a name may wrap inside its column
        assert "Vilma Frivillig" in text and "pharmacist" in text
    body = (await client.get(REGISTER, params=params, headers=h)).json()
    users = [row["user"] for row in body["sections"][0]["groups"][0]["rows"][1:]]
    assert users == ["admin", "Vilma Frivillig", "pharmacist"]
