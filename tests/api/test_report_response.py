"""The API helper answers a report in the asked format and language, and names a bad format or lang."""

from __future__ import annotations

import io
from typing import Any

import httpx
import pypdf
import pytest
from litestar import Litestar, Request, Response, get
from openpyxl import load_workbook

from inventory.app import create_app
from inventory.clock import Clock
from inventory.db.engine import Database
from inventory.http.downloads import CsvHeader, ReportFormat, ReportLanguage, report_response
from tests.api.helpers import PROBLEM_JSON
from tests.conftest import make_settings
from tests.reports.sample import sample_report


@get("/api/v1/test-report")
async def sample_endpoint(
    request: Request[Any, Any, Any],
    clock: Clock,
    fmt: ReportFormat = "json",
    lang: ReportLanguage = "da",
    header: CsvHeader = "labels",
) -> Response[bytes]:
    """A report for the helper's test."""
    return report_response(sample_report(), request, clock, fmt=fmt, lang=lang, csv_header=header)


@pytest.fixture
def app(database: Database, clock: Clock) -> Litestar:
    return create_app(
        make_settings(database), database=database, clock=clock, extra_handlers=[sample_endpoint]
    )


@pytest.mark.parametrize(
    ("fmt", "media", "disposition"),
    [
        ("json", "application/json", 'inline; filename="sample-report.en.json"'),
        ("csv", "text/csv; charset=utf-8", 'attachment; filename="sample-report.en.csv"'),
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "attachment"),
        ("pdf", "application/pdf", 'inline; filename="sample-report.en.pdf"'),
    ],
)
async def test_each_format_has_its_media_type_and_filename(
    client: httpx.AsyncClient, auth, fmt: str, media: str, disposition: str
) -> None:
    r = await client.get("/api/v1/test-report", params={"format": fmt, "lang": "en"}, headers=auth("finance"))
    assert r.status_code == 200, r.text
    assert r.headers["content-type"] == media
    assert r.headers["content-disposition"].startswith(disposition)
    assert r.headers["content-language"] == "en"


async def test_pdf_says_who_printed_it(client: httpx.AsyncClient, auth) -> None:
    r = await client.get("/api/v1/test-report", params={"format": "pdf"}, headers=auth("pharmacist"))
    text = pypdf.PdfReader(io.BytesIO(r.content)).pages[0].extract_text()
    assert "af pharmacist" in text and "Register over euforiserende stoffer" in text


async def test_json_is_the_default_in_danish(client: httpx.AsyncClient, auth) -> None:
    r = await client.get("/api/v1/test-report", headers=auth("finance"))
    assert r.json()["title"] == "Register over euforiserende stoffer"
    assert r.json()["sections"][0]["rows"][0]["value_ore"] == 123450


async def test_xlsx_download_loads(client: httpx.AsyncClient, auth) -> None:
    r = await client.get("/api/v1/test-report", params={"format": "xlsx"}, headers=auth("finance"))
    assert (
        load_workbook(io.BytesIO(r.content)).worksheets[0]["A1"].value
        == "Register over euforiserende stoffer"
    )


@pytest.mark.parametrize(
    ("params", "field"),
    [({"format": "docx"}, "format"), ({"lang": "de"}, "lang"), ({"format": "csv", "header": "x"}, "header")],
)
async def test_bad_format_or_language_is_a_problem_naming_it(
    client: httpx.AsyncClient, auth, params: dict[str, str], field: str
) -> None:
    r = await client.get("/api/v1/test-report", params=params, headers=auth("finance"))
    assert r.status_code == 422
    assert r.headers["content-type"].startswith(PROBLEM_JSON)
    assert r.json()["field"] == field
