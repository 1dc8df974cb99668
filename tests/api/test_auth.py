"""Logging in: tokens for the right password, a clear 401 otherwise, and a limit on attempts."""

from __future__ import annotations

import httpx
from litestar import Litestar

from inventory.app import create_app
from inventory.clock import Clock
from inventory.db.engine import Database
from tests.conftest import PASSWORD, Clinic, make_settings


async def test_login_gives_a_bearer_token_that_opens_the_api(
    client: httpx.AsyncClient, clinic: Clinic
) -> None:
    r = await client.post("/api/v1/auth/token", json={"username": "volunteer", "password": PASSWORD})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["token_type"] == "bearer" and body["role"] == "volunteer"
    me = await client.get("/api/v1/users/me", headers={"Authorization": f"Bearer {body['access_token']}"})
    assert me.status_code == 200
    assert me.json()["username"] == "volunteer"
    assert me.json()["sites"] == [clinic.sites["KBH"]]


async def test_wrong_password_is_401_problem(client: httpx.AsyncClient, clinic: Clinic) -> None:
    r = await client.post("/api/v1/auth/token", json={"username": "volunteer", "password": "nope"})
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["type"] == "/problems/not-authenticated"


async def test_unknown_user_answers_like_a_wrong_password(client: httpx.AsyncClient, clinic: Clinic) -> None:
    r = await client.post("/api/v1/auth/token", json={"username": "ghost", "password": PASSWORD})
    assert r.status_code == 401
    assert r.json()["detail"] == "wrong username or password"


async def test_api_without_or_with_a_forged_token_is_401(client: httpx.AsyncClient, clinic: Clinic) -> None:
    assert (await client.get("/api/v1/stock")).status_code == 401
    forged = {"Authorization": "Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.bad"}
    r = await client.get("/api/v1/stock", headers=forged)
    assert r.status_code == 401
    assert r.headers["content-type"].startswith("application/problem+json")


async def test_login_attempts_are_rate_limited(database: Database, clinic: Clinic) -> None:
    app: Litestar = create_app(
        make_settings(database, login_attempts_per_minute=3), database=database, clock=Clock()
    )
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://t") as client:
        statuses = [
            (
                await client.post("/api/v1/auth/token", json={"username": "volunteer", "password": "guess"})
            ).status_code
            for _ in range(5)
        ]
    assert statuses[:3] == [401, 401, 401]
    assert statuses[3:] == [429, 429]


async def test_health_answers_without_login(client: httpx.AsyncClient) -> None:
    r = await client.get("/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "database": "ok"}
