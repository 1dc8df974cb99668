"""Who a token belongs to is looked up once for many requests, and forgetting works at once."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from inventory.api import auth as auth_module
from inventory.api.auth import ActorCache
from inventory.db.engine import Database
from inventory.domain.access import Actor
from tests.conftest import Clinic


class CountingLookup:
    def __init__(self, original: Any):
        self.original, self.calls = original, 0

    async def __call__(self, session: Any, user_id: int) -> Actor | None:
        self.calls += 1
        await asyncio.sleep(0.02)  # long enough for every waiter to arrive while it is in flight
        actor: Actor | None = await self.original(session, user_id)
        return actor


@pytest.fixture
def lookups(monkeypatch: pytest.MonkeyPatch) -> CountingLookup:
    counting = CountingLookup(auth_module.users.actor_for)
    monkeypatch.setattr(auth_module.users, "actor_for", counting)
    return counting


async def test_many_requests_at_once_share_one_look_up(
    database: Database, clinic: Clinic, lookups: CountingLookup
) -> None:
    cache = ActorCache()
    user = clinic.users["volunteer"]
    actors = await asyncio.gather(*(cache.get(database, user) for _ in range(16)))
    assert lookups.calls == 1
    assert {a.username for a in actors if a is not None} == {"volunteer"}
    await cache.get(database, user)
    assert lookups.calls == 1  # kept for the next request


async def test_an_expired_entry_is_looked_up_again(
    database: Database, clinic: Clinic, lookups: CountingLookup
) -> None:
    cache = ActorCache(ttl=0.0)
    await cache.get(database, clinic.users["volunteer"])
    await cache.get(database, clinic.users["volunteer"])
    assert lookups.calls == 2


async def test_forgetting_during_a_look_up_keeps_nothing_from_it(
    database: Database, clinic: Clinic, lookups: CountingLookup
) -> None:
    cache = ActorCache()
    user = clinic.users["volunteer"]
    in_flight = asyncio.ensure_future(cache.get(database, user))
    await asyncio.sleep(0)  # the look-up has started
    cache.forget(user)  # e.g. the user's role was changed meanwhile
    assert (await in_flight) is not None
    await cache.get(database, user)
    assert lookups.calls == 2


async def test_a_failed_look_up_is_not_kept(database: Database, clinic: Clinic, monkeypatch) -> None:
    cache = ActorCache()

    async def broken(session: Any, user_id: int) -> Actor | None:
        raise ConnectionError("database away")

    monkeypatch.setattr(auth_module.users, "actor_for", broken)
    with pytest.raises(ConnectionError):
        await cache.get(database, clinic.users["volunteer"])
    monkeypatch.undo()
    assert await cache.get(database, clinic.users["volunteer"]) is not None


async def test_a_token_verified_before_is_still_refused_once_it_expires(
    client: httpx.AsyncClient, clinic: Clinic, app
) -> None:
    from datetime import timedelta

    token = app.state.jwt_auth.create_token(
        identifier=str(clinic.users["volunteer"]), token_expiration=timedelta(seconds=1)
    )
    h = {"Authorization": f"Bearer {token}"}
    assert (await client.get("/api/v1/users/me", headers=h)).status_code == 200
    await asyncio.sleep(1.1)
    assert (await client.get("/api/v1/users/me", headers=h)).status_code == 401
