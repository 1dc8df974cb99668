"""Dates, times, numbers and kroner as the clinic reads them, in Danish or English, with Babel.

Import these from pages, reports (PDF, XLSX) and anything else that shows a value to people. Times
are stored in UTC and always shown in Europe/Copenhagen, whatever zone the server or device is in.
Money is integer øre inside; `kroner(123450, "da")` is "1.234,50 kr.".
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel.dates import format_date, format_datetime, format_time
from babel.numbers import format_currency, format_decimal

from inventory.clock import CLINIC_TZ
from inventory.i18n import catalogue, known

# English as written in Denmark: English words, the same number and money shapes as the Danish pages,
# so "1.234,50 kr." on a page matches the wholesaler's invoice in either language.
LOCALES = {"da": "da_DK", "en": "en_DK"}


def locale_of(language: str) -> str:
    return LOCALES[known(language)]


def day(value: date | None, language: str, format: str = "medium") -> str:
    """30. nov. 2026 / 30 Nov 2026 ("short": 30.11.2026 / 30/11/2026); "" when there is no date."""
    if value is None:
        return ""
    return format_date(value, format=format, locale=locale_of(language))


def moment(value: datetime | None, language: str, format: str = "short") -> str:
    """A UTC timestamp as Copenhagen date and time: 30.11.2026 13.05."""
    if value is None:
        return ""
    return format_datetime(value, format=format, tzinfo=CLINIC_TZ, locale=locale_of(language))


def clock_time(value: datetime | None, language: str) -> str:
    """Only the Copenhagen time of day: 13.05."""
    if value is None:
        return ""
    return format_time(value, format="short", tzinfo=CLINIC_TZ, locale=locale_of(language))


def number(value: int | float | Decimal | None, language: str) -> str:
    """12.345 (Danish grouping in both languages)."""
    if value is None:
        return ""
    return format_decimal(value, locale=locale_of(language))


def kroner(ore: int | None, language: str) -> str:
    """Integer øre as kroner: 1.234,50 kr.; "" for no amount."""
    if ore is None:
        return ""
    return format_currency(Decimal(ore).scaleb(-2), "DKK", locale=locale_of(language))


def unit_word(code: str, language: str, count: int | None = None) -> str:
    """A unit of issue in the language: "tablet" / "tabletter" by count (plural without one), from the
    catalogue's `unit.<code>` ("one|many"); a unit the catalogue has no word for is shown as written."""
    forms = catalogue(known(language)).get(f"unit.{code}")
    if not forms:
        return code
    one, _, many = forms.partition("|")
    return one if count is not None and abs(count) == 1 else (many or one)


def quantity(count: int | None, code: str, language: str) -> str:
    """A count in its unit: "1.200 tabletter", "1 flaske"; "" for no count."""
    if count is None:
        return ""
    return f"{number(count, language)} {unit_word(code, language, count)}"
