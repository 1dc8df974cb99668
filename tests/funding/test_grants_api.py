"""Donors, grants and budget lines through the API; receipts refused by a grant's rules, and overrides."""

from __future__ import annotations

from typing import Any

import httpx

from inventory.db.engine import Database
from tests.api.helpers import assert_problem, clinic_body
from tests.conftest import Clinic, days
from tests.funding.helpers import assert_consistent, charged, donor, funding_rows, grant, layers


async def _receipt(
    client: httpx.AsyncClient, headers: dict[str, str], clinic: Clinic, **body: Any
) -> httpx.Response:
    values = (
        clinic_body(clinic, batch_number="R1", expiry_date=days(200), quantity=10, unit_cost_ore=500) | body
    )
    return await client.post("/api/v1/receipts", headers=headers, json=values)


async def test_finance_keeps_donors_grants_and_budget_lines_with_who_when_and_why(
    client: httpx.AsyncClient, auth: Any
) -> None:
    fin = auth("finance")
    novo = await donor(client, fin, "Novo Nordisk Fonden")
    made = await grant(
        client,
        fin,
        novo,
        "Diabetes 2026",
        550_000_00,
        reference="NNF-2026-17",
        budget_lines=[
            {"name": "Medicin", "amount_ore": 400_000_00, "category": "medicine"},
            {"name": "Tandpleje", "amount_ore": 150_000_00, "category": "dental"},
        ],
        restrictions={"sites": [1]},
    )
    assert [(line["name"], line["left_ore"]) for line in made["budget_lines"]] == [
        ("Medicin", 400_000_00),
        ("Tandpleje", 150_000_00),
    ]
    changed = await client.patch(
        f"/api/v1/grants/{made['id']}",
        headers=fin,
        json={"reason": "Fonden forlænger til marts", "end_date": days(400), "status": "active"},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json()["end_date"] == days(400)
    for outsider in ("volunteer", "pharmacist"):  # the change history is finance's (docs/access.md)
        refused = await client.get(f"/api/v1/grants/{made['id']}/changes", headers=auth(outsider))
        assert refused.status_code == 403
    history = (await client.get(f"/api/v1/grants/{made['id']}/changes", headers=fin)).json()
    assert [(c["entity"], c["action"], c["user"]) for c in history] == [
        ("grant", "create", "finance"),
        ("budget_line", "create", "finance"),
        ("budget_line", "create", "finance"),
        ("grant", "update", "finance"),
    ]
    assert history[-1]["reason"] == "Fonden forlænger til marts"
    assert history[-1]["before"]["end_date"] == days(300) and history[-1]["after"]["end_date"] == days(400)


async def test_a_change_without_a_reason_or_with_bad_values_is_refused(
    client: httpx.AsyncClient, auth: Any
) -> None:
    fin = auth("finance")
    novo = await donor(client, fin, "Novo")
    made = await grant(client, fin, novo, "G", 1000)
    assert_problem(
        await client.patch(f"/api/v1/grants/{made['id']}", headers=fin, json={"name": "X"}),
        400,
        field="reason",
    )
    backwards = await client.patch(
        f"/api/v1/grants/{made['id']}", headers=fin, json={"reason": "typo", "end_date": days(-400)}
    )
    assert_problem(backwards, 422, field="end_date")
    too_much = await client.post(
        "/api/v1/grants",
        headers=fin,
        json={
            "donor": novo,
            "name": "H",
            "amount_ore": 100,
            "start_date": days(0),
            "end_date": days(9),
            "budget_lines": [{"name": "A", "amount_ore": 101}],
        },
    )
    assert_problem(too_much, 422, field="budget_lines")
    unknown = await client.post(
        "/api/v1/grants",
        headers=fin,
        json={"donor": 999, "name": "H", "amount_ore": 100, "start_date": days(0), "end_date": days(9)},
    )
    assert_problem(unknown, 422, field="donor")
    assert_problem(
        await client.post("/api/v1/donors", headers=fin, json={"name": "Novo", "kind": "company"}),
        409,
        field="name",
    )


async def test_a_grant_create_is_idempotent(client: httpx.AsyncClient, auth: Any) -> None:
    fin = {**auth("finance"), "Idempotency-Key": "grant-1"}
    novo = await donor(client, auth("finance"), "Novo")
    body = {"donor": novo, "name": "G", "amount_ore": 100, "start_date": days(0), "end_date": days(9)}
    first = await client.post("/api/v1/grants", headers=fin, json=body)
    again = await client.post("/api/v1/grants", headers=fin, json=body)
    assert (first.status_code, again.status_code) == (201, 201) and first.json() == again.json()
    assert len((await client.get("/api/v1/grants", headers=fin)).json()) == 1


async def test_charging_a_grant_refuses_by_rule_and_names_the_field(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any, database: Database
) -> None:
    fin, vol = auth("finance"), auth("volunteer")
    novo = await donor(client, fin, "Novo")
    ended = await grant(client, fin, novo, "Ended", 100_000, start_date=days(-300), end_date=days(-1))
    later = await grant(client, fin, novo, "Later", 100_000, start_date=days(5))
    small = await grant(client, fin, novo, "Small", 4_999)
    dental = await grant(client, fin, novo, "Dental", 100_000, restrictions={"categories": ["dental"]})
    aarhus = await grant(client, fin, novo, "Aarhus", 100_000, restrictions={"sites": [clinic.sites["AAR"]]})
    lined = await grant(
        client, fin, novo, "Lines", 100_000, budget_lines=[{"name": "Medicin", "amount_ore": 4_000}]
    )
    cases = [
        (charged((ended["id"], 5000)), 409, "grant-refused", "grant-ended"),
        (charged((later["id"], 5000)), 409, "grant-refused", "grant-not-started"),
        (charged((small["id"], 5000)), 409, "grant-refused", "grant-exhausted"),
        (charged((dental["id"], 5000)), 422, "grant-restricted", "grant-restricted-category"),
        (charged((aarhus["id"], 5000)), 422, "grant-restricted", "grant-restricted-site"),
    ]
    for funding, status, code, reason in cases:
        body = assert_problem(
            await _receipt(client, vol, clinic, funding=funding), status, code=code, field="funding.grants[0]"
        )
        assert body["reason"] == reason
    line = lined["budget_lines"][0]["id"]
    split = {
        "kind": "grants",
        "grants": [
            {"grant": small["id"], "amount_ore": 1000},
            {"grant": lined["id"], "budget_line": line, "amount_ore": 4000},
        ],
    }
    assert (await _receipt(client, vol, clinic, funding=split)).status_code == 201
    again = {"kind": "grants", "grants": [{"grant": lined["id"], "budget_line": line, "amount_ore": 5000}]}
    body = assert_problem(await _receipt(client, vol, clinic, funding=again), 409, field="funding.grants[0]")
    assert body["reason"] == "budget-line-exhausted" and body["refusals"][0]["left_ore"] == 0
    assert_problem(
        await _receipt(client, vol, clinic, funding=charged((small["id"], 4999))), 422, field="funding.grants"
    )  # 4,999 øre is not the receipt's 5,000
    assert_problem(
        await _receipt(client, vol, clinic, funding=charged((small["id"], 5000)), unit_cost_ore=None),
        422,
        field="unit_cost_ore",
    )
    assert len(await layers(database)) == 1  # only the split receipt was written
    await assert_consistent(database)


async def test_only_finance_overrides_and_the_reason_is_kept(
    client: httpx.AsyncClient, clinic: Clinic, auth: Any, database: Database
) -> None:
    fin = auth("finance")
    novo = await donor(client, fin, "Novo")
    ended = await grant(client, fin, novo, "Ended", 100_000, start_date=days(-300), end_date=days(-1))
    funding = {**charged((ended["id"], 5000)), "override_reason": "Fonden har forlænget perioden"}
    assert_problem(
        await _receipt(client, auth("pharmacist"), clinic, funding=funding),
        403,
        field="funding.override_reason",
    )
    unrestricted = await _receipt(client, auth("pharmacist"), clinic)
    assert unrestricted.status_code == 201
    recharge = await client.put(
        f"/api/v1/receipts/{unrestricted.json()['id']}/funding",
        headers=fin,
        json=charged((ended["id"], 5000)),
    )
    assert_problem(recharge, 409, code="grant-refused")
    recharge = await client.put(
        f"/api/v1/receipts/{unrestricted.json()['id']}/funding", headers=fin, json=funding
    )
    assert recharge.status_code == 200, recharge.text
    assert recharge.json()[0]["overridden"] == ["grant-ended"]
    assert [(f["source"], f["grant"], f["override"]) for f in await funding_rows(database)] == [
        ("grant", ended["id"], "Fonden har forlænget perioden")
    ]
    assert [f["source"] for f in await funding_rows(database, current=False)] == ["unrestricted", "grant"]
    assert (await layers(database))[0]["source"] == "grant"
    by_admin = await _receipt(client, auth("admin"), clinic, batch_number="R2", funding=funding)
    assert by_admin.status_code == 201, by_admin.text
    await assert_consistent(database)
