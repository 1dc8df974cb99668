"""The days a report, a grant or a log may name: those whose Copenhagen start and the next day's start
are both instants within the years 1-9999 in UTC. A day outside them (0001-01-01 starts in year 0 in
UTC; 9999-12-31 has no next day) is refused naming the field, instead of overflowing later."""

from __future__ import annotations

from datetime import date

from .errors import InvalidInput

FIRST_DAY = date(1, 1, 2)
LAST_DAY = date(9999, 12, 30)


def check_day(value: date, field: str) -> date:
    if not FIRST_DAY <= value <= LAST_DAY:
        raise InvalidInput(
            f"a day from {FIRST_DAY.isoformat()} to {LAST_DAY.isoformat()}", field=field, extra={"day": value}
        )
    return value
