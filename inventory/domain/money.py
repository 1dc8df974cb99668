"""Money is integer øre (1 DKK = 100 øre); never floats."""

from __future__ import annotations


def value_ore(quantity: int, unit_cost_ore: int) -> int:
    return quantity * unit_cost_ore


def format_dkk(ore: int) -> str:
    """Danish style: 1.234,50 kr."""
    sign = "-" if ore < 0 else ""
    kroner, rest = divmod(abs(ore), 100)
    grouped = f"{kroner:,}".replace(",", ".")
    return f"{sign}{grouped},{rest:02d} kr."
