"""Read reports back as a reader would: PDF text (and its pages as images), CSV rows, XLSX cells."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

import pypdf
import pypdfium2
from openpyxl import load_workbook


def pdf_text(content: bytes) -> str:
    reader = pypdf.PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages).replace("\xa0", " ")


def pdf_saying(response: Any, words: Iterable[str]) -> str:
    """The text of a PDF answered with 200, which holds every one of `words`."""
    assert response.status_code == 200 and response.headers["content-type"] == "application/pdf"
    text = pdf_text(response.content)
    for expected in words:
        assert expected in text, expected
    return text


def pdf_page_size(content: bytes) -> tuple[int, int]:
    """The first page rendered to an image at 72 dpi (it must render): its width and height in points."""
    page = pypdfium2.PdfDocument(content)[0]
    image = page.render(scale=1).to_pil()
    assert image.getextrema() != ((255, 255), (255, 255), (255, 255))  # something is drawn
    return image.size


def csv_rows(content: bytes, delimiter: str = ";") -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=delimiter))


def xlsx_values(content: bytes) -> list[list[object]]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]
