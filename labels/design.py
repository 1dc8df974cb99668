"""Where everything goes on one label, in mm from the label's bottom-left corner.

One design feeds both writers (PDF and ZPL), so a roll label looks the same from either. Module sizes
are whole printer dots (`dot`, mm), so every bar of a given width prints equally wide.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from typing import Literal, get_args

from labels.encode import (
    CODE128_QUIET,
    DATAMATRIX_QUIET,
    LinearSymbol,
    MatrixSymbol,
    code128,
    gs1_128,
    gs1_datamatrix,
    plain_datamatrix,
)
from labels.errors import LabelError
from labels.gs1 import GS1Data, gs1_data
from labels.layouts import Layout
from labels.model import LabelData
from labels.text import ASCENT, DESCENT, PT, Line, TextSpec, fit_block, fit_line

Symbology = Literal["auto", "datamatrix", "gs1-128", "code128"]
SYMBOLOGIES: tuple[Symbology, ...] = get_args(Symbology)

LINEAR_MODULE = (0.25, 0.43)  # mm; 0.25 is the smallest X-dimension ordinary scanners read well
# GS1-128 with (01)(17) and an alphanumeric batch ("KB260123") is 266 modules: at 0.25 mm plus quiet
# zones that is 71.5 mm, wider than a 70 mm label. Only GS1-128, and only when 0.25 mm cannot fit,
# may go down to this (5 dots at 600 dpi, 8.3 mil), which imaging and laser scanners read fine.
GS1_128_SMALLEST_MODULE = 0.21
MATRIX_MODULE = (0.30, 0.51)
SECTION_GAP = 1.0  # between the text/DataMatrix area and the linear barcodes
TEXT_GAP = 1.5  # between text and the DataMatrix quiet zone
HRI_GAP = 0.4  # between bars and their human-readable line
BAND_GAP = 0.8  # between two stacked linear barcodes
EXPIRY_WORD, BATCH_WORD, SERIAL_WORD = "Udløb", "Batch", "SN"


@dataclass(frozen=True)
class Box:
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def contains(self, other: Box, tolerance: float = 1e-6) -> bool:
        return (self.x0 - tolerance <= other.x0 and other.x1 <= self.x1 + tolerance
                and self.y0 - tolerance <= other.y0 and other.y1 <= self.y1 + tolerance)

    def overlaps(self, other: Box) -> bool:
        return self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1


@dataclass(frozen=True)
class PlacedText:
    text: str
    bold: bool
    size: float  # pt
    x: float
    baseline: float
    width: float

    @property
    def box(self) -> Box:
        return Box(self.x, self.baseline - DESCENT * self.size * PT,
                   self.x + self.width, self.baseline + ASCENT * self.size * PT)


@dataclass(frozen=True)
class PlacedLinear:
    symbol: LinearSymbol
    x: float  # left edge of the first bar
    y: float  # bottom of the bars
    module: float
    height: float

    @property
    def box(self) -> Box:
        return Box(self.x, self.y, self.x + self.symbol.modules * self.module, self.y + self.height)

    @property
    def zone(self) -> Box:
        """Bars plus quiet zones: nothing else may be printed here."""
        quiet = CODE128_QUIET * self.module
        box = self.box
        return Box(box.x0 - quiet, box.y0, box.x1 + quiet, box.y1)


@dataclass(frozen=True)
class PlacedMatrix:
    symbol: MatrixSymbol
    x: float  # bottom-left corner of the symbol itself
    y: float
    module: float

    @property
    def box(self) -> Box:
        side = self.symbol.size * self.module
        return Box(self.x, self.y, self.x + side, self.y + side)

    @property
    def zone(self) -> Box:
        quiet = DATAMATRIX_QUIET * self.module
        box = self.box
        return Box(box.x0 - quiet, box.y0 - quiet, box.x1 + quiet, box.y1 + quiet)


@dataclass(frozen=True)
class LabelDesign:
    width: float
    height: float
    texts: tuple[PlacedText, ...]
    linears: tuple[PlacedLinear, ...]
    matrices: tuple[PlacedMatrix, ...]


@lru_cache(maxsize=4096)
def design_label(
    label: LabelData, layout: Layout, symbology: Symbology, dot: float, today: date
) -> LabelDesign:
    """Design for a normalized label. Raises LabelError when data or barcodes do not fit the layout."""
    gs1 = _gs1(label, symbology, today)
    left, bottom_inset, right, top = layout.insets
    inner = Box(left, bottom_inset, layout.label_width - right, layout.label_height - top)
    bands = [(code128(label.clinic_code), label.clinic_code, "clinic code")]
    if gs1 is not None and symbology == "gs1-128":
        bands.append((gs1_128(gs1), gs1.hri(serial=False), "GS1-128"))
    # Bars as tall as the label allows within reason; two stacked codes share the height.
    if len(bands) == 1:
        bar_height = _clamp(layout.label_height * 0.2, 5.0, 10.0)
    else:
        bar_height = _clamp(layout.label_height * 0.15, 5.0, 8.0)

    texts: list[PlacedText] = []
    linears: list[PlacedLinear] = []
    bottom = inner.y0
    for symbol, hri, what in bands:
        placed, hri_text, bottom = _place_linear(symbol, hri, what, layout, inner, bottom, bar_height, dot)
        linears.append(placed)
        texts.append(hri_text)
        bottom += BAND_GAP
    upper = Box(inner.x0, bottom - BAND_GAP + SECTION_GAP, inner.x1, inner.y1)

    matrices: tuple[PlacedMatrix, ...] = ()
    text_area = upper
    matrix = _matrix_symbol(label, gs1, symbology)
    if matrix is not None:
        placed_matrix = _place_matrix(matrix, layout, upper, dot)
        matrices = (placed_matrix,)
        text_area = Box(upper.x0, upper.y0, placed_matrix.zone.x0 - TEXT_GAP, upper.y1)
    texts.extend(_place_text(label, layout, text_area))
    return LabelDesign(layout.label_width, layout.label_height, tuple(texts), tuple(linears), matrices)


def _gs1(label: LabelData, symbology: Symbology, today: date) -> GS1Data | None:
    """GS1 data goes on batch labels of goods with a GTIN, unless only the clinic code is wanted."""
    if label.kind != "batch" or label.gtin is None or symbology == "code128":
        return None
    return gs1_data(label.gtin, label.expiry, label.batch_number, label.serial, today=today)


def _matrix_symbol(label: LabelData, gs1: GS1Data | None, symbology: Symbology) -> MatrixSymbol | None:
    if gs1 is not None and symbology in ("auto", "datamatrix"):
        return gs1_datamatrix(gs1)
    if symbology == "datamatrix":
        return plain_datamatrix(label.clinic_code)
    return None


def _place_linear(
    symbol: LinearSymbol, hri: str, what: str, layout: Layout, inner: Box,
    bottom: float, height: float, dot: float,
) -> tuple[PlacedLinear, PlacedText, float]:
    """Bars centred on the label with their human-readable line below; returns the band's top."""
    # Bars stay inside the padding; quiet zones may use the padding but not leave the label.
    room = min(inner.width / symbol.modules, layout.label_width / (symbol.modules + 2 * CODE128_QUIET))
    module = _module(room, LINEAR_MODULE, dot)
    smallest = GS1_128_SMALLEST_MODULE if what == "GS1-128" else LINEAR_MODULE[0]
    if module is None:
        module = _module(room, (smallest, LINEAR_MODULE[0]), dot)
    if module is None:
        need = (symbol.modules + 2 * CODE128_QUIET) * smallest
        raise LabelError(
            f"the {what} barcode needs {need:.1f} mm ({symbol.modules} modules of {smallest} mm plus "
            f"quiet zones) but label {layout.describe()} is too narrow; use a wider label"
            + (" or symbology 'datamatrix'" if what == "GS1-128" else ""),
            field="layout",
        )
    line = fit_line(hri, False, 8.0 if what == "clinic code" else 7.0, 5.0, inner.width)
    text = _placed(line, inner.x0 + (inner.width - line.width) / 2, bottom + DESCENT * line.size * PT)
    bars_y = bottom + line.height + HRI_GAP
    x = inner.x0 + (inner.width - symbol.modules * module) / 2
    return PlacedLinear(symbol, x, bars_y, module, height), text, bars_y + height


def _place_matrix(symbol: MatrixSymbol, layout: Layout, area: Box, dot: float) -> PlacedMatrix:
    """Top-right corner of the area above the linear barcodes, quiet zone included."""
    span = symbol.size + 2 * DATAMATRIX_QUIET
    room = min(area.height, area.width / 2)  # at most half the width: the text needs the rest
    module = _module(room / span, MATRIX_MODULE, dot)
    if module is None:
        raise LabelError(
            f"the {symbol.size}x{symbol.size} DataMatrix needs {span * MATRIX_MODULE[0]:.1f} mm square but "
            f"label {layout.describe()} leaves {room:.1f} mm; use a larger label or shorter data",
            field="layout",
        )
    quiet = DATAMATRIX_QUIET * module
    side = symbol.size * module
    return PlacedMatrix(symbol, area.x1 - quiet - side, area.y1 - quiet - side, module)


def _place_text(label: LabelData, layout: Layout, area: Box) -> list[PlacedText]:
    lines = None
    if area.width > 0 and area.height > 0:
        lines = fit_block(_text_specs(label), area.width, area.height)
    if lines is None:
        raise LabelError(f"label {layout.describe()} has no room left for the name", field="layout")
    placed, top = [], area.y1
    for line in lines:
        baseline = top - ASCENT * line.size * PT
        placed.append(_placed(line, area.x0, baseline))
        top = baseline - DESCENT * line.size * PT
    return placed


def _text_specs(label: LabelData) -> list[TextSpec]:
    """Most important first. Name, strength, batch and expiry identify the stock and stay large;
    secondary lines shrink first and are left off, from the end, if there is still no room."""
    specs = [TextSpec((label.name,), bold=True, size=14.0 if label.kind == "location" else 11.0,
                      min_size=6.0, max_lines=2, secondary=False)]
    if label.strength:
        specs.append(TextSpec((label.strength,), size=8.5, secondary=False))
    tracing = []
    if label.batch_number:
        tracing.append(f"{BATCH_WORD} {label.batch_number}")
    if label.expiry:
        tracing.append(f"{EXPIRY_WORD} {label.expiry:%d.%m.%Y}")
    if tracing:
        specs.append(TextSpec(tuple(tracing), size=8.5, secondary=False))
    if label.serial:
        specs.append(TextSpec((f"{SERIAL_WORD} {label.serial}",), size=7.0))
    if label.site:
        specs.append(TextSpec((label.site,), size=8.0))
    if label.free_text:
        specs.append(TextSpec((label.free_text,), size=7.0, max_lines=2))
    return specs


def _placed(line: Line, x: float, baseline: float) -> PlacedText:
    return PlacedText(line.text, line.bold, line.size, x, baseline, line.width)


def _module(room: float, limits: tuple[float, float], dot: float) -> float | None:
    """Largest whole number of dots within limits and room, or None if even the minimum is too big."""
    most = math.floor(min(room, limits[1]) / dot + 1e-9)
    least = math.ceil(limits[0] / dot - 1e-9)
    return most * dot if most >= least else None


def _clamp(value: float, low: float, high: float) -> float:
    return max(low, min(high, value))
