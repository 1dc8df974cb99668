"""Reports: one model (`model`), rendered as JSON, CSV, XLSX and PDF in Danish or English (`render`)."""

from inventory.reports.format import Language, language
from inventory.reports.model import (
    Cell,
    Column,
    ColumnType,
    Group,
    Msg,
    Orientation,
    Parameter,
    Report,
    Row,
    Section,
    Signature,
    aligned,
    coded,
    for_readers,
    msg,
    verbatim,
)
from inventory.reports.render import Format, Rendered, render

__all__ = [
    "Cell",
    "Column",
    "ColumnType",
    "Format",
    "Group",
    "Language",
    "Msg",
    "Orientation",
    "Parameter",
    "Rendered",
    "Report",
    "Row",
    "Section",
    "Signature",
    "aligned",
    "coded",
    "for_readers",
    "language",
    "msg",
    "render",
    "verbatim",
]
