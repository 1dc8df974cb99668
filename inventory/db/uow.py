"""Unit of work: one transaction that rolls back unless the use case commits it."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncSession

from inventory.db.engine import Database


class UnitOfWork:
    def __init__(self, database: Database, *, readonly: bool = False):
        self._factory = database.read_sessions if readonly else database.write_sessions
        self._session: AsyncSession | None = None

    @property
    def session(self) -> AsyncSession:
        if self._session is None:
            raise RuntimeError("unit of work used outside its `async with` block")
        return self._session

    async def __aenter__(self) -> UnitOfWork:
        self._session = self._factory()
        await self._session.begin()
        return self

    async def __aexit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        assert self._session is not None
        # close() rolls back whatever was not committed; loaded rows stay readable (detached, not expired).
        await self._session.close()
        self._session = None

    async def commit(self) -> None:
        await self.session.commit()
