"""The scan page's HTML: log in and out, choose the site, switch the language, and the page itself."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.datastructures import Cookie
from litestar.response import Redirect, Template
from sqlalchemy import select

from inventory.db.engine import Database
from inventory.db.tables import Site
from inventory.domain.access import Actor, Permission
from inventory.domain.errors import NotAuthenticated
from inventory.domain.model import Role
from inventory.services import users
from inventory.web.check_label import check_label_image
from inventory.web.i18n import LANGUAGES, texts, translator
from inventory.web.session import LANGUAGE_COOKIE, SITE_COOKIE, WEB_PATH, language_of, remembered, site_cookie
from inventory.web.static import asset_url

PUBLIC = {"exclude_from_auth": True}


def render(
    request: Request[Any, Any, Any],
    name: str,
    status_code: int = 200,
    cookies: list[Cookie] | None = None,
    **context: Any,
) -> Template:
    language = language_of(request)
    return Template(
        template_name=name,
        context={"t": translator(language), "language": language, "asset": asset_url, **context},
        status_code=status_code,
        cookies=cookies,
    )


def login_page(request: Request[Any, Any, Any], error: str | None = None, status_code: int = 200) -> Template:
    return render(request, "login.html", status_code, error=error)


async def sites_for(database: Database, actor: Actor) -> list[Site]:
    """The sites the page offers: the actor's own; all of them to those who work clinic-wide."""
    stmt = select(Site).where(Site.active.is_(True)).order_by(Site.id)
    if actor.role not in (Role.ADMIN, Role.FINANCE):
        stmt = stmt.where(Site.id.in_(actor.site_ids))
    async with database.read_sessions() as session:
        return list((await session.scalars(stmt)).all())


def modes_of(actor: Actor) -> list[str]:
    modes = [mode for mode, needs in (("receive", Permission.RECEIVE), ("issue", Permission.ISSUE))
             if actor.has(needs)]  # fmt: skip
    return [*modes, "lookup"]


class ScanPages(Controller):
    path = "/"

    @get("/login", opt=PUBLIC, name="scan_login")
    async def login_form(self, request: Request[Any, Any, Any]) -> Template:
        return login_page(request)

    @post("/logout", status_code=303)
    async def logout(self, request: Request[Actor, Any, Any]) -> Redirect:
        request.clear_session()
        return Redirect(f"{WEB_PATH}/login", status_code=303)

    @post("/language", opt=PUBLIC, status_code=303)
    async def language(self, request: Request[Any, Any, Any]) -> Redirect:
        form = await request.form()
        chosen = str(form.get("language", ""))
        back = str(form.get("back", WEB_PATH))
        pages = (WEB_PATH, f"{WEB_PATH}/login", f"{WEB_PATH}/sites", f"{WEB_PATH}/scanner-check")
        back = back if back in pages else WEB_PATH
        cookies = [remembered(LANGUAGE_COOKIE, chosen)] if chosen in LANGUAGES else []
        return Redirect(back, status_code=303, cookies=cookies)

    @get("/sites")
    async def choose_site(self, request: Request[Actor, Any, Any], database: Database) -> Template:
        return render(
            request, "sites.html", sites=await sites_for(database, request.user), actor=request.user
        )

    @post("/site", status_code=303)
    async def set_site(self, request: Request[Actor, Any, Any], database: Database) -> Redirect:
        form = await request.form()
        offered = {str(site.id) for site in await sites_for(database, request.user)}
        chosen = str(form.get("site", ""))
        if chosen not in offered:
            return Redirect(f"{WEB_PATH}/sites", status_code=303)
        return Redirect(WEB_PATH, status_code=303, cookies=[remembered(SITE_COOKIE, chosen)])

    @get("/scanner-check")
    async def scanner_check(self, request: Request[Actor, Any, Any]) -> Template:
        language = language_of(request)
        return render(
            request, "scanner_check.html", actor=request.user, label=check_label_image(),
            page={"language": language, "texts": texts(language)},
        )  # fmt: skip

    @get("/", name="scan_page")
    async def page(self, request: Request[Actor, Any, Any], database: Database) -> Response[Any]:
        actor = request.user
        sites = await sites_for(database, actor)
        site = next((s for s in sites if s.id == site_cookie(request)), None)
        if site is None and len(sites) == 1:
            site = sites[0]
        if site is None:
            return render(request, "sites.html", sites=sites, actor=actor)
        language = language_of(request)
        page = {
            "site": site.id,
            "siteName": site.name,
            "language": language,
            "modes": modes_of(actor),
            "canLink": actor.has(Permission.LINK_GTIN),
            "texts": texts(language),
        }
        return render(
            request,
            "scan.html",
            cookies=[remembered(SITE_COOKIE, str(site.id))],
            actor=actor,
            site=site,
            sites=sites,
            page=page,
        )


@post("/login", opt=PUBLIC, status_code=303)
async def log_in(request: Request[Any, Any, Any], database: Database) -> Response[Any]:
    """A plain form post (works before any script has loaded); rate-limited by its router."""
    form = await request.form()
    username, password = str(form.get("username", "")), str(form.get("password", ""))
    try:
        async with database.read_sessions() as session:
            user = await users.authenticate(session, username, password)
    except NotAuthenticated:
        return login_page(request, "login_failed", 401)
    request.set_session({"uid": user.id})
    return Redirect(WEB_PATH, status_code=303)
