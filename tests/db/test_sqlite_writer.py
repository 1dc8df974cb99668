"""SQLite's writer runs in the event loop's thread; waiting for another process's lock must not stall it."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time

import httpx
import pytest

from inventory.db import engine
from inventory.db.engine import Database
from tests.api.helpers import clinic_body
from tests.conftest import Clinic, days


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
async def test_a_write_waiting_for_another_process_lets_the_server_answer_meanwhile(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database
) -> None:
    h = auth("pharmacist")
    body = clinic_body(clinic, batch_number="L1", expiry_date=days(90), quantity=5)
    path = database.url.split("///", 1)[1]
    locked, release = threading.Event(), threading.Event()

    def other_process_writes() -> None:  # e.g. `inventory demo` or a backup tool holding the lock
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        locked.set()
        release.wait(10)
        other.execute("ROLLBACK")
        other.close()

    holder = threading.Thread(target=other_process_writes)
    holder.start()
    locked.wait(5)
    receipt = asyncio.ensure_future(client.post("/api/v1/receipts", headers=h, json=body))
    await asyncio.sleep(0.2)
    assert not receipt.done()  # it waits for the lock...
    started = time.monotonic()
    health = await asyncio.wait_for(client.get("/health"), timeout=2)
    assert health.status_code == 200  # ...while the server goes on answering
    assert time.monotonic() - started < 0.5
    release.set()
    answer = await asyncio.wait_for(receipt, timeout=10)
    holder.join()
    assert answer.status_code == 201, answer.text


@pytest.mark.parametrize("database", ["sqlite"], indirect=True)
async def test_a_write_that_cannot_get_the_lock_in_time_is_503_and_writes_nothing(
    client: httpx.AsyncClient, clinic: Clinic, auth, database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(engine, "LOCK_TIMEOUT_S", 0.3)
    other = sqlite3.connect(database.url.split("///", 1)[1], isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    try:
        body = clinic_body(clinic, item="gloves", quantity=5, batch_number="G")
        answer = await client.post("/api/v1/receipts", headers=auth("pharmacist"), json=body)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert answer.status_code == 503, answer.text
    assert answer.headers["content-type"].startswith("application/problem+json")
    stock = await client.get(
        "/api/v1/stock", headers=auth("pharmacist"), params={"site": clinic.sites["KBH"]}
    )
    assert stock.json()["items"] == []
