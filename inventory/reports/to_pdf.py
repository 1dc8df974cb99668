"""A report as an A4 PDF (reportlab platypus): tables repeat their header row on every page.

Header: title, subtitle and parameters. Footer on every page: "Printed <when> by <who>" (Copenhagen
time) and "Page n of m". Group titles span the table; subtotals and totals are bold. Inspection
documents end with a signature line (date, name, signature).
"""

from __future__ import annotations

import io
import os
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape

import reportlab
from reportlab.graphics.barcode.code128 import Code128
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.flowables import Flowable

from inventory.reports.format import Language
from inventory.reports.model import Column, ColumnType, Msg, Orientation, Report, Row, Section, label_first

MARGIN = 15 * mm
# Bitstream Vera ships with reportlab: unlike the standard Helvetica (cp1252 only) it has ≤, ≥, −, €
# and the letters of most European names, and it is embedded, so every reader shows the same.
_FONTS = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
pdfmetrics.registerFont(TTFont("ReportSans", os.path.join(_FONTS, "Vera.ttf")))
pdfmetrics.registerFont(TTFont("ReportSans-Bold", os.path.join(_FONTS, "VeraBd.ttf")))
FONT, BOLD_FONT = "ReportSans", "ReportSans-Bold"
_STYLES = getSampleStyleSheet()
TITLE = ParagraphStyle(
    "ReportTitle", parent=_STYLES["Title"], fontName=BOLD_FONT, fontSize=15, leading=19, alignment=0
)
NORMAL = ParagraphStyle("ReportNormal", parent=_STYLES["Normal"], fontName=FONT, fontSize=9, leading=11)
SMALL = ParagraphStyle("ReportCell", parent=NORMAL, fontSize=7.5, leading=9.5)
SMALL_BOLD = ParagraphStyle("ReportCellBold", parent=SMALL, fontName=BOLD_FONT)
SMALL_RIGHT = ParagraphStyle("ReportCellRight", parent=SMALL, alignment=TA_RIGHT)
SMALL_RIGHT_BOLD = ParagraphStyle("ReportCellRightBold", parent=SMALL_RIGHT, fontName=BOLD_FONT)
HEADING = ParagraphStyle(
    "ReportHeading", parent=_STYLES["Heading2"], fontName=BOLD_FONT, fontSize=11, leading=14
)
_WEIGHTS = {
    ColumnType.TEXT: 3.0,
    ColumnType.MONEY: 1.6,
    ColumnType.DATE: 1.3,
    ColumnType.DATETIME: 1.8,
    ColumnType.QUANTITY: 1.1,
    ColumnType.DAYS: 0.9,
    ColumnType.PERCENT: 0.9,
    ColumnType.DECIMAL: 0.9,
    ColumnType.ID: 0.8,
}


def _para(text: str, style: ParagraphStyle) -> Paragraph:
    return Paragraph(escape(text), style)


def _numeric(column: Column) -> bool:
    return column.type not in (ColumnType.TEXT, ColumnType.DATE, ColumnType.DATETIME)


def _cells(section: Section, row: Row, language: Language, bold: bool = False) -> list[Paragraph]:
    out = []
    for column, value in zip(section.columns, row, strict=True):
        if _numeric(column):
            style = SMALL_RIGHT_BOLD if bold else SMALL_RIGHT
        else:
            style = SMALL_BOLD if bold else SMALL
        out.append(_para(language.cell(value, column.type), style))
    return out


PADDING = 6  # reportlab's default cell padding, left and right
_SAMPLE_ROWS = 300  # enough rows to see how wide values get


def _longest_word(text: str, font: str, size: float) -> float:
    return max((pdfmetrics.stringWidth(w, font, size) for w in text.split()), default=0.0)


def column_widths(section: Section, language: Language, width: float) -> list[float]:
    """Each column's share of the width by its weight, but never narrower than its longest word (so
    "Ultimobeholdning" is not broken across lines); the excess is taken from columns that have room.
    """
    columns = section.columns
    need = [_longest_word(language.text(c.label), BOLD_FONT, SMALL.fontSize) + 2 * PADDING for c in columns]
    rows = [row for _, row in section.all_rows()[:_SAMPLE_ROWS]]
    rows += [g.subtotals for g in section.groups if g.subtotals]
    rows += [section.totals] if section.totals else []
    for row in rows:  # measured in bold, as subtotals and totals are printed
        for i, (column, value) in enumerate(zip(columns, row, strict=True)):
            text = language.cell(value, column.type)
            if column.type is ColumnType.TEXT:
                text_width = _longest_word(text, BOLD_FONT, SMALL.fontSize)
            else:  # numbers and dates never wrap
                text_width = pdfmetrics.stringWidth(text, BOLD_FONT, SMALL.fontSize)
            need[i] = max(need[i], text_width + 2 * PADDING)
    weights = [c.width or _WEIGHTS[c.type] for c in columns]
    widths = [max(width * w / sum(weights), n) for w, n in zip(weights, need, strict=True)]
    excess = sum(widths) - width
    room = [w - n for w, n in zip(widths, need, strict=True)]
    if excess > 0 and sum(room) > 0:
        take = min(1.0, excess / sum(room))
        widths = [w - r * take for w, r in zip(widths, room, strict=True)]
    return widths


def _table(section: Section, language: Language, width: float) -> Table:
    col_widths = column_widths(section, language, width)
    header = [
        _para(language.text(c.label), SMALL_RIGHT_BOLD if _numeric(c) else SMALL_BOLD)
        for c in section.columns
    ]
    data: list[list[Any]] = [header]
    style: list[tuple[Any, ...]] = [
        ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#DDDDDD")),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5),
    ]
    for row in section.rows:
        data.append(_cells(section, row, language))
    for group in section.groups:
        data.append([_para(language.text(group.title), SMALL_BOLD)] + [""] * (len(section.columns) - 1))
        at = len(data) - 1
        style += [
            ("SPAN", (0, at), (-1, at)),
            ("BACKGROUND", (0, at), (-1, at), colors.HexColor("#F2F2F2")),
            ("LINEABOVE", (0, at), (-1, at), 0.4, colors.grey),
        ]
        data += [_cells(section, row, language) for row in group.rows]
        if group.subtotals:
            data.append(
                _cells(section, label_first(group.subtotals, Msg("report.subtotal")), language, bold=True)
            )
            style.append(("LINEABOVE", (0, len(data) - 1), (-1, len(data) - 1), 0.4, colors.grey))
    if section.totals:
        data.append(_cells(section, label_first(section.totals, Msg("report.total")), language, bold=True))
        style.append(("LINEABOVE", (0, len(data) - 1), (-1, len(data) - 1), 0.8, colors.black))
    if len(data) == 1:
        data.append([_para(language.text(Msg("report.no_rows")), SMALL)] + [""] * (len(section.columns) - 1))
        style.append(("SPAN", (0, 1), (-1, 1)))
    table = Table(data, colWidths=col_widths, repeatRows=1)
    table.setStyle(TableStyle(style))
    return table


def _parameters(report: Report, language: Language, width: float) -> Table:
    rows = [
        [_para(language.text(p.label), SMALL_BOLD), _para(language.cell(p.value, p.type), SMALL)]
        for p in report.parameters
    ]
    table = Table(rows, colWidths=[width * 0.25, width * 0.75], hAlign="LEFT")
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _signature(language: Language, width: float) -> Flowable:
    labels = [language.text(Msg(key)) for key in ("report.date", "report.name", "report.signature")]
    table = Table(
        [["", "", ""], [_para(label, SMALL) for label in labels]],
        colWidths=[width * 0.25, width * 0.35, width * 0.4],
        rowHeights=[14 * mm, None],
    )
    table.setStyle(
        TableStyle([("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black), ("LEFTPADDING", (0, 0), (-1, -1), 4)])
    )
    return KeepTogether([Spacer(1, 10 * mm), table])


def _signatures(report: Report, language: Language, width: float) -> Flowable:
    """One block per signer (disposer, witness): the role, the printed full name and date, then a line to
    sign on, side by side."""
    blocks = report.signatures
    column = width / len(blocks)
    date_label, name_label, sign_label = (
        language.text(Msg(key)) for key in ("report.date", "report.name", "report.signature")
    )
    rows = [
        [_para(language.text(s.role), SMALL_BOLD) for s in blocks],
        [_para(f"{name_label}: {language.text(s.name) if s.name else ''}", SMALL) for s in blocks],
        [_para(f"{date_label}: {language.loose(s.at) if s.at else ''}", SMALL) for s in blocks],
        ["" for _ in blocks],
        [_para(sign_label, SMALL) for _ in blocks],
    ]
    table = Table(rows, colWidths=[column] * len(blocks), rowHeights=[None, None, None, 14 * mm, None])
    style: list[Any] = [("LEFTPADDING", (0, 0), (-1, -1), 4), ("RIGHTPADDING", (0, 0), (-1, -1), 12)]
    style += [("LINEBELOW", (i, 3), (i, 3), 0.6, colors.black) for i in range(len(blocks))]
    table.setStyle(TableStyle(style))
    return KeepTogether([Spacer(1, 10 * mm), table])


def _numbered_canvas(language: Language, footer_left: str) -> type[Canvas]:
    """A canvas that learns the page count before writing "Page n of m" (reportlab's two-pass recipe)."""

    class NumberedCanvas(Canvas):  # type: ignore[misc]  # reportlab has no type hints
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self._pages: list[dict[str, Any]] = []

        def showPage(self) -> None:  # noqa: N802 - reportlab's name
            self._pages.append(dict(self.__dict__))
            self._startPage()

        def save(self) -> None:
            total = len(self._pages)
            for state in self._pages:
                self.__dict__.update(state)
                self._footer(total)
                super().showPage()
            super().save()

        def _footer(self, total: int) -> None:
            page_width, _ = self._pagesize
            self.setFont(FONT, 7)
            self.setFillColor(colors.HexColor("#444444"))
            if footer_left:
                self.drawString(MARGIN, 8 * mm, footer_left)
            pages = language.text(Msg("report.page", (("page", self._pageNumber), ("pages", total))))
            self.drawRightString(page_width - MARGIN, 8 * mm, pages)

    return NumberedCanvas


def render_pdf(report: Report, language: Language, printed_at: datetime, printed_by: str) -> bytes:
    pagesize = landscape(A4) if report.orientation is Orientation.LANDSCAPE else A4
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=pagesize,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=language.text(report.title),
        author=printed_by,
        lang=language.code,
    )
    width = pagesize[0] - 2 * MARGIN
    story: list[Flowable] = [_para(language.text(report.title), TITLE)]
    if report.subtitle:
        story.append(_para(language.text(report.subtitle), NORMAL))
    if report.code:
        barcode = Code128(report.code, barWidth=0.43 * mm, barHeight=14 * mm, humanReadable=1)
        story += [Spacer(1, 3 * mm), barcode]
    if report.parameters:
        story += [Spacer(1, 3 * mm), _parameters(report, language, width)]
    for section in report.sections:
        story.append(Spacer(1, 5 * mm))
        if section.title:
            story.append(_para(language.text(section.title), HEADING))
        story.append(_table(section, language, width))
    if report.notes:
        story.append(Spacer(1, 4 * mm))
        story += [_para(language.text(note), NORMAL) for note in report.notes]
    if report.signatures:
        story.append(_signatures(report, language, width))
    elif report.signature_line:
        story.append(_signature(language, width))
    stamp = Msg("report.printed", (("at", printed_at), ("user", printed_by)))
    footer = language.text(stamp) if report.printed_stamp else ""
    doc.build(story, canvasmaker=_numbered_canvas(language, footer))
    return out.getvalue()
