"""msgspec shapes of the fridge log: temperatures in °C to a tenth of a degree (4.5), never more."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from msgspec import Meta, Struct

from inventory.domain.cold_chain import celsius
from inventory.http.shapes.core import Forbid, Id, Text
from inventory.services import fridge_log as log

Celsius = Annotated[float, Meta(ge=-50, le=60, description="°C to a tenth of a degree, e.g. 4.5")]
Words = Annotated[str, Meta(min_length=1, max_length=500)]


class ReadingCreate(Forbid, kw_only=True):
    location: Id
    current: Celsius
    min: Celsius | None = None  # the min/max thermometer's values since it was last reset
    max: Celsius | None = None
    read_at: datetime | None = None  # when the thermometer was read; now if left out
    note: Text | None = None


class ActionRead(Struct, kw_only=True):
    action: str
    user: str
    created_at: datetime


class ReadingRead(Struct, kw_only=True):
    id: int
    location: int
    location_name: str
    site: int
    read_at: datetime
    current: float
    min: float | None
    max: float | None
    allowed_min: float
    allowed_max: float
    flagged: bool
    deviation: str | None  # too_cold, too_warm or too_cold_and_warm
    note: str | None
    user: str
    created_at: datetime
    actions: list[ActionRead]


class ActionCreate(Forbid, kw_only=True):
    action: Words


class RangeCreate(Forbid, kw_only=True):
    min: Celsius
    max: Celsius
    reason: Words


class RangeRead(Struct, kw_only=True):
    min: float
    max: float
    default: bool  # 2-8 °C, never set for this location
    reason: str | None
    user: str | None
    created_at: datetime | None


class FridgeRead(Struct, kw_only=True):
    location: int
    name: str
    site: int
    range: RangeRead
    last_reading: ReadingRead | None
    history: list[RangeRead]  # every range set, oldest first (on the single fridge's answer)


def range_read(view: log.RangeView) -> RangeRead:
    row = view.row
    return RangeRead(
        min=float(celsius(view.allowed.min_tenths)),
        max=float(celsius(view.allowed.max_tenths)),
        default=row is None,
        reason=row.reason if row else None,
        user=view.user,
        created_at=row.created_at if row else None,
    )


def reading_read(view: log.ReadingView) -> ReadingRead:
    r = view.reading

    def c(value: int | None) -> float | None:
        return None if value is None else float(celsius(value))

    return ReadingRead(
        id=r.id,
        location=r.location_id,
        location_name=view.location.name,
        site=view.location.site_id,
        read_at=r.read_at,
        current=float(celsius(r.current_tenths)),
        min=c(r.min_tenths),
        max=c(r.max_tenths),
        allowed_min=float(celsius(r.allowed_min_tenths)),
        allowed_max=float(celsius(r.allowed_max_tenths)),
        flagged=r.deviation is not None,
        deviation=r.deviation,
        note=r.note,
        user=view.user,
        created_at=r.created_at,
        actions=[
            ActionRead(action=a.action.action, user=a.user, created_at=a.action.created_at)
            for a in view.actions
        ],
    )


def fridge_read(view: log.FridgeView) -> FridgeRead:
    return FridgeRead(
        location=view.location.id,
        name=view.location.name,
        site=view.location.site_id,
        range=range_read(view.range),
        last_reading=reading_read(view.last) if view.last else None,
        history=[range_read(r) for r in view.history],
    )
