"""Sites and their storage locations."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, patch, post
from litestar.params import Parameter
from sqlalchemy import select

from inventory.clock import Clock
from inventory.db import repo
from inventory.db.engine import Database
from inventory.db.tables import Location, Site
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Permission
from inventory.http import sites as kit
from inventory.http.guards import requires
from inventory.http.shapes import core as s
from inventory.http.shapes.convert import location_read, site_read
from inventory.http.writes import run_case

SiteId = Annotated[int, Parameter(description="The site (id)")]


class SiteController(Controller):
    path = "/api/v1/sites"
    tags = ["sites"]
    guards = [requires(Permission.READ)]

    @get("/", summary="All sites")
    async def list_sites(self, database: Database) -> list[s.SiteRead]:
        """All the clinic's sites, active or not."""
        async with UnitOfWork(database, readonly=True) as uow:
            sites = await uow.session.scalars(select(Site).order_by(Site.id))
            return [site_read(site) for site in sites]

    @get("/{site_id:int}", summary="One site")
    async def get_site(self, site_id: SiteId, database: Database) -> s.SiteRead:
        """One site."""
        async with UnitOfWork(database, readonly=True) as uow:
            return site_read(await repo.site_by_id(uow.session, site_id, field="site_id"))

    @post("/", summary="Create a site", guards=[requires(Permission.CATALOGUE)])
    async def create_site(
        self, request: Request[Any, Any, Any], data: s.SiteCreate, database: Database, clock: Clock
    ) -> s.SiteRead:
        """Open a new site with a short code and a name (admin)."""
        return await run_case(request, database, clock, s.SiteRead, kit.create_site, data)

    @patch(
        "/{site_id:int}",
        summary="Rename a site, change its address, close or reopen it",
        guards=[requires(Permission.CATALOGUE)],
    )
    async def update_site(
        self,
        request: Request[Any, Any, Any],
        site_id: SiteId,
        data: s.SiteUpdate,
        database: Database,
        clock: Clock,
    ) -> s.SiteRead:
        """Change a site's name or address, or close it (only when it holds no stock) or reopen it (admin).
        Its code stays: it is printed on labels and in references."""
        return await run_case(request, database, clock, s.SiteRead, kit.update_site, site_id, data)

    @get("/{site_id:int}/locations", summary="Storage locations at a site")
    async def list_locations(self, site_id: SiteId, database: Database) -> list[s.LocationRead]:
        """The storage locations at a site, by name."""
        async with UnitOfWork(database, readonly=True) as uow:
            await repo.site_by_id(uow.session, site_id, field="site_id")
            rows = await uow.session.scalars(
                select(Location).where(Location.site_id == site_id).order_by(Location.name)
            )
            return [location_read(location) for location in rows]

    @post(
        "/{site_id:int}/locations", summary="Add a storage location", guards=[requires(Permission.CATALOGUE)]
    )
    async def create_location(
        self,
        request: Request[Any, Any, Any],
        site_id: SiteId,
        data: s.LocationCreate,
        database: Database,
        clock: Clock,
    ) -> s.LocationRead:
        """Add a storage location (a fridge, a cupboard) at a site (admin)."""
        return await run_case(request, database, clock, s.LocationRead, kit.create_location, site_id, data)
