"""Label data for batches, locations and items, read from the database and handed to `labels`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

import labels
from inventory.db.tables import Batch, Item, ItemGtin, Location, Site
from inventory.domain.errors import InvalidInput, UnknownReference
from inventory.services import blocks

MAX_LABELS = 2000
Format = Literal["pdf", "zpl"]


@dataclass(frozen=True)
class LabelRequest:
    batches: Sequence[int] = ()
    locations: Sequence[int] = ()
    items: Sequence[int] = ()
    site: int | None = None  # printed on batch and item labels
    layout: str = "a4-3x7"
    copies: int = 1
    start_offset: int = 0
    symbology: labels.Symbology = "auto"
    format: Format = "pdf"


def _strength(item: Item) -> str | None:
    parts = [p for p in (item.strength, item.form) if p]
    return " ".join(parts) or None


async def _first_gtins(session: AsyncSession, item_ids: set[int]) -> dict[int, str]:
    rows = await session.execute(
        select(ItemGtin.item_id, ItemGtin.gtin).where(ItemGtin.item_id.in_(item_ids)).order_by(ItemGtin.gtin)
    )
    first: dict[int, str] = {}
    for item_id, gtin in rows:
        first.setdefault(item_id, gtin)
    return first


def _require_all(found: Mapping[int, object], ids: Sequence[int], field: str) -> None:
    noun = {"batches": "batch", "locations": "location", "items": "item"}[field]
    for index, wanted in enumerate(ids):
        if wanted not in found:
            raise UnknownReference(f"no {noun} with id {wanted}", field=f"{field}[{index}]")


async def label_data(session: AsyncSession, request: LabelRequest) -> list[labels.LabelData]:
    """The labels in the order asked: batches, then locations, then items."""
    total = len(request.batches) + len(request.locations) + len(request.items)
    if total == 0:
        raise InvalidInput("name at least one batch, location or item", field="batches")
    if total * max(request.copies, 1) > MAX_LABELS:
        raise InvalidInput(f"at most {MAX_LABELS} labels in one print", field="copies")
    sites = {s.id: s.name for s in (await session.scalars(select(Site))).all()}
    if request.site is not None and request.site not in sites:
        raise UnknownReference(f"no site with id {request.site}", field="site")
    site_name = sites.get(request.site) if request.site is not None else None
    batches = {b.id: b for b in (await session.scalars(select(Batch).where(Batch.id.in_(request.batches))))}
    _require_all(batches, request.batches, "batches")
    # A recalled or blocked batch gets no new label: a label would send it back into use.
    await blocks.refuse_blocked(session, list(request.batches), lambda n: f"batches[{n}]")
    locations = {
        loc.id: loc
        for loc in (await session.scalars(select(Location).where(Location.id.in_(request.locations))))
    }
    _require_all(locations, request.locations, "locations")
    item_ids = set(request.items) | {b.item_id for b in batches.values()}
    items = {i.id: i for i in (await session.scalars(select(Item).where(Item.id.in_(item_ids))))}
    _require_all(items, request.items, "items")
    gtins = await _first_gtins(session, item_ids)
    made = [_batch_label(batches[i], items[batches[i].item_id], gtins, site_name) for i in request.batches]
    made += [
        labels.LabelData(
            kind="location",
            name=locations[i].name,
            clinic_code=labels.clinic_code("location", i),
            site=sites.get(locations[i].site_id),
        )
        for i in request.locations
    ]
    made += [
        labels.LabelData(
            kind="item",
            name=items[i].name,
            clinic_code=labels.clinic_code("item", i),
            strength=_strength(items[i]),
            gtin=gtins.get(i),
            site=site_name,
        )
        for i in request.items
    ]
    return made


def _batch_label(batch: Batch, item: Item, gtins: dict[int, str], site: str | None) -> labels.LabelData:
    return labels.LabelData(
        kind="batch",
        name=item.name,
        clinic_code=labels.clinic_code("batch", batch.id),
        strength=_strength(item),
        batch_number=batch.batch_number,
        expiry=batch.expiry_date,
        gtin=gtins.get(item.id),
        site=site,
    )


def render(data: list[labels.LabelData], request: LabelRequest) -> bytes:
    """PDF or ZPL bytes; a label the layout cannot hold is an InvalidInput naming the field."""
    try:
        if request.format == "zpl":
            return labels.render_zpl(
                data, request.layout, copies=request.copies, symbology=request.symbology
            ).encode()
        return labels.render_pdf(
            data,
            request.layout,
            copies=request.copies,
            start_offset=request.start_offset,
            symbology=request.symbology,
        )
    except labels.LabelError as exc:
        field = exc.field or "layout"
        if exc.label_index is not None:
            field = f"labels[{exc.label_index}].{field}"
        raise InvalidInput(exc.message, field=field) from exc
