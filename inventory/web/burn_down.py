"""A grant's burn-down as SVG coordinates for the finance overview (drawn on the server: no chart
library, no script). Reports themselves are shown by the one page view, `web/report_view`."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from inventory.domain.money_trail import BurnPoint

WIDTH, HEIGHT, PAD = 600, 220, 8


@dataclass
class BurnChart:
    """A step line of what is left (x: days of the grant's period, y: kroner) and the even-spending
    line from the full amount at the start to nothing at the end, in a WIDTH × HEIGHT box."""

    points: str
    even: str
    width: int = WIDTH
    height: int = HEIGHT
    data: list[BurnPoint] = field(default_factory=list)


def burn_chart(amount_ore: int, start: date, end: date, points: list[BurnPoint]) -> BurnChart:
    span = max(1, (end - start).days)
    top = max([amount_ore, *(p.remaining_ore for p in points)]) or 1
    low = min([0, *(p.remaining_ore for p in points)])

    def xy(day: date, ore: int) -> str:
        x = PAD + (WIDTH - 2 * PAD) * min(max((day - start).days, 0), span) / span
        y = PAD + (HEIGHT - 2 * PAD) * (top - ore) / (top - low or 1)
        return f"{x:.1f},{y:.1f}"

    steps: list[str] = []
    previous: BurnPoint | None = None
    for point in points:
        if previous is not None:
            steps.append(xy(point.day, previous.remaining_ore))  # flat until the day of the charge
        steps.append(xy(point.day, point.remaining_ore))
        previous = point
    return BurnChart(" ".join(steps), f"{xy(start, amount_ore)} {xy(end, 0)}", data=points)
