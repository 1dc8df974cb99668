"""Login limits per user name and per client address, shared by every process through the database."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

import httpx

from inventory.app import create_app
from inventory.clock import Clock
from inventory.db.engine import Database
from tests.api.helpers import assert_problem
from tests.conftest import PASSWORD, Clinic, make_settings
from tests.web.webhelpers import log_in as web_log_in

TOKEN = "/api/v1/auth/token"


@asynccontextmanager
async def server(database: Database, limit: int = 3, **settings: object) -> AsyncIterator[httpx.AsyncClient]:
    """One process of the service: its own app (and memory) over the shared database."""
    app = create_app(
        make_settings(database, login_attempts_per_minute=limit, **settings), database=database, clock=Clock()
    )
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://testserver") as c:
        yield c


def attempt(username: str, password: str = "guess") -> dict[str, str]:
    return {"username": username, "password": password}


async def test_a_user_name_is_limited_whatever_address_the_client_claims(
    database: Database, clinic: Clinic
) -> None:
    async with server(database) as client:
        for n in range(3):
            forwarded = {"X-Forwarded-For": f"198.51.100.{n}"}
            r = await client.post(TOKEN, json=attempt("volunteer"), headers=forwarded)
            assert_problem(r, 401)
        r = await client.post(
            TOKEN, json=attempt("volunteer", PASSWORD), headers={"X-Forwarded-For": "203.0.113.9"}
        )
        body = assert_problem(r, 429, code="too-many-attempts")
        assert 1 <= int(r.headers["Retry-After"]) <= 60 and body["retry_after"] == int(
            r.headers["Retry-After"]
        )


async def test_an_address_is_limited_across_user_names(database: Database, clinic: Clinic) -> None:
    async with server(database) as client:
        for name in ("nobody", "somebody", "anybody"):
            assert_problem(await client.post(TOKEN, json=attempt(name)), 401)
        assert_problem(await client.post(TOKEN, json=attempt("admin", PASSWORD)), 429)


async def test_the_limit_holds_across_processes(database: Database, clinic: Clinic) -> None:
    async with server(database) as one, server(database) as two:
        statuses = [
            (await (one if n % 2 else two).post(TOKEN, json=attempt("pharmacist"))).status_code
            for n in range(6)
        ]
    assert statuses == [401, 401, 401, 429, 429, 429]


async def test_forwarded_addresses_count_only_from_a_trusted_proxy(
    database: Database, clinic: Clinic
) -> None:
    # The test client connects from 127.0.0.1: as a trusted proxy, its X-Forwarded-For names the client.
    async with server(database, trusted_proxies=("127.0.0.1/32",)) as client:
        for n, name in enumerate(("a", "b", "c", "d", "e")):
            r = await client.post(TOKEN, json=attempt(name), headers={"X-Forwarded-For": f"198.51.100.{n}"})
            assert_problem(r, 401)
        # One client, through the proxy, spoofing an address in front of its real one: the real one counts.
        for name in ("f", "g", "h"):
            spoofed = {"X-Forwarded-For": f"10.9.9.{ord(name)}, 198.51.100.77"}
            assert_problem(await client.post(TOKEN, json=attempt(name), headers=spoofed), 401)
        r = await client.post(
            TOKEN, json=attempt("i"), headers={"X-Forwarded-For": "10.0.0.1, 198.51.100.77"}
        )
        assert_problem(r, 429)


async def test_successful_logins_do_not_count(database: Database, clinic: Clinic) -> None:
    async with server(database) as client:
        for _ in range(6):
            r = await client.post(TOKEN, json=attempt("finance", PASSWORD))
            assert r.status_code == 200, r.text


async def test_the_web_login_shares_the_limits(database: Database, clinic: Clinic) -> None:
    async with server(database) as client:
        for _ in range(3):
            assert_problem(await client.post(TOKEN, json=attempt("volunteer")), 401)
        r = await web_log_in(client, "volunteer", PASSWORD)
    assert r.status_code == 429 and "retry-after" in r.headers
