"""Checks shared by the PDF and ZPL writers: options first, then every label, before any output."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from labels.design import SYMBOLOGIES, LabelDesign, Symbology, design_label
from labels.errors import LabelError
from labels.layouts import Layout, get_layout
from labels.model import LabelData, normalize


def prepare(
    labels: Sequence[LabelData], layout: str | Layout, *,
    copies: int, start_offset: int, symbology: Symbology, dot: float,
) -> tuple[Layout, list[LabelDesign]]:
    """The layout and one design per label; a LabelError for the first problem found."""
    chosen = get_layout(layout)
    _check_options(chosen, copies, start_offset, symbology)
    if len(labels) == 0:
        raise LabelError("no labels to print", field="labels")
    today = date.today()
    designs = []
    for index, label in enumerate(labels):
        try:
            designs.append(design_label(normalize(label), chosen, symbology, dot, today))
        except LabelError as error:
            raise error.at(index) from None
    return chosen, designs


def _check_options(layout: Layout, copies: int, start_offset: int, symbology: str) -> None:
    if symbology not in SYMBOLOGIES:
        raise LabelError(f"unknown symbology {symbology!r}; choose one of {', '.join(SYMBOLOGIES)}",
                         field="symbology")
    if not _is_int(copies) or copies < 1:
        raise LabelError(f"copies must be a whole number of at least 1, got {copies!r}", field="copies")
    if not _is_int(start_offset) or start_offset < 0:
        raise LabelError(f"start_offset must be a whole number of at least 0, got {start_offset!r}",
                         field="start_offset")
    if start_offset >= layout.per_page:
        where = f"a sheet of {layout.per_page}" if layout.is_sheet else "roll media (no used positions)"
        raise LabelError(
            f"start_offset {start_offset} is past the last position on {where} ({layout.describe()})",
            field="start_offset",
        )


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
