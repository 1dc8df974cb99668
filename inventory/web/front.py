"""The front door at /: the login form, then the home page of the user's role; log out; the language."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get, post
from litestar.params import Parameter
from litestar.response import Redirect, Template

from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.domain.errors import InvalidInput, NotAuthenticated, TooManyAttempts
from inventory.domain.model import Role
from inventory.http import login
from inventory.i18n import LANGUAGES, N_
from inventory.settings import Settings
from inventory.web import pharmacist_home
from inventory.web.navigation import SIGNED_IN, navigation_for
from inventory.web.page import render
from inventory.web.session import LANGUAGE_COOKIE, SCAN_PATH, actor_of, local_path, remembered

PUBLIC = {"exclude_from_auth": True}


def login_page(
    request: Request[Any, Any, Any], error: str | None = None, status_code: int = 200, next: str = "/"
) -> Template:
    return render(request, "login.html", status_code=status_code, error=error, next=local_path(next))


class FrontDoor(Controller):
    path = "/"

    @get("/", opt=PUBLIC, name="home")
    async def home(
        self, request: Request[Any, Any, Any], database: Database, clock: Clock, settings: Settings
    ) -> Response[Any]:
        """The login form for a stranger; the home page of the user's role (a volunteer's: scanning; a
        pharmacist's: today's work at their sites, web/pharmacist_home.py)."""
        actor = await actor_of(request)
        if actor is None:
            return login_page(request)
        entries = navigation_for(request.app, actor)
        scanning = [entry for entry in entries if entry.path == SCAN_PATH]
        if actor.role == Role.VOLUNTEER and scanning:  # a volunteer scans: no menu to click through
            return Redirect(scanning[0].path, status_code=303)
        day = await pharmacist_home.today_blocks(database, clock, settings, actor)
        return render(request, "home.html", actor=actor, entries=entries, day=day)

    @get(["/login", f"{SCAN_PATH}/login"], opt=PUBLIC, name="login")
    async def login_form(
        self, request: Request[Any, Any, Any], next: str | None = Parameter(default=None, max_length=500)
    ) -> Response[Any]:
        if request.url.path != "/login":  # the scan page's old address: log in, then back to scanning
            return Redirect(f"/login?next={SCAN_PATH}", status_code=303)
        return login_page(request, next=next or "/")

    @post(["/logout", f"{SCAN_PATH}/logout"], guards=[SIGNED_IN], status_code=303)
    async def logout(self, request: Request[Any, Any, Any]) -> Redirect:
        request.clear_session()
        return Redirect("/", status_code=303)

    @post(["/language", f"{SCAN_PATH}/language"], opt=PUBLIC, status_code=303)
    async def language(self, request: Request[Any, Any, Any]) -> Redirect:
        form = await request.form()
        chosen = str(form.get("language", ""))
        back = local_path(str(form.get("back", "")), "/")
        secure = request.app.state.settings.secure_cookies
        cookies = [remembered(LANGUAGE_COOKIE, chosen, secure)] if chosen in LANGUAGES else []
        return Redirect(back, status_code=303, cookies=cookies)


@post(["/login", f"{SCAN_PATH}/login"], opt=PUBLIC, status_code=303)
async def log_in(
    request: Request[Any, Any, Any], database: Database, clock: Clock, settings: Settings
) -> Response[Any]:
    """A plain form post (works before any script has loaded), within the same login limits as the API."""
    form = await request.form()
    username, password = str(form.get("username", "")), str(form.get("password", ""))
    next_page = local_path(str(form.get("next", "")), "/")
    try:
        user = await login.log_in(request, database, clock, settings, username, password)
    except TooManyAttempts as exc:
        page = login_page(request, N_("app.too_many"), 429, next=next_page)
        page.headers["Retry-After"] = str(exc.extra.get("retry_after", 60))
        return page
    except (NotAuthenticated, InvalidInput):
        return login_page(request, N_("app.login_failed"), 401, next=next_page)
    request.set_session({"uid": user.id})
    return Redirect(next_page, status_code=303)
