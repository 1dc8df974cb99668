"""The Litestar application, built explicitly from settings."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager

from litestar import Litestar
from litestar.types import ControllerRouterHandler

from inventory.api.auth import ActorCache, make_jwt_auth
from inventory.api.contract import document_problems
from inventory.api.controllers.auth import AuthController
from inventory.api.controllers.blocks import BlockController
from inventory.api.controllers.disposals import DisposalController
from inventory.api.controllers.expiry_report import ExpiryReportController
from inventory.api.controllers.finance_reports import FinanceReportController
from inventory.api.controllers.fridge_log import FridgeLogController
from inventory.api.controllers.funding import DonorController, GrantController, ReceiptFundingController
from inventory.api.controllers.health import HealthController
from inventory.api.controllers.items import ItemController
from inventory.api.controllers.labels import LabelController
from inventory.api.controllers.ledger import (
    AdjustmentController,
    IssueController,
    ReceiptController,
    ReversalController,
)
from inventory.api.controllers.quarantines import QuarantineController
from inventory.api.controllers.recalls import RecallController
from inventory.api.controllers.register import ControlledRegisterController
from inventory.api.controllers.scans import ScanController
from inventory.api.controllers.security_events import SecurityEventController
from inventory.api.controllers.sites import SiteController
from inventory.api.controllers.stock import BatchController, MovementController, StockController
from inventory.api.controllers.users import UserController
from inventory.api.deps import DEPENDENCIES
from inventory.api.docs import docs_assets, openapi_config
from inventory.api.edge import guard_the_edge
from inventory.api.problems import EXCEPTION_HANDLERS
from inventory.api.strict import strict_json_body
from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.settings import Settings
from inventory.web import TEMPLATES, web_handlers

API_CONTROLLERS: list[ControllerRouterHandler] = [
    SiteController,
    ItemController,
    BatchController,
    ReceiptController,
    IssueController,
    AdjustmentController,
    ReversalController,
    StockController,
    MovementController,
    UserController,
    ScanController,
    LabelController,
    FinanceReportController,
    DonorController,
    GrantController,
    ReceiptFundingController,
    QuarantineController,
    DisposalController,
    RecallController,
    BlockController,
    ExpiryReportController,
    ControlledRegisterController,
    FridgeLogController,
    SecurityEventController,
]


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
            HealthController,
            AuthController,
            *API_CONTROLLERS,
            docs_assets(),
            *web_handlers(settings),
            *extra_handlers,
        ],
        dependencies=DEPENDENCIES,
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
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
