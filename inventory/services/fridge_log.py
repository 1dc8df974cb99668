"""The fridge log: readings of cold locations, their allowed ranges and the actions taken on deviations.

Readings, ranges and actions are only ever inserted. A reading keeps the range in force when it was
taken, so a later change of range never re-flags the past.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.clock import Clock
from inventory.db.tables import Location, TemperatureAction, TemperatureRange, TemperatureReading, User
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.cold_chain import AllowedRange, Reading, check_read_at, deviation, tenths
from inventory.domain.errors import InvalidInput, NotFound, ReadingInRange, UnknownReference


@dataclass(frozen=True)
class ReadingCommand:
    location_id: int
    current: float
    min: float | None = None
    max: float | None = None
    read_at: datetime | None = None
    note: str | None = None


@dataclass(frozen=True)
class RangeCommand:
    location_id: int
    min: float
    max: float
    reason: str


@dataclass(frozen=True)
class ActionCommand:
    reading_id: int
    action: str


@dataclass(frozen=True)
class ActionView:
    action: TemperatureAction
    user: str


@dataclass
class ReadingView:
    reading: TemperatureReading
    location: Location
    user: str
    actions: list[ActionView] = field(default_factory=list)


@dataclass(frozen=True)
class RangeView:
    """A range in force; `row` is None for the default 2-8 °C, never set for this location."""

    allowed: AllowedRange
    row: TemperatureRange | None = None
    user: str | None = None


@dataclass
class FridgeView:
    location: Location
    range: RangeView
    last: ReadingView | None = None
    history: list[RangeView] = field(default_factory=list)


def _text(value: str | None, field_name: str, required: bool) -> str | None:
    text = (value or "").strip() or None
    if required and text is None:
        raise InvalidInput("must not be empty", field=field_name)
    return text


async def cold_location(session: AsyncSession, location_id: int, field_name: str) -> Location:
    location = await session.get(Location, location_id)
    if location is None:
        raise UnknownReference(f"no location with id {location_id}", field=field_name)
    if not location.cold:
        raise InvalidInput(
            f"location {location_id} ({location.name}) is not a cold location",
            field=field_name,
            extra={"location": location.name},
        )
    return location


async def range_at(session: AsyncSession, location_id: int, at: datetime | None = None) -> RangeView:
    """The range in force at `at` (now when None): the newest set before it, else 2-8 °C."""
    stmt = select(TemperatureRange, func.coalesce(User.full_name, User.username)).join(
        User, User.id == TemperatureRange.user_id
    )
    stmt = stmt.where(TemperatureRange.location_id == location_id)
    if at is not None:
        stmt = stmt.where(TemperatureRange.created_at <= at)
    row = (await session.execute(stmt.order_by(TemperatureRange.id.desc()).limit(1))).first()
    if row is None:
        return RangeView(AllowedRange())
    found, user = row
    return RangeView(AllowedRange(found.min_tenths, found.max_tenths), found, user)


async def range_history(session: AsyncSession, location_id: int) -> list[RangeView]:
    rows = await session.execute(
        select(TemperatureRange, func.coalesce(User.full_name, User.username))
        .join(User, User.id == TemperatureRange.user_id)
        .where(TemperatureRange.location_id == location_id)
        .order_by(TemperatureRange.id)
    )
    return [RangeView(AllowedRange(r.min_tenths, r.max_tenths), r, user) for r, user in rows]


async def user_name(session: AsyncSession, user_id: int) -> str:
    row = (await session.execute(select(User.full_name, User.username).where(User.id == user_id))).one()
    return str(row[0] or row[1])


class FridgeLog:
    """The writes of the fridge log, in one unit of work."""

    def __init__(self, uow: UnitOfWork, actor: Actor, clock: Clock):
        self.session, self.actor, self.clock = uow.session, actor, clock

    def _may_record_at(self, location: Location, field_name: str) -> None:
        # Where the policy gives the actor `record_temperature` (volunteers and pharmacists: their sites).
        self.actor.require_at(Permission.RECORD_TEMPERATURE, location.site_id, field=field_name)

    async def record(self, cmd: ReadingCommand) -> ReadingView:
        self.actor.require(Permission.RECORD_TEMPERATURE)
        location = await cold_location(self.session, cmd.location_id, "location")
        self._may_record_at(location, "location")
        now = self.clock.now()
        read_at = cmd.read_at or now
        check_read_at(read_at, now)
        reading = Reading(
            tenths(cmd.current, "current"),
            None if cmd.min is None else tenths(cmd.min, "min"),
            None if cmd.max is None else tenths(cmd.max, "max"),
        )
        allowed = (await range_at(self.session, location.id, now)).allowed
        row = TemperatureReading(
            location_id=location.id,
            read_at=read_at,
            current_tenths=reading.current_tenths,
            min_tenths=reading.min_tenths,
            max_tenths=reading.max_tenths,
            allowed_min_tenths=allowed.min_tenths,
            allowed_max_tenths=allowed.max_tenths,
            deviation=(d.value if (d := deviation(reading, allowed)) else None),
            note=_text(cmd.note, "note", required=False),
            user_id=self.actor.user_id,
            created_at=now,
        )
        self.session.add(row)
        await self.session.flush()
        return ReadingView(row, location, await user_name(self.session, self.actor.user_id))

    async def set_range(self, cmd: RangeCommand) -> FridgeView:
        self.actor.require(Permission.TEMPERATURE_RANGE)
        location = await cold_location(self.session, cmd.location_id, "location_id")
        self.actor.require_at(Permission.TEMPERATURE_RANGE, location.site_id, field="location_id")
        allowed = AllowedRange(tenths(cmd.min, "min"), tenths(cmd.max, "max"))
        reason = _text(cmd.reason, "reason", required=True)
        assert reason is not None
        row = TemperatureRange(
            location_id=location.id,
            min_tenths=allowed.min_tenths,
            max_tenths=allowed.max_tenths,
            reason=reason,
            user_id=self.actor.user_id,
            created_at=self.clock.now(),
        )
        self.session.add(row)
        await self.session.flush()
        return await fridge(self.session, location.id)

    async def add_action(self, cmd: ActionCommand) -> ReadingView:
        self.actor.require(Permission.RECORD_TEMPERATURE)
        reading = await self.session.get(TemperatureReading, cmd.reading_id)
        if reading is None:
            raise NotFound(f"no reading with id {cmd.reading_id}", field="reading_id")
        location = await self.session.get(Location, reading.location_id)
        assert location is not None
        self._may_record_at(location, "reading_id")
        if reading.deviation is None:
            raise ReadingInRange(
                f"reading {reading.id} was within its allowed range; no action is needed",
                field="reading_id",
            )
        action = _text(cmd.action, "action", required=True)
        assert action is not None
        self.session.add(
            TemperatureAction(
                reading_id=reading.id, action=action, user_id=self.actor.user_id, created_at=self.clock.now()
            )
        )
        await self.session.flush()
        return (await reading_views(self.session, [reading.id]))[0]


# --- reads -------------------------------------------------------------------------------------------
async def reading_views(session: AsyncSession, ids: list[int]) -> list[ReadingView]:
    """Readings with location, reader and actions, in the order asked; three queries whatever the count."""
    if not ids:
        return []
    rows = await session.execute(
        select(TemperatureReading, Location, func.coalesce(User.full_name, User.username))
        .join(Location, Location.id == TemperatureReading.location_id)
        .join(User, User.id == TemperatureReading.user_id)
        .where(TemperatureReading.id.in_(ids))
    )
    views = {r.id: ReadingView(r, loc, user) for r, loc, user in rows}
    actions = await session.execute(
        select(TemperatureAction, func.coalesce(User.full_name, User.username))
        .join(User, User.id == TemperatureAction.user_id)
        .where(TemperatureAction.reading_id.in_(ids))
        .order_by(TemperatureAction.id)
    )
    for action, user in actions:
        views[action.reading_id].actions.append(ActionView(action, user))
    return [views[i] for i in ids if i in views]


@dataclass(frozen=True)
class ReadingFilter:
    location: int | None = None
    site: int | None = None
    flagged: bool | None = None
    since: datetime | None = None
    until: datetime | None = None
    before_id: int | None = None
    sites: frozenset[int] | None = None  # only these sites' (the reader's scope); None: every site


async def reading_ids(session: AsyncSession, f: ReadingFilter, limit: int) -> list[int]:
    """Newest first (by id, the order they were recorded), keyset-paged."""
    stmt = select(TemperatureReading.id)
    if f.site is not None or f.sites is not None:
        stmt = stmt.join(Location, Location.id == TemperatureReading.location_id)
    if f.site is not None:
        stmt = stmt.where(Location.site_id == f.site)
    if f.sites is not None:
        stmt = stmt.where(Location.site_id.in_(sorted(f.sites)))
    conditions = [
        TemperatureReading.location_id == f.location if f.location else None,
        TemperatureReading.deviation.is_not(None) if f.flagged else None,
        TemperatureReading.deviation.is_(None) if f.flagged is False else None,
        TemperatureReading.read_at >= f.since if f.since else None,
        TemperatureReading.read_at < f.until if f.until else None,
        TemperatureReading.id < f.before_id if f.before_id else None,
    ]
    stmt = stmt.where(*[c for c in conditions if c is not None])
    return list(await session.scalars(stmt.order_by(TemperatureReading.id.desc()).limit(limit)))


async def fridge(session: AsyncSession, location_id: int) -> FridgeView:
    location = await cold_location(session, location_id, "location_id")
    return (await fridges(session, location_ids=[location.id], history=True))[0]


async def fridges(
    session: AsyncSession,
    *,
    site: int | None = None,
    location_ids: list[int] | None = None,
    history: bool = False,
    sites: frozenset[int] | None = None,
) -> list[FridgeView]:
    """Cold locations (of a site; of `sites` only, when given) with their range now and their last reading."""
    stmt = select(Location).where(Location.cold.is_(True))
    if site is not None:
        stmt = stmt.where(Location.site_id == site)
    if sites is not None:
        stmt = stmt.where(Location.site_id.in_(sorted(sites)))
    if location_ids is not None:
        stmt = stmt.where(Location.id.in_(location_ids))
    locations = list(await session.scalars(stmt.order_by(Location.site_id, Location.name)))
    last_ids = {
        location_id: reading_id
        for location_id, reading_id in await session.execute(
            select(TemperatureReading.location_id, func.max(TemperatureReading.id))
            .where(TemperatureReading.location_id.in_([loc.id for loc in locations]))
            .group_by(TemperatureReading.location_id)
        )
    }
    last = {v.reading.location_id: v for v in await reading_views(session, list(last_ids.values()))}
    out = []
    for location in locations:
        view = FridgeView(location, await range_at(session, location.id), last.get(location.id))
        if history:
            view.history = await range_history(session, location.id)
        out.append(view)
    return out
