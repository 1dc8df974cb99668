"""Words and values of a report in one language: Babel formats numbers, kroner and dates.

`Language("da").cell(2500, ColumnType.MONEY)` is "25,00 kr."; in English "DKK 25.00".
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_datetime
from babel.numbers import format_currency, format_decimal, format_percent

from inventory.reports.model import Cell, ColumnType, Msg
from inventory.reports.words import LANGUAGES, translate

CLINIC_TZ = ZoneInfo("Europe/Copenhagen")
_PLACEHOLDER = re.compile(r"\{(\w+)\}")

# Babel locale per language: Danish as in Denmark; English with British dates (30 Nov 2026), since
# the American month-first order misleads in a Danish clinic.
_LOCALES = {"da": "da_DK", "en": "en_GB"}
# "1.234,50 kr." (CLDR's Danish pattern); English "DKK 1,234.50" (CLDR puts no space after DKK).
_MONEY_PATTERN = {"da": None, "en": "¤\xa0#,##0.00;-¤\xa0#,##0.00"}
_DATE_PATTERN = {"da": "dd.MM.yyyy", "en": "d MMM yyyy"}
_DATETIME_PATTERN = {"da": "dd.MM.yyyy HH:mm", "en": "d MMM yyyy HH:mm"}


def ore_to_kroner(ore: int) -> Decimal:
    return Decimal(ore) / 100


@dataclass(frozen=True)
class Language:
    """One reader's language: `text` translates labels, `cell` formats a value for reading."""

    code: str

    def __post_init__(self) -> None:
        if self.code not in LANGUAGES:
            raise ValueError(f"unknown language {self.code!r}; one of {', '.join(LANGUAGES)}")

    @property
    def locale(self) -> str:
        return _LOCALES[self.code]

    def text(self, label: Msg | str | None) -> str:
        """A label in this language, placeholders filled with values formatted for it."""
        if label is None:
            return ""
        if isinstance(label, str):
            return label
        if label.literal:
            return label.id
        words = translate(self.code, label.id)
        values = dict(label.args)
        return _PLACEHOLDER.sub(
            lambda m: self.loose(values[m[1]]) if m[1] in values else m[0],
            words,
        )

    def loose(self, value: Cell) -> str:
        """A placeholder value, formatted by its Python type (dates as dates, ints as numbers)."""
        if isinstance(value, datetime):
            return self.datetime(value)
        if isinstance(value, date):
            return self.date(value)
        if isinstance(value, bool):
            return self.text(Msg("yes" if value else "no"))
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
        if kind is ColumnType.PERCENT and isinstance(value, int | Decimal):
            return format_percent(value, "#,##0.0%", locale=self.locale)
        return self.loose(value)

    def number(self, value: int | Decimal) -> str:
        return format_decimal(value, locale=self.locale)

    def money(self, ore: int) -> str:
        return format_currency(
            ore_to_kroner(ore), "DKK", _MONEY_PATTERN[self.code], locale=self.locale, currency_digits=True
        )

    def date(self, value: date) -> str:
        return format_date(value, _DATE_PATTERN[self.code], locale=self.locale)

    def datetime(self, value: datetime) -> str:
        if value.tzinfo is None:
            raise ValueError("naive datetime: report timestamps must be timezone-aware")
        return format_datetime(value, _DATETIME_PATTERN[self.code], tzinfo=CLINIC_TZ, locale=self.locale)

    def decimal_separator(self) -> str:
        return "," if self.code == "da" else "."


def language(code: str | None) -> Language:
    """The language for a code; None means Danish (the clinic's default)."""
    return Language(code or "da")
