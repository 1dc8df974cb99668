"""Barcodes as PDF vector paths: one filled rectangle per bar or run of dark modules.

Each symbol's path is built once, in module units, and placed with a `cm` transform, so a cached
symbol costs one string format per label.
"""

from __future__ import annotations

from functools import lru_cache

from labels.design import PlacedLinear, PlacedMatrix
from labels.encode import BARS, LinearSymbol

MM = 72 / 25.4  # points per mm


def linear_ops(placed: PlacedLinear, x: float, y: float) -> str:
    """PDF operators drawing the bars; (x, y) is the label's bottom-left corner on the page, mm."""
    return _placed_ops(_linear_path(placed.symbol), placed.module, placed.height,
                       x + placed.x, y + placed.y)


def matrix_ops(placed: PlacedMatrix, x: float, y: float) -> str:
    return _placed_ops(placed.symbol.path, placed.module, placed.module,
                       x + placed.x, y + placed.y)


def _placed_ops(path: str, sx: float, sy: float, x: float, y: float) -> str:
    return f"q 0 g {number(sx * MM)} 0 0 {number(sy * MM)} {number(x * MM)} {number(y * MM)} cm {path} f Q"


@lru_cache(maxsize=8192)
def _linear_path(symbol: LinearSymbol) -> str:
    """Bars in module units, one module high (the transform scales to the bar height)."""
    return " ".join([_character_path(position, value) for position, value in enumerate(symbol.characters)])


@lru_cache(maxsize=16384)
def _character_path(position: int, value: int) -> str:
    """The bars of one symbol character; every character is 11 modules wide (stop's extra bar is last)."""
    return " ".join(f"{11 * position + start} 0 {width} 1 re" for start, width in BARS[value])


def number(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")
