"""The fridge log: temperature readings of cold locations, allowed ranges, actions, the monthly log."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get, post
from litestar.params import Parameter, QueryParameter

from inventory.api import fridge_schemas as f
from inventory.api.auth import requires
from inventory.api.deps import TIME_DESCRIPTION, decode_cursor, parse_time
from inventory.api.report_response import CsvHeader, ReportFormat, ReportLanguage, report_response
from inventory.api.schemas import Page
from inventory.api.writes import run_write
from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.cold_chain import celsius
from inventory.domain.errors import NotFound
from inventory.services import fridge_log as log
from inventory.services.fridge_month import monthly_log, parse_month
from inventory.services.reports.fridge_log import fridge_log_report


def range_read(view: log.RangeView) -> f.RangeRead:
    row = view.row
    return f.RangeRead(
        min=float(celsius(view.allowed.min_tenths)),
        max=float(celsius(view.allowed.max_tenths)),
        default=row is None,
        reason=row.reason if row else None,
        user=view.user,
        created_at=row.created_at if row else None,
    )


def reading_read(view: log.ReadingView) -> f.ReadingRead:
    r = view.reading

    def c(value: int | None) -> float | None:
        return None if value is None else float(celsius(value))

    return f.ReadingRead(
        id=r.id,
        location=r.location_id,
        location_name=view.location.name,
        site=view.location.site_id,
        read_at=r.read_at,
        current=float(celsius(r.current_tenths)),
        min=c(r.min_tenths),
        max=c(r.max_tenths),
        allowed_min=float(celsius(r.allowed_min_tenths)),
        allowed_max=float(celsius(r.allowed_max_tenths)),
        flagged=r.deviation is not None,
        deviation=r.deviation,
        note=r.note,
        user=view.user,
        created_at=r.created_at,
        actions=[
            f.ActionRead(action=a.action.action, user=a.user, created_at=a.action.created_at)
            for a in view.actions
        ],
    )


def fridge_read(view: log.FridgeView) -> f.FridgeRead:
    return f.FridgeRead(
        location=view.location.id,
        name=view.location.name,
        site=view.location.site_id,
        range=range_read(view.range),
        last_reading=reading_read(view.last) if view.last else None,
        history=[range_read(r) for r in view.history],
    )


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
        command = log.RangeCommand(location_id=location_id, min=data.min, max=data.max, reason=data.reason)

        async def action(uow: UnitOfWork) -> f.FridgeRead:
            return fridge_read(await log.FridgeLog(uow, request.user, clock).set_range(command))

        return await run_write(request, database, clock, action, f.FridgeRead)

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
        cursor: str | None = Parameter(default=None, description="next_cursor of the previous page"),
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
        return Page(
            items=[reading_read(v) for v in views], next_cursor=str(ids[-1]) if len(ids) == limit else None
        )

    @post(
        "/readings",
        summary="Record a reading (volunteers at their sites; pharmacists, admins)",
        guards=[requires(Permission.RECORD_TEMPERATURE)],
    )
    async def record_reading(
        self, request: Request[Actor, Any, Any], data: f.ReadingCreate, database: Database, clock: Clock
    ) -> f.ReadingRead:
        """Record a thermometer reading; out of the allowed range, it is flagged."""
        command = log.ReadingCommand(
            location_id=data.location,
            current=data.current,
            min=data.min,
            max=data.max,
            read_at=data.read_at,
            note=data.note,
        )

        async def action(uow: UnitOfWork) -> f.ReadingRead:
            return reading_read(await log.FridgeLog(uow, request.user, clock).record(command))

        return await run_write(request, database, clock, action, f.ReadingRead)

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
        command = log.ActionCommand(reading_id=reading_id, action=data.action)

        async def action(uow: UnitOfWork) -> f.ReadingRead:
            return reading_read(await log.FridgeLog(uow, request.user, clock).add_action(command))

        return await run_write(request, database, clock, action, f.ReadingRead)

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
        first = parse_month(month, clock.today())
        async with UnitOfWork(database, readonly=True) as uow:
            place = await log.cold_location(uow.session, location, "location")
            request.user.require_at(Permission.FRIDGE_READ, place.site_id, field="location")
            data = await monthly_log(uow.session, place, first)
        return report_response(fridge_log_report(data), request, clock, fmt=fmt, lang=lang, csv_header=header)
