"""The scan page's HTML: choose the site, and the page itself. (Login, logout and the language are the
front door's: inventory/web/front.py.)"""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.response import Redirect, Template
from sqlalchemy import select

from inventory.db.engine import Database
from inventory.db.tables import Site
from inventory.domain.access import Actor, Permission
from inventory.i18n import texts
from inventory.services import funding
from inventory.web.check_label import check_label_image
from inventory.web.navigation import for_page
from inventory.web.page import render
from inventory.web.session import SITE_COOKIE, WEB_PATH, language_of, remembered, site_cookie


async def sites_for(database: Database, actor: Actor) -> list[Site]:
    """The sites the page offers: the actor's own; all of them to those who work clinic-wide."""
    stmt = select(Site).where(Site.active.is_(True)).order_by(Site.id)
    scope = actor.sites_for(Permission.READ)
    if scope is not None:
        stmt = stmt.where(Site.id.in_(scope))
    async with database.read_sessions() as session:
        return list((await session.scalars(stmt)).all())


async def send_targets(database: Database, actor: Actor, site_id: int) -> list[tuple[int, str]]:
    """The sites the scan page's Send mode can send to from `site_id`: every other active site."""
    if not actor.may_at(Permission.TRANSFER_SEND, site_id):
        return []
    stmt = select(Site.id, Site.name).where(Site.active.is_(True), Site.id != site_id).order_by(Site.name)
    async with database.read_sessions() as session:
        return [(row.id, row.name) for row in (await session.execute(stmt)).all()]


def modes_of(actor: Actor) -> list[str]:
    modes = [mode for mode, needs in (("receive", Permission.RECEIVE), ("issue", Permission.ISSUE))
             if actor.has(needs)]  # fmt: skip
    send = ["send"] if actor.has(Permission.TRANSFER_SEND) else []
    return [*modes, *(["count"] if actor.has(Permission.COUNT) else []), *send, "lookup"]


class ScanPages(Controller):
    path = "/"
    guards = [for_page("/scan")]

    @get("/sites")
    async def choose_site(self, request: Request[Actor, Any, Any], database: Database) -> Template:
        return render(request, "sites.html", sites=await sites_for(database, request.user))

    @post("/site", status_code=303)
    async def set_site(self, request: Request[Actor, Any, Any], database: Database) -> Redirect:
        form = await request.form()
        offered = {str(site.id) for site in await sites_for(database, request.user)}
        chosen = str(form.get("site", ""))
        if chosen not in offered:
            return Redirect(f"{WEB_PATH}/sites", status_code=303)
        secure = request.app.state.settings.secure_cookies
        return Redirect(WEB_PATH, status_code=303, cookies=[remembered(SITE_COOKIE, chosen, secure)])

    @get("/scanner-check")
    async def scanner_check(self, request: Request[Actor, Any, Any]) -> Template:
        language = language_of(request)
        page = {"language": language, "texts": texts(language)}
        return render(request, "scanner_check.html", label=check_label_image(), page=page)

    @get("/", name="scan_page")
    async def page(self, request: Request[Actor, Any, Any], database: Database) -> Response[Any]:
        actor = request.user
        sites = await sites_for(database, actor)
        site = next((s for s in sites if s.id == site_cookie(request)), None)
        if site is None and len(sites) == 1:
            site = sites[0]
        if site is None:
            return render(request, "sites.html", sites=sites)
        language = language_of(request)
        async with database.read_sessions() as session:
            grants, donors = await funding.funding_choices(session, site.id, request.app.state.clock.today())
        page = {
            "site": site.id,
            "siteName": site.name,
            "language": language,
            "modes": modes_of(actor),
            "canLink": actor.has(Permission.LINK_GTIN),
            "canSetAside": actor.may_at(Permission.SET_ASIDE, site.id),  # scan-set-aside.js
            "sendTo": await send_targets(database, actor, site.id),  # send-mode.js
            "texts": texts(language),
            # What received goods can be charged to; the page keeps the choice per session and site.
            "funding": {"grants": grants, "donors": donors},
        }
        secure = request.app.state.settings.secure_cookies
        return render(
            request,
            "scan.html",
            cookies=[remembered(SITE_COOKIE, str(site.id), secure)],
            site=site,
            sites=sites,
            page=page,
        )
