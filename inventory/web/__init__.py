"""The one web app: the front door at /, the scan page at /scan, stock and every role's pages.

Server-rendered (Jinja), a little plain JavaScript, no build step. One layout (templates/base.html),
one navigation by role (navigation.py), one session and CSRF scheme at path "/" (session.py), one
translation mechanism (inventory/i18n). A new page: a Controller in this package, one line in PAGES
below, one line in navigation.NAVIGATION.
"""

from __future__ import annotations

from pathlib import Path

from litestar import Router
from litestar.contrib.jinja import JinjaTemplateEngine
from litestar.template import TemplateConfig
from litestar.types import ControllerRouterHandler

from inventory.http.problems import EXCEPTION_HANDLERS
from inventory.settings import Settings
from inventory.web.actions import ScanActions
from inventory.web.admin_pages import AccountPages, AdminPages
from inventory.web.audit_pages import AuditPages
from inventory.web.batch_pages import BatchActionPages
from inventory.web.catalogue_pages import CataloguePages
from inventory.web.count_pages import CountPages, CountScan
from inventory.web.disposal_pages import DisposalPages
from inventory.web.errors import on_web_error
from inventory.web.expiry_pages import ExpiryPages
from inventory.web.export_pages import ExportPages
from inventory.web.finance_forms import FinanceForms
from inventory.web.finance_pages import FinancePages
from inventory.web.fridge import FridgePages
from inventory.web.front import FrontDoor, log_in
from inventory.web.labels import WebLabels
from inventory.web.page import PAGE_HEADERS, install_filters
from inventory.web.pages import ScanPages
from inventory.web.quarantine_pages import QuarantinePages
from inventory.web.registers import RegisterPages
from inventory.web.return_pages import ReturnPages, ScanSetAside
from inventory.web.security_pages import SecurityPages
from inventory.web.serial_pages import SerialPages
from inventory.web.session import SCAN_PATH, SessionAuthMiddleware, csrf_middleware, session_middleware
from inventory.web.static import static_files
from inventory.web.stock import StockPages
from inventory.web.transfer_pages import TransferPages

TEMPLATES = TemplateConfig(
    directory=Path(__file__).parent / "templates",
    engine=JinjaTemplateEngine,
    engine_callback=lambda engine: install_filters(engine.engine),
)

# The pages of the web app, each a Controller with its own path ("/stock", "/expiry", ...).
PAGES: list[ControllerRouterHandler] = [
    FrontDoor,
    ExpiryPages,
    QuarantinePages,
    SerialPages,
    DisposalPages,
    ReturnPages,
    CountPages,
    CountScan,
    RegisterPages,
    FridgePages,
    StockPages,
    BatchActionPages,
    FinancePages,
    FinanceForms,
    SecurityPages,
    AdminPages,
    AccountPages,
    AuditPages,
    ExportPages,
    CataloguePages,
    TransferPages,
]



def web_handlers(settings: Settings, extra: list[ControllerRouterHandler] | None = None) -> list[Router]:
    """The web app's router (session, CSRF, login, errors as pages) and its static files."""
    login = Router(path="/", route_handlers=[log_in])  # limited by http/login.log_in, in every process
    scan = Router(path=SCAN_PATH, route_handlers=[ScanPages, ScanActions, ScanSetAside, WebLabels])
    web = Router(
        path="/",
        route_handlers=[*PAGES, login, scan, *(extra or [])],
        middleware=[session_middleware(settings), csrf_middleware(settings), SessionAuthMiddleware],
        exception_handlers=dict.fromkeys(EXCEPTION_HANDLERS, on_web_error),  # every one the API has
        response_headers=PAGE_HEADERS,
        include_in_schema=False,
    )
    return [web, static_files()]
