"""Who is using the scan page: an encrypted session cookie, CSRF tokens, and the remembered site and language.

Every cookie here is scoped to the path /scan, so the browser never sends them to /api: the JSON API
knows bearer tokens only, which is why it needs no CSRF protection.
"""

from __future__ import annotations

import hashlib
from typing import Any

from litestar.config.csrf import CSRFConfig
from litestar.connection import ASGIConnection
from litestar.datastructures import Cookie
from litestar.exceptions import NotAuthorizedException
from litestar.middleware import AbstractAuthenticationMiddleware, AuthenticationResult, DefineMiddleware
from litestar.middleware.csrf import CSRFMiddleware
from litestar.middleware.session import SessionMiddleware
from litestar.middleware.session.client_side import ClientSideSessionBackend, CookieBackendConfig
from litestar.types import ASGIApp

from inventory.domain.access import Actor
from inventory.settings import Settings
from inventory.web.i18n import DEFAULT_LANGUAGE, LANGUAGES

WEB_PATH = "/scan"
SESSION_SECONDS = 12 * 3600  # one long clinic day; then log in again
SITE_COOKIE = "scan_site"
LANGUAGE_COOKIE = "scan_lang"
YEAR = 365 * 24 * 3600


def _derived(secret_key: str, purpose: str) -> bytes:
    """One secret per purpose from the app's key, so a leak of one says nothing about the others."""
    return hashlib.sha256(f"{purpose}:{secret_key}".encode()).digest()


def session_middleware(settings: Settings) -> DefineMiddleware:
    config = CookieBackendConfig(
        secret=_derived(settings.secret_key, "scan-session"),
        key="scan_session",
        path=WEB_PATH,
        max_age=SESSION_SECONDS,
        httponly=True,
        samesite="lax",
        secure=settings.secure_cookies,
    )
    return DefineMiddleware(_session, config=config)


def _session(app: ASGIApp, config: CookieBackendConfig) -> SessionMiddleware[ClientSideSessionBackend]:
    # Built when the app is, not with the config: routers are deep-copied, and a cipher cannot be.
    return SessionMiddleware(app, backend=ClientSideSessionBackend(config=config))


def csrf_middleware(settings: Settings) -> DefineMiddleware:
    config = CSRFConfig(
        secret=_derived(settings.secret_key, "scan-csrf").hex(),
        cookie_name="scan_csrf",
        cookie_path=WEB_PATH,
        cookie_httponly=True,  # the page reads the token from its own markup
        cookie_samesite="lax",
        cookie_secure=settings.secure_cookies,
        header_name="x-csrftoken",
    )
    return DefineMiddleware(CSRFMiddleware, config=config)


class SessionAuthMiddleware(AbstractAuthenticationMiddleware):
    """request.user is the Actor of the logged-in session, looked up like a bearer token's."""

    async def authenticate_request(
        self, connection: ASGIConnection[Any, Any, Any, Any]
    ) -> AuthenticationResult:
        session = connection.scope.get("session")
        user_id = session.get("uid") if isinstance(session, dict) else None
        state = connection.app.state
        actor: Actor | None = None
        if isinstance(user_id, int):
            actor = await state.actor_cache.get(state.database, user_id)
        if actor is None:
            raise NotAuthorizedException("log in on the scan page first")
        return AuthenticationResult(user=actor, auth=None)


def remembered(key: str, value: str) -> Cookie:
    return Cookie(key=key, value=value, path=WEB_PATH, max_age=YEAR, httponly=True, samesite="lax")


def language_of(connection: ASGIConnection[Any, Any, Any, Any]) -> str:
    chosen = connection.cookies.get(LANGUAGE_COOKIE, "")
    return chosen if chosen in LANGUAGES else DEFAULT_LANGUAGE


def site_cookie(connection: ASGIConnection[Any, Any, Any, Any]) -> int | None:
    raw = connection.cookies.get(SITE_COOKIE, "")
    return int(raw) if raw.isdigit() and len(raw) < 10 else None
