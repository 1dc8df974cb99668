"""The fridge log page: a reading in a few seconds at phone width, flagged readings and their actions,
allowed ranges (pharmacists), and each fridge's monthly log as PDF, CSV or XLSX."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from decimal import Decimal
from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import Parameter
from litestar.response import Redirect, Template
from sqlalchemy import select

from inventory.api.auth import requires
from inventory.api.controllers.fridge_log import fridge_read, reading_read
from inventory.api.fridge_schemas import ActionCreate, FridgeRead, RangeCreate, ReadingCreate, ReadingRead
from inventory.api.report_response import ReportFormat, report_response
from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.db.tables import Site
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor, Permission
from inventory.domain.errors import InvalidInput
from inventory.http.forms import decode_form, field
from inventory.reports.format import Language
from inventory.services import fridge_log as log
from inventory.services.fridge_month import monthly_log, parse_month
from inventory.services.reports.fridge_log import fridge_log_report
from inventory.web.navigation import for_page
from inventory.web.page import PageProblem, form_write, render
from inventory.web.session import language_of

FLAGGED_DAYS = 31  # flagged readings without an action, shown at the top until one is recorded


def celsius_typed(value: object, field: str, required: bool = True) -> float | None:
    """What a person typed: "4,5" or "4.5" (a Danish keyboard gives the comma), "" for nothing."""
    text = str(value or "").strip().replace(",", ".").replace("\u2212", "-")
    if not text:
        if required:
            raise InvalidInput("type the temperature in °C", field=field)
        return None
    try:
        return float(text)
    except ValueError:
        raise InvalidInput("a temperature in °C, e.g. 4,5", field=field) from None


def degrees_in(code: str) -> Callable[[float], str]:
    """4.0 -> "4,0" in Danish, "4.0" in English... as the catalogue's formatting has it (one decimal)."""
    words = Language(code)
    return lambda value: words.number(Decimal(str(value)).quantize(Decimal("0.1")))


def may_record(actor: Actor, site_id: int) -> bool:
    return actor.may_at(Permission.RECORD_TEMPERATURE, site_id)


async def page_context(database: Database, actor: Actor, clock: Clock) -> dict[str, Any]:
    """The fridges this person looks after (a volunteer: at their sites), their last readings, and the
    flagged readings still waiting for an action."""
    async with UnitOfWork(database, readonly=True) as uow:
        views = await log.fridges(uow.session, sites=actor.sites_for(Permission.FRIDGE_READ))
        ids = [v.location.id for v in views]
        since = clock.now() - timedelta(days=FLAGGED_DAYS)
        flagged_ids: list[int] = []
        for location_id in ids:
            found = log.ReadingFilter(location=location_id, flagged=True, since=since)
            flagged_ids += await log.reading_ids(uow.session, found, 50)
        waiting = [v for v in await log.reading_views(uow.session, flagged_ids) if not v.actions]
        sites = {s.id: s.name for s in await _sites(uow)}
    fridges: list[FridgeRead] = [fridge_read(v) for v in views]
    return {
        "fridges": fridges,
        "site_names": sites,
        "waiting": [reading_read(v) for v in waiting],
        "can_record": {f.location: may_record(actor, f.site) for f in fridges},
        "can_set_range": actor.has(Permission.TEMPERATURE_RANGE),
        "this_month": f"{clock.today():%Y-%m}",
    }


async def _sites(uow: UnitOfWork) -> list[Site]:
    return list(await uow.session.scalars(select(Site).order_by(Site.id)))


class FridgePages(Controller):
    path = "/fridge"
    guards = [for_page("/fridge")]

    async def _page(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        *,
        status_code: int = 200,
        problem: PageProblem | None = None,
        problem_at: str | None = None,
        saved: ReadingRead | None = None,
    ) -> Template:
        context = await page_context(database, request.user, clock)
        shown = {f"{form}-{f.location}" for f in context["fridges"] for form in ("reading", "range")}
        shown |= {f"action-{r.id}" for r in context["waiting"]}
        if problem_at not in shown:  # a form this page does not show (an unknown fridge): at the top
            problem_at = None
        return render(
            request,
            "fridge.html",
            degrees=degrees_in(language_of(request)),
            status_code=status_code,
            problem=problem,
            problem_at=problem_at,
            saved=saved,
            **context,
        )

    @get("/", name="fridge_page")
    async def page(
        self,
        request: Request[Actor, Any, Any],
        database: Database,
        clock: Clock,
        saved: int | None = Parameter(default=None, description="the reading just recorded"),
    ) -> Template:
        """The fridges, a reading form for each, flagged readings waiting for an action."""
        shown = None
        if saved is not None:
            async with UnitOfWork(database, readonly=True) as uow:
                found = await log.reading_views(uow.session, [saved])
            if found:  # a reading of a fridge the reader may not read is not shown: refused
                request.user.require_at(Permission.FRIDGE_READ, found[0].location.site_id, field="saved")
            shown = reading_read(found[0]) if found else None
        return await self._page(request, database, clock, saved=shown)

    @post("/readings", guards=[requires(Permission.RECORD_TEMPERATURE)], status_code=303)
    async def record(
        self, request: Request[Actor, Any, Any], database: Database, clock: Clock
    ) -> Response[Any]:
        form = await request.form()

        async def action(uow: UnitOfWork) -> ReadingRead:
            raw = {
                "location": field(form, "location"),
                "current": celsius_typed(form.get("current"), "current"),
                "min": celsius_typed(form.get("min"), "min", required=False),
                "max": celsius_typed(form.get("max"), "max", required=False),
                "note": field(form, "note"),
            }
            data = decode_form(raw, ReadingCreate)
            command = log.ReadingCommand(
                location_id=data.location, current=data.current, min=data.min, max=data.max, note=data.note
            )
            return reading_read(await log.FridgeLog(uow, request.user, clock).record(command))

        outcome = await form_write(request, database, clock, action, ReadingRead)
        if isinstance(outcome, PageProblem):
            at = f"reading-{form.get('location', '')}"
            return await self._page(
                request, database, clock, status_code=outcome.status, problem=outcome, problem_at=at
            )
        return Redirect(f"/fridge?saved={outcome.id}#saved", status_code=303)

    @post(
        "/readings/{reading_id:int}/actions",
        guards=[requires(Permission.RECORD_TEMPERATURE)],
        status_code=303,
    )
    async def add_action(
        self, request: Request[Actor, Any, Any], reading_id: int, database: Database, clock: Clock
    ) -> Response[Any]:
        form = await request.form()

        async def action(uow: UnitOfWork) -> ReadingRead:
            data = decode_form({"action": field(form, "action")}, ActionCreate)
            command = log.ActionCommand(reading_id=reading_id, action=data.action)
            return reading_read(await log.FridgeLog(uow, request.user, clock).add_action(command))

        outcome = await form_write(request, database, clock, action, ReadingRead)
        if isinstance(outcome, PageProblem):
            at = f"action-{reading_id}"
            return await self._page(
                request, database, clock, status_code=outcome.status, problem=outcome, problem_at=at
            )
        return Redirect(f"/fridge?saved={outcome.id}#saved", status_code=303)

    @post("/{location_id:int}/range", guards=[requires(Permission.TEMPERATURE_RANGE)], status_code=303)
    async def set_range(
        self, request: Request[Actor, Any, Any], location_id: int, database: Database, clock: Clock
    ) -> Response[Any]:
        form = await request.form()

        async def action(uow: UnitOfWork) -> FridgeRead:
            raw = {
                "min": celsius_typed(form.get("min"), "min"),
                "max": celsius_typed(form.get("max"), "max"),
                "reason": field(form, "reason"),
            }
            data = decode_form(raw, RangeCreate)
            command = log.RangeCommand(
                location_id=location_id, min=data.min, max=data.max, reason=data.reason
            )
            return fridge_read(await log.FridgeLog(uow, request.user, clock).set_range(command))

        outcome = await form_write(request, database, clock, action, FridgeRead)
        if isinstance(outcome, PageProblem):
            at = f"range-{location_id}"
            return await self._page(
                request, database, clock, status_code=outcome.status, problem=outcome, problem_at=at
            )
        return Redirect(f"/fridge#fridge-{location_id}", status_code=303)

    @get("/{location_id:int}/log")
    async def monthly(
        self,
        request: Request[Actor, Any, Any],
        location_id: int,
        database: Database,
        clock: Clock,
        month: str | None = Parameter(default=None, description="YYYY-MM"),
        fmt: ReportFormat = "pdf",
    ) -> Response[bytes]:
        """A fridge's monthly log, in the page's language."""
        first = parse_month(month or None, clock.today())
        async with UnitOfWork(database, readonly=True) as uow:
            place = await log.cold_location(uow.session, location_id, "location_id")
            request.user.require_at(Permission.FRIDGE_READ, place.site_id, field="location_id")
            data = await monthly_log(uow.session, place, first)
        return report_response(fridge_log_report(data), request, clock, fmt=fmt, lang=language_of(request))
