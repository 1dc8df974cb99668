"""Issuing stock: first-expiry-first-out, named batches, refusals that write nothing, no patient data."""

from __future__ import annotations

import httpx
import pytest

from tests.api.helpers import (
    all_movements,
    assert_problem,
    issue,
    issue_at,
    movement_count,
    receive_at,
    receive_batches,
    stock,
)
from tests.conftest import Clinic, days


async def stock_three_batches(client: httpx.AsyncClient, clinic: Clinic, auth) -> dict[str, int]:
    """KBH insulin: LATE (300 days, 10), MID (120 days, 5), SOON (20 days, 3); returns batch ids."""
    batches = (("LATE", 300, 10), ("MID", 120, 5), ("SOON", 20, 3))
    received = await receive_batches(client, auth("volunteer"), clinic, batches)
    return {number: result["lines"][0]["batch"]["id"] for number, result in received.items()}


@pytest.fixture
async def ids(client: httpx.AsyncClient, clinic: Clinic, auth) -> dict[str, int]:
    """The three batches of `stock_three_batches`."""
    return await stock_three_batches(client, clinic, auth)


async def test_issue_prefers_batch_expiring_first(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    r = await issue_at(client, auth("volunteer"), clinic, quantity=2)
    assert r.status_code == 201, r.text
    assert [(line["batch"]["id"], line["quantity"]) for line in r.json()["lines"]] == [(ids["SOON"], -2)]
    assert r.json()["lines"][0]["on_hand"] == 1


async def test_issue_spans_batches_in_fefo_order(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    kbh = clinic.sites["KBH"]
    r = await issue(client, auth("volunteer"), site=kbh, item=clinic.items["insulin"], quantity=12)
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["quantity"] == 12
    assert [(line["batch"]["batch_number"], line["quantity"], line["on_hand"]) for line in body["lines"]] == [
        ("SOON", -3, 0),
        ("MID", -5, 0),
        ("LATE", -4, 6),
    ]
    assert body["fefo_suggestion"] is None
    assert await stock(client, auth("volunteer"), site=kbh) == {(kbh, ids["LATE"]): 6}
    issued = await all_movements(client, auth("volunteer"), kind="issue")
    assert sorted(m["quantity"] for m in issued) == [-5, -4, -3]
    assert {m["operation"] for m in issued} == {body["id"]}


async def test_issue_takes_only_stock_of_its_own_site(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    await receive_at(
        client, auth("volunteer_aar"), clinic, batch="AAR-SOON", expiry=days(5), quantity=50, site="AAR"
    )
    ids = await stock_three_batches(client, clinic, auth)
    r = await issue_at(client, auth("volunteer"), clinic, quantity=4)
    assert [line["batch"]["id"] for line in r.json()["lines"]] == [ids["SOON"], ids["MID"]]


async def test_expired_batch_is_never_picked_even_if_it_expires_first(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    h = auth("volunteer")
    kbh, insulin = clinic.sites["KBH"], clinic.items["insulin"]
    old = await receive_at(client, h, clinic, batch="OLD", expiry=days(-1), quantity=20, allow_expired=True)
    await receive_at(client, h, clinic, batch="NEW", expiry=days(60), quantity=5)
    r = await issue(client, h, site=kbh, item=insulin, quantity=5)
    assert r.status_code == 201, r.text
    assert [line["batch"]["batch_number"] for line in r.json()["lines"]] == ["NEW"]
    r = await issue(client, h, site=kbh, item=insulin, quantity=1)
    body = assert_problem(r, 409, code="insufficient-stock", field="quantity")
    assert body["available"] == 0
    old_id = old["lines"][0]["batch"]["id"]
    assert (await stock(client, h, site=kbh))[(kbh, old_id)] == 20


async def test_explicit_issue_from_an_expired_batch_is_refused(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    h = auth("volunteer")
    kbh, insulin = clinic.sites["KBH"], clinic.items["insulin"]
    old = await receive_at(client, h, clinic, batch="OLD", expiry=days(-3), quantity=20, allow_expired=True)
    before = await movement_count(client, h)
    r = await issue(client, h, site=kbh, item=insulin, quantity=1, batch=old["lines"][0]["batch"]["id"])
    assert_problem(r, 409, code="expired-stock", field="batch")
    assert await movement_count(client, h) == before


async def test_explicit_batch_that_is_not_first_to_expire_gets_a_fefo_suggestion(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    r = await issue_at(client, auth("volunteer"), clinic, quantity=2, batch=ids["LATE"])
    assert r.status_code == 201, r.text
    body = r.json()
    assert [(line["batch"]["id"], line["quantity"], line["on_hand"]) for line in body["lines"]] == [
        (ids["LATE"], -2, 8)
    ]
    assert body["fefo_suggestion"] is not None
    assert body["fefo_suggestion"]["id"] == ids["SOON"]
    assert body["fefo_suggestion"]["batch_number"] == "SOON"
    assert body["fefo_suggestion"]["expiry_date"] == days(20)


async def test_explicit_batch_that_is_first_to_expire_gets_no_suggestion(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    kbh, insulin = clinic.sites["KBH"], clinic.items["insulin"]
    # Neither expired stock here nor sooner-expiring stock at another site makes SOON a poor choice.
    await receive_at(
        client, auth("volunteer"), clinic, batch="EXPIRED", expiry=days(-2), quantity=4, allow_expired=True
    )
    await receive_at(
        client, auth("volunteer_aar"), clinic, batch="AAR", expiry=days(3), quantity=4, site="AAR"
    )
    r = await issue(client, auth("volunteer"), site=kbh, item=insulin, quantity=1, batch=ids["SOON"])
    assert r.status_code == 201, r.text
    assert r.json()["fefo_suggestion"] is None
    assert r.json()["lines"][0]["on_hand"] == 2


async def test_insufficient_stock_is_refused_with_available_and_nothing_written(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    h = auth("volunteer")
    kbh, insulin = clinic.sites["KBH"], clinic.items["insulin"]
    stock_before = await stock(client, h)
    movements_before = await movement_count(client, h)
    body = assert_problem(
        await issue(client, h, site=kbh, item=insulin, quantity=19),
        409,
        code="insufficient-stock",
        field="quantity",
    )
    assert body["available"] == 18
    assert body["requested"] == 19
    body = assert_problem(
        await issue(client, h, site=kbh, item=insulin, quantity=4, batch=ids["SOON"]),
        409,
        code="insufficient-stock",
    )
    assert body["available"] == 3
    body = assert_problem(
        await issue(client, h, site=kbh, item=clinic.items["metformin"], quantity=1),
        409,
        code="insufficient-stock",
    )
    assert body["available"] == 0
    aar = await receive_at(
        client, auth("volunteer_aar"), clinic, batch="AAR", expiry=days(30), quantity=4, site="AAR"
    )
    stock_before = await stock(client, h)
    movements_before = await movement_count(client, h)
    body = assert_problem(
        await issue(client, h, site=kbh, item=insulin, quantity=1, batch=aar["lines"][0]["batch"]["id"]),
        409,
        code="insufficient-stock",
    )
    assert body["available"] == 0  # the batch has stock, but not at this site
    assert await stock(client, h) == stock_before
    assert await movement_count(client, h) == movements_before
    r = await client.get("/api/v1/issues", headers=h)
    assert r.json()["items"] == []


async def test_batch_of_another_item_is_refused(client: httpx.AsyncClient, clinic: Clinic, auth) -> None:
    h, kbh = auth("volunteer"), clinic.sites["KBH"]
    metformin = await receive_at(
        client, h, clinic, batch="MET", expiry=days(100), quantity=100, item="metformin"
    )
    await receive_at(client, h, clinic, batch="INS", expiry=days(100), quantity=5)
    before = await movement_count(client, h)
    r = await issue(
        client,
        h,
        site=kbh,
        item=clinic.items["insulin"],
        quantity=1,
        batch=metformin["lines"][0]["batch"]["id"],
    )
    assert_problem(r, 422, field="batch")
    r = await issue_at(client, h, clinic, quantity=1, batch=999_999)
    assert_problem(r, 422, field="batch")
    assert await movement_count(client, h) == before


async def test_reason_is_required_and_validated(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    h = auth("volunteer")
    base = {"site": clinic.sites["KBH"], "item": clinic.items["insulin"], "quantity": 1}
    assert_problem(await client.post("/api/v1/issues", json=base, headers=h), 400, field="reason")
    for bad in ("sold", "", "PATIENT", None, 1):
        r = await client.post("/api/v1/issues", json={**base, "reason": bad}, headers=h)
        assert_problem(r, 400, field="reason")
    assert await all_movements(client, h, kind="issue") == []
    for reason in ("patient", "treatment", "lab", "dental", "other"):
        r = await client.post("/api/v1/issues", json={**base, "reason": reason}, headers=h)
        assert r.status_code == 201, r.text
        assert r.json()["reason"] == reason


async def test_no_patient_identity_is_accepted(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    h = auth("volunteer")
    base = {"site": clinic.sites["KBH"], "item": clinic.items["insulin"], "quantity": 1, "reason": "patient"}
    for field, value in (
        ("patient_name", "Jane Doe"),
        ("patient", "Jane Doe"),
        ("cpr", "010190-1234"),
        ("patient_id", 17),
        ("date_of_birth", "1990-01-01"),
    ):
        r = await client.post("/api/v1/issues", json={**base, field: value}, headers=h)
        body = assert_problem(r, 400, field=field)
        assert str(value) not in body["detail"]
    assert await all_movements(client, h, kind="issue") == []


async def test_issue_answers_with_who_and_where_and_is_listed(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    r = await issue_at(
        client, auth("pharmacist"), clinic, quantity=1, reason="treatment", note="diabetes follow-up"
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["kind"], body["user"], body["site"], body["reason"], body["note"]) == (
        "issue",
        "pharmacist",
        clinic.sites["KBH"],
        "treatment",
        "diabetes follow-up",
    )
    r = await client.get(f"/api/v1/issues/{body['id']}", headers=auth("finance"))
    assert r.status_code == 200

    def without_on_hand(lines: list[dict]) -> list[dict]:
        return [{k: v for k, v in line.items() if k != "on_hand"} for line in lines]

    assert without_on_hand(r.json()["lines"]) == without_on_hand(body["lines"])
    assert r.json()["created_at"] == body["created_at"]


async def test_volunteer_cannot_issue_at_another_site(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    await receive_at(
        client, auth("volunteer_aar"), clinic, batch="A", expiry=days(30), quantity=4, site="AAR"
    )
    r = await issue_at(client, auth("volunteer"), clinic, quantity=1, site="AAR")
    assert_problem(r, 403)
    assert_problem(
        await issue_at(client, auth("finance"), clinic, quantity=1, site="AAR"),
        403,
    )
    assert await all_movements(client, auth("admin"), kind="issue") == []
