"""Adjustments by pharmacists, and reversals that undo an operation with movements naming what they undo."""

from __future__ import annotations

from datetime import timedelta

import httpx
import pytest

from inventory.domain.access import VOLUNTEER_UNDO_HOURS
from tests.api.helpers import (
    ShiftClock,
    adjust,
    all_movements,
    assert_problem,
    issue_at,
    movement_count,
    receive_at,
    receive_batches,
    stock,
)
from tests.conftest import Clinic


@pytest.fixture
async def ids(client: httpx.AsyncClient, clinic: Clinic, auth) -> dict[str, int]:
    """KBH insulin: SOON (30 days, 4) and LATE (200 days, 10)."""
    received = await receive_batches(client, auth("pharmacist"), clinic, (("SOON", 30, 4), ("LATE", 200, 10)))
    ids = {number: result["lines"][0]["batch"]["id"] for number, result in received.items()}
    return ids | {f"receipt_{number}": result["id"] for number, result in received.items()}


async def reverse(client: httpx.AsyncClient, headers: dict[str, str], operation: int) -> httpx.Response:
    return await client.post("/api/v1/reversals", json={"operation": operation}, headers=headers)


async def issue_and_reverse(
    client: httpx.AsyncClient, headers: dict[str, str], clinic: Clinic, quantity: int
) -> tuple[httpx.Response, httpx.Response]:
    """Issues `quantity` insulin at KBH and reverses that issue as the same user; the reversal is accepted."""
    issued = await issue_at(client, headers, clinic, quantity=quantity)
    reversal = await reverse(client, headers, issued.json()["id"])
    assert reversal.status_code == 201, reversal.text
    return issued, reversal


# --- adjustments ------------------------------------------------------------------------------


async def test_pharmacist_adjusts_up_and_down(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    h, kbh = auth("pharmacist"), clinic.sites["KBH"]
    r = await adjust(client, h, site=kbh, batch=ids["SOON"], quantity=3, reason="found")
    assert r.status_code == 201, r.text
    assert (r.json()["kind"], r.json()["reason"], r.json()["lines"][0]["on_hand"]) == (
        "adjustment",
        "found",
        7,
    )
    r = await adjust(client, h, site=kbh, batch=ids["LATE"], quantity=-2, reason="damaged", note="dropped")
    assert r.status_code == 201, r.text
    assert r.json()["lines"][0]["quantity"] == -2
    assert r.json()["lines"][0]["on_hand"] == 8
    assert await stock(client, h, site=kbh) == {(kbh, ids["SOON"]): 7, (kbh, ids["LATE"]): 8}
    adjustments = await all_movements(client, h, kind="adjustment")
    assert sorted(m["quantity"] for m in adjustments) == [-2, 3]
    r = await adjust(client, h, site=kbh, batch=ids["SOON"], quantity=-7, reason="damaged")
    assert r.status_code == 201, r.text
    assert r.json()["lines"][0]["on_hand"] == 0  # down to exactly nothing is allowed


async def test_adjusting_up_a_batch_new_to_the_site_creates_its_stock(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    admin = auth("admin")
    aar = clinic.sites["AAR"]
    r = await adjust(client, admin, site=aar, batch=ids["LATE"], quantity=2, reason="count")
    assert r.status_code == 201, r.text
    assert (await stock(client, admin, site=aar)) == {(aar, ids["LATE"]): 2}


async def test_adjusting_below_zero_is_refused_and_nothing_written(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    h = auth("pharmacist")
    before = await movement_count(client, h)
    r = await adjust(client, h, site=clinic.sites["KBH"], batch=ids["SOON"], quantity=-5, reason="count")
    body = assert_problem(r, 409, code="insufficient-stock")
    assert body["available"] == 4
    r = await adjust(
        client, auth("admin"), site=clinic.sites["ODE"], batch=ids["SOON"], quantity=-1, reason="count"
    )
    assert_problem(r, 409, code="insufficient-stock")
    assert await movement_count(client, h) == before
    assert (await stock(client, h))[(clinic.sites["KBH"], ids["SOON"])] == 4
    assert (await client.get("/api/v1/adjustments", headers=h)).json()["items"] == []


async def test_volunteer_and_finance_cannot_adjust(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    for who in ("volunteer", "finance"):
        r = await adjust(
            client, auth(who), site=clinic.sites["KBH"], batch=ids["SOON"], quantity=1, reason="found"
        )
        assert_problem(r, 403)
    r = await adjust(
        client, auth("pharmacist"), site=clinic.sites["AAR"], batch=ids["SOON"], quantity=1, reason="found"
    )
    assert_problem(r, 403)  # a pharmacist of KBH, not of AAR
    assert await all_movements(client, auth("admin"), kind="adjustment") == []


async def test_reason_other_needs_a_note(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    h = auth("pharmacist")
    base = {"site": clinic.sites["KBH"], "batch": ids["SOON"], "quantity": 1, "reason": "other"}
    assert_problem(await adjust(client, h, **base), 422, field="note")
    assert_problem(await adjust(client, h, **base, note="   "), 422, field="note")
    assert await all_movements(client, h, kind="adjustment") == []
    r = await adjust(client, h, **base, note="returned from the dental room")
    assert r.status_code == 201, r.text
    assert r.json()["note"] == "returned from the dental room"


async def test_adjustment_of_zero_or_bad_reason_is_refused(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    h = auth("pharmacist")
    base = {"site": clinic.sites["KBH"], "batch": ids["SOON"], "reason": "count"}
    r = await adjust(client, h, **base, quantity=0)
    assert r.status_code in (400, 422), r.text
    assert_problem(r, r.status_code, field="quantity")
    assert_problem(await adjust(client, h, **{**base, "reason": "stolen"}, quantity=1), 400, field="reason")
    assert_problem(await adjust(client, h, **{**base, "batch": 999_999}, quantity=1), 422, field="batch")
    assert await all_movements(client, h, kind="adjustment") == []


# --- reversals --------------------------------------------------------------------------------


async def test_reversal_of_an_issue_restores_stock_and_names_each_movement(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    h, kbh = auth("pharmacist"), clinic.sites["KBH"]
    before = await stock(client, h, site=kbh)
    issued = await issue_at(client, h, clinic, quantity=6)
    assert issued.status_code == 201, issued.text
    issue_lines = issued.json()["lines"]
    assert len(issue_lines) == 2
    r = await reverse(client, h, issued.json()["id"])
    assert r.status_code == 201, r.text
    body = r.json()
    assert body["kind"] == "reversal"
    assert body["reverses_operation"] == issued.json()["id"]
    assert body["reason"] == "issue"
    assert await stock(client, h, site=kbh) == before
    reversing = await all_movements(client, h, kind="reversal")
    assert len(reversing) == len(issue_lines)
    by_original = {m["reverses"]: m for m in reversing}
    assert set(by_original) == {line["movement_id"] for line in issue_lines}
    for line in issue_lines:
        undo = by_original[line["movement_id"]]
        assert undo["quantity"] == -line["quantity"]
        assert undo["batch"]["id"] == line["batch"]["id"]
        assert undo["operation"] == body["id"]
    assert {line["batch"]["id"] for line in body["lines"]} == {ids["SOON"], ids["LATE"]}
    listed = (await client.get("/api/v1/reversals", headers=h)).json()["items"]
    assert [op["id"] for op in listed] == [body["id"]]


async def test_reversing_twice_is_refused(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    h = auth("pharmacist")
    issued, first = await issue_and_reverse(client, h, clinic, quantity=1)
    before = await movement_count(client, h)
    body = assert_problem(await reverse(client, h, issued.json()["id"]), 409, code="already-reversed")
    assert body["reversed_by"] == first.json()["id"]
    assert await movement_count(client, h) == before


async def test_reversing_a_reversal_is_refused(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    h = auth("pharmacist")
    _, reversal = await issue_and_reverse(client, h, clinic, quantity=1)
    before = await movement_count(client, h)
    assert_problem(await reverse(client, auth("admin"), reversal.json()["id"]), 409)
    assert await movement_count(client, h) == before


async def test_reversing_a_receipt_whose_stock_was_issued_is_refused_and_writes_nothing(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    h, kbh = auth("pharmacist"), clinic.sites["KBH"]
    r = await issue_at(client, h, clinic, quantity=1, batch=ids["SOON"])
    assert r.status_code == 201
    stock_before = await stock(client, h)
    movements_before = await movement_count(client, h)
    body = assert_problem(await reverse(client, h, ids["receipt_SOON"]), 409, code="insufficient-stock")
    assert body["available"] == 3
    assert await stock(client, h) == stock_before
    assert await movement_count(client, h) == movements_before
    assert (await client.get("/api/v1/reversals", headers=h)).json()["items"] == []
    # The untouched receipt may still be reversed.
    r = await reverse(client, h, ids["receipt_LATE"])
    assert r.status_code == 201, r.text
    assert (kbh, ids["LATE"]) not in await stock(client, h)


async def test_reversal_of_an_unknown_operation_is_refused(
    client: httpx.AsyncClient, clinic: Clinic, auth
) -> None:
    assert_problem(await reverse(client, auth("pharmacist"), 424242), 422, field="operation")


async def test_reversal_of_an_adjustment_restores_the_balance(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    h, kbh = auth("pharmacist"), clinic.sites["KBH"]
    r = await adjust(client, h, site=kbh, batch=ids["LATE"], quantity=-3, reason="damaged")
    r = await reverse(client, h, r.json()["id"])
    assert r.status_code == 201, r.text
    assert (await stock(client, h, site=kbh))[(kbh, ids["LATE"])] == 10


async def test_volunteer_may_reverse_own_issue(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    h = auth("volunteer")
    _, r = await issue_and_reverse(client, h, clinic, quantity=2)
    assert r.json()["user"] == "volunteer"


async def test_volunteer_may_not_reverse_another_users_issue(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    issued = await issue_at(client, auth("pharmacist"), clinic, quantity=2)
    before = await movement_count(client, auth("admin"))
    assert_problem(await reverse(client, auth("volunteer"), issued.json()["id"]), 403)
    at_aar = await receive_at(
        client, auth("volunteer_aar"), clinic, batch="G", expiry=None, quantity=5, site="AAR", item="gloves"
    )
    assert_problem(await reverse(client, auth("volunteer"), at_aar["id"]), 403)
    before += 1
    assert await movement_count(client, auth("admin")) == before


async def test_volunteer_may_not_reverse_own_issue_after_the_undo_window(
    client: httpx.AsyncClient, clinic: Clinic, auth, clock: ShiftClock, ids: dict[str, int]
) -> None:
    h = auth("volunteer")
    issued = await issue_at(client, h, clinic, quantity=2)
    clock.offset = timedelta(hours=VOLUNTEER_UNDO_HOURS, minutes=5)
    assert_problem(await reverse(client, h, issued.json()["id"]), 403)
    r = await reverse(client, auth("pharmacist"), issued.json()["id"])
    assert r.status_code == 201, r.text


async def test_finance_may_not_reverse(
    client: httpx.AsyncClient, clinic: Clinic, auth, ids: dict[str, int]
) -> None:
    issued = await issue_at(client, auth("pharmacist"), clinic, quantity=2)
    assert_problem(await reverse(client, auth("finance"), issued.json()["id"]), 403)
    assert await all_movements(client, auth("admin"), kind="reversal") == []
