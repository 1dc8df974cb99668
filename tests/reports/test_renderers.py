"""Each renderer read back: CSV parsed, XLSX loaded with openpyxl, JSON decoded, PDF text extracted."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime
from decimal import Decimal

import pypdf
import pypdfium2
import pytest
from openpyxl import load_workbook

from inventory.reports import Column, ColumnType, Format, Report, Section, language, msg, render, verbatim
from tests.reports.sample import PRINTED_AT, sample_report


def rendered(fmt: Format, lang: str, rows: int = 2, **kw: str) -> bytes:
    return render(
        sample_report(rows), fmt, language(lang), printed_at=PRINTED_AT, printed_by="karen", **kw
    ).content


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages).replace("\xa0", " ")


def test_json_keeps_plain_values_and_translates_labels() -> None:
    body = json.loads(rendered(Format.JSON, "da"))
    assert body["title"] == "Register over euforiserende stoffer"
    assert body["subtitle"] == "Morfin 10 mg/ml i København"
    assert body["parameters"][1] == {
        "key": "from",
        "label": "Fra",
        "type": "date",
        "value": "2026-01-05",
        "code": None,
    }
    main = body["sections"][0]
    assert [c["key"] for c in main["columns"]][:2] == ["item", "expiry"]
    assert main["columns"][4] == {"key": "value_ore", "label": "Værdi", "type": "money", "coded": False}
    first = main["rows"][0]
    assert first["value_ore"] == 123450 and isinstance(first["value_ore"], int)
    assert first["expiry"] == "2027-01-31" and first["received_at"] == "2026-06-30T22:30:00+00:00"
    assert first["share"] == 0.125
    assert main["groups"][0]["title"] == "Batch ÆØÅ-7"
    assert main["groups"][0]["rows"][0]["item"] == "Udlevering"
    assert main["totals"]["quantity"] == 2997
    assert body["printed_by"] == "karen" and body["language"] == "da"
    assert json.loads(rendered(Format.JSON, "en"))["sections"][0]["groups"][0]["rows"][0]["item"] == "Issue"


def test_csv_in_danish_opens_in_danish_excel() -> None:
    content = rendered(Format.CSV, "da")
    assert content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["Gruppe", "Vare", "Udløbsdato", "Dato og tid", "Antal", "Værdi", "Days left", "Share"]
    assert rows[1] == [
        "",
        "Insulin glargin 0",
        "2027-01-31",
        "2026-07-01 00:30",
        "1000",
        "1234,50",
        "62",
        "12,5",
    ]
    assert rows[3] == ["Batch ÆØÅ-7", "Udlevering", "", "", "-3", "-4,50", "", ""]
    assert len(rows) == 4  # data rows only: no subtotal or total lines


def test_csv_in_english_with_stable_keys() -> None:
    content = rendered(Format.CSV, "en", csv_header="keys")
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    assert rows[0] == [
        "group",
        "item",
        "expiry",
        "received_at",
        "quantity",
        "value_ore",
        "days_left",
        "share",
    ]
    assert rows[2][5] == "1234.50" and rows[2][4] == "1001"
    assert rows[3][:2] == ["Batch ÆØÅ-7", "Issue"]


@pytest.mark.parametrize(
    ("lang", "header", "money_format", "date_format"),
    [
        ("da", "Udløbsdato", '#,##0.00\\ "kr."', "dd.mm.yyyy"),
        ("en", "Expiry date", '#,##0.00\\ "kr."', "dd/mm/yyyy"),
    ],
)
def test_xlsx_cells_are_typed(lang: str, header: str, money_format: str, date_format: str) -> None:
    book = load_workbook(io.BytesIO(rendered(Format.XLSX, lang)))
    ws = book.worksheets[0]
    title = "Register over euforiserende stoffer" if lang == "da" else "Controlled-drug register"
    assert ws["A1"].value == title
    header_row = next(r for r in range(1, 20) if ws.cell(r, 2).value == header)
    assert ws.freeze_panes == f"A{header_row + 1}"
    first = [ws.cell(header_row + 1, c) for c in range(1, 8)]
    assert first[0].value == "Insulin glargin 0"
    assert first[1].value == datetime(2027, 1, 31) and first[1].number_format == date_format
    assert first[2].value == datetime(2026, 7, 1, 0, 30)  # Copenhagen wall-clock time
    assert first[3].value == 1000 and first[3].data_type == "n"
    assert first[4].value == pytest.approx(1234.50) and first[4].number_format == money_format
    assert first[5].value == 62
    assert first[6].value == pytest.approx(0.125) and first[6].number_format == "0.0%"
    labels = [ws.cell(r, 1).value for r in range(header_row + 1, ws.max_row + 1)]
    total_row = header_row + 1 + labels.index("I alt" if lang == "da" else "Total")
    assert ws.cell(total_row, 4).value == 2997 and ws.cell(total_row, 4).font.bold
    assert ws.cell(total_row, 5).value == pytest.approx(2460.00)
    assert (header_row + 1 + labels.index("Subtotal")) < total_row
    params = {ws.cell(r, 1).value: ws.cell(r, 2).value for r in range(2, header_row)}
    assert params["Fra" if lang == "da" else "From"] == datetime(2026, 1, 5)
    per_batch = book.worksheets[1]
    assert per_batch.title == ("Pr. batch" if lang == "da" else "Per batch")
    values = [[c.value for c in row] for row in per_batch.iter_rows()]
    assert ["ÆØÅ-7", 12] in values


def test_pdf_in_danish_reads_back() -> None:
    text = pdf_text(rendered(Format.PDF, "da"))
    assert "Register over euforiserende stoffer" in text
    assert "Morfin 10 mg/ml i København" in text
    assert "05.01.2026" in text and "31.01.2027" in text and "01.07.2026 00.30" in text
    assert "1.234,50 kr." in text and "-4,50 kr." in text and "2.460,00 kr." in text
    assert "12,5%" in text and "I alt" in text and "Batch ÆØÅ-7" in text and "Udlevering" in text
    assert "Udskrevet 30.11.2026 14.05 af karen" in text and "Side 1 af 1" in text
    assert "Underskrift" in text and "Navn" in text
    assert "aldrig ændres eller slettes" in text


def test_pdf_in_english_reads_back() -> None:
    text = pdf_text(rendered(Format.PDF, "en"))
    assert "Controlled-drug register" in text and "Morfin 10 mg/ml at København" in text
    # English as written in Denmark (inventory/i18n/formatting): the figures match the invoices
    assert "1.234,50 kr." in text and "-4,50 kr." in text and "31/01/2027" in text and "05/01/2026" in text
    assert "Printed 30/11/2026, 14.05 by karen" in text and "Page 1 of 1" in text
    assert "Signature" in text and "Total" in text


def test_pdf_tables_repeat_their_header_on_every_page() -> None:
    content = rendered(Format.PDF, "en", rows=150)
    reader = pypdf.PdfReader(io.BytesIO(content))
    assert len(reader.pages) >= 3
    for number, page in enumerate(reader.pages[:-1], start=1):
        text = page.extract_text().replace("\xa0", " ")
        assert "Expiry date" in text and f"Page {number} of {len(reader.pages)}" in text


def test_pdf_renders_to_an_image_with_ink() -> None:
    document = pypdfium2.PdfDocument(rendered(Format.PDF, "da"))
    image = document[0].render(scale=1).to_pil().convert("L")
    width, height = image.size
    assert abs(width - 595) <= 1 and abs(height - 842) <= 1  # A4 portrait at 72 dpi
    dark = image.histogram()[:128]
    assert sum(dark) > 2000  # title, table and footer were drawn, not a blank page
    top_band = image.crop((0, 0, width, height // 10))
    assert top_band.getextrema()[0] < 64  # the title is at the top


def test_filename_and_media_type_follow_format_and_language() -> None:
    out = render(sample_report(), Format.XLSX, language("en"), printed_at=PRINTED_AT, printed_by="k")
    assert out.filename == "sample-report.en.xlsx"
    assert out.media_type.startswith("application/vnd.openxmlformats")


def test_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language"):
        language("de")


def test_rows_must_match_the_columns() -> None:
    with pytest.raises(ValueError, match="2 cells for 1 columns"):
        Section(columns=(Column("a", msg("A")),), rows=(("x", "y"),))


def test_cells_are_formatted_for_the_language() -> None:
    assert language("da").cell(date(2026, 3, 9), ColumnType.DATE) == "09.03.2026"
    assert language("en").cell(date(2026, 3, 9), ColumnType.DATE) == "09/03/2026"
    assert language("en").money(-1) == "-0,01\xa0kr."
    assert language("da").money(100_000_00) == "100.000,00\xa0kr."
    assert language("da").cell(Decimal("0.5"), ColumnType.PERCENT) == "50,0%"
    assert language("da").cell(12345, ColumnType.QUANTITY) == "12.345"


def test_pdf_shows_letters_and_signs_beyond_latin_1() -> None:
    words = "≤ 30 dage, 2–8 °C, Łukasz −5 €"
    report = Report(
        title=verbatim(words),
        sections=(Section(columns=(Column("a", msg("report.item")),), rows=((words,),)),),
        filename="signs",
    )
    content = render(report, Format.PDF, language("da"), printed_at=PRINTED_AT, printed_by="k").content
    assert pdf_text(content).count(words) == 2


def test_decimal_cells_keep_their_decimals_in_every_format() -> None:
    report = Report(
        title=msg("fridge.title"),
        sections=(
            Section(
                columns=(Column("c", msg("fridge.current"), ColumnType.DECIMAL),),
                rows=((Decimal("4.0"),), (Decimal("-1.5"),)),
            ),
        ),
        filename="temperatures",
    )

    def out(fmt: Format, lang: str = "da") -> bytes:
        return render(report, fmt, language(lang), printed_at=PRINTED_AT, printed_by="k").content

    assert [r["c"] for r in json.loads(out(Format.JSON))["sections"][0]["rows"]] == [4.0, -1.5]
    assert out(Format.CSV).decode("utf-8-sig").splitlines()[1:] == ["4,0", "-1,5"]
    assert out(Format.CSV, "en").decode("utf-8-sig").splitlines()[1:] == ["4.0", "-1.5"]
    sheet = load_workbook(io.BytesIO(out(Format.XLSX))).worksheets[0]
    cells = [row[0] for row in sheet.iter_rows() if isinstance(row[0].value, float | int)]
    assert [(c.value, c.number_format) for c in cells] == [(4, "#,##0.0"), (-1.5, "#,##0.0")]
    text = pdf_text(out(Format.PDF))
    assert "Aktuel °C" in text and "4,0" in text and "-1,5" in text
