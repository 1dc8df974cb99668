"""The JSON API's routes: one controller per resource under /api/v1, the health check, the token, and
the API's documentation (Swagger UI at /schema). The composition root (inventory/app.py) mounts them
beside the pages; the API's authentication, OpenAPI and problem documentation are set up there from
`api/auth.py`, `api/docs.py` and `api/contract.py`."""

from __future__ import annotations

from litestar.types import ControllerRouterHandler

from inventory.api.controllers.audit import AuditController
from inventory.api.controllers.auth import AuthController
from inventory.api.controllers.blocks import BlockController
from inventory.api.controllers.counts import CountController
from inventory.api.controllers.disposals import DisposalController
from inventory.api.controllers.expiry_report import ExpiryReportController
from inventory.api.controllers.exports import ExportController
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
from inventory.api.controllers.returns import ReturnController, SetAsideController
from inventory.api.controllers.scans import ScanController
from inventory.api.controllers.security_events import SecurityEventController
from inventory.api.controllers.sites import SiteController
from inventory.api.controllers.stock import BatchController, MovementController, StockController
from inventory.api.controllers.transfers import TransferController
from inventory.api.controllers.users import UserController
from inventory.api.docs import docs_assets

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
    ReturnController,
    SetAsideController,
    TransferController,
    RecallController,
    BlockController,
    ExpiryReportController,
    ControlledRegisterController,
    FridgeLogController,
    SecurityEventController,
    AuditController,
    ExportController,
    CountController,
]


def api_handlers() -> list[ControllerRouterHandler]:
    """Everything the API mounts, in order: health, token, the resources, the documentation's files."""
    return [HealthController, AuthController, *API_CONTROLLERS, docs_assets()]
