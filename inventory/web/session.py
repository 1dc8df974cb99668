"""Who is using the web app: one encrypted session cookie, one CSRF scheme, the remembered site and language.

Every cookie here has the path "/" and serves every page (the front door, the scan page, stock and the
pharmacists' pages). The JSON API under /api never reads them: it knows bearer tokens only (its
routers have no session middleware), which is why it needs no CSRF protection.
"""

from __future__ import annotations

import hashlib
from typing import Any
from urllib.parse import urlsplit

from litestar.config.csrf import CSRFConfig
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.exceptions import NotAuthorizedException
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult, DefineMiddleware
from litestar.middleware.csrf import CSRFMiddleware
from litestar.middleware.session import SessionMiddleware
from litestar.middleware.session.client_side import ClientSideSessionBackend, CookieBackendConfig
from litestar.types import ASGIApp
from litestar.utils.scope.state import ScopeState

from inventory.domain.access import Actor
from inventory.i18n import DEFAULT_LANGUAGE, LANGUAGES
from inventory.settings import Settings

COOKIE_PATH = "/"
SCAN_PATH = "/scan"
WEB_PATH = SCAN_PATH  # the scan page's path (its older name)
SESSION_COOKIE = "inventory_session"
CSRF_COOKIE = "inventory_csrf"
SITE_COOKIE = "inventory_site"
LANGUAGE_COOKIE = "inventory_lang"
SESSION_SECONDS = 12 * 3600  # one long clinic day; then log in again
YEAR = 365 * 24 * 3600


def _derived(secret_key: str, purpose: str) -> bytes:
    """One secret per purpose from the app's key, so a leak of one says nothing about the others."""
    return hashlib.sha256(f"{purpose}:{secret_key}".encode()).digest()


def _cookie_config(settings: Settings) -> CookieBackendConfig:
    return CookieBackendConfig(
        secret=_derived(settings.secret_key, "web-session"),
        key=SESSION_COOKIE,
        path=COOKIE_PATH,
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )


def session_middleware(settings: Settings) -> DefineMiddleware:
    return DefineMiddleware(_session, config=_cookie_config(settings))


def _session(app: ASGIApp, config: CookieBackendConfig) -> SessionMiddleware[ClientSideSessionBackend]:
    # Built when the app is, not with the config: routers are deep-copied, and a cipher cannot be.
    return SessionMiddleware(app, backend=ClientSideSessionBackend(config=config))


def csrf_middleware(settings: Settings) -> DefineMiddleware:
    config = CSRFConfig(
        secret=_derived(settings.secret_key, "web-csrf").hex(),
        cookie_name=CSRF_COOKIE,
        cookie_path=COOKIE_PATH,
        cookie_httponly=True,  # pages carry the token in their markup (_csrf_token; scripts: x-csrftoken)
        cookie_samesite="lax",
        cookie_secure=settings.secure_cookies,
        header_name="x-csrftoken",
    )
    return DefineMiddleware(CSRFMiddleware, config=config)


async def actor_of(connection: ASGIConnection[Any, Any, Any, Any]) -> Actor | None:
    """The logged-in user of this request's session, looked up like a bearer token's; None if nobody."""
    session = connection.scope.get("session")
    user_id = session.get("uid") if isinstance(session, dict) else None
    if not isinstance(user_id, int):
        return None
    state = connection.app.state
    actor: Actor | None = await state.actor_cache.get(state.database, user_id)
    return actor


async def actor_outside_the_pages(connection: ASGIConnection[Any, Any, Any, Any]) -> Actor | None:
    """The session's user where no page's middleware ran (an address no route answers): the session cookie
    read as the session middleware reads it, and the CSRF cookie's token kept for the page's forms."""
    backend = ClientSideSessionBackend(config=_cookie_config(connection.app.state.settings))
    session = await backend.load_from_connection(connection)
    csrf = connection.cookies.get(CSRF_COOKIE)
    if csrf:
        ScopeState.from_scope(connection.scope).csrf_token = csrf
    connection.scope["session"] = session
    return await actor_of(connection)


class SessionAuthMiddleware(AbstractAuthenticationMiddleware):
    """request.user is the Actor of the logged-in session; routes with opt exclude_from_auth are public."""

    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        actor = await actor_of(connection)
        if actor is None:
            raise NotAuthorizedException("log in first")
        return AuthenticationResult(user=actor, auth=None)


def remembered(key: str, value: str, secure: bool = False) -> Cookie:
    return Cookie(
        key=key, value=value, path=COOKIE_PATH, max_age=YEAR, httponly=True, samesite="lax", secure=secure
    )


def language_of(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    chosen = connection.cookies.get(LANGUAGE_COOKIE, "")
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def site_cookie(connection: ASGIConnection[Any, Any, Any, Any]) -> int | None:
    raw = connection.cookies.get(SITE_COOKIE, "")
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) < 10 else None


def local_path(target: str | None, default: str = "/") -> str:
    """`target` if it is a path on this site ("/stock?q=x"), else `default`: never an open redirect."""
    if not target or not target.startswith("/") or target.startswith(("//", "/\\")):
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or "\\" in target or any(ord(c) < 32 for c in target):
        return default
    return target
