"""A disposal's witness password is a password like a login's: limited by the same login limits (per user
name and per client address, in the database), tried only once the rest of the request is valid, every
failure answered alike and written to the security audit trail."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from litestar import Litestar
from sqlalchemy import select

from inventory.app import create_app
from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import Disposal, LoginAttempt, SecurityEvent
from inventory.db.uow import UnitOfWork
from tests.api.helpers import assert_problem, receive
from tests.conftest import PASSWORD, Clinic, days, make_settings
from tests.rows import row_counts

TOKEN = "/api/v1/auth/token"
OFFICE, ELSEWHERE = "192.0.2.10", "198.51.100.20"


@asynccontextmanager
async def service(database: Database, limit: int) -> AsyncIterator[Litestar]:
    yield create_app(
        make_settings(database, login_attempts_per_minute=limit), database=database, clock=Clock()
    )


@asynccontextmanager
async def client_at(app: Litestar, address: str) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=app, client=(address, 40000))
    async with httpx.AsyncClient(transport=transport, base_url="http://testserver") as c:
        yield c


def bearer(app: Litestar, user_id: int) -> dict[str, str]:
    return {"Authorization": f"Bearer {app.state.jwt_auth.create_token(identifier=str(user_id))}"}


async def morphine_batch(client: httpx.AsyncClient, app: Litestar, c: Clinic) -> int:
    """5 ampoules of expired morphine at KBH (stock that may be disposed of with a witness)."""
    body = await receive(
        client, bearer(app, c.users["admin"]), site=c.sites["KBH"], item=c.items["morphine"], batch="M1",
        expiry=days(-1), quantity=5, unit_cost_ore=2000, allow_expired=True,
    )  # fmt: skip
    return int(body["lines"][0]["batch"]["id"])


async def dispose(
    client: httpx.AsyncClient,
    app: Litestar,
    c: Clinic,
    batch: int,
    witness: dict[str, str],
    quantity: int = 5,
) -> httpx.Response:
    body: dict[str, Any] = {
        "site": c.sites["KBH"],
        "lines": [{"batch": batch, "quantity": quantity}],
        "method": "pharmacy_return",
        "witness": witness,
    }
    return await client.post("/api/v1/disposals", json=body, headers=bearer(app, c.users["pharmacist"]))


async def counts(database: Database) -> tuple[int, int, int]:
    """Disposals written, login attempts counted, security events recorded."""
    disposals, attempts, events = await row_counts(database, Disposal, LoginAttempt, SecurityEvent)
    return disposals, attempts, events


async def witness_events(database: Database) -> list[tuple[str, str, int | None, str | None]]:
    async with UnitOfWork(database, readonly=True) as uow:
        rows = await uow.session.scalars(
            select(SecurityEvent).where(SecurityEvent.kind == "witness").order_by(SecurityEvent.id)
        )
        return [(e.outcome, e.subject, e.actor_id, e.address) for e in rows]


async def test_witness_password_guesses_reach_429_at_the_login_limit_and_are_recorded(
    database: Database, pharmacy: Clinic
) -> None:
    async with service(database, limit=3) as app, client_at(app, OFFICE) as client:
        batch = await morphine_batch(client, app, pharmacy)
        for n in range(3):
            r = await dispose(client, app, pharmacy, batch, {"username": "admin", "password": f"guess {n}"})
            assert_problem(r, 422, code="witness-refused", field="witness")
        # Over the limit even the right password is refused, as a login would be.
        r = await dispose(client, app, pharmacy, batch, {"username": "admin", "password": PASSWORD})
        body = assert_problem(r, 429, code="too-many-attempts")
        assert 1 <= int(r.headers["Retry-After"]) <= 60 and body["retry_after"] == int(
            r.headers["Retry-After"]
        )
        assert (await counts(database))[0] == 0
        # The admin's own login is blocked by the witness guesses.
        assert_problem(await client.post(TOKEN, json={"username": "admin", "password": PASSWORD}), 429)
    pharmacist = pharmacy.users["pharmacist"]
    assert (await witness_events(database))[:4] == [
        *[("wrong-password", "admin", pharmacist, OFFICE)] * 3,
        ("rate-limited", "admin", pharmacist, OFFICE),
    ]


async def test_a_blocked_login_blocks_the_witness_and_witness_guesses_block_the_login(
    database: Database, pharmacy: Clinic
) -> None:
    async with (
        service(database, limit=3) as app,
        client_at(app, OFFICE) as office,
        client_at(app, ELSEWHERE) as elsewhere,
    ):
        batch = await morphine_batch(office, app, pharmacy)
        for _ in range(3):  # someone guesses the witness's login from another address
            assert_problem(await elsewhere.post(TOKEN, json={"username": "witness", "password": "x"}), 401)
        r = await dispose(office, app, pharmacy, batch, {"username": "witness", "password": PASSWORD})
        assert_problem(r, 429, code="too-many-attempts")
        assert "retry-after" in r.headers and (await counts(database))[0] == 0
        # ... and the other way round: guesses at the admin as witness block the admin's login elsewhere.
        for _ in range(3):
            r = await dispose(office, app, pharmacy, batch, {"username": "admin", "password": "x"})
            assert_problem(r, 422, code="witness-refused")
        assert_problem(await elsewhere.post(TOKEN, json={"username": "admin", "password": PASSWORD}), 429)


async def test_every_witness_failure_answers_the_same_problem(database: Database, pharmacy: Clinic) -> None:
    async with service(database, limit=100) as app, client_at(app, OFFICE) as client:
        batch = await morphine_batch(client, app, pharmacy)
        answers = []
        for witness in (
            {"username": "witness", "password": "wrong password"},  # a pharmacist, wrong password
            {"username": "volunteer", "password": PASSWORD},  # the right password, but not a pharmacist
            {"username": "finance", "password": PASSWORD},
            {"username": "nobody", "password": PASSWORD},  # no such user
        ):
            r = await dispose(client, app, pharmacy, batch, witness)
            answers.append((r.status_code, r.json()))
        assert answers[0][0] == 422 and answers[0][1]["type"] == "/problems/witness-refused"
        assert all(answer == answers[0] for answer in answers), answers
        assert (await counts(database))[0] == 0
    outcomes = [outcome for outcome, *_ in await witness_events(database)]
    assert outcomes == ["wrong-password", "not-allowed", "not-allowed", "unknown-user"]


async def test_the_witness_password_is_not_tried_while_the_disposal_is_otherwise_invalid(
    database: Database, pharmacy: Clinic
) -> None:
    async with service(database, limit=1) as app, client_at(app, OFFICE) as client:
        batch = await morphine_batch(client, app, pharmacy)
        wrong = {"username": "witness", "password": "wrong password"}
        r = await dispose(client, app, pharmacy, batch, wrong, quantity=6)
        assert_problem(r, 409, code="insufficient-stock", field="lines.0.quantity")
        r = await dispose(client, app, pharmacy, batch, wrong, quantity=0)
        assert_problem(r, 422, code="invalid-input", field="lines.0.quantity")
        assert await counts(database) == (0, 0, 0)  # no attempt counted, nothing recorded
        # With a limit of one, a single counted guess would now block the right password: none was.
        r = await dispose(client, app, pharmacy, batch, {"username": "witness", "password": PASSWORD})
        assert r.status_code == 201, r.text
        assert r.json()["witness"] == "witness"
        assert await counts(database) == (1, 0, 0)  # a confirmed witness leaves no attempt behind


async def test_failed_logins_are_on_the_audit_trail_which_admins_read(
    database: Database, pharmacy: Clinic
) -> None:
    async with service(database, limit=100) as app, client_at(app, OFFICE) as client:
        batch = await morphine_batch(client, app, pharmacy)
        assert_problem(await client.post(TOKEN, json={"username": "witness", "password": "x"}), 401)
        await dispose(client, app, pharmacy, batch, {"username": "pharmacist", "password": PASSWORD})
        r = await client.get("/api/v1/security-events", headers=bearer(app, pharmacy.users["admin"]))
        assert r.status_code == 200, r.text
        events = [
            (e["kind"], e["outcome"], e["actor"], e["subject"], e["address"]) for e in r.json()["items"]
        ]
        assert events == [
            ("witness", "self", "pharmacist", "pharmacist", OFFICE),
            ("login", "failed", None, "witness", OFFICE),
        ]
        r = await client.get(
            "/api/v1/security-events?kind=login", headers=bearer(app, pharmacy.users["admin"])
        )
        assert [e["kind"] for e in r.json()["items"]] == ["login"]
        forbidden = await client.get(
            "/api/v1/security-events", headers=bearer(app, pharmacy.users["pharmacist"])
        )
        assert_problem(forbidden, 403)
