"""Words and values of a report in one language, by the one mechanism the pages use: the gettext
catalogues of `inventory.i18n` for words, and `inventory.i18n.formatting` (Babel) for values.

`Language("da").cell(2500, ColumnType.MONEY)` is "25,00 kr.", as on the pages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from babel.numbers import format_decimal, format_percent

from inventory.clock import CLINIC_TZ
from inventory.i18n import LANGUAGES, words_for
from inventory.i18n.formatting import day, kroner, locale_of, moment, unit_word
from inventory.reports.model import Cell, ColumnType, Msg

__all__ = ["CLINIC_TZ", "Language", "decimal_places", "language", "ore_to_kroner"]
_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def decimal_places(value: Decimal) -> int:
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


# A spreadsheet runs a cell that starts with one of these as a formula (CSV and formula injection):
# text from users (item names, notes, references) that starts so is kept as text with a leading '.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def inert(text: str) -> str:
    """`text` as a spreadsheet shows it but never runs it (OWASP's advice for CSV injection)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def ore_to_kroner(ore: int) -> Decimal:
    return Decimal(ore).scaleb(-2)


@dataclass(frozen=True)
class Language:
    """One reader's language: `text` words a label, `cell` formats a value for reading."""

    code: str

    def __post_init__(self) -> None:
        if self.code not in LANGUAGES:
            raise ValueError(f"unknown language {self.code!r}; one of {', '.join(LANGUAGES)}")

    @property
    def locale(self) -> str:
        return locale_of(self.code)

    def text(self, label: Msg | str | None) -> str:
        """A label in this language (an unknown key shows as written), placeholders formatted for it."""
        if label is None:
            return ""
        if isinstance(label, str):
            return label
        if label.literal:
            return label.id
        if label.unit:
            count = dict(label.args).get("count")
            return unit_word(label.id, self.code, count if isinstance(count, int) else None)
        values = dict(label.args)
        words = words_for(self.code, label.id, values) or label.id
        return _PLACEHOLDER.sub(lambda m: self.loose(values[m[1]]) if m[1] in values else m[0], words)

    def loose(self, value: Cell) -> str:
        """A placeholder value, formatted by its Python type (dates as dates, ints as numbers)."""
        if isinstance(value, datetime):
            return self.datetime(value)
        if isinstance(value, date):
            return self.date(value)
        if isinstance(value, bool):
            return self.text(Msg("report.yes" if value else "report.no"))
        if isinstance(value, int | Decimal):
            return self.number(value)
        return self.text(value)

    def cell(self, value: Cell, kind: ColumnType) -> str:
        """A cell as a reader sees it in a PDF or on a page."""
        if value is None:
            return ""
        if isinstance(value, Msg | str):
            return self.text(value)
        if kind is ColumnType.MONEY and isinstance(value, int):
            return self.money(value)
        if kind is ColumnType.ID:
            return str(value)
        if kind is ColumnType.PERCENT and isinstance(value, int | Decimal):
            return format_percent(value, "#,##0.0%", locale=self.locale)
        return self.loose(value)

    def number(self, value: int | Decimal) -> str:
        """Integers grouped (12.345); a Decimal keeps its own decimals (Decimal("4.0") is "4,0")."""
        places = decimal_places(value) if isinstance(value, Decimal) else 0
        pattern = "#,##0." + "0" * places if places > 0 else "#,##0"
        return format_decimal(value, pattern, locale=self.locale)

    def money(self, ore: int) -> str:
        return kroner(ore, self.code)

    def date(self, value: date) -> str:
        return day(value, self.code, "short")

    def datetime(self, value: datetime) -> str:
        if value.tzinfo is None:
            raise ValueError("naive datetime: report timestamps must be timezone-aware")
        return moment(value, self.code)

    def decimal_separator(self) -> str:
        """For CSV: Danish Excel reads a decimal comma, English a point (see to_csv)."""
        return "," if self.code == "da" else "."


def language(code: str | None) -> Language:
    """The language for a code; None means Danish (the clinic's default)."""
    return Language(code or "da")
