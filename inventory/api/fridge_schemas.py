"""msgspec shapes of the fridge log: temperatures in °C to a tenth of a degree (4.5), never more."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from msgspec import Meta, Struct

from inventory.api.schemas import Forbid, Id, Text

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
