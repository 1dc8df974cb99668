"""SIGKILL in the middle of a burst of scans: nothing acknowledged is lost, nothing is written twice.

A real server (`inventory serve` on 127.0.0.1) takes scans from eight clients at once, each with its own
Idempotency-Key; after some have been answered it is killed with SIGKILL (no shutdown at all) while
others are in flight, then started again on the same database. Every movement of every 2xx answer
must be there; every key is sent again and must be answered from what was written (never a second
operation); and the ledger must equal the balances.
"""

from __future__ import annotations

import asyncio
import uuid
from typing import Any

import httpx
from sqlalchemy import select

from inventory.db.engine import Database
from inventory.db.tables import IdempotencyRecord, Movement, Operation
from inventory.db.uow import UnitOfWork
from inventory.services.integrity import ledger_mismatches
from tests.conftest import PASSWORD, Clinic, days
from tests.contract.live import LiveServer
from tests.rows import row_counts

SCANS = 400
CLIENTS = 8
KILL_AFTER = 60  # acknowledged scans before the kill


def scans(clinic: Clinic) -> list[tuple[str, str, dict[str, Any]]]:
    """(key, path, body): receipts of a pack code, and issues by item code, interleaved."""
    site = clinic.sites["KBH"]
    expiry = days(200).replace("-", "")[2:]
    pack = f"]d201{clinic.gtins['insulin'].zfill(14)}17{expiry}10K9"
    made = []
    for n in range(SCANS):
        if n % 3 == 2:
            made.append(
                (str(uuid.uuid4()), "/api/v1/scans/issue", {"site": site, "code": clinic.gtins["insulin"]})
            )
        else:
            made.append((str(uuid.uuid4()), "/api/v1/scans/receive", {"site": site, "code": pack}))
    return made


async def burst(
    server: LiveServer, token: str, work: list[tuple[str, str, dict[str, Any]]]
) -> dict[str, dict[str, Any]]:
    """Send the scans from CLIENTS clients; SIGKILL the server once KILL_AFTER are acknowledged."""
    acknowledged: dict[str, dict[str, Any]] = {}
    queue: asyncio.Queue[tuple[str, str, dict[str, Any]]] = asyncio.Queue()
    for item in work:
        queue.put_nowait(item)
    killed = asyncio.Event()

    async def client() -> None:
        async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
            while not queue.empty():
                key, path, body = queue.get_nowait()
                headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key}
                try:
                    r = await http.post(path, json=body, headers=headers)
                except httpx.HTTPError:
                    continue  # not acknowledged: the server died under it
                if 200 <= r.status_code < 300:
                    acknowledged[key] = r.json()
                elif not killed.is_set():
                    assert r.status_code == 409, r.text  # only "no stock left" may refuse an issue
                if len(acknowledged) >= KILL_AFTER and not killed.is_set():
                    killed.set()
                    server.kill()

    await asyncio.gather(*(client() for _ in range(CLIENTS)))
    assert killed.is_set(), "the burst ended before the kill"
    return acknowledged


async def operation_count(database: Database) -> tuple[int, int]:
    ops, keys = await row_counts(database, Operation, IdempotencyRecord)
    return ops, keys


async def test_sigkill_mid_burst_loses_no_acknowledged_scan_and_writes_none_twice(
    database: Database, clinic: Clinic, tmp_path: Any
) -> None:
    server = LiveServer(database.url, tmp_path)
    server.start()
    try:
        token = server.token("volunteer", PASSWORD)
        work = scans(clinic)
        acknowledged = await burst(server, token, work)
        assert server.process is not None and server.process.returncode == -9

        server.start()  # the same database, after a crash
        async with UnitOfWork(database, readonly=True) as uow:
            movements = set((await uow.session.scalars(select(Movement.id))).all())
            operations = set((await uow.session.scalars(select(Operation.id))).all())
        for key, answer in acknowledged.items():
            operation = answer["operation"]
            assert operation["id"] in operations, f"acknowledged scan {key} lost its operation"
            for line in operation["lines"]:
                assert line["movement_id"] in movements, f"acknowledged scan {key} lost a movement"

        # One operation per written key: every operation carries its key's stored answer.
        ops, keys = await operation_count(database)
        assert ops == keys and ops >= len(acknowledged)

        # Every key again: the acknowledged ones are answered from what was written, nothing twice.
        async with httpx.AsyncClient(base_url=server.url, timeout=10) as http:
            for key, path, body in work:
                headers = {"Authorization": f"Bearer {token}", "Idempotency-Key": key}
                r = await http.post(path, json=body, headers=headers)
                assert r.status_code in (200, 201, 409), r.text
                if key in acknowledged:
                    assert r.json()["operation"]["id"] == acknowledged[key]["operation"]["id"]
        ops_after, keys_after = await operation_count(database)
        assert ops_after == keys_after
        async with UnitOfWork(database, readonly=True) as uow:
            assert await ledger_mismatches(uow.session) == []
        assert "Traceback" not in server.log(), server.log()[-4000:]
    finally:
        server.stop()
