"""Printing from the scan page: a batch's label as PDF, for the roll printer by default."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, Response, get
from litestar.params import Parameter

from inventory.db.engine import Database
from inventory.db.uow import UnitOfWork
from inventory.domain.access import Actor
from inventory.http.downloads import label_response
from inventory.services import labelling
from inventory.web.navigation import for_page
from inventory.web.session import site_cookie


class WebLabels(Controller):
    path = "/labels"
    guards = [for_page("/scan")]

    @get("/batch/{batch_id:int}", summary="A batch label (PDF)")
    async def batch_label(
        self,
        request: Request[Actor, Any, Any],
        batch_id: int,
        database: Database,
        layout: Annotated[str, Parameter(max_length=30)] = "roll-62x29",
        copies: Annotated[int, Parameter(ge=1, le=100)] = 1,
    ) -> Response[bytes]:
        site = site_cookie(request)
        wanted = labelling.LabelRequest(
            batches=[batch_id],
            site=site if site is not None and request.user.works_at(site) else None,
            layout=layout,
            copies=copies,
        )
        async with UnitOfWork(database, readonly=True) as uow:
            data = await labelling.label_data(uow.session, wanted)
        return label_response(labelling.render(data, wanted), "pdf")
