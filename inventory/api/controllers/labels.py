"""Barcode labels for batches, locations and items, as PDF (sheets, rolls) or ZPL (Zebra printers)."""

from __future__ import annotations

from litestar import Controller, Response, post

from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Permission
from inventory.http.downloads import LABEL_MEDIA_TYPES, label_response
from inventory.http.guards import requires
from inventory.http.shapes.core import LabelsCreate
from inventory.services import labelling


class LabelController(Controller):
    path = "/api/v1/labels"
    tags = ["labels"]
    guards = [requires(Permission.READ)]

    @post(
        "/",
        summary="Print labels: PDF for sheets and rolls, or ZPL",
        status_code=200,
        media_type="application/pdf",
        opt={
            "media_types": list(LABEL_MEDIA_TYPES.values()),
            "problems": {409: "A batch is recalled or blocked (batch-blocked): it gets no label"},
        },
    )
    async def print_labels(self, data: LabelsCreate, database: Database) -> Response[bytes]:
        """Labels for batches, locations or items: a PDF for sheets and rolls, or ZPL for Zebra printers."""
        request = labelling.LabelRequest(
            batches=data.batches,
            locations=data.locations,
            items=data.items,
            site=data.site,
            layout=data.layout,
            copies=data.copies,
            start_offset=data.start_offset,
            symbology=data.symbology,
            format=data.format,
        )
        async with UnitOfWork(database, readonly=True) as uow:
            label_data = await labelling.label_data(uow.session, request)
        return label_response(labelling.render(label_data, request), data.format)
