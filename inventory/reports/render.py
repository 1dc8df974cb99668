"""One entry point: a report, a format and a language in; bytes, media type and file name out."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from inventory.reports.format import Language
from inventory.reports.model import Report, for_readers
from inventory.reports.to_csv import Header, render_csv
from inventory.reports.to_json import render_json
from inventory.reports.to_pdf import render_pdf
from inventory.reports.to_xlsx import render_xlsx


class Format(StrEnum):
    JSON = "json"
    CSV = "csv"
    XLSX = "xlsx"
    PDF = "pdf"


MEDIA_TYPES = {
    Format.JSON: "application/json",
    Format.CSV: "text/csv",  # Litestar adds "; charset=utf-8"
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Format.PDF: "application/pdf",
}


@dataclass(frozen=True)
class Rendered:
    content: bytes
    media_type: str
    filename: str  # e.g. "controlled-register-KBH-2026-11.da.pdf"


def render(
    report: Report,
    fmt: Format,
    language: Language,
    *,
    printed_at: datetime,
    printed_by: str,
    csv_header: Header = "labels",
) -> Rendered:
    """Render `report`; `printed_at` (aware, shown in Copenhagen time) and `printed_by` go on PDF/XLSX.
    JSON and CSV are for programs too: they carry the columns marked `program` (ids, GTIN) and the codes
    of coded columns; XLSX and PDF are for people and leave those out."""
    if fmt is Format.JSON:
        content = render_json(report, language, printed_at, printed_by)
    elif fmt is Format.CSV:
        content = render_csv(report, language, csv_header)
    elif fmt is Format.XLSX:
        content = render_xlsx(for_readers(report), language, printed_at, printed_by)
    else:
        content = render_pdf(for_readers(report), language, printed_at, printed_by)
    return Rendered(content, MEDIA_TYPES[fmt], f"{report.filename}.{language.code}.{fmt.value}")
