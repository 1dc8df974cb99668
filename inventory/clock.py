"""Time for the service: timestamps in UTC, "today" as the clinic sees it in Copenhagen."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

CLINIC_TZ = ZoneInfo("Europe/Copenhagen")


class Clock:
    def now(self) -> datetime:
        return datetime.now(UTC)

    def today(self) -> date:
        return self.now().astimezone(CLINIC_TZ).date()


class FixedClock(Clock):
    """A clock that stands still, for tests and demo data."""

    def __init__(self, at: datetime):
        self.at = at

    def now(self) -> datetime:
        return self.at
