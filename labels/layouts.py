"""Label stock: A4 sheets of die-cut labels and single-label roll media. All sizes in mm."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from labels.errors import LabelError

A4 = (210.0, 297.0)


@dataclass(frozen=True)
class Layout:
    name: str
    label_width: float
    label_height: float
    padding: float  # ink-free border inside each label: absorbs printer and die-cut misregistration
    columns: int = 1
    rows: int = 1
    page: tuple[float, float] | None = None  # None: roll media, page size = label size
    margin_left: float = 0.0
    margin_top: float = 0.0
    # Printer-safe area: no ink closer than this to the paper's edge. Office laser and inkjet printers
    # cannot print the outer 4-5 mm of a sheet; label printers print to the edge of roll media.
    safe_margin: float = 4.0

    @property
    def per_page(self) -> int:
        return self.columns * self.rows

    @property
    def is_sheet(self) -> bool:
        return self.page is not None

    @property
    def page_size(self) -> tuple[float, float]:
        return self.page or (self.label_width, self.label_height)

    def describe(self) -> str:
        return f"{self.name} ({self.label_width:g} x {self.label_height:g} mm)"

    @property
    def insets(self) -> tuple[float, float, float, float]:
        """Ink-free border inside every label (left, bottom, right, top): the padding, widened where a
        label on the sheet lies closer to the paper's edge than the safe margin. One design serves every
        position, so each side takes the widest inset any position needs."""
        page_width, page_height = self.page_size
        left = self.margin_left
        right = page_width - self.margin_left - self.columns * self.label_width
        top = self.margin_top
        bottom = page_height - self.margin_top - self.rows * self.label_height
        inset = [max(self.padding, self.safe_margin - edge) for edge in (left, bottom, right, top)]
        return inset[0], inset[1], inset[2], inset[3]

    def cell_origin(self, position: int) -> tuple[float, float]:
        """Bottom-left corner (PDF coordinates, mm) of a sheet position, counted row by row from top-left."""
        row, column = divmod(position, self.columns)
        x = self.margin_left + column * self.label_width
        y = self.page_size[1] - self.margin_top - (row + 1) * self.label_height
        return x, y


def _sheet(name: str, columns: int, rows: int, width: float, height: float, margin_top: float) -> Layout:
    # Common Avery/Herma A4 stock: labels butt against each other, no gaps, side margins split evenly.
    return Layout(
        name, width, height, padding=2.0, columns=columns, rows=rows, page=A4,
        margin_left=(A4[0] - columns * width) / 2, margin_top=margin_top,
    )


LAYOUTS: Mapping[str, Layout] = MappingProxyType({
    layout.name: layout
    for layout in (
        _sheet("a4-3x7", 3, 7, 70.0, 42.3, margin_top=0.0),  # 7 x 42.3 = 296.1: stock starts at the top edge
        _sheet("a4-3x8", 3, 8, 70.0, 37.0, margin_top=(A4[1] - 8 * 37.0) / 2),
        # Roll media: the label is the paper, and label printers print to within a dot of its edge.
        Layout("roll-62x29", 62.0, 29.0, padding=1.5, safe_margin=1.5),
        Layout("roll-57x32", 57.0, 32.0, padding=1.5, safe_margin=1.5),
    )
})


def get_layout(name: str | Layout) -> Layout:
    """A layout by name; a Layout itself (e.g. one with another safe margin, via dataclasses.replace)."""
    if isinstance(name, Layout):
        return name
    try:
        return LAYOUTS[name]
    except (KeyError, TypeError):
        known = ", ".join(LAYOUTS)
        raise LabelError(f"unknown layout {name!r}; choose one of {known}", field="layout") from None
