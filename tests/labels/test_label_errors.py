"""Bad data and bad options are LabelErrors naming the field (and label), never a wrong label."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

import pytest

from labels import LabelData, LabelError, render_pdf, render_zpl
from tests.labels.labelscan import samples

BATCH = samples()[0]  # batch label with GTIN 5701234567899


def _error(labels: list[LabelData], **options: Any) -> LabelError:
    with pytest.raises(LabelError) as caught:
        render_pdf(labels, **options)
    return caught.value


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"gtin": "5701234567898"}, "gtin"),  # check digit should be 9
        ({"gtin": "15701234567891"}, "gtin"),
        ({"gtin": "570123456789"}, "gtin"),  # 12 digits, check digit wrong for a UPC-A
        ({"gtin": "57012345678"}, "gtin"),  # 11 digits
        ({"gtin": "5701234S67899"}, "gtin"),
        ({"batch_number": "B" * 21}, "batch_number"),
        ({"batch_number": "AB 12"}, "batch_number"),  # space is outside GS1 set 82
        ({"batch_number": "Ærø1"}, "batch_number"),
        ({"batch_number": "A#1"}, "batch_number"),
        ({"serial": "S" * 21}, "serial"),
        ({"serial": "S~1"}, "serial"),
        ({"expiry": date(1960, 1, 1)}, "expiry"),  # YY 60 would read as 2060
        ({"name": ""}, "name"),
        ({"name": " \t\n "}, "name"),
        ({"clinic_code": "RKL1201"}, "clinic_code"),  # a location code on a batch label
        ({"clinic_code": "RK-B1201"}, "clinic_code"),
        ({"clinic_code": "RKB0"}, "clinic_code"),
        ({"kind": "pallet"}, "kind"),
    ],
)
def test_bad_label_data_is_an_error_naming_the_field(changes: dict[str, Any], field: str) -> None:
    error = _error([samples()[2], replace(BATCH, **changes)])

    assert (error.field, error.label_index) == (field, 1)
    assert str(error).startswith(f"label 1, {field}: ")


def test_gs1_limits_only_apply_when_gs1_data_is_encoded() -> None:
    long_batch = replace(BATCH, batch_number="Lot 2024-11 / ekstra lang batchbetegnelse")

    assert render_pdf([long_batch], symbology="code128").startswith(b"%PDF")
    assert render_pdf([replace(long_batch, gtin=None)]).startswith(b"%PDF")
    assert _error([long_batch]).field == "batch_number"


def test_gtin_is_checked_on_every_kind_of_label() -> None:
    assert _error([replace(samples()[3], gtin="96385075")]).field == "gtin"


@pytest.mark.parametrize(
    ("options", "field"),
    [
        ({"layout": "a4-4x10"}, "layout"),
        ({"copies": 0}, "copies"),
        ({"copies": -2}, "copies"),
        ({"start_offset": -1}, "start_offset"),
        ({"start_offset": 21}, "start_offset"),  # a4-3x7 has positions 0..20
        ({"layout": "roll-62x29", "start_offset": 1}, "start_offset"),
        ({"symbology": "qr"}, "symbology"),
    ],
)
def test_bad_options_are_errors_naming_the_option(options: dict[str, Any], field: str) -> None:
    error = _error(samples(), **options)

    assert (error.field, error.label_index) == (field, None)


def test_nothing_to_print_is_an_error() -> None:
    assert _error([]).field == "labels"


def test_zpl_refuses_sheet_layouts_and_unknown_print_heads() -> None:
    with pytest.raises(LabelError) as sheet:
        render_zpl(samples(), "a4-3x7")
    with pytest.raises(LabelError) as head:
        render_zpl(samples(), dpmm=10)

    assert (sheet.value.field, head.value.field) == ("layout", "dpmm")


def test_label_error_is_a_value_error_with_a_plain_message() -> None:
    error = _error([replace(BATCH, serial="S" * 25)])

    assert isinstance(error, ValueError)
    assert error.message == f"{'S' * 25!r} has 25 characters; GS1 allows at most 20"
