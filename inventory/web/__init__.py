"""The volunteers' scan page at /scan: server-rendered, a little plain JavaScript, no build step."""

from __future__ import annotations

from pathlib import Path

from litestar import Router
from litestar.contrib.jinja import JinjaTemplateEngine
from litestar.datastructures import ResponseHeader
from litestar.exceptions import HTTPException
from litestar.template import TemplateConfig
from litestar.types import ControllerRouterHandler

from inventory.settings import Settings
from inventory.web.actions import ScanActions
from inventory.web.errors import on_web_http_error
from inventory.web.labels import WebLabels
from inventory.web.pages import ScanPages, log_in
from inventory.web.session import WEB_PATH, SessionAuthMiddleware, csrf_middleware, session_middleware
from inventory.web.static import static_files

TEMPLATES = TemplateConfig(directory=Path(__file__).parent / "templates", engine=JinjaTemplateEngine)

# No inline script or style anywhere: a script injected through a batch number or item name cannot run.
_HEADERS = [
    ResponseHeader(
        name="Content-Security-Policy",
        value="default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'",
    ),
    ResponseHeader(name="Cache-Control", value="no-store"),
    ResponseHeader(name="Referrer-Policy", value="same-origin"),
    ResponseHeader(name="X-Content-Type-Options", value="nosniff"),
]


def web_handlers(settings: Settings, extra: list[ControllerRouterHandler] | None = None) -> list[Router]:
    """The scan page's router (session, CSRF, login) and its static files. `extra`: more /scan routes."""
    login = Router(path="/", route_handlers=[log_in])  # limited by api/auth.log_in, in every process
    scan = Router(
        path=WEB_PATH,
        route_handlers=[ScanPages, ScanActions, WebLabels, login, *(extra or [])],
        middleware=[session_middleware(settings), csrf_middleware(settings), SessionAuthMiddleware],
        exception_handlers={HTTPException: on_web_http_error},
        response_headers=_HEADERS,
        include_in_schema=False,
    )
    return [scan, static_files()]
