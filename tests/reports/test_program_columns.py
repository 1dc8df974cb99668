"""Reports read by programs: stable codes beside the words in JSON and CSV, columns for programs only
(ids, GTIN) that pages, PDF and XLSX leave out, "no price" instead of 0,00 kr., and header=keys."""

from __future__ import annotations

import csv
import io
import json

from inventory.reports import (
    Column,
    ColumnType,
    Format,
    Group,
    Report,
    Section,
    coded,
    for_readers,
    language,
    msg,
    render,
    verbatim,
)
from inventory.reports.model import NO_PRICE
from tests.reports.sample import PRINTED_AT
from tests.reports.test_renderers import pdf_text

COLUMNS = (
    Column("item", msg("report.item")),
    Column("status", msg("pharmacy.status"), coded=True),
    Column("value_ore", msg("report.value"), ColumnType.MONEY, coded=True),
    Column("item_id", msg("records.item_id"), ColumnType.ID, program=True),
    Column("gtin", msg("records.gtin"), program=True),
)


def coded_report() -> Report:
    expired = coded("expired", msg("pharmacy.expired"))
    rows = (
        (verbatim("Insulin"), expired, 4000, 12, "05701234567892"),
        (verbatim("Gaze"), coded("expiring", msg("pharmacy.expiring")), NO_PRICE, 13, None),
    )
    group = Group(coded("expired", msg("pharmacy.expired")), rows)
    return Report(
        title=msg("pharmacy.expiry_review"),
        sections=(Section(columns=COLUMNS, groups=(group,)),),
        filename="t",
    )


def rendered(fmt: Format, lang: str, **kw: str) -> bytes:
    return render(
        coded_report(), fmt, language(lang), printed_at=PRINTED_AT, printed_by="Karen", **kw
    ).content


def test_json_has_the_code_beside_the_words_and_ids_for_programs() -> None:
    body = json.loads(rendered(Format.JSON, "en"))
    [group] = body["sections"][0]["groups"]
    assert (group["title"], group["code"]) == ("Expired", "expired")
    first, unpriced = group["rows"]
    assert first == {
        "item": "Insulin",
        "status": "Expired",
        "status_code": "expired",
        "value_ore": 4000,
        "value_ore_code": None,
        "item_id": 12,
        "gtin": "05701234567892",
    }
    assert (unpriced["value_ore"], unpriced["value_ore_code"]) == (None, "no_price")  # never a made-up 0


def test_csv_with_keys_is_read_by_a_program_and_with_labels_by_a_person() -> None:
    keys = list(
        csv.DictReader(
            io.StringIO(rendered(Format.CSV, "da", csv_header="keys").decode("utf-8-sig")), delimiter=";"
        )
    )
    assert list(keys[0]) == [
        *(
            "group",
            "group_code",
            "item",
            "status",
            "status_code",
            "value_ore",
            "value_ore_code",
            "item_id",
            "gtin",
        ),
    ]
    assert [(r["status_code"], r["value_ore"], r["value_ore_code"], r["item_id"]) for r in keys] == [
        ("expired", "40,00", "", "12"),
        ("expiring", "", "no_price", "13"),
    ]
    labels = next(csv.reader(io.StringIO(rendered(Format.CSV, "da").decode("utf-8-sig")), delimiter=";"))
    assert labels[:5] == ["Gruppe", "Gruppe (kode)", "Vare", "Status", "Status (kode)"]


def test_people_see_no_program_columns_and_no_price_in_words() -> None:
    shown = for_readers(coded_report())
    assert [c.key for c in shown.main.columns] == ["item", "status", "value_ore"]
    text = pdf_text(rendered(Format.PDF, "da"))
    assert "ingen pris" in text and "05701234567892" not in text
    assert "0,00 kr." not in [line.strip() for line in text.splitlines()]
    english = pdf_text(rendered(Format.PDF, "en"))
    assert "no price" in english
