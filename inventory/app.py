"""The composition root: the one Litestar application, built explicitly from settings, mounting the
JSON API (inventory/api) and the pages (inventory/web) on the kit they share (inventory/http)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.types import ControllerRouterHandler

from inventory.api.auth import ActorCache, make_jwt_auth
from inventory.api.contract import document_problems
from inventory.api.docs import openapi_config
from inventory.api.routes import api_handlers
from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.http.deps import DEPENDENCIES
from inventory.http.edge import guard_the_edge
from inventory.http.problems import EXCEPTION_HANDLERS
from inventory.http.strict import strict_json_body
from inventory.settings import Settings
from inventory.web import TEMPLATES, web_handlers
from inventory.web.errors import people_pages


def create_app(
    settings: Settings,
    *,
    clock: Clock | None = None,
    database: Database | None = None,
    extra_handlers: Sequence[ControllerRouterHandler] = (),
) -> Litestar:
    """Build the app. `database` and `clock` may be handed in by tests and benchmarks."""
    db = database or Database(settings.database_url)
    jwt_auth = make_jwt_auth(settings.secret_key, settings.token_ttl_seconds)

    @asynccontextmanager
    async def lifespan(app: Litestar) -> AsyncIterator[None]:
        try:
            yield
        finally:
            if database is None:  # we made it, we close it
                await db.dispose()

    app = Litestar(
        route_handlers=[
            *api_handlers(),
            *web_handlers(settings),
            *extra_handlers,
        ],
        dependencies=DEPENDENCIES,
        exception_handlers=people_pages(EXCEPTION_HANDLERS),  # type: ignore[arg-type]  # pages for people
        before_request=strict_json_body,
        on_app_init=[jwt_auth.on_app_init],
        openapi_config=openapi_config(),
        template_config=TEMPLATES,
        lifespan=[lifespan],
        debug=settings.debug,
    )
    app.state.settings = settings
    app.state.database = db
    app.state.clock = clock or Clock()
    app.state.jwt_auth = jwt_auth
    app.state.actor_cache = ActorCache()
    document_problems(app)
    guard_the_edge(app)
    return app
