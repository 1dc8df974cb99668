"""The fridge log: temperature readings of cold locations, allowed ranges, actions, the monthly log."""

from __future__ import annotations

from collections.abc import Awaitable
from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.params import Parameter, QueryParameter
from sqlalchemy.ext.asyncio import AsyncSession

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.errors import NotFound
from inventory.http import fridge
from inventory.http.deps import TIME_DESCRIPTION, PageCursor, decode_cursor, next_cursor, parse_time
from inventory.http.downloads import CsvHeader, ReportFormat, ReportLanguage, read_report
from inventory.http.guards import requires
from inventory.http.shapes import fridge as f
from inventory.http.shapes.core import Page
from inventory.http.shapes.fridge import fridge_read, reading_read
from inventory.http.writes import run_case
from inventory.reports import Report
from inventory.services import fridge_log as log


class FridgeLogController(Controller):
    path = "/api/v1/fridge-log"
    tags = ["fridge log"]
    guards = [requires(Permission.FRIDGE_READ)]

    @get("/fridges", summary="Cold locations with their allowed range and last reading")
    async def list_fridges(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        site: int | None = Parameter(default=None, description="only this site's"),
    ) -> list[f.FridgeRead]:
        """The cold locations (of a site) the reader may read, with their allowed range and last reading."""
        if site is not None:
            request.user.require_at(Permission.FRIDGE_READ, site)
        sites = request.user.sites_for(Permission.FRIDGE_READ)
        async with UnitOfWork(database, readonly=True) as uow:
            return [fridge_read(v) for v in await log.fridges(uow.session, site=site, sites=sites)]

    @get("/fridges/{location_id:int}", summary="One cold location with every range it has had")
    async def get_fridge(
        self, request: Request[Actor, Any, Any], location_id: int, database: Database
    ) -> f.FridgeRead:
        """A cold location: its range now, its last reading, and every range set, who set it and why."""
        async with UnitOfWork(database, readonly=True) as uow:
            view = await log.fridge(uow.session, location_id)
        request.user.require_at(Permission.FRIDGE_READ, view.location.site_id, field="location_id")
        return fridge_read(view)

    @post(
        "/fridges/{location_id:int}/ranges",
        summary="Set a cold location's allowed range (pharmacist, admin)",
        guards=[requires(Permission.TEMPERATURE_RANGE)],
    )
    async def set_range(
        self,
        request: Request[Actor, Any, Any],
        location_id: int,
        data: f.RangeCreate,
        database: Database,
        clock: Clock,
    ) -> f.FridgeRead:
        """A new allowed range from now on, with the reason; readings already taken keep theirs."""
        return await run_case(request, database, clock, f.FridgeRead, fridge.set_range, location_id, data)

    @get("/readings", summary="Readings, newest first; filter by location, site, flagged and time")
    async def list_readings(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        location: int | None = Parameter(default=None, description="one cold location"),
        site: int | None = Parameter(default=None, description="the cold locations of one site"),
        flagged: bool | None = Parameter(default=None, description="true: only readings out of range"),
        since: Annotated[
            str | None, QueryParameter(name="from", description=f"read at or after: {TIME_DESCRIPTION}")
        ] = None,
        until: Annotated[
            str | None,
            QueryParameter(name="to", description=f"read before (a date: up to its end): {TIME_DESCRIPTION}"),
        ] = None,
        limit: int = Parameter(default=50, ge=1, le=500, description="page size"),
        cursor: PageCursor = None,
    ) -> Page[f.ReadingRead]:
        """Temperature readings, keyset-paged, newest first."""
        if site is not None:
            request.user.require_at(Permission.FRIDGE_READ, site)
        filters = log.ReadingFilter(
            location,
            site,
            flagged,
            parse_time(since, "from"),
            parse_time(until, "to", end_of_day=True),
            decode_cursor(cursor),
            sites=request.user.sites_for(Permission.FRIDGE_READ),
        )
        async with UnitOfWork(database, readonly=True) as uow:
            ids = await log.reading_ids(uow.session, filters, limit)
            views = await log.reading_views(uow.session, ids)
        return Page(items=[reading_read(v) for v in views], next_cursor=next_cursor(ids, limit))

    @post(
        "/readings",
        summary="Record a reading (volunteers at their sites; pharmacists, admins)",
        guards=[requires(Permission.RECORD_TEMPERATURE)],
    )
    async def record_reading(
        self, request: Request[Actor, Any, Any], data: f.ReadingCreate, database: Database, clock: Clock
    ) -> f.ReadingRead:
        """Record a thermometer reading; out of the allowed range, it is flagged."""
        return await run_case(request, database, clock, f.ReadingRead, fridge.record_reading, data)

    @get("/readings/{reading_id:int}", summary="One reading with its actions")
    async def get_reading(
        self, request: Request[Actor, Any, Any], reading_id: int, database: Database
    ) -> f.ReadingRead:
        """A reading, and what was done about it when it was out of range."""
        async with UnitOfWork(database, readonly=True) as uow:
            found = await log.reading_views(uow.session, [reading_id])
        if not found:
            raise NotFound(f"no reading with id {reading_id}", field="reading_id")
        request.user.require_at(Permission.FRIDGE_READ, found[0].location.site_id, field="reading_id")
        return reading_read(found[0])

    @post(
        "/readings/{reading_id:int}/actions",
        summary="Record the action taken on a reading out of range",
        guards=[requires(Permission.RECORD_TEMPERATURE)],
    )
    async def add_action(
        self,
        request: Request[Actor, Any, Any],
        reading_id: int,
        data: f.ActionCreate,
        database: Database,
        clock: Clock,
    ) -> f.ReadingRead:
        """Add what was done about a flagged reading (who and when are recorded)."""
        return await run_case(request, database, clock, f.ReadingRead, fridge.add_action, reading_id, data)

    @get("/monthly", summary="A fridge's monthly log (JSON, CSV, XLSX or PDF)")
    async def monthly(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        location: int = Parameter(description="the cold location"),
        month: str | None = Parameter(default=None, description="YYYY-MM; this month if left out"),
        fmt: ReportFormat = "json",
        lang: ReportLanguage = "da",
        header: CsvHeader = "labels",
    ) -> Response[bytes]:
        """Every reading of the month, flagged ones with their actions, and the allowed range."""

        def build(session: AsyncSession) -> Awaitable[Report]:
            return fridge.monthly_report(session, request.user, location, month, clock.today(), "location")

        return await read_report(request, database, clock, build, fmt=fmt, lang=lang, csv_header=header)
