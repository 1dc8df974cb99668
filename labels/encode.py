"""Barcode encoding to module geometry: Code 128 via reportlab's encoder, DataMatrix via zxing-cpp (zint).

Results are cached per payload, so copies and repeated batches cost one encode.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, cast

import zxingcpp
from barcode.charsets.code128 import CODES as CODE128_PATTERNS
from barcode.charsets.code128 import STOP as CODE128_STOP
from reportlab.graphics.barcode.code128 import Code128

from labels.gs1 import FNC1, GS1Data

# ECC 200 square symbols: (modules per side, data codewords); index + 1 is zint's "version".
_DM_SQUARES = (
    (10, 3), (12, 5), (14, 8), (16, 12), (18, 18), (20, 22), (22, 30), (24, 36), (26, 44),
    (32, 62), (36, 86), (40, 114), (44, 144), (48, 174),
)  # ZPL's ^BX stops at 49 rows, so larger symbols are not offered
_DIGITS = re.compile("[0-9]+")
_DARK_RUN = re.compile(rb"\x00+")  # 0 is dark in zint's 8-bit bitmap
CODE128_QUIET = 10  # modules each side
DATAMATRIX_QUIET = 1
# Module patterns by codeword value (python-barcode's table); 106 is stop plus its closing 2-module bar.
_STOP = 106
_PATTERNS = (*CODE128_PATTERNS, CODE128_STOP + "11")
BARS = tuple(tuple((m.start(), m.end() - m.start()) for m in re.finditer("1+", p)) for p in _PATTERNS)


@dataclass(frozen=True)
class LinearSymbol:
    """A Code 128 symbol: `codewords` run from the start code up to (not including) the check character."""

    text: str
    codewords: tuple[int, ...]
    check: int

    @property
    def characters(self) -> tuple[int, ...]:
        """Every symbol character as printed: start, data, check and stop."""
        return (*self.codewords, self.check, _STOP)

    @property
    def modules(self) -> int:
        return 11 * (len(self.codewords) + 1) + len(_PATTERNS[_STOP])

    @property
    def bars(self) -> Iterator[tuple[int, int]]:
        """(first module, width) of each dark bar."""
        position = 0
        for value in self.characters:
            for start, width in BARS[value]:
                yield position + start, width
            position += len(_PATTERNS[value])


@dataclass(frozen=True)
class MatrixSymbol:
    content: str  # as zint was given it
    data: str  # as encoded, FNC1 as "\xf1" (GS1 symbols start with it)
    gs1: bool
    size: int  # modules per side
    path: str  # PDF path of the dark modules in module units, origin bottom-left, not yet filled


@lru_cache(maxsize=8192)
def code128(text: str) -> LinearSymbol:
    """Code 128 (GS1-128 when `text` starts with FNC1 "\\xf1"); reportlab picks the shortest code sets."""
    symbol = Code128(text, quiet=0)
    symbol.validate()
    if not symbol.valid:
        raise ValueError(f"{text!r} cannot be encoded in Code 128")
    *codewords, check, stop = (int(c) for c in symbol.encode())
    if stop != _STOP:
        raise ValueError(f"unexpected Code 128 stop character {stop}")
    return LinearSymbol(text, tuple(codewords), check)


def gs1_128(data: GS1Data) -> LinearSymbol:
    """GS1-128 never carries the serial: with it the symbol is ~90 mm wide; serials go in DataMatrix."""
    return code128(FNC1 + data.element_string(separator=FNC1, serial=False))


def gs1_datamatrix(data: GS1Data) -> MatrixSymbol:
    return datamatrix(data.bracketed(), FNC1 + data.element_string(separator=FNC1), gs1=True)


def plain_datamatrix(text: str) -> MatrixSymbol:
    return datamatrix(text, text, gs1=False)


def datamatrix_size(data: str) -> int:
    """Smallest square that holds `data` in plain ASCII encodation (digit pairs share a codeword).

    Every ECC 200 encoder, a Zebra printer's included, manages at least that, so fixing the size
    to it gives the same footprint in PDF and ZPL.
    """
    digit_runs = [len(run) for run in _DIGITS.findall(data)]
    extended = sum(1 for c in data if c > "\x7f" and c != FNC1)  # need an upper-shift codeword
    count = sum((n + 1) // 2 for n in digit_runs) + len(data) - sum(digit_runs) + extended
    for side, capacity in _DM_SQUARES:
        if count <= capacity:
            return side
    raise ValueError(f"{count} codewords do not fit the largest DataMatrix this library prints")


@lru_cache(maxsize=8192)
def datamatrix(content: str, ascii_data: str, *, gs1: bool) -> MatrixSymbol:
    """`content` as zint takes it; `ascii_data` is what gets encoded (FNC1 as "\\xf1"), to size the symbol."""
    side = datamatrix_size(ascii_data)
    version = next(i for i, (s, _) in enumerate(_DM_SQUARES, 1) if s == side)
    barcode = zxingcpp.create_barcode(content, zxingcpp.DataMatrix, gs1=gs1, version=version)
    image = barcode.to_image(scale=1, add_quiet_zones=False)
    pixels = memoryview(cast(Any, image)).tobytes()  # one byte per module, row by row
    if len(pixels) != side * side:
        raise ValueError(f"zint gave a {len(pixels)}-module symbol, expected {side}x{side}")
    return MatrixSymbol(content, ascii_data, gs1, side, _dark_path(pixels, side))


def _dark_path(pixels: bytes, side: int) -> str:
    """One rectangle per horizontal run of dark modules; rows count from the top, PDF's y from the bottom."""
    parts = []
    for row in range(side):
        offset, y = row * side, side - 1 - row
        for match in _DARK_RUN.finditer(pixels, offset, offset + side):
            start, end = match.span()
            parts.append(f"{start - offset} {y} {end - start} 1 re")
    return " ".join(parts)
