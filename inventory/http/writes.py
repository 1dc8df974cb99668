"""Every write: one unit of work, atomic, and replayed when its Idempotency-Key is sent again."""

from __future__ import annotations

import hashlib
from collections.abc import Awaitable, Callable
from typing import Any, Concatenate, ParamSpec, TypeVar

import msgspec
from litestar import Request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import IdempotencyRecord
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor
from inventory.domain.errors import IdempotencyKeyReused, InvalidInput

T = TypeVar("T")
P = ParamSpec("P")
IDEMPOTENCY_HEADER = "Idempotency-Key"
MAX_KEY = 200


async def fingerprint(request: Request[Any, Any, Any]) -> str:
    body = await request.body()
    return hashlib.sha256(
        request.method.encode() + b" " + request.url.path.encode() + b"\n" + body
    ).hexdigest()


def idempotency_key(request: Request[Any, Any, Any]) -> str | None:
    key = request.headers.get(IDEMPOTENCY_HEADER)
    if key is None:
        return None
    key = key.strip()
    if not key or len(key) > MAX_KEY:
        raise InvalidInput(f"must have 1-{MAX_KEY} characters", field=IDEMPOTENCY_HEADER)
    return key


async def _replay(uow: UnitOfWork, actor: Actor, key: str, print_: str, read_type: type[T]) -> T | None:
    record = await uow.session.scalar(
        select(IdempotencyRecord).where(
            IdempotencyRecord.user_id == actor.user_id, IdempotencyRecord.key == key
        )
    )
    if record is None:
        return None
    if record.fingerprint != print_:
        raise IdempotencyKeyReused(
            "this Idempotency-Key was already used for a different request", field=IDEMPOTENCY_HEADER
        )
    return msgspec.json.decode(record.body, type=read_type)


async def run_write(
    request: Request[Any, Any, Any],
    database: Database,
    clock: Clock,
    action: Callable[[UnitOfWork], Awaitable[T]],
    read_type: type[T],
    status_code: int = 201,
    key: str | None = None,
) -> T:
    """Run `action` in a transaction; with an Idempotency-Key the first answer is kept and replayed.

    A unique-key race (two requests with one key, or two receipts creating one batch) is retried once:
    the retry sees the winner's row and answers from it. `key`: a page form's key (else the header's).
    """
    actor: Actor = request.user
    key = key[:MAX_KEY] if key else idempotency_key(request)
    print_ = await fingerprint(request) if key else ""
    for attempt in (1, 2):
        try:
            async with UnitOfWork(database) as uow:
                if key and (replayed := await _replay(uow, actor, key, print_, read_type)) is not None:
                    return replayed
                result = await action(uow)
                if key:
                    uow.session.add(
                        IdempotencyRecord(
                            user_id=actor.user_id,
                            key=key,
                            fingerprint=print_,
                            status_code=status_code,
                            body=msgspec.json.encode(result),
                            created_at=clock.now(),
                        )
                    )
                await uow.commit()
                return result
        except IntegrityError:
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


async def run_case(
    request: Request[Any, Any, Any],
    database: Database,
    clock: Clock,
    read_type: type[T],
    case: Callable[Concatenate[UnitOfWork, Actor, Clock, P], Awaitable[T]],
    *args: P.args,
    **kwargs: P.kwargs,
) -> T:
    """A use case of the kit, `case(uow, actor, clock, *args)`, run as the request's write (`run_write`,
    answering with the handler's status): `run_case(request, database, clock, ps.BlockCloseRead,
    pharmacy.close_block, block_id, data)`."""

    async def action(uow: UnitOfWork) -> T:
        return await case(uow, request.user, clock, *args, **kwargs)

    status_code = request.route_handler.status_code or 201
    return await run_write(request, database, clock, action, read_type, status_code=status_code)
